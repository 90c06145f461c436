# Run by Debian's busybox-static sh, natively and in the guest (tests/boot/busybox.sh): the
# outputs must be identical. Each applet is named through busybox, so both runs use the
# same programs. What a glibc shell needs of the kernel: fork through clone, waiting for
# background jobs (rt_sigsuspend), pipes, poll, signals and traps, command substitution.
echo "== a background job, then wait"
busybox sleep 1 & wait; echo "wait: $?"
echo "== a pipeline of three"
echo a b c | busybox tr a-z A-Z | busybox wc -c
busybox seq 5 | busybox tac | busybox head -3
echo "== exit statuses"
true | false; echo "pipeline: $?"
(exit 3); echo "subshell: $?"
busybox sh -c 'exit 4'; echo "sh -c: $?"
echo "== read sees end of file"
read x </dev/null; echo "read: $?"
busybox printf '%s\n' one two | while read l; do echo "[$l]"; done
echo "== signals"
# Whether ash reports "Terminated" (on stderr) depends on when it notices the job ended:
# on Linux and here alike it varies with timing, so only the status is compared.
(busybox sleep 5 & kill $!; wait $!; echo "killed: $?") 2>/dev/null
trap 'echo "trapped USR1"' USR1; kill -USR1 $$; echo "after the trap"
echo "== substitution and arithmetic"
x=$(busybox echo sub); echo "got $x"
echo "$((6 * 7)) $(busybox expr 6 \* 7)"
busybox seq 1000 | busybox md5sum
busybox uname -s -m
