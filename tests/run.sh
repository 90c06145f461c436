#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, N failed" that sums them all:
#   1. host unit tests (tests/unit, under ASan/UBSan), one count per test case, and a short
#      libFuzzer run of the ramdisk's cpio parser (tests/fuzz);
#   2. in-kernel self-tests (tests/kernel), booted in QEMU, one count per test;
#   3. boot scenarios: crash reports, a malformed command line, the user tools and demos;
#   4. the gdb test (tests/gdb);
#   5. guest test programs (tests/user), each compared with its run on Linux;
#   6. swap tests (tests/swap): guest programs with little RAM and a swap disk;
#   7. the docs (tests/docs.sh): every command docs/*.md shows, and every name they cite.
# Exits non-zero on any failure, crash or timeout, and shows the failing test's log.
# `make test` builds everything first and then runs this.
set -u
cd "$(dirname "$0")/.."
source tests/lib.sh

# --- 1. host unit tests -------------------------------------------------------------------
section "1. host unit tests"
for t in build/unit/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$("$t" 2>&1)
	rc=$?
	count_lines "unit/$name" "$out" '^(PASS|FAIL) '
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
		fail "unit/$name (exit status $rc)" <(printf '%s\n' "$out")
	fi
done

# A short fuzzing run of the ramdisk parser.
source tests/fuzz/run.sh

# --- 2. in-kernel self-tests --------------------------------------------------------------
section "2. in-kernel self-tests"
# With a disk attached, for the block layer's tests (tests/kernel/test_block.c).
mkdir -p "$B/test-iso"
tools/mkdisk "$B/test-iso/selftest-disk.img" 16M 8M
log=$(boot selftests "selftest=all" $(tools/disk-args.sh "$B/test-iso/selftest-disk.img"))
rc=$(cat "$log.rc")
count_lines "kernel" "$(sed -n 's/^\[[ 0-9.]*\] selftest: \([^ ]*\) \(PASS\|FAIL\)\r\?$/\2 \1/p' "$log")" '^(PASS|FAIL) '
if [ "$rc" != "$QEMU_PASS" ] || ! grep -q 'selftest: [0-9]* passed, 0 failed' "$log"; then
	fail "kernel self-tests ended badly (QEMU exit status $rc)" "$log"
fi
if grep -q 'selftest: no disk attached' "$log"; then
	fail "kernel self-tests: the block tests found no disk" "$log"
fi

# --- 3. boot scenarios --------------------------------------------------------------------
section "3. boot scenarios"
for t in tests/boot/*.sh; do
	source "$t"
done

# --- 4. gdb -------------------------------------------------------------------------------
section "4. gdb"
for t in tests/gdb/*.sh; do
	source "$t"
done

# --- 5. user programs in the guest, against Linux ------------------------------------------
section "5. user programs in the guest, against Linux"
source tests/guest.sh

# --- 6. swap: programs in a guest with little RAM and a swap disk -------------------------
section "6. swap: programs in a guest with little RAM and a swap disk"
source tests/swap.sh

# --- 7. the docs: their commands still work, the code they name still exists ---------------
section "7. the docs: their commands still work, the code they name still exists"
source tests/docs.sh

summary
