#!/usr/bin/env bash
# Judge RESULT lines against their targets: the one place that reads the
# format, for bench/run-all.sh and bench/report.sh.
#
#   bench/report_verdicts.sh [FILE...]     (or RESULT lines on stdin)
#
# Prints one tab-separated line per figure:
#   bench name value unit baseline baseline_name ratio target verdict
# verdict is pass, FAIL, or info (no target).  A target "<=X", ">=X" or
# "==X" bounds the ratio; "value<=X" (and so on) bounds the value itself.
# A figure whose number is missing ("", "-", "nan") fails its target:
# a benchmark that could not measure has not shown that it meets it.
exec awk '
$1 != "RESULT" { next }
{
	delete f
	f["bench"] = "-"
	for (i = 2; i <= NF; i++) {
		eq = index($i, "=")
		if (eq) f[substr($i, 1, eq - 1)] = substr($i, eq + 1)
	}
	t = f["target"]
	verdict = "info"
	if (t != "" && t != "none") {
		subject = f["ratio"]
		rest = t
		if (rest ~ /^value/) { subject = f["value"]; rest = substr(rest, 6) }
		op = substr(rest, 1, 2); bound = substr(rest, 3) + 0
		if (subject !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/)
			ok = 0
		else
			ok = (op == "<=" && subject + 0 <= bound) ||
			     (op == ">=" && subject + 0 >= bound) ||
			     (op == "==" && subject + 0 == bound)
		verdict = ok ? "pass" : "FAIL"
	}
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f["bench"], f["name"],
		f["value"], f["unit"], f["baseline"], f["baseline_name"],
		f["ratio"], (t == "" ? "none" : t), verdict
}' "$@"
