# gdb on a user program in the guest, as `tools/qrun --gdb` sets it up: gdb must stop at the
# program's main with its source line (not at init's code at the same address), step over a
# line that makes system calls, and let the program finish with its output intact.
# (Sourced by tests/run.sh.)

ugdb_port=$(free_port)
ugdb_log=$LOGS/gdb-user.log
QRUN_NO_BUILD=1 tools/qrun --gdb --gdb-port "$ugdb_port" "$B/user-tests/hello" \
	>"$LOGS/gdb-user.out" 2>"$LOGS/gdb-user.qrun" &
ugdb_qrun=$!
# gdb connects once qrun has printed its command and QEMU listens.
wait_for "$LOGS/gdb-user.qrun" '^  gdb -x ' && wait_for_port "$ugdb_port"
ugdb_script=$(sed -n 's/^  gdb -x \([^ ]*\) .*/\1/p' "$LOGS/gdb-user.qrun")
timeout "$HANG_TIMEOUT" ${GDB:-gdb} -q -batch -nx -x "$ugdb_script" -ex "next" -ex "continue" \
	"$B/user-tests/hello" >"$ugdb_log" 2>&1
wait "$ugdb_qrun"
ugdb_rc=$?

expect_in_log "gdb/user: stops at the program's main" "$ugdb_log" '^Breakpoint 1, main \(argc=1, argv=0x7ffffff[0-9a-f]+\) at tests/user/hello\.c:[0-9]+$'
expect_in_log "gdb/user: shows its source line" "$ugdb_log" '^[0-9]+[[:space:]]+printf\("hello from a static musl program'
expect_in_log "gdb/user: next steps over a line of system calls" "$ugdb_log" '^[0-9]+[[:space:]]+fprintf\(stderr'
expect_in_log "gdb/user: the program's output is intact" "$LOGS/gdb-user.out" '^hello from a static musl program, argc=1$'
if [ "$ugdb_rc" = 0 ]; then
	pass "gdb/user: the program exits 0 after continue"
else
	fail "gdb/user: qrun exit status $ugdb_rc" "$ugdb_log"
fi
