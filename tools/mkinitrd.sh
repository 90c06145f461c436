#!/bin/sh
# Usage: tools/mkinitrd.sh OUT.cpio DIR...
# Packs the files of each DIR (later ones over earlier ones) into a cpio archive in the
# "newc" format, owned by root, for the kernel to unpack at boot as its root file system;
# --reproducible numbers the inodes in order, so the same files give the same archive.
# OUT is only replaced when its contents change, so make rebuilds nothing needlessly.
set -eu
out=$1
shift
staging=$(mktemp -d)
trap 'rm -rf "$staging" "$out.tmp"' EXIT
for dir in "$@"; do
	[ -d "$dir" ] || { echo "mkinitrd: $dir is not a directory" >&2; exit 1; }
	# tar keeps every time stamp (deleting .keep files afterwards would change their
	# directories' times, and with them the archive, on every run).
	tar -C "$dir" --exclude=.keep -cf - . | tar -C "$staging" -xpf -
done
(cd "$staging" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
if cmp -s "$out.tmp" "$out" 2>/dev/null; then
	rm -f "$out.tmp"
else
	mv "$out.tmp" "$out"
fi
