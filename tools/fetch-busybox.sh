#!/usr/bin/env bash
# tools/fetch-busybox.sh DIR: puts Debian's busybox-static (a statically linked glibc build
# of busybox, as Debian ships it: downloaded from the package archive, not built) in
# DIR/busybox. Tests run it natively and in the guest and compare. Run by make.
set -euo pipefail
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! apt-get download busybox-static >/dev/null 2>apt.err; then
	echo "fetch-busybox: apt-get download busybox-static failed:" >&2
	cat apt.err >&2
	exit 1
fi
dpkg-deb -x busybox-static_*.deb x
cd - >/dev/null
mkdir -p "$dir"
cp "$tmp/x/bin/busybox" "$dir/busybox"
echo "  FETCH   busybox-static $(dpkg-deb -f "$tmp"/busybox-static_*.deb Version)"
