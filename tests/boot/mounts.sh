# busybox's mount, umount and df in the guest, and /proc/mounts (tests/busybox/guest/mounts.sh).
# The expected output is Linux's: the tmpfs, ramfs and proc part is what Linux 6.18 printed
# for the same commands (in a mount namespace of its own), the rootfs and /proc lines are
# Linux's for an initramfs root with proc mounted by init. (Sourced by tests/run.sh.)

mnt_out=$LOGS/busybox-mounts
QRUN_NO_BUILD=1 tools/qrun --log "$mnt_out.kernel.log" \
	--file tests/busybox/guest/mounts.sh:/tmp/qrun/mounts.sh "$PWD/$B/busybox/busybox" sh mounts.sh \
	>"$mnt_out.guest" 2>&1
mnt_rc=$?
if [ $mnt_rc -ne 0 ]; then
	fail "mounts: busybox's script in the guest: exit status $mnt_rc" "$mnt_out.kernel.log"
elif ! cmp -s tests/busybox/guest/mounts.expected "$mnt_out.guest"; then
	fail "mounts: busybox's mount, umount and df differ from Linux's" "$mnt_out.guest"
	diff tests/busybox/guest/mounts.expected "$mnt_out.guest" | head -20
else
	pass "mounts: busybox's mount, umount, df and /proc/mounts print what Linux's do"
fi
