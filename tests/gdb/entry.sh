# gdb against QEMU's stub, as `make debug` + `make gdb` do, on the debug build: with
# tools/gdbinit, gdb must stop in kernel_main, show its source line, and give a backtrace
# down to the assembly entry; then, the kernel left running (detach), a second gdb must
# attach to it where it runs, at once, not wait for kernel_main. (Sourced by tests/run.sh.)

gdb_port=$(free_port)
gdb_log=$LOGS/gdb.log
gdb_serial=$LOGS/gdb-serial.log
tools/mkiso.sh build-debug/kernel.elf "panic=exit" "$B/test-iso/gdb.iso" "$B/initrd.cpio"
: >"$gdb_serial"
timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
	-serial "file:$gdb_serial" -cdrom "$B/test-iso/gdb.iso" \
	-gdb "tcp:localhost:$gdb_port" -S </dev/null >"$LOGS/gdb-qemu.log" 2>&1 &
gdb_qemu=$!
# Wait for the stub to listen before gdb connects.
wait_for_port "$gdb_port"
GDBPORT=$gdb_port timeout "$HANG_TIMEOUT" ${GDB:-gdb} -q -batch -nx -x tools/gdbinit -ex "bt" \
	-ex "info registers rip" -ex "detach" build-debug/kernel.elf >"$gdb_log" 2>&1
# Once the kernel runs (its first messages are out; no input ever comes: the shell waits),
# make gdb attaches to it.
gdb_attach_log=$LOGS/gdb-attach.log
wait_for "$gdb_serial" 'Welcome to mmk'
GDBPORT=$gdb_port timeout "$HANG_TIMEOUT" ${GDB:-gdb} -q -batch -nx -x tools/gdbinit -ex "bt" \
	build-debug/kernel.elf >"$gdb_attach_log" 2>&1
gdb_attach_rc=$?
kill "$gdb_qemu" 2>/dev/null
wait "$gdb_qemu" 2>/dev/null

expect_in_log "gdb/stops at kernel_main" "$gdb_log" '^Breakpoint 1, kernel_main \(magic=[0-9]+, info_phys=[0-9]+\) at kernel/main\.c:[0-9]+'
expect_in_log "gdb/shows the source line" "$gdb_log" '^[0-9]+[[:space:]]+[^[:space:]]'
expect_in_log "gdb/backtrace frame 0 is kernel_main" "$gdb_log" '^#0  kernel_main \('
expect_in_log "gdb/backtrace ends at the assembly entry" "$gdb_log" '^#1  0xffffffff[0-9a-f]+ in long_mode_high \(\) at boot/boot\.S:[0-9]+$'
expect_in_log "gdb/rip is in the higher half" "$gdb_log" '^rip +0xffffffff8[0-9a-f]+ +0xffffffff8[0-9a-f]+ <kernel_main'
if grep -q "Remote 'g' packet reply is too long" "$gdb_log" "$gdb_attach_log"; then
	fail "gdb/no 'g' packet error" "$gdb_log"
else
	pass "gdb/no 'g' packet error"
fi
expect_in_log "gdb/make gdb attaches to a running kernel where it is" "$gdb_attach_log" \
	'^Attached to the running kernel: stopped where it was\.$'
expect_in_log "gdb/... with a backtrace of the kernel" "$gdb_attach_log" '^#0  .* at [./a-z0-9_]+\.[chS]:[0-9]+$'
if [ "$gdb_attach_rc" = 0 ] && ! grep -q 'Breakpoint 1, kernel_main' "$gdb_attach_log"; then
	pass "gdb/... at once, not waiting for kernel_main"
else
	fail "gdb/... at once, not waiting for kernel_main (gdb exit status $gdb_attach_rc)" "$gdb_attach_log"
fi
