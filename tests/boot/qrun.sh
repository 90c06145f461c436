# tools/qrun as faithful as running the program (tests/tools/qrunio.c, compared with its run
# on this host): 300 arguments and one of 100 KiB, Linux's argument limits, stdin from a
# pipe read as it comes (with its end), stdout streamed as written and kept apart from
# stderr, the exit status; then every error qrun can meet says what happened: bad options
# (checked without booting), a program that is no executable, QEMU's own message, a time-out,
# too little memory (qrun, make run, and the kernel's own mem= check); Ctrl-C and SIGTERM
# stop QEMU at once; no temporary folder is left behind. (Sourced by tests/run.sh.)

qr_out=$LOGS/qrun
qr_tmp=$(mktemp -d)             # qrun's TMPDIR: what it leaves behind shows here
qr_files=$(mktemp -d)
qr_min=$(sed -n 's/^#define KERNEL_MIN_MEM_MIB \([0-9]*\).*/\1/p' mm/frame.h)
qr() { QRUN_NO_BUILD=1 TMPDIR=$qr_tmp tools/qrun "$@"; }

# qr_expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and its stderr matches PATTERN.
qr_expect() {
	local name=$1 want=$2 pattern=$3 rc
	shift 3
	"$@" >"$qr_out.expect.out" 2>"$qr_out.expect.err" </dev/null
	rc=$?
	if [ $rc -eq "$want" ] && grep -qE -- "$pattern" "$qr_out.expect.err"; then
		pass "qrun/$name"
	else
		fail "qrun/$name: exit status $rc (expected $want), stderr not /$pattern/" "$qr_out.expect.err"
	fi
}

# --- the command line, checked before anything boots ------------------------------------
qr_usage='^tools/qrun \[--mem SIZE\]'
qr_expect "--mem without a value: says so, with the usage" 2 "^qrun: --mem needs a value$" qr --mem
grep -qE "$qr_usage" "$qr_out.expect.err" && pass "qrun/the usage follows a bad option" ||
	fail "qrun/the usage follows a bad option" "$qr_out.expect.err"
qr_expect "--timeout abc: not a number of seconds" 2 "^qrun: --timeout abc: not a whole number" \
	qr --timeout abc build/rootfs/bin/mmtrue
qr_expect "--gdb-port 0: not a port" 2 "^qrun: --gdb-port 0: not a port number" qr --gdb-port 0 build/rootfs/bin/mmtrue
qr_expect "an unknown option" 2 "^qrun: unknown option --bogus$" qr --bogus build/rootfs/bin/mmtrue
qr_expect "no program" 2 "^qrun: no program to run$" qr --icount
qr_expect "a directory is a directory" 126 "^qrun: build: is a directory$" qr build
qr_expect "a missing program: no such file" 127 "^qrun: build/nothing-here: no such file$" qr build/nothing-here
qr_expect "--file over qrun-init is refused" 2 \
	"^qrun: --file tests/boot/qrun.sh:/bin/qrun-init: would replace the guest's own /bin/qrun-init" \
	qr --file tests/boot/qrun.sh:/bin/qrun-init build/rootfs/bin/mmtrue
qr_expect "--file over the program is refused" 2 "would replace the guest's own /bin/mmtrue" \
	qr --file tests/boot/qrun.sh:/bin/mmtrue build/rootfs/bin/mmtrue
qr_expect "--mem below the kernel's least: too little memory" 2 \
	"^qrun: --mem $((qr_min - 1))M: too little memory: the kernel needs at least $qr_min MiB$" \
	qr --mem $((qr_min - 1))M build/rootfs/bin/mmtrue
qr_expect "make run MEM=8M: too little memory, before booting" 2 \
	"^make run: MEM=8M: too little memory: the kernel needs at least $qr_min MiB$" make -s run MEM=8M

# --- one run of qrunio, in the least memory the kernel needs, compared with Linux's -------
# Files it tries to run in the guest: each fails with ENOEXEC, and the kernel log says why.
: >"$qr_files/bad-empty"
printf '#! \necho hi\n' >"$qr_files/bad-script"       # names no interpreter
{ printf '\177ELF\001\001\001'; head -c 57 /dev/zero; } >"$qr_files/bad-elf32"
echo hello >"$qr_files/bad-text"
chmod +x "$qr_files"/bad-*
qr_args=($(seq 300) "$(head -c 102400 /dev/zero | tr '\0' x)")
qr_dir=$(mktemp -d)             # on Linux, in a folder without the bad-* files
printf 'first line\nsecond line\n' | (ulimit -s 8192; cd "$qr_dir" &&
	exec "$OLDPWD/$B/tool-tests/qrunio" "${qr_args[@]}") >"$qr_out.host" 2>"$qr_out.host.err"
echo $? >"$qr_out.host.rc"
rmdir "$qr_dir"
# stdin through a FIFO the test writes: the second line only once the first came back out.
rm -f "$qr_out.in"
mkfifo "$qr_out.in"
qr --mem "${qr_min}M" --log "$qr_out.kernel.log" $(for f in "$qr_files"/bad-*; do echo --file "$f"; done) \
	"$B/tool-tests/qrunio" "${qr_args[@]}" <"$qr_out.in" >"$qr_out.guest" 2>"$qr_out.guest.err" &
qr_pid=$!
exec 7>"$qr_out.in"
trap '' PIPE                    # a guest that died must fail these checks, not end make test
printf 'first line\n' >&7
if wait_for "$qr_out.guest" '^first line$'; then
	pass "qrun/stdout is passed on as the program writes it (stdin is read as it comes)"
else
	fail "qrun/stdout is passed on as the program writes it" "$qr_out.guest"
fi
printf 'second line\n' >&7 2>/dev/null
exec 7>&-
trap - PIPE
wait $qr_pid
qr_rc=$?
if [ $qr_rc -eq 3 ] && [ "$(cat "$qr_out.host.rc")" = 3 ]; then
	pass "qrun/the program's exit status"
else
	fail "qrun/exit status $qr_rc, on Linux $(cat "$qr_out.host.rc")" "$qr_out.guest.err"
fi
if cmp -s "$qr_out.host" "$qr_out.guest"; then
	pass "qrun/300 arguments, one of 100 KiB, Linux's E2BIG limits, stdin to its end: stdout as Linux's"
else
	fail "qrun/stdout differs from Linux's" "$qr_out.guest"
	diff "$qr_out.host" "$qr_out.guest" | cut -c1-200 | head -10
fi
if [ "$(head -1 "$qr_out.guest.err")" = "$(cat "$qr_out.host.err")" ] &&
	! grep -q 'to stderr' "$qr_out.guest"; then
	pass "qrun/stderr is kept apart from stdout"
else
	fail "qrun/stderr is kept apart from stdout" "$qr_out.guest.err"
fi
for qr_bad in "elf32:a 32-bit ELF file" "empty:an empty file" "script:a script \(#!\) whose first 256 bytes name no interpreter" "text:not an ELF file"; do
	expect_in_log "qrun/exec of bad-${qr_bad%%:*}: ENOEXEC" "$qr_out.guest.err" \
		"^exec bad-${qr_bad%%:*}: Exec format error$"
	expect_in_log "qrun/the kernel log says why: ${qr_bad#*:}" "$qr_out.kernel.log" \
		"exec: bad-${qr_bad%%:*}: Exec format error: ${qr_bad#*:}"
done

# --- errors that stop a run --------------------------------------------------------------
qr_expect "a program that is no executable: the hint" 126 \
	'^qrun: not a static x86-64 Linux executable: built with `musl-gcc -static`\?' \
	qr "$qr_files/bad-empty"
grep -q '^qrun: cannot run /bin/bad-empty: Exec format error$' "$qr_out.expect.err" &&
	pass "qrun/... after the error itself" || fail "qrun/... after the error itself" "$qr_out.expect.err"
qr_expect "--mem abc: QEMU's own message" 125 "^qemu-system-x86_64: -m abc: " qr --mem abc build/rootfs/bin/mmtrue
qr_expect "a time-out says so" 125 "^qrun: timed out after 2 s \(use --timeout\)$" \
	qr --timeout 2 build/rootfs/bin/mmsleep 100

# Ctrl-C (SIGINT) and SIGTERM, once the kernel runs: QEMU stops, qrun exits 130 or 143.
for qr_sig in INT:130 TERM:143; do
	env --default-signal=INT bash -c 'QRUN_NO_BUILD=1 TMPDIR=$1 exec tools/qrun build/rootfs/bin/mmsleep 100' \
		- "$qr_tmp" >/dev/null 2>"$qr_out.sig.err" &
	qr_pid=$!
	for _ in $(seq 300); do
		grep -qa 'Memory:' "$qr_tmp"/qrun.*/kernel.log 2>/dev/null && break
		sleep 0.1
	done
	kill -"${qr_sig%%:*}" $qr_pid
	wait $qr_pid
	qr_rc=$?
	if [ $qr_rc -eq "${qr_sig#*:}" ] && ! pgrep -f "$qr_tmp/qrun" >/dev/null; then
		pass "qrun/SIG${qr_sig%%:*} stops QEMU at once, exit status ${qr_sig#*:}"
	else
		fail "qrun/SIG${qr_sig%%:*}: exit status $qr_rc, QEMU: $(pgrep -f "$qr_tmp/qrun")" "$qr_out.sig.err"
	fi
done
if [ -z "$(ls -A "$qr_tmp")" ]; then
	pass "qrun/no temporary folder is left behind"
else
	fail "qrun/temporary folders left: $(ls "$qr_tmp")"
fi
rm -rf "$qr_tmp" "$qr_files" "$qr_out.in"

# The kernel's own check: mem= takes any size, and too little is said plainly.
log=$(boot qrun_mem_1k "mem=1K")
expect_in_log "qrun/mem=1K: the kernel says it has too little memory" "$log" \
	"^Kernel panic: too little memory: the kernel needs at least $qr_min MiB of RAM, and has 0 KiB below mem=$"
