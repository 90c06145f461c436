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

# make run's login shell is busybox's ash (init starts /bin/sh as "-sh", which reads
# /etc/profile: its prompt, its PATH), and busybox's applets are the guest's commands.
mk_log=$LOGS/make-run
: >"$mk_log"
PROMPT_RE=$ASH_PROMPT converse "$mk_log" 'echo "login shell: $0"' '^login shell: -sh$' \
	'readlink /bin/sh; readlink /bin/ls; echo "PATH=$PATH"' '^PATH=/bin:/sbin:/usr/bin:/usr/sbin$' \
	'ps -o pid,comm' '^ *1 init$' \
	'case $- in *m*) echo "job control: on";; *) echo "job control: off";; esac' '^job control: o' \
	'exit' "Power down" |
	timeout "$BOOT_TIMEOUT" make -s --no-print-directory run SWAP=0 >"$mk_log" 2>&1
mk_rc=${PIPESTATUS[1]}
if [ "$mk_rc" = 0 ] && tr -d '\r' <"$mk_log" | grep -q 'Power down'; then
	pass "make run: the shell's exit powers the guest off, and make run exits 0"
else
	fail "make run: exit status $mk_rc after the shell's exit" "$mk_log"
fi
expect_in_log "make run: the login shell is busybox's ash" "$mk_log" '^BusyBox v.*built-in shell \(ash\)'
expect_in_log "make run: ash is a login shell (\$0 is -sh)" "$mk_log" '^login shell: -sh$'
expect_in_log "make run: /bin/sh and ls are links to /bin/busybox" "$mk_log" \
	'^/bin/busybox$'
expect_in_log "make run: busybox's ps lists init" "$mk_log" '^ *1 init$'
# Job control (docs/terminal.md): init gives the shell a session whose controlling
# terminal is the console; ash then turns its monitor mode on ($- holds "m").
expect_in_log "make run: ash's job control is on" "$mk_log" '^job control: on$'
if tr -d '\r' <"$mk_log" | grep -q "job control turned off"; then
	fail "make run: ash says job control is turned off" "$mk_log"
else
	pass "make run: ash does not turn job control off"
fi
expect_in_log "make run: /etc/profile sets PATH" "$mk_log" '^PATH=/bin:/sbin:/usr/bin:/usr/sbin$'
