# Helpers for tests/run.sh and the scenario scripts it sources (tests/boot, tests/gdb).
# Each scenario calls pass NAME or fail NAME [LOGFILE] for every check it makes.

B=build
LOGS=$B/test-logs
QEMU=${QEMU:-qemu-system-x86_64}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-60}
QEMU_PASS=33      # kernel/qemu.h: QEMU_EXIT_PASS
QEMU_FAIL=35      # QEMU_EXIT_FAIL
QEMU_PANIC=37     # QEMU_EXIT_PANIC
QEMU_TIMEOUT=124  # from timeout(1)
mkdir -p "$LOGS"

passed=0
failed=0
failures=()

pass() {
	passed=$((passed + 1))
	echo "PASS $1"
}

# fail NAME [LOG]: counts a failure and shows the end of LOG.
fail() {
	failed=$((failed + 1))
	failures+=("$1")
	echo "FAIL $1"
	if [ -n "${2:-}" ]; then
		echo "----- log: $2 (last 60 lines) -----"
		tail -n 60 "$2" | tr -d '\r'
		echo "----- end of log -----"
	fi
}

# count_lines PREFIX TEXT REGEX: one pass or fail for each "PASS name"/"FAIL name" line.
count_lines() {
	local prefix=$1 text=$2 re=$3 verdict name
	while read -r verdict name; do
		[ -n "$verdict" ] || continue
		if [ "$verdict" = PASS ]; then pass "$prefix/$name"; else fail "$prefix/$name" "${4:-}"; fi
	done < <(grep -E "$re" <<<"$text")
}

# boot NAME CMDLINE [QEMU ARGS...]: boots the kernel with CMDLINE (panic=exit added, and
# norandmaps: the same layout at every boot), with
# BOOT_MEM of RAM (default 128M), under
# a timeout, with the serial console in a log file. Prints the log's path; QEMU's exit
# status is in LOG.rc.
boot() {
	local name=$1 cmdline=$2
	shift 2
	local iso=$B/test-iso/$name.iso log=$LOGS/$name.log
	mkdir -p "$B/test-iso"
	tools/mkiso.sh "$B/kernel.elf" "$cmdline panic=exit norandmaps" "$iso" "${BOOT_INITRD-$B/initrd.cpio}" >&2
	timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m "${BOOT_MEM:-128M}" -display none \
		-serial "file:$log" -cdrom "$iso" "$@" </dev/null >"$log.qemu" 2>&1
	echo $? >"$log.rc"
	echo "$log"
}

# expect_in_log NAME LOG PATTERN: passes when the log holds a line matching PATTERN (ERE).
expect_in_log() {
	if tr -d '\r' <"$2" | grep -aEq -- "$3"; then pass "$1"; else fail "$1: no line matches /$3/" "$2"; fi
}

# expect_rc NAME LOG STATUS: passes when QEMU exited with STATUS.
expect_rc() {
	local rc
	rc=$(cat "$2.rc")
	if [ "$rc" = "$3" ]; then pass "$1"; else fail "$1: QEMU exit status $rc, expected $3" "$2"; fi
}

# section TITLE: a heading in make test's output, with the running count so far.
section() {
	echo
	echo "== $1 (so far: $passed passed, $failed failed; $SECONDS s)"
}

summary() {
	echo
	if [ $failed -ne 0 ]; then
		echo "Failed:"
		printf '  %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
}

# --- driving the guest's shell through the serial console (tests/boot/shell.sh, memview.sh) ---

wait_for() {    # wait_for LOG PATTERN: until LOG has a line matching PATTERN (at most 30 s)
	for _ in $(seq 300); do
		tr -d '\r' <"$1" | grep -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# converse LOG TEXT PATTERN...: types each TEXT once the shell's next prompt is in LOG, and
# waits until LOG matches its PATTERN. One line at a time, as a person types: what is typed
# ahead is echoed amid the output, as on Linux, which would garble the lines checked.
converse() {
	local log=$1 prompts=1
	shift
	while [ $# -ge 2 ]; do
		wait_for_prompts "$log" "$prompts" || return
		printf '%s\n' "$1"
		wait_for "$log" "$2" || return
		prompts=$((prompts + 1))
		shift 2
	done
	sleep 0.5
}

# wait_for_prompts LOG N: until the shell has printed its prompt N times (at most 30 s), so
# that a line is typed only once the shell is ready for it.
wait_for_prompts() {
	for _ in $(seq 300); do
		[ "$(tr -d '\r' <"$1" | grep -c '^\$ ')" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# session ISO LOG TEXT PATTERN...: boots ISO with the serial console in LOG, holds the
# conversation (see converse), and records QEMU's exit status in LOG.rc.
session() {
	local iso=$1 log=$2
	shift 2
	: >"$log"
	converse "$log" "$@" |
		timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
			-serial stdio -cdrom "$iso" >"$log" 2>&1
	echo $? >"$log.rc"
}
