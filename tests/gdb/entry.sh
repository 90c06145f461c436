# gdb against QEMU's stub, as `make debug` + `make gdb` do: with tools/gdbinit, gdb must stop
# in kernel_main, show its source line, and give a backtrace down to the assembly entry.
# (Sourced by tests/run.sh.)

gdb_port=$(free_port)
gdb_log=$LOGS/gdb.log
gdb_script=$LOGS/gdbinit
sed "s/localhost:1234/localhost:$gdb_port/" tools/gdbinit >"$gdb_script"
tools/mkiso.sh "$B/kernel.elf" "panic=exit" "$B/test-iso/gdb.iso"
timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
	-serial "file:$LOGS/gdb-serial.log" -cdrom "$B/test-iso/gdb.iso" \
	-gdb "tcp:localhost:$gdb_port" -S </dev/null >"$LOGS/gdb-qemu.log" 2>&1 &
gdb_qemu=$!
# Wait for the stub to listen before gdb connects.
wait_for_port "$gdb_port"
timeout 60 ${GDB:-gdb} -q -batch -nx -x "$gdb_script" -ex "bt" -ex "info registers rip" \
	"$B/kernel.elf" >"$gdb_log" 2>&1
kill "$gdb_qemu" 2>/dev/null
wait "$gdb_qemu" 2>/dev/null

expect_in_log "gdb/stops at kernel_main" "$gdb_log" '^Breakpoint 1, kernel_main \(magic=[0-9]+, info_phys=[0-9]+\) at kernel/main\.c:[0-9]+'
expect_in_log "gdb/shows the source line" "$gdb_log" '^[0-9]+[[:space:]]+uart_init\(\);'
expect_in_log "gdb/backtrace frame 0 is kernel_main" "$gdb_log" '^#0  kernel_main \('
expect_in_log "gdb/backtrace ends at the assembly entry" "$gdb_log" '^#1  0xffffffff[0-9a-f]+ in long_mode_high \(\) at boot/boot\.S:[0-9]+$'
expect_in_log "gdb/rip is in the higher half" "$gdb_log" '^rip +0xffffffff8[0-9a-f]+ +0xffffffff8[0-9a-f]+ <kernel_main'
if grep -q "Remote 'g' packet reply is too long" "$gdb_log"; then
	fail "gdb/no 'g' packet error" "$gdb_log"
else
	pass "gdb/no 'g' packet error"
fi
