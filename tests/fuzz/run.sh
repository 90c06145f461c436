# A short libFuzzer run of the cpio reader (FUZZ_SECONDS, default 10), seeded with the real
# ramdisk archive. Sourced by tests/run.sh; counts as one test.
fuzz_bin=$B/fuzz/fuzz_cpio
fuzz_log=$LOGS/fuzz_cpio.log
mkdir -p "$B/fuzz" "$B/fuzz/corpus"
cp "$B/initrd.cpio" "$B/fuzz/corpus/initrd.cpio" 2>/dev/null
if ! ${CLANG:-clang} -g -O1 -std=c11 -I. -DHOST_TEST -D_DEFAULT_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	tests/fuzz/fuzz_cpio.c -o "$fuzz_bin" >"$fuzz_log" 2>&1; then
	fail "fuzz/cpio: the fuzzer does not build" "$fuzz_log"
elif "$fuzz_bin" -max_total_time="${FUZZ_SECONDS:-10}" -max_len=65536 -print_final_stats=1 \
	"$B/fuzz/corpus" >>"$fuzz_log" 2>&1; then
	pass "fuzz/cpio: $(sed -n 's/^stat::number_of_executed_units: *//p' "$fuzz_log") inputs, no crash"
else
	fail "fuzz/cpio: the fuzzer found a crash" "$fuzz_log"
fi
