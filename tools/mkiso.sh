#!/bin/sh
# Usage: tools/mkiso.sh KERNEL_ELF "COMMAND LINE" OUT.iso
# Makes a bootable GRUB 2 (BIOS) ISO that boots KERNEL_ELF with multiboot2 and passes it the
# command line.
set -eu
kernel=$1
cmdline=$2
out=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/kernel.elf"
cat > "$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set timeout_style=hidden
menuentry "mmk" {
	multiboot2 /boot/kernel.elf $cmdline
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >"$dir/log" 2>&1 || { cat "$dir/log" >&2; exit 1; }
