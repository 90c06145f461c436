# Address-space layout randomization's levels, in the guest only (writing the host's
# /proc/sys/kernel/randomize_va_space would change the host): tools/qrun boots with
# norandmaps, so it starts at 0; 1 moves all but the heap; 2 the heap too; 3 is EINVAL.
# tests/dynamic/aslr.c compares the rest (level 2, personality) with Linux.
# (Sourced by tests/run.sh.)

aslr_out=$LOGS/aslr-levels
QRUN_NO_BUILD=1 tools/qrun "$B/dynamic-tests/aslr" levels >"$aslr_out" 2>/dev/null
aslr_rc=$?
count_lines "aslr" "$(tr -d '\r' <"$aslr_out" |
	sed -n 's/^\(.*[^ ]\) *ok$/PASS \1/p; s/^\(.*[^ ]\) *FAILED$/FAIL \1/p')" '^(PASS|FAIL) ' "$aslr_out"
[ $aslr_rc -eq 0 ] || fail "aslr/levels: exit status $aslr_rc" "$aslr_out"
