# Memory sizes: the kernel boots and passes its memory self-tests with 32 MiB, 128 MiB and
# 2 GiB of RAM, uses all of it (128 MiB: in tests/selftests.sh, which boots with it), and
# mem= limits what it uses. (Sourced by tests/run.sh.)

for mem in 32M 2G; do
	log=$(BOOT_MEM=$mem boot "mem_$mem" "selftest=frame")
	expect_rc "memory/-m $mem: frame self-tests pass" "$log" "$QEMU_PASS"
	expect_in_log "memory/-m $mem: no frame self-test failed" "$log" 'selftest: [0-9]+ passed, 0 failed'
done
tools/mkdisk "$B/test-iso/mem-disk.img" 16M 8M
log=$(BOOT_MEM=32M boot "mem_32M_all" "selftest=all" $(tools/disk-args.sh "$B/test-iso/mem-disk.img"))
expect_rc "memory/-m 32M: every self-test passes" "$log" "$QEMU_PASS"
expect_in_log "memory/-m 32M: the block self-tests ran on the disk" "$log" 'selftest: block_many_in_flight PASS'

# QEMU's -m less what the firmware reserves (about 0.4 MiB below 1 MiB and 128 KiB at the top)
# and what the kernel image and boot information hold (about 0.5 MiB, growing with the
# kernel): 1.5 MiB at most.
expect_total_between "memory/-m 32M: uses all RAM" "$LOGS/mem_32M.log" $((32 * 1024 - 1536)) $((32 * 1024))
expect_total_between "memory/-m 2G: uses all RAM" "$LOGS/mem_2G.log" $((2048 * 1024 - 1536)) $((2048 * 1024))

log=$(BOOT_MEM=128M boot "mem_limit" "mem=32M selftest=frame")
expect_rc "memory/mem=32M: frame self-tests pass" "$log" "$QEMU_PASS"
expect_total_between "memory/mem=32M: limits the frames used" "$log" $((32 * 1024 - 1536)) $((32 * 1024))

log=$(BOOT_MEM=128M boot "mem_bad" "mem=lots selftest=frame_mem_limit")
expect_in_log "memory/mem=lots: warned, not fatal" "$log" "option 'mem' ignored: not a size"
expect_rc "memory/mem=lots: boots with all RAM" "$log" "$QEMU_PASS"
