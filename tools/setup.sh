#!/usr/bin/env bash
# Checks for every tool the build, `make run` and `make test` use, and installs the Debian or
# Ubuntu packages that are missing (apt-get, as root or through sudo). When it cannot install,
# it stops and prints the exact command to type. Run by make; safe to run by hand.
# `tools/setup.sh ltp` also checks for what make ltp needs to configure LTP (autoconf,
# automake).
set -euo pipefail

# command-or-path  package
needs=(
	"gcc                        gcc"
	"make                       make"
	"qemu-system-x86_64         qemu-system-x86"
	"grub-mkrescue              grub-common"
	"/usr/lib/grub/i386-pc      grub-pc-bin"
	"xorriso                    xorriso"
	"mformat                    mtools"
	"gdb                        gdb"
	"musl-gcc                   musl-tools"
	"cpio                       cpio"
	"sfdisk                     fdisk"
	"mkswap                     util-linux"
	"timeout                    coreutils"
	"clang                      clang"
	"/usr/include/linux/sysinfo.h linux-libc-dev"
)
if [ "${1:-}" = ltp ]; then
	needs+=("autoconf autoconf" "automake automake" "strip binutils")
fi

missing=()
for line in "${needs[@]}"; do
	read -r what pkg <<<"$line"
	if [[ $what == /* ]]; then
		[ -e "$what" ] && continue
	else
		command -v "$what" >/dev/null 2>&1 && continue
		# sbin tools are not on every user's PATH
		[ -x "/sbin/$what" ] || [ -x "/usr/sbin/$what" ] && continue
	fi
	[[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done

# libFuzzer's runtime is a separate package on Debian 12 (part of clang elsewhere).
fuzzer_ok() {
	command -v clang >/dev/null 2>&1 &&
		printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
		clang -x c -fsanitize=fuzzer - -o /dev/null >/dev/null 2>&1
}
need_fuzzer=0
command -v clang >/dev/null 2>&1 && ! fuzzer_ok && need_fuzzer=1

[ ${#missing[@]} -eq 0 ] && [ $need_fuzzer -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]-} libclang-rt-dev"
echo "setup: installing missing packages: ${missing[*]-} (and libFuzzer's runtime if needed)"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "setup: cannot install without root. Please run:" >&2
	echo "  sudo apt-get update && sudo $line" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: no apt-get here; install the packages above (Debian/Ubuntu names) by hand." >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
	$sudo apt-get install -y --no-install-recommends -qq "${missing[@]}" >/dev/null
fi
# Debian 12 ships libFuzzer's runtime apart from clang; elsewhere clang has it already.
if ! fuzzer_ok; then
	$sudo apt-get install -y --no-install-recommends -qq libclang-rt-dev >/dev/null 2>&1 ||
		echo "setup: libFuzzer's runtime is missing; the fuzz test will fail" >&2
fi
echo "setup: done"
