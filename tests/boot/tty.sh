# The console as a terminal, typed at as a user would (tests/lib.sh: wait_for...):
#  1. canonical mode's editing (VERASE, VKILL, VWERASE, VEOF) seen by cat;
#  2. Debian's busybox ash with job control: Ctrl-Z stops the foreground job, jobs lists
#     it, bg continues it, a background cat reading the terminal is stopped by SIGTTIN, fg
#     brings it back and Ctrl-C ends it; lines are echoed once; a pipeline works;
#  3. tests/tty/ttycheck's termios and job-control ioctls (and sendfile), run from the
#     shell on the console, print what they print on this host under a pseudo-terminal
#     (Linux's answers). Last: its end takes the terminal from the shell's session.
# Each key is typed once the log shows that the program it is meant for is ready for it:
# ash's jobs print a line first, as they start (ash restored the terminal's modes before),
# and cat -n has read a line once its numbered copy is there (not the terminal's echo, which
# a kernel log line from cat's start, a call mmk lacks, can split).
# (Sourced by tests/run.sh.)

tty_log=$LOGS/tty.log
tty_dir=$(mktemp -d)
mkdir -p "$tty_dir/bin"
cp "$B/tty-tests/ttycheck" "$tty_dir/bin/"
tools/mkinitrd.sh "$B/test-iso/tty.cpio" rootfs "$B/busybox-root" "$B/rootfs" "$tty_dir"
rm -rf "$tty_dir"
# The project's own shell first (its "$ " prompts pace the script), which starts ash.
tools/mkiso.sh "$B/kernel.elf" "panic=exit -- /bin/mmsh" "$B/test-iso/tty.iso" "$B/test-iso/tty.cpio"

# Linux's answers: ttycheck as the leader of a session whose terminal is a pseudo-terminal.
python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
' "$B/tty-tests/ttycheck" | tr -d '\r' >"$LOGS/tty.host"

# ash_prompts N: until busybox ash (PS1 "ash%") has shown its prompt N times.
ash_prompts() {
	wait_for_count "$tty_log" '^ash%' "$1"
}

: >"$tty_log"
{
	wait_for_prompts "$tty_log" 1 && printf 'cat\n' && wait_for "$tty_log" '^\$ cat$' &&
		printf 'helxo\177\177lo\n' && wait_for "$tty_log" '^hello$' &&
		printf 'junk\025line\n' && wait_for "$tty_log" '^line$' &&
		printf 'one two\027three\n' && wait_for "$tty_log" '^one three$' &&
		printf '\004' &&
	wait_for_prompts "$tty_log" 2 && printf '/bin/busybox env PS1=ash%% /bin/busybox sh -i\n' &&
		ash_prompts 1 && printf 'echo once\n' && wait_for "$tty_log" '^once$' &&
		ash_prompts 2 && printf '(echo started; exec sleep 100)\n' &&
		wait_for "$tty_log" '^started$' && printf '\032' &&
		ash_prompts 3 && printf 'jobs\n' &&
		ash_prompts 4 && printf 'bg\n' &&
		ash_prompts 5 && printf 'jobs\n' &&
		ash_prompts 6 && printf 'kill %%1; wait\n' &&
		ash_prompts 7 && printf '(echo reading; exec cat -n)\n' &&
		wait_for "$tty_log" '^reading$' &&
		printf 'first\n' && wait_for "$tty_log" $'^ *1\tfirst$' && printf '\032' &&
		ash_prompts 8 && printf 'bg; wait; jobs\n' &&
		ash_prompts 9 && printf 'fg\n' && wait_for "$tty_log" '^(echo reading; exec cat -n)$' &&
		printf 'second\n' && wait_for "$tty_log" $'^ *2\tsecond$' && printf '\003' &&
		ash_prompts 10 && printf 'echo a b c | wc -w\n' &&
		ash_prompts 11 && printf 'exit\n' &&
	wait_for_prompts "$tty_log" 3 && printf '/bin/ttycheck\n' &&
		wait_for "$tty_log" '^ttycheck end$' &&
	wait_for_prompts "$tty_log" 4 && printf 'exit\n'
	sleep 0.5
} | timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
	-serial stdio -cdrom "$B/test-iso/tty.iso" >"$tty_log" 2>&1
echo $? >"$tty_log.rc"
expect_rc "tty: exit powers off" "$tty_log" "$QEMU_PASS"

tr -d '\r' <"$tty_log" | grep -a '^ttycheck ' >"$LOGS/tty.guest"
if [ "$(wc -l <"$LOGS/tty.host")" -lt 30 ]; then
	fail "tty: ttycheck under a pseudo-terminal on this host printed too little" "$LOGS/tty.host"
elif ! cmp -s "$LOGS/tty.host" "$LOGS/tty.guest"; then
	fail "tty: ttycheck's termios and job-control answers differ from Linux's" "$tty_log"
	diff "$LOGS/tty.host" "$LOGS/tty.guest" | head -20
else
	pass "tty: ttycheck's termios and job-control answers are Linux's"
fi
expect_in_log "tty: VERASE erases a character" "$tty_log" '^hello$'
expect_in_log "tty: VKILL erases the line" "$tty_log" '^line$'
expect_in_log "tty: VWERASE erases a word" "$tty_log" '^one three$'
expect_in_log "tty: ash keeps job control on" "$tty_log" '^ash%'
if tr -d '\r' <"$tty_log" | grep -aq 'job control turned off'; then
	fail "tty: ash turned job control off" "$tty_log"
fi
if [ "$(tr -d '\r' <"$tty_log" | grep -ac 'echo once')" = 1 ]; then
	pass "tty: a line typed to ash is echoed once"
else
	fail "tty: a line typed to ash is not echoed exactly once" "$tty_log"
fi
expect_in_log "tty: Ctrl-Z stops the foreground job" "$tty_log" \
	'^\[1\]\+ +Stopped +\(echo started; exec sleep 100\)$'
expect_in_log "tty: bg continues it" "$tty_log" '^\[1\]\+ +Running +\(echo started; exec sleep 100\)$'
expect_in_log "tty: a background read stops the reader (SIGTTIN)" "$tty_log" \
	'^\[1\]\+ +Stopped \(tty input\) +\(echo reading; exec cat -n\)$'
expect_in_log "tty: fg brings it back to read the terminal" "$tty_log" $'^ *2\tsecond$'
expect_in_log "tty: a pipeline in ash" "$tty_log" '^3$'
