# The strict (2) and "always" (1) overcommit modes and the sysctl files that set them
# (tests/stress/overcommit.c), in the guest only: they change a global setting. Mode 0 and
# the errors are compared with Linux in tests/user/overcommit.c. (Sourced by tests/run.sh.)

oc_out=$LOGS/overcommit
QRUN_NO_BUILD=1 tools/qrun --log "$oc_out.kernel.log" "$B/stress/overcommit" >"$oc_out.out" 2>"$oc_out.qrun"
oc_rc=$?
# One count per check line of the program ("what ... ok" or "what ... FAILED").
count_lines "overcommit" "$(sed -n 's/^ *\(.*[^ ]\)  *ok$/PASS \1/p; s/^ *\(.*[^ ]\)  *FAILED$/FAIL \1/p' \
	"$oc_out.out")" '^(PASS|FAIL) ' "$oc_out.out"
if [ $oc_rc -ne 0 ] || ! grep -q 'mode 0: 64 TiB fails again' "$oc_out.out"; then
	fail "overcommit/the program ended badly (qrun status $oc_rc)" "$oc_out.kernel.log"
fi
