# A core file the guest wrote, opened on the host by gdb and readelf: tests/user/coredump
# --print-core makes a child die of SIGSEGV in crash_here (its local `answer` is 42) and
# prints the core base64-encoded between markers. gdb must show the faulting function and
# line, the variable's value, the signal and address from NT_SIGINFO, the mapped program
# from NT_FILE, and the rip the kernel logged for the fault; readelf must list every note.
# (Sourced by tests/run.sh.)

core_dir=$(mktemp -d)
core_out=$LOGS/gdb-core.out
QRUN_NO_BUILD=1 tools/qrun "$B/user-tests/coredump" --print-core >"$core_out" 2>"$LOGS/gdb-core.qrun"
core_rc=$?
core_klog=$(sed -n 's/^qrun: kernel log: //p' "$LOGS/gdb-core.qrun")
[ -n "$core_klog" ] && cp "$core_klog" "$LOGS/gdb-core.kernel.log"
tr -d '\r' <"$core_out" | sed -n '/^--- core base64 begin ---$/,/^--- core base64 end ---$/p' |
	sed '1d;$d' | base64 -d >"$core_dir/core" 2>/dev/null
if [ "$core_rc" = 0 ] && [ -s "$core_dir/core" ]; then
	pass "gdb/core: the guest wrote a core and printed it"
else
	fail "gdb/core: no core from the guest (qrun exit status $core_rc)" "$core_out"
fi

core_log=$LOGS/gdb-core.log
timeout 60 ${GDB:-gdb} -q -batch -nx -ex bt -ex 'p answer' -ex 'info registers rip' \
	-ex 'p $_siginfo.si_signo' -ex 'p $_siginfo._sifields._sigfault.si_addr' \
	-ex 'info proc mappings' "$B/user-tests/coredump" "$core_dir/core" >"$core_log" 2>&1
readelf -n "$core_dir/core" >"$LOGS/gdb-core.readelf" 2>&1

expect_in_log "gdb/core: the signal that killed it" "$core_log" '^Program terminated with signal SIGSEGV, Segmentation fault\.$'
expect_in_log "gdb/core: bt shows the faulting function and line" "$core_log" '^#0 .* in crash_here \(where=0x10\) at tests/user/coredump\.c:[0-9]+$'
expect_in_log "gdb/core: bt goes on through the callers" "$core_log" '^#[0-9]+ .*main \(argc=2, '
expect_in_log "gdb/core: the local variable's value" "$core_log" '^\$1 = 42$'
expect_in_log "gdb/core: NT_SIGINFO's signal" "$core_log" '^\$2 = 11$'
expect_in_log "gdb/core: NT_SIGINFO's fault address" "$core_log" '^\$3 = \(void \*\) 0x10$'
expect_in_log "gdb/core: NT_FILE maps the program" "$core_log" '0x400000 .*/coredump$'
# The rip gdb reads from NT_PRSTATUS is where the kernel saw the fault.
core_ip=$(tr -d '\r' <"$LOGS/gdb-core.kernel.log" 2>/dev/null |
	sed -n 's/.*coredump\[[0-9]*\]: segfault at 10 ip 0*\([0-9a-f]*\) .*/\1/p' | head -1)
expect_in_log "gdb/core: rip is the faulting instruction (kernel log: ${core_ip:-none})" "$core_log" \
	"^rip +0x${core_ip:-none} +0x${core_ip:-none} <crash_here\+[0-9]+>$"
for core_note in NT_PRSTATUS NT_PRPSINFO NT_SIGINFO NT_AUXV NT_FILE NT_FPREGSET; do
	expect_in_log "gdb/core: readelf -n lists $core_note" "$LOGS/gdb-core.readelf" "^ +CORE +0x[0-9a-f]+[[:space:]]+$core_note "
done
rm -rf "$core_dir"
