# The in-kernel self-tests (tests/kernel), in one boot with 128 MiB and a disk attached for
# the block layer's tests (tests/kernel/test_block.c): one count per test, and the boot must
# end with all passed. The kernel must also use all the RAM it was given. (Sourced by
# tests/run.sh.)

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
# QEMU's -m less what the firmware and the kernel image hold (tests/boot/memory.sh).
expect_total_between "memory/-m 128M: uses all RAM" "$log" $((128 * 1024 - 1536)) $((128 * 1024))
