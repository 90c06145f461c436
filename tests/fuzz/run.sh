# Short libFuzzer runs (FUZZ_SECONDS each, default 10): the ramdisk's cpio reader, seeded
# with the real ramdisk archive, and the MBR reader (half as long: its input is one
# sector), seeded with the table tools/mkdisk writes. Sourced by tests/run.sh; each
# counts as one test.

# fuzz NAME SECONDS MAX_LEN: builds tests/fuzz/fuzz_NAME.c and runs it on its corpus.
fuzz() {
	local name=$1 seconds=$2 max_len=$3
	local bin=$B/fuzz/fuzz_$name log=$LOGS/fuzz_$name.log
	if ! ${CLANG:-clang} -g -O1 -std=c11 -I. -DHOST_TEST -D_DEFAULT_SOURCE \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		"tests/fuzz/fuzz_$name.c" -o "$bin" >"$log" 2>&1; then
		fail "fuzz/$name: the fuzzer does not build" "$log"
	elif "$bin" -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 \
		"$B/fuzz/corpus-$name" >>"$log" 2>&1; then
		pass "fuzz/$name: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") inputs, no crash"
	else
		fail "fuzz/$name: the fuzzer found a crash" "$log"
	fi
}

# Each fuzzer is a job of its own (tests/lib.sh), with its own corpus folder.
fuzz_cpio() {
	mkdir -p "$B/fuzz/corpus-cpio"
	cp "$B/initrd.cpio" "$B/fuzz/corpus-cpio/initrd.cpio" 2>/dev/null
	fuzz cpio "${FUZZ_SECONDS:-10}" 65536
}

# The seed: a disk size (8 bytes, little-endian: 16 MiB) and the first sector of a disk
# from tools/mkdisk.
fuzz_mbr() {
	mkdir -p "$B/fuzz/corpus-mbr"
	tools/mkdisk "$B/fuzz/seed-disk.img" 16M 8M
	{ printf '\000\200\000\000\000\000\000\000'; head -c 512 "$B/fuzz/seed-disk.img"; } \
		>"$B/fuzz/corpus-mbr/mkdisk"
	fuzz mbr $(( (${FUZZ_SECONDS:-10} + 1) / 2 )) 600
}

# The swap header parser, seeded with a header as mkswap writes it (after 8 bytes: the
# device's size and the limit, in pages).
fuzz_swap_header() {
	mkdir -p "$B/fuzz/corpus-swap_header"
	truncate -s 64K "$B/fuzz/seed-swap.img"
	PATH=$PATH:/sbin:/usr/sbin mkswap --quiet "$B/fuzz/seed-swap.img" >/dev/null 2>&1
	{ printf '\020\000\000\000\000\000\000\001'; head -c 4096 "$B/fuzz/seed-swap.img"; } \
		>"$B/fuzz/corpus-swap_header/mkswap"
	fuzz swap_header "$(( ${FUZZ_SECONDS:-10} / 2 ))" 4104
}

job fuzz/cpio fuzz_cpio
job fuzz/mbr fuzz_mbr
job fuzz/swap_header fuzz_swap_header
