#!/bin/sh
# tools/mem-check.sh SIZE: whether a guest with SIZE of RAM (QEMU's -m syntax: a number of
# MiB, or with a suffix K, M, G or T) can boot this kernel. Prints why not, and exits 1,
# for less than the kernel needs (KERNEL_MIN_MEM_MIB in mm/frame.h, measured); a size it
# cannot read is left to QEMU to judge. For tools/qrun and make run: with too little RAM
# the boot stops in the firmware or in GRUB, where nothing says why.
min=$(sed -n 's/^#define KERNEL_MIN_MEM_MIB \([0-9]*\).*/\1/p' "$(dirname "$0")/../mm/frame.h")
mib=$(echo "$1" | awk '
	match($0, /^[0-9]+(\.[0-9]+)?/) {
		n = substr($0, 1, RLENGTH); unit = toupper(substr($0, RLENGTH + 1))
		if (unit == "" || unit == "M" || unit == "MB") f = 1
		else if (unit == "K" || unit == "KB") f = 1 / 1024
		else if (unit == "G" || unit == "GB") f = 1024
		else if (unit == "T" || unit == "TB") f = 1024 * 1024
		else exit
		print n * f
	}')
if [ -n "$mib" ] && awk -v m="$mib" -v min="$min" 'BEGIN { exit !(m < min) }'; then
	echo "too little memory: the kernel needs at least $min MiB"
	exit 1
fi
exit 0
