# Swap at boot, as make run has it: with a disk from tools/mkdisk attached, init turns swap
# on before the shell starts, and the project's own tools (mmswapon, mmswapoff, mmmkswap,
# mmfree) show, turn off, make and turn on a swap area from its own shell (mmsh). (Sourced by tests/run.sh; the console helpers are in tests/lib.sh.)

swap_img=$B/test-iso/swap-boot.img
tools/mkiso.sh "$B/kernel.elf" "panic=exit -- /bin/mmsh" "$B/test-iso/swap-boot.iso" "$B/initrd.cpio"
tools/mkdisk "$swap_img" 64M
swap_log=$LOGS/swap-boot.log
: >"$swap_log"
converse "$swap_log" 'mmswapon -s' '^/dev/vda1 .*partition' \
	'mmswapoff /dev/vda1; mmswapon -s' '^Filename' \
	'mmmkswap -L scratch /dev/vda1' '^LABEL=scratch, UUID=' \
	'mmswapon -p 3 /dev/vda1; mmswapon -s' '^/dev/vda1 .*partition.*3$' \
	'mmfree' '^Swap:  *64508 ' \
	'mmmkswap /dev/vda' '^no label, UUID=' \
	'exit' 'powering off' |
	timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 64M -display none \
		-serial stdio -cdrom "$B/test-iso/swap-boot.iso" $(tools/disk-args.sh "$swap_img") \
		>"$swap_log" 2>&1
echo $? >"$swap_log.rc"
expect_rc "swap-boot/exit powers off" "$swap_log" "$QEMU_PASS"
expect_in_log "swap-boot/the kernel logs the area, as Linux" "$swap_log" \
	'Adding 64508k swap on /dev/vda1\.  Priority:-2 extents:1 across:64508k'
expect_in_log "swap-boot/init turns swap on" "$swap_log" '^init: swap on /dev/vda1$'
expect_in_log "swap-boot/swapon -s lists it" "$swap_log" '^/dev/vda1 +partition	64508	'
expect_in_log "swap-boot/mkswap writes a header" "$swap_log" \
	'Setting up swapspace version 1, size = 63 MiB \(66056192 bytes\)$'
expect_in_log "swap-boot/swapon -p sets the priority" "$swap_log" '^/dev/vda1 .*partition.*	3$'
if PATH=$PATH:/sbin:/usr/sbin sfdisk -d "$swap_img" 2>/dev/null | grep -q 'type=82'; then
	pass "swap-boot/mkswap on the whole disk keeps its partition table (as util-linux)"
else
	fail "swap-boot/mkswap on the whole disk keeps its partition table (as util-linux)" "$swap_log"
fi
expect_in_log "swap-boot/free shows the swap (sysinfo)" "$swap_log" '^Swap: +64508 +[0-9]+ +[0-9]+$'
rm -f "$swap_img"

# The guest's mkswap, run natively on a file: util-linux (blkid, as swapon uses it) must
# recognise what it writes as a version-1 swap area with its label.
hdr_img=$(mktemp)
truncate -s 8M "$hdr_img"
"$B/rootfs/bin/mmmkswap" -L hostcheck "$hdr_img" >/dev/null
if PATH=$PATH:/sbin:/usr/sbin blkid -p "$hdr_img" |
	grep -q 'LABEL="hostcheck" UUID="[0-9a-f-]*" VERSION="1" TYPE="swap"'; then
	pass "swap-boot/util-linux's blkid accepts our mkswap's header"
else
	fail "swap-boot/util-linux's blkid accepts our mkswap's header"
fi
rm -f "$hdr_img"
