# /proc/sys/kernel/core_pattern and the contents of a core (tests/stress/coredump_pattern.c),
# in the guest only: the pattern is a global setting. The default pattern, WCOREDUMP and
# the signals that dump are compared with Linux in tests/user/coredump.c; gdb reads a core
# in tests/gdb/core.sh. (Sourced by tests/run.sh.)

cp_out=$LOGS/coredump-pattern
QRUN_NO_BUILD=1 tools/qrun --log "$cp_out.kernel.log" "$B/stress/coredump_pattern" >"$cp_out.out" 2>"$cp_out.qrun"
cp_rc=$?
# One count per check line of the program ("what ... ok" or "what ... FAILED").
count_lines "coredump" "$(sed -n 's/^ *\(.*[^ ]\)  *ok$/PASS \1/p; s/^ *\(.*[^ ]\)  *FAILED$/FAIL \1/p' \
	"$cp_out.out")" '^(PASS|FAIL) ' "$cp_out.out"
if [ $cp_rc -ne 0 ] || ! grep -q '^coredump_pattern: 0 failed' "$cp_out.out"; then
	fail "coredump/the program ended badly (qrun status $cp_rc)" "$cp_out.kernel.log"
fi
expect_in_log "coredump/a pipe pattern is logged as not supported" "$cp_out.kernel.log" \
	'coredump: pid [0-9]+ \(coredump_patter\): core_pattern pipes \("\|/bin/cat"\) are not supported'
