# Random system calls with hostile arguments (tests/stress/sysfuzz.c), in the guest only:
# the kernel must keep running and give all memory back. (Sourced by tests/run.sh.)

fuzz_out=$LOGS/sysfuzz
QRUN_NO_BUILD=1 tools/qrun --log "$fuzz_out.kernel.log" "$B/stress/sysfuzz" 300 >"$fuzz_out.out" 2>&1
fuzz_rc=$?
if [ $fuzz_rc -eq 0 ]; then
	pass "stress/the kernel survives 300 rounds of random system calls"
else
	fail "stress/random system calls: qrun status $fuzz_rc" "$fuzz_out.kernel.log"
fi
expect_in_log "stress/every round reported" "$fuzz_out.out" 'sysfuzz: 300 rounds'
