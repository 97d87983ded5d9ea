#!/usr/bin/env bash
# omtd and its preset file: presets saved earlier are there after a
# restart; a damaged file is set aside (kept as presets.damaged) and the
# table starts without presets instead of not at all; a stored preset now
# outside the travel limits is refused when recalled.
set -u
# shellcheck source=tests/integration/bus_stack.bash
. "$(dirname "$0")/bus_stack.bash"
trap 'stack_stop' EXIT

STACK_SEED_PRESETS='omt-presets 1
preset prone 690 0
preset seated 720.5 -2
preset too_high 5000 0
end 3
'
if ! stack_start; then
	echo "not ok - the stack starts with a preset file"
	exit 1
fi
check "presets in the state directory are loaded at start" \
	eval 'prop Presets | grep -qx "as 3 \"prone\" \"seated\" \"too_high\""'

recall_out_of_limits() {
	local before
	before=$(fingerprint)
	[ "$(table_call Unlock)" = ok ] || return 1
	before=$(fingerprint)
	[ "$(table_call RecallPreset string:too_high)" = org.omt.Table1.Error.OutOfRange ] &&
		[ "$(fingerprint)" = "$before" ]
}
check "a stored preset outside the limits is refused at recall: OutOfRange" recall_out_of_limits

delete_persists() {
	[ "$(table_call DeletePreset string:too_high)" = ok ] &&
		[ "$(sed -n '$p' "$STACK_STATE/presets")" = "end 2" ] &&
		! grep -q too_high "$STACK_STATE/presets"
}
check "DeletePreset rewrites the file" delete_persists
stack_stop

STACK_SEED_PRESETS='omt-presets 1
preset prone 690 0
preset sea'
if ! stack_start; then
	echo "not ok - the stack starts with a damaged preset file"
	exit 1
fi
check "a damaged preset file gives an empty preset list" \
	eval 'prop Presets | grep -qx "as 0"'
check "the damaged file is kept as presets.damaged" \
	eval '[ -f "$STACK_STATE/presets.damaged" ] && grep -q "preset sea" "$STACK_STATE/presets.damaged"'
check "the damage is logged" \
	grep -q 'presets is damaged' "$STACK_DIR/stack/omtd.log"
save_after_damage() {
	[ "$(table_call SavePreset string:fresh)" = ok ] &&
		grep -q '^preset fresh ' "$STACK_STATE/presets" &&
		prop Presets | grep -qx 'as 1 "fresh"'
}
check "SavePreset works again after the damage" save_after_damage
