#!/usr/bin/env bash
# The soak (make soak): the whole simulated stack (private bus, omt-sim,
# omtd) driven for SOAK_MINUTES (default 30) with moves, presets,
# diagnostics and random injected faults, each fault cleared and the table
# brought back to idle; bounded and self-stopping.
#
#   bench/soak.sh [BUILD_DIR]
#
# Every minute omtd's resident memory (VmRSS), open descriptors and the
# control thread's event-ring drops (Diagnostics.GetLoopTiming
# events_dropped: events lost between the loop and the bus) are sampled
# into BUILD_DIR/soak/samples.dat; the verdict lines say whether memory or
# descriptors grew after the first SOAK_WARMUP minutes (default 3),
# whether an event was dropped, whether omtd survived, and how many
# injected faults were recovered.  The last line is the summary:
#   soak: PASS|FAIL N min: ...
# With gnuplot, BUILD_DIR/soak/soak.png plots RSS and descriptors over time.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build=$top/$build ;; esac
minutes=${SOAK_MINUTES:-30}
warmup=${SOAK_WARMUP:-3}
out=$build/soak
mkdir -p "$out"
export OMT_BUILD=$build
# shellcheck source=tests/integration/bus_stack.bash
. "$top/tests/integration/bus_stack.bash"
trap 'stack_stop >/dev/null' EXIT

stack_start || { echo "soak: the stack did not start"; exit 1; }
omtd_pid=$(pgrep -f "$STACK_DIR/stack/omtd.conf" | head -n 1)
[ -n "$omtd_pid" ] || { echo "soak: omtd not found"; exit 1; }

# The event ring's drop count, from omtd itself ("?" if it does not answer).
events_dropped() {
	busctl --system call org.omt.Table1 /org/omt/Table1 \
		org.omt.Table1.Diagnostics GetLoopTiming 2>/dev/null |
		sed -nE 's/.*"events_dropped" t ([0-9]+).*/\1/p' | grep . || echo '?'
}

sample() { # minute: "minute rss_kB fds events_dropped"
	local rss fds
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$omtd_pid/status" 2>/dev/null)
	fds=$(find "/proc/$omtd_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	echo "$1 ${rss:-0} $fds $(events_dropped)" >>"$out/samples.dat"
}

# Back to idle: clear faults, unlock; false if it cannot be done in 20 s.
recover() {
	local i
	for i in $(seq 400); do
		case "$(prop State 2>/dev/null)" in
		*'"idle"'*) return 0 ;;
		*'"locked"'*) table_call Unlock >/dev/null ;;
		*'"fault"'* | *'"estop"'*) table_call ClearFaults >/dev/null ;;
		esac
		sleep 0.05
	done
	return 1
}

drives=(height tilt cervical thoracic lumbar pelvic)
faults_injected=0
faults_recovered=0
moves=0
moves_reached=0
errors=0

inject_fault() {
	local d=${drives[RANDOM % ${#drives[@]}]} what
	faults_injected=$((faults_injected + 1))
	case $((RANDOM % 4)) in
	0) what="$d no-reply"; sim_cmd "fault $d no-reply" >/dev/null; sleep 1; sim_cmd "fault $d clear" >/dev/null ;;
	1) what="$d exception 4"; sim_cmd "fault $d exception 4" >/dev/null; sleep 1; sim_cmd "fault $d clear" >/dev/null ;;
	2)
		# Towards the middle of the travel: jumps must not add up to a
		# table outside its soft limits, which is another test.
		what="height jump 40"
		prop Height | awk '{ exit !($2 > 775) }' && what="height jump -40"
		sim_cmd "fault $what" >/dev/null
		;;
	3) what="EmergencyStop"; table_call EmergencyStop >/dev/null ;;
	esac
	if recover; then
		faults_recovered=$((faults_recovered + 1))
	else
		echo "$(date -u +%T) not recovered after $what: $(prop State) $(prop ActiveFaults)" >>"$out/unrecovered.log"
	fi
}

# Short moves, one every 16 s or so: within the drives' duty budget (25 s
# in 400 s), which would otherwise refuse them, rightly.
one_action() {
	local h
	case $((RANDOM % 8)) in
	0)
		recover || return 1
		h=$(prop Height | awk -v r=$((RANDOM % 41 - 20)) '{ h = int($2) + r; if (h < 650) h = 650; if (h > 900) h = 900; print h }')
		moves=$((moves + 1))
		timeout 60 "$OMTCTL" move height="$h" >/dev/null 2>&1 && moves_reached=$((moves_reached + 1))
		;;
	1)
		recover || return 1
		"$OMTCTL" preset save soak >/dev/null 2>&1 || return 1
		moves=$((moves + 1))
		timeout 60 "$OMTCTL" preset recall soak >/dev/null 2>&1 && moves_reached=$((moves_reached + 1))
		;;
	2 | 3)
		"$OMTCTL" diag loop >/dev/null && "$OMTCTL" diag link >/dev/null &&
			"$OMTCTL" diag log >/dev/null
		;;
	4 | 5) inject_fault ;;
	*) table_call Lock >/dev/null && table_call Unlock >/dev/null ;;
	esac
	sleep 2
}

: >"$out/samples.dat"
: >"$out/unrecovered.log"
start=$(date +%s)
minute=0
sample 0
while [ $(($(date +%s) - start)) -lt $((minutes * 60)) ]; do
	kill -0 "$omtd_pid" 2>/dev/null || break
	one_action || errors=$((errors + 1))
	now_minute=$((($(date +%s) - start) / 60))
	if [ "$now_minute" -gt "$minute" ]; then
		minute=$now_minute
		sample "$minute"
	fi
done
alive=1
kill -0 "$omtd_pid" 2>/dev/null || alive=0
sample "$minutes"

# Growth after the warm-up: last sample against the first one after it.
read -r rss0 fds0 < <(awk -v w="$warmup" '$1 >= w { print $2, $3; exit }' "$out/samples.dat")
read -r rss1 fds1 < <(tail -n 1 "$out/samples.dat" | awk '{ print $2, $3 }')
# The last count omtd gave (a dead omtd gives none at the end).
dropped=$(awk '$4 != "?" { d = $4 } END { print (d == "" ? "?" : d) }' "$out/samples.dat")
echo "soak: $minutes min, $moves moves ($moves_reached reached; the others stopped by a fault or refused by the duty budget), $faults_injected faults injected, $faults_recovered recovered, $errors actions that could not start"
echo "soak: omtd RSS ${rss0:-?} kB at minute $warmup, ${rss1:-?} kB at the end; descriptors ${fds0:-?} -> ${fds1:-?}"
echo "RESULT name=soak_rss_growth value=$(( ${rss1:-0} - ${rss0:-0} )) unit=kB"
echo "RESULT name=soak_fd_growth value=$(( ${fds1:-0} - ${fds0:-0} )) unit=fds"
echo "RESULT name=soak_faults_recovered value=$faults_recovered unit=of_$faults_injected"
echo "soak: event-ring drops ${dropped} (samples: $(awk '{ printf "%s%s", sep, $4; sep = " " }' "$out/samples.dat"))"
echo "RESULT name=soak_omtd_alive value=$alive unit=bool"
echo "RESULT name=soak_events_dropped value=$dropped unit=events"
if command -v gnuplot >/dev/null; then
	gnuplot <<GP
set terminal png size 900,500
set output "$out/soak.png"
set xlabel "minute"
set ylabel "RSS (kB)"
set y2label "open descriptors"
set y2tics
plot "$out/samples.dat" using 1:2 with linespoints title "omtd RSS", \
     "$out/samples.dat" using 1:3 axes x1y2 with linespoints title "omtd fds"
GP
	echo "soak: plot in $out/soak.png"
fi
# Verdict: alive, nothing leaked past the warm-up (RSS within 256 kB of
# page-rounding noise), no event dropped, every fault recovered.
verdict=PASS
[ "$alive" = 1 ] && [ "${fds1:-0}" -le "${fds0:-0}" ] &&
	[ $(( ${rss1:-0} - ${rss0:-0} )) -le 256 ] &&
	[ "$dropped" = 0 ] &&
	[ "$faults_recovered" = "$faults_injected" ] || verdict=FAIL
echo "soak: $verdict $minutes min: omtd $([ "$alive" = 1 ] && echo alive || echo DIED)," \
	"RSS $(( ${rss1:-0} - ${rss0:-0} )) kB and descriptors $(( ${fds1:-0} - ${fds0:-0} )) after minute $warmup," \
	"$dropped events dropped, $faults_recovered of $faults_injected faults recovered," \
	"$moves_reached of $moves moves reached"
[ "$verdict" = PASS ]
