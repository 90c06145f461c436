#!/usr/bin/env bash
# tools/ltp/run.sh LTP_DIR   (make ltp LTP=DIR)
#
# Builds the LTP tests listed in tools/ltp/tests.txt statically with musl, runs each on
# this host (Linux) and in the guest, and prints a table: test, host verdict, guest verdict,
# then the totals. LTP_DIR is a checkout of LTP (github.com/linux-test-project/ltp).
#
# Everything happens under build/ltp/, never in LTP_DIR or in the sources of mmk:
#   src/        a copy of LTP_DIR (without .git), configured with CC=musl-gcc LDFLAGS=-static
#               and Linux's UAPI headers (uapi/: links to /usr/include/linux, asm-generic
#               and the architecture's asm, which musl-gcc's include path lacks)
#   root/opt/ltp/testcases/bin   the listed tests' folders, installed and stripped; the
#               guest gets this tree as /opt/ltp (LTPROOT)
#   host.out, guest.out   the runner's output (tools/ltp/runner.c), every test's output
#               between its markers; logs/NAME.host and logs/NAME.guest the same, by test
#   guest.klog  the guest's kernel log (ENOSYS lines name the calls a test missed)
#   table.txt   the table printed at the end
#
# Environment: LTP_TESTS=REGEX runs only the tests whose NAME matches (grep -E);
# LTP_TIMEOUT=SECONDS is the time limit of one test (60 by default); LTP_SKIP_HOST=1 keeps
# host.out from the run before (the host's verdicts rarely change); LTP_MEM is the
# guest's RAM (2G by default: fork14 maps 1 GiB pieces, each charged).
# A verdict: pass (exit status 0), TCONF (32: the test does not apply there), fail N (any
# other exit status N), signal N, timeout, or missing (no verdict: not built, or the guest
# stopped before it).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: make ltp LTP=DIR (a checkout of LTP)" >&2; exit 2; }
ltp=$(cd "$1" 2>/dev/null && pwd) || { echo "ltp: $1: no such folder" >&2; exit 2; }
[ -f "$ltp/configure.ac" ] && [ -d "$ltp/testcases/kernel/syscalls" ] ||
	{ echo "ltp: $ltp is not a checkout of LTP (no configure.ac, testcases/kernel/syscalls)" >&2; exit 2; }
B=$top/build/ltp
src=$B/src
root=$B/root/opt/ltp
timeout_s=${LTP_TIMEOUT:-60}
list=$B/tests.list                 # the runner's list: NAME COMMAND ARGS
jobs=-j2
mkdir -p "$B/logs"

# The tests chosen: tests.txt's lines, less comments, matching LTP_TESTS.
grep -v '^#' "$top/tools/ltp/tests.txt" | awk 'NF' |
	{ if [ -n "${LTP_TESTS:-}" ]; then awk -v re="${LTP_TESTS}" '$2 ~ re'; else cat; fi } >"$B/chosen.txt"
cut -d' ' -f2- "$B/chosen.txt" >"$list"
[ -s "$list" ] || { echo "ltp: no test in tools/ltp/tests.txt matches LTP_TESTS=${LTP_TESTS:-}" >&2; exit 2; }

# configure_ltp: the copy of LTP_DIR in src/, configured (again only when LTP_DIR changed).
configure_ltp() {
	local stamp=$src/.mmk-source
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$ltp" ] || [ ! -f "$src/include/mk/config.mk" ]; then
		echo "ltp: copying $ltp to $src and configuring it (log: $B/configure.log)"
		rm -rf "$src"
		mkdir -p "$src" "$B/uapi"
		tar -C "$ltp" --exclude=.git -cf - . | tar -C "$src" -xf -
		ln -sfn /usr/include/linux "$B/uapi/linux"
		ln -sfn /usr/include/asm-generic "$B/uapi/asm-generic"
		ln -sfn "/usr/include/$(gcc -print-multiarch)/asm" "$B/uapi/asm"
		(cd "$src" && nice -n 10 make autotools &&
			nice -n 10 ./configure CC=musl-gcc CFLAGS="-O2 -I$B/uapi" LDFLAGS=-static) \
			>"$B/configure.log" 2>&1 || { echo "ltp: configuring failed: $B/configure.log" >&2; exit 1; }
		echo "$ltp" >"$stamp"
	fi
}

# build_ltp: LTP's library, then each listed test folder, installed under root/.
build_ltp() {
	echo "ltp: building LTP's library and the listed tests (log: $B/build.log)"
	: >"$B/build.log"
	nice -n 10 make $jobs -C "$src/lib" >>"$B/build.log" 2>&1 ||
		{ echo "ltp: LTP's library did not build: $B/build.log" >&2; exit 1; }
	local d
	for d in $(cut -d' ' -f1 "$B/chosen.txt" | awk '!seen[$0]++'); do
		# -k: a test that does not build is reported as missing, the others still run.
		nice -n 10 make $jobs -k -C "$src/testcases/kernel/syscalls/$d" >>"$B/build.log" 2>&1 ||
			echo "ltp: some tests of $d did not build (see $B/build.log)"
		nice -n 10 make -k -C "$src/testcases/kernel/syscalls/$d" install DESTDIR="$B/root" \
			>>"$B/build.log" 2>&1 || true
	done
	find "$root/testcases/bin" -type f -perm -u+x -exec strip {} + 2>/dev/null || true
	musl-gcc -static -O2 -Wall -Wextra -Werror -o "$B/ltp-runner" "$top/tools/ltp/runner.c"
}

# run_host: every chosen test on this host, in a fresh temporary folder.
run_host() {
	if [ -n "${LTP_SKIP_HOST:-}" ] && [ -s "$B/host.out" ]; then
		echo "ltp: keeping the host's results of the run before ($B/host.out)"
		return
	fi
	echo "ltp: running $(wc -l <"$list") tests on this host"
	rm -rf "$B/host-tmp"
	mkdir -p "$B/host-tmp"
	chmod 1777 "$B/host-tmp"
	(cd "$B/host-tmp" && "$B/ltp-runner" "$root" "$B/host-tmp" "$timeout_s" "$list") \
		>"$B/host.out" 2>&1 </dev/null || true
}

# guest_tools: the programs LTP's library runs through the shell that the guest's /bin
# lacks (cp, for a test's resource files): Debian's busybox under each tool's name (copies:
# qrun's ramdisk keeps no links) in guest-bin/, the guest's /usr/bin.
guest_tools() {
	make -s -C "$top" build/busybox/busybox
	rm -rf "$B/guest-bin"
	mkdir -p "$B/guest-bin"
	local tool
	for tool in cp; do cp "$top/build/busybox/busybox" "$B/guest-bin/$tool"; done
}

# run_guest: every chosen test in one boot of the guest, with LTP's files in /opt/ltp,
# busybox's tools in /usr/bin, and mmk's kernel configuration (tools/ltp/mmk.config).
run_guest() {
	echo "ltp: running $(wc -l <"$list") tests in the guest (one boot; kernel log: $B/guest.klog)"
	local total=$(( $(wc -l <"$list") * (timeout_s + 5) + 120 ))
	guest_tools
	"$top/tools/qrun" --mem "${LTP_MEM:-2G}" --timeout "$total" --log "$B/guest.klog" \
		--file "$root:/opt/ltp" --file "$list:/opt/ltp/tests.list" \
		--file "$B/guest-bin:/usr/bin" --file "$top/tools/ltp/mmk.config:/opt/ltp/mmk.config" \
		"$B/ltp-runner" /opt/ltp /tmp "$timeout_s" /opt/ltp/tests.list /opt/ltp/mmk.config \
		>"$B/guest.out" 2>&1 </dev/null || echo "ltp: the guest run ended with status $? (see $B/guest.klog)"
}

configure_ltp
build_ltp
run_host
run_guest
awk -f "$top/tools/ltp/table.awk" -v logs="$B/logs" "$list" "$B/host.out" "$B/guest.out" |
	tee "$B/table.txt"
