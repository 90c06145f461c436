# A malformed ramdisk stops boot with a message naming the bad entry, never a wild read.
# (Sourced by tests/run.sh.)

bad_initrd=$B/test-iso/bad-initrd.cpio
mkdir -p "$B/test-iso"
head -c 300 "$B/initrd.cpio" >"$bad_initrd"             # cut in the middle of an entry
log=$(BOOT_INITRD=$bad_initrd boot initrd_truncated "")
expect_rc "initrd/truncated archive stops boot" "$log" "$QEMU_PANIC"
expect_in_log "initrd/truncated archive is named in the message" "$log" '^Kernel panic: initrd: malformed ramdisk: cpio: entry [0-9]+'

escape_dir=$(mktemp -d)
mkdir -p "$escape_dir/x"
echo owned >"$escape_dir/x/f"
(cd "$escape_dir/x" && printf '../x/f\n' | cpio -o -H newc --quiet) >"$B/test-iso/escape.cpio"
rm -rf "$escape_dir"
log=$(BOOT_INITRD=$B/test-iso/escape.cpio boot initrd_escape "")
expect_rc "initrd/a path escaping the root stops boot" "$log" "$QEMU_PANIC"
expect_in_log "initrd/the escaping entry is named" "$log" 'initrd: malformed ramdisk: cpio: entry 0 \("\.\./x/f"\).*escape the root'
