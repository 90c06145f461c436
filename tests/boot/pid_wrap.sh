# Process IDs wrap at /proc/sys/kernel/pid_max (tests/stress/pid_wrap.c), in the guest only:
# pid_max is a global setting. (Sourced by tests/run.sh.)

pw_out=$LOGS/pid-wrap
QRUN_NO_BUILD=1 tools/qrun --log "$pw_out.kernel.log" "$B/stress/pid_wrap" >"$pw_out.out" 2>"$pw_out.qrun"
pw_rc=$?
# One count per check line of the program ("what ... ok" or "what ... FAILED").
count_lines "pid_wrap" "$(sed -n 's/^ *\(.*[^ ]\)  *ok$/PASS \1/p; s/^ *\(.*[^ ]\)  *FAILED$/FAIL \1/p' \
	"$pw_out.out")" '^(PASS|FAIL) ' "$pw_out.out"
if [ $pw_rc -ne 0 ] || ! grep -q '^pid_wrap: 0 failed' "$pw_out.out"; then
	fail "pid_wrap/the program ended badly (qrun status $pw_rc)" "$pw_out.kernel.log"
fi
