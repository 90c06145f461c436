# Host unit tests (tests/unit, built under ASan/UBSan in build/unit): one count per test
# case, from each program's "PASS name" or "FAIL name" lines, and a failure for a program
# that crashes or exits non-zero without saying which case failed. (Sourced by tests/run.sh.)

for t in "$B"/unit/test_*; do
	[ -x "$t" ] || continue
	unit_name=$(basename "$t")
	unit_out=$("$t" 2>&1)
	unit_rc=$?
	count_lines "unit/$unit_name" "$unit_out" '^(PASS|FAIL) '
	if [ $unit_rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$unit_out"; then
		fail "unit/$unit_name (exit status $unit_rc)" <(printf '%s\n' "$unit_out")
	fi
done
