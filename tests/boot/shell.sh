# The project's own shell (user/mmsh.c, booted with "-- /bin/mmsh": init runs it instead of
# busybox's ash), driven through the serial console as a user would type: commands, a pipeline,
# redirection, a failing command, cd, and exit, which makes init power the machine off.
# (Sourced by tests/run.sh; the console helpers, wait_for, converse and session, are in
# tests/lib.sh.)

shell_log=$LOGS/shell.log
tools/mkiso.sh "$B/kernel.elf" "panic=exit -- /bin/mmsh" "$B/test-iso/shell.iso" "$B/initrd.cpio"
session "$B/test-iso/shell.iso" "$shell_log" 'echo hello there' '^hello there$' \
	'echo piped words | cat' '^piped words$' 'echo saved > /tmp/f; cat /tmp/f' '^saved$' \
	'false' '\[exit 1\]' 'cd /tmp; pwd' '^/tmp$' 'nosuchprogram' 'not found' \
	'exit' 'powering off'
expect_rc "shell/exit powers off" "$shell_log" "$QEMU_PASS"
expect_in_log "shell/init shows the motd" "$shell_log" '^Welcome to mmk'
expect_in_log "shell/runs a program with arguments" "$shell_log" '^hello there$'
expect_in_log "shell/pipeline" "$shell_log" '^piped words$'
expect_in_log "shell/redirection" "$shell_log" '^saved$'
expect_in_log "shell/reports a non-zero status" "$shell_log" '\[exit 1\]'
expect_in_log "shell/cd and pwd" "$shell_log" '^/tmp$'
expect_in_log "shell/unknown program" "$shell_log" '^sh: nosuchprogram: not found'
expect_in_log "shell/exit reaches init" "$shell_log" 'init: the shell exited; powering off'

# Ctrl-C kills the program in the foreground, not the shell. Each key is typed once the log
# shows the shell or the program is ready for it: Ctrl-C once cat -n has printed back the
# line typed to it, numbered, so cat is running in the foreground; the next command at the
# prompt after the kill. cat's numbered copy is waited for, not the terminal's echo: a
# kernel log line from cat's start (a call mmk lacks) can land inside the echo.
ctrlc_log=$LOGS/shell-ctrlc.log
: >"$ctrlc_log"
{
	wait_for_prompts "$ctrlc_log" 1 && printf 'cat -n\n' && wait_for "$ctrlc_log" '\$ cat -n$' &&
		printf 'typed\n' && wait_for "$ctrlc_log" $'^ *1\ttyped$' &&
		printf '\003' && wait_for "$ctrlc_log" 'killed by signal' &&
		wait_for_prompts "$ctrlc_log" 2 && printf 'echo still here\n' &&
		wait_for "$ctrlc_log" '^still here$' &&
		wait_for_prompts "$ctrlc_log" 3 && printf 'exit\n'
	sleep 0.5
} | timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
	-serial stdio -cdrom "$B/test-iso/shell.iso" >"$ctrlc_log" 2>&1
echo $? >"$ctrlc_log.rc"
expect_rc "shell/Ctrl-C, then exit powers off" "$ctrlc_log" "$QEMU_PASS"
expect_in_log "shell/Ctrl-C kills the foreground program" "$ctrlc_log" '\[killed by signal 2: SIGINT\]'
expect_in_log "shell/the shell survives Ctrl-C" "$ctrlc_log" '^still here$'

# A host folder's files in the guest (make run EXTRA=DIR): the ramdisk is packed the way the
# Makefile packs it with EXTRA, and the shell reads the file and runs the program it brought.
extra_dir=$(mktemp -d)
mkdir -p "$extra_dir/home/bin"
echo "brought from the host" >"$extra_dir/home/note.txt"
cp "$B/rootfs/bin/mmecho" "$extra_dir/home/bin/hostecho"
# A program built on the host with plain gcc: dynamically linked against glibc, whose loader
# and libc.so.6 the image carries (the Makefile copies them from the host).
printf '#include <stdio.h>\nint main(int c, char **v) { printf("glibc says %%s\\n", v[c - 1]); }\n' |
	gcc -x c - -o "$extra_dir/home/bin/hostgcc"
tools/mkinitrd.sh "$B/test-iso/extra.cpio" rootfs "$B/busybox-root" "$B/rootfs" "$extra_dir"
rm -rf "$extra_dir"
tools/mkiso.sh "$B/kernel.elf" "panic=exit -- /bin/mmsh" "$B/test-iso/extra.iso" "$B/test-iso/extra.cpio"
extra_log=$LOGS/shell-extra.log
session "$B/test-iso/extra.iso" "$extra_log" 'cat /home/note.txt' '^brought' \
	'/home/bin/hostecho ran it' '^ran it' '/home/bin/hostgcc hi' '^glibc says hi' \
	'exit' 'powering off'
expect_rc "shell/EXTRA: exit powers off" "$extra_log" "$QEMU_PASS"
expect_in_log "shell/EXTRA: the host's file is there" "$extra_log" '^brought from the host$'
expect_in_log "shell/EXTRA: the host's program runs" "$extra_log" '^ran it$'
expect_in_log "shell/EXTRA: a plain gcc program runs on the image's glibc" "$extra_log" '^glibc says hi$'
