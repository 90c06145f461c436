# make's own promises: a second `make` with nothing changed rebuilds nothing (the ramdisk is
# packed reproducibly), and `make run` exits 0 when the guest powers off normally (the
# shell's `exit`), as a program that ended well does. (Sourced by tests/run.sh.)

# make all again (make test built it): the ramdisk is packed again, found the same, and
# neither it nor the ISO nor the kernel is written.
mk_before=$(stat -c '%Y.%y %n' "$B"/mmk.iso "$B"/initrd.cpio "$B"/kernel.elf 2>&1)
mk_out=$(make --no-print-directory all 2>&1)
mk_after=$(stat -c '%Y.%y %n' "$B"/mmk.iso "$B"/initrd.cpio "$B"/kernel.elf 2>&1)
if [ "$mk_before" = "$mk_after" ] && ! grep -q '^  [A-Z]' <<<"$mk_out"; then
	pass "make: with nothing changed, make all rebuilds nothing (kernel, ramdisk, ISO untouched)"
else
	fail "make: make all rebuilt something with nothing changed" \
		<(printf '%s\n--- before:\n%s\n--- after:\n%s\n' "$mk_out" "$mk_before" "$mk_after")
fi

mk_log=$LOGS/make-run
: >"$mk_log"
converse "$mk_log" "exit" "Power down" |
	timeout "$BOOT_TIMEOUT" make -s --no-print-directory run SWAP=0 >"$mk_log" 2>&1
mk_rc=${PIPESTATUS[1]}
if [ "$mk_rc" = 0 ] && tr -d '\r' <"$mk_log" | grep -q 'Power down'; then
	pass "make run: the shell's exit powers the guest off, and make run exits 0"
else
	fail "make run: exit status $mk_rc after the shell's exit" "$mk_log"
fi
