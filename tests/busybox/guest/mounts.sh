# Run in the guest by tests/boot/mounts.sh with Debian's busybox: mount, umount, df and
# /proc/mounts as a shell user sees them. The expected output (mounts.expected) is Linux's
# format for an initramfs root with proc on /proc.
mount
cat /proc/mounts
mkdir /tmp/m
mount -t tmpfs -o size=1m none /tmp/m
echo hello > /tmp/m/f
df /tmp/m
mount | grep /tmp/m
cd /tmp/m
umount /tmp/m || echo "umount while inside: $?"
cd /
mount -o remount,ro /tmp/m
touch /tmp/m/g || echo "touch on a read-only mount: $?"
grep /tmp/m /proc/self/mounts
umount /tmp/m && echo unmounted
umount /tmp/m || echo "umount of no mount point: $?"
mount -t ramfs -o mode=700 ram /tmp/m
ls -ld /tmp/m | cut -c1-10
mount -t proc proc /tmp/m/ 2>&1 || echo "proc on a ramfs: $?"
ls /tmp/m/self/mounts
umount /tmp/m && umount /tmp/m && echo "both unmounted"
mount -t nosuchfs x /tmp/m || echo "unknown type: $?"
cat /proc/mounts
