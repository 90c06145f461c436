#!/bin/sh
# Prints the QEMU flags every boot of this kernel shares: the CPU model (with SMEP and SMAP,
# which TCG emulates), no reboot on a triple fault (so a crash ends QEMU instead of looping),
# the isa-debug-exit device through which the kernel reports test verdicts, and booting from
# the CD (the kernel's ISO) even when a disk is attached (tools/disk-args.sh): the firmware
# would otherwise run the disk's empty MBR boot code.
echo "-cpu qemu64,+smep,+smap -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -boot order=d"
