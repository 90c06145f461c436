#!/bin/sh
# tools/disk-args.sh [--id N] [--blkdebug CONF] IMAGE
#
# Prints the QEMU flags that attach the raw disk image IMAGE as a virtio-blk PCI disk, the
# one way every boot here (make run, tools/qrun, the tests) attaches disks: the modern
# (virtio 1.0) device only (disable-legacy=on: PCI id 1af4:1042), and cache=unsafe (the
# image is scratch space: no flush reaches the host disk). The first disk (--id 0, the
# default) is /dev/vda in the guest, the next /dev/vdb... With --blkdebug CONF, QEMU's
# blkdebug driver sits between the device and the image and injects the errors CONF
# describes (see QEMU's docs/devel/blkdebug.rst: [inject-error] event = "write_aio" ...).
# Paths must not contain ',' or ':' (QEMU's option syntax).
id=0
blkdebug=
while [ $# -gt 1 ]; do
	case "$1" in
	--id) id=$2; shift 2 ;;
	--blkdebug) blkdebug=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { sed -n '2p' "$0" | sed 's/^# //' >&2; exit 2; }
file=$1
[ -n "$blkdebug" ] && file="blkdebug:$blkdebug:$1"
echo "-drive file=$file,if=none,id=disk$id,format=raw,cache=unsafe" \
	"-device virtio-blk-pci,drive=disk$id,disable-legacy=on"
