# A disk attached (tools/qrun --disk / --swap, tools/disk-args.sh): the kernel finds it on
# PCI and logs it as Linux does, programs use /dev/vda and /dev/vda1 (tests/disk/blockdev.c,
# whose writes the host then finds in the image), and errors injected by QEMU's blkdebug
# reach the program (tests/disk/ioerror.c). A boot without a disk shows no disk at all.
# (Sourced by tests/run.sh.)

# qrun_disk NAME QRUN-ARGS...: runs tools/qrun, keeps its output in $LOGS/NAME.out and the
# kernel log in $LOGS/NAME.kernel.log, and passes when the program exits 0 and the free
# memory is back where it was before it ran.
qrun_disk() {
	local name=$1 rc klog mem before after
	shift
	QRUN_NO_BUILD=1 tools/qrun --log "$LOGS/$name.kernel.log" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.qrun"
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "disk/$name: every check passes"
	else
		fail "disk/$name: exit status $rc" "$LOGS/$name.out"
	fi
	mem=$(tr -d '\r' <"$LOGS/$name.kernel.log" 2>/dev/null | sed -n 's/.*qrun: free memory \([0-9]*\) bytes before the program, \([0-9]*\) after$/\1 \2/p')
	read -r before after <<<"$mem"
	if [ -n "$before" ] && [ "$before" = "$after" ]; then
		pass "disk/$name: no memory leaked"
	else
		fail "disk/$name: free memory before/after: ${mem:-not reported}" "$LOGS/$name.kernel.log"
	fi
}

disk_img=$B/test-iso/blockdev-disk.img
tools/mkdisk "$disk_img" 16M 8M
qrun_disk blockdev --disk "$disk_img" "$B/disk-tests/blockdev"
k=$LOGS/blockdev.kernel.log
expect_in_log "disk/PCI lists the disk" "$k" '\] pci 0000:00:0[0-9a-f]\.0: \[1af4:1042\] type 00 class 0x010000$'
expect_in_log "disk/its 64-bit BAR" "$k" '\] pci 0000:00:0[0-9a-f]\.0: reg 0x20: \[mem 0x[0-9a-f]+-0x[0-9a-f]+ 64bit pref\]$'
expect_in_log "disk/the size line, as Linux's" "$k" '\] virtio_blk virtio0: \[vda\] 32768 512-byte logical blocks \(16.8 MB/16.0 MiB\)$'
expect_in_log "disk/the partitions line, as Linux's" "$k" '^\[[ 0-9.]+\]  vda: vda1$'
if "$B/disk-tests/blockdev" --verify "$disk_img" >"$LOGS/blockdev-verify.out" 2>&1; then
	pass "disk/the guest's writes are in the image file"
else
	fail "disk/the guest's writes are not all in the image file" "$LOGS/blockdev-verify.out"
fi

# Errors injected on a read of sector 4096 and a write of sector 6144.
blkdebug_conf=$B/test-iso/ioerror.blkdebug
cat >"$blkdebug_conf" <<'CONF'
[inject-error]
event = "read_aio"
errno = "5"
sector = "4096"

[inject-error]
event = "write_aio"
errno = "5"
sector = "6144"
CONF
qrun_disk ioerror --swap 8M --disk-blkdebug "$blkdebug_conf" "$B/disk-tests/ioerror"
k=$LOGS/ioerror.kernel.log
expect_in_log "disk/a read error is logged as Linux does" "$k" '\] I/O error, dev vda, sector 4096 op 0x0:\(READ\) '
expect_in_log "disk/a write error is logged as Linux does" "$k" '\] I/O error, dev vda, sector 6144 op 0x1:\(WRITE\) '
expect_in_log "disk/qrun --swap: a swap partition" "$k" '^\[[ 0-9.]+\]  vda: vda1$'

# Without a disk: PCI is scanned, and nothing else about disks appears.
klog=$LOGS/nodisk.kernel.log
rm -f "$klog"
QRUN_NO_BUILD=1 tools/qrun --log "$klog" "$B/user-tests/hello" >/dev/null 2>"$LOGS/nodisk.qrun"
if [ -s "$klog" ] && ! grep -aqE 'virtio|vda|I/O error|irq [0-9]+: nobody cared' "$klog" &&
	grep -aq '\] pci 0000:00:00.0: ' "$klog"; then
	pass "disk/a boot without a disk shows none"
else
	fail "disk/a boot without a disk mentions one" "${klog:-/dev/null}"
fi
