#!/bin/sh
# Usage: tools/busybox-root.sh BUSYBOX DIR
# Makes DIR the guest's busybox tree: DIR/bin/busybox, and a symbolic link to /bin/busybox
# for each applet at the path Debian's busybox puts it (bin/sh, usr/bin/top, sbin/mkswap...),
# as `busybox --install -s` makes them. init and linuxrc are left out: the guest's /bin/init
# is the project's own (user/init.c). The Makefile packs DIR into the ramdisk under the
# project's own programs, which win where a name is in both.
set -eu
bb=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir/bin"
cp "$bb" "$dir/bin/busybox"
"$bb" --list-full | while read -r path; do
	case "$path" in
	bin/busybox | sbin/init | linuxrc) continue ;;
	esac
	mkdir -p "$dir/$(dirname "$path")"
	ln -s /bin/busybox "$dir/$path"
done
echo "  BUSYBOX $dir: /bin/busybox and $("$bb" --list | wc -l) applet links"
