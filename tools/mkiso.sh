#!/bin/sh
# Usage: tools/mkiso.sh KERNEL_ELF "COMMAND LINE" OUT.iso [INITRD.cpio]
# Makes a bootable GRUB 2 (BIOS) ISO that boots KERNEL_ELF with multiboot2, passes it the
# command line, and loads the ramdisk (if given) as the module named "initrd".
set -eu
kernel=$1
cmdline=$2
out=$3
initrd=${4:-}
dir=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/kernel.elf"
module=""
if [ -n "$initrd" ]; then
	cp "$initrd" "$dir/boot/initrd.cpio"
	module="module2 /boot/initrd.cpio initrd"
fi
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set timeout_style=hidden
menuentry "mmk" {
	multiboot2 /boot/kernel.elf $cmdline
	$module
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
