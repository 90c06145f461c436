# Run by Debian's busybox-static sh, natively and in the guest (tests/boot/busybox.sh): the
# outputs must be identical. The tools of a small Linux system, as busybox's applets, each
# through a link named after it (as the guest's /bin has them, and as Linux names the
# process: its comm): what they read of /proc (ps, top, free, uptime, /proc/PID/stat,
# statm, cmdline, environ, /proc/loadavg...), signals and exit statuses (kill, timeout),
# files whose modes and times must survive (sed -i, tar, cp -a), and files copied by cat
# and cp, which send them with sendfile. Nothing here waits for time to pass: a process is
# looked at once /proc says it is asleep.
bb=$(busybox readlink /proc/$$/exe)
busybox mkdir -p bin
for applet in cat cp cut env free grep kill ls ps readlink sed sleep stat tar timeout top \
	touch tr uptime wc; do
	busybox ln -sf "$bb" "bin/$applet"
done
PATH=$PWD/bin
export TZ=UTC
umask 022

echo "== a sleeping process, as ps and /proc/PID/stat show it"
# In a subshell whose stderr is dropped: whether ash reports "Terminated" for the killed
# job depends on when it notices (on Linux too). Its pid, for the parent check: the
# subshell reads its own /proc/self/stat (read is built in: no new process).
(
read -r shell_pid rest </proc/self/stat
sleep 100 &
sleeper=$!
# Until it has exec'd sleep and sleeps in it (it starts as a copy of this shell).
while :; do
	read -r line </proc/$sleeper/stat
	set -- $line
	[ "$2" = "(sleep)" ] && [ "$3" = S ] && break
done
echo "stat: $# fields, comm $2, state $3"
[ "$4" = "$shell_pid" ] && echo "stat: its parent is this shell"
echo "stat: priority ${18}, nice ${19}, threads ${20}"
ps -o pid,stat,comm,args | while read -r pid stat comm args; do
	[ "$pid" = "$sleeper" ] && echo "ps: $stat $comm [$args]"
done
ps | grep -c "^ *$sleeper .*sleep 100$"
echo "cmdline: [$(tr '\0' ' ' </proc/$sleeper/cmdline)]"
echo "comm: $(cat /proc/$sleeper/comm)"
read -r size resident shared text lib data dt </proc/$sleeper/statm
echo "statm: lib $lib dt $dt, resident <= size: $([ "$resident" -le "$size" ] && echo yes)"
kill -0 $sleeper; echo "kill -0 a live process: $?"
kill $sleeper; wait $sleeper; echo "killed: $?"
kill -0 $sleeper 2>/dev/null; echo "kill -0 after it ended: $?"
) 2>/dev/null
env -i MMK_ONE=1 MMK_TWO=two "$bb" cat /proc/self/environ | tr '\0' '\n'

echo "== system-wide files"
read -r l1 l5 l15 procs last </proc/loadavg
echo "loadavg: $(echo "$l1 $l5 $l15 $procs $last" |
	grep -cE '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+/[0-9]+ [0-9]+$')"
read -r up idle </proc/uptime
echo "uptime: $(echo "$up $idle" | grep -cE '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}$')"
read -r cpu user nice system idle iowait irq softirq steal guest guest_nice </proc/stat
echo "stat: $cpu, $(grep -c '^btime [0-9]*$' /proc/stat) btime"
echo "cpuinfo: $(grep -c '^processor	: 0$' /proc/cpuinfo) $(grep -m1 -c '^flags		: fpu ' /proc/cpuinfo)"
uptime | sed -E 's/^ *[0-9:]+ up .*load average: [0-9.]+, [0-9.]+, [0-9.]+$/uptime: as Linux/'
free | sed -n '1s/ \+/ /gp'
free | sed -nE '2s/^Mem:( +[0-9]+){6}$/free: Mem line/p'
top -bn1 | sed -nE '1s/^Mem: .* used, .* free, .* shrd, .* buff, .* cached$/top: Mem/p
	2s/^CPU: .*% usr .*% sys .*% idle .*$/top: CPU/p
	3s/^Load average: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+\/[0-9]+ [0-9]+$/top: load/p
	4s/ +/ /gp'

echo "== timeout and sleep"
# (ash reports the killed sleep as "Terminated" on its stderr: dropped.)
(timeout 1 sleep 100; echo "timeout: $?") 2>/dev/null
timeout 100 sleep 0; echo "no timeout: $?"
sleep 0.1; echo "sleep: $?"

echo "== sed -i keeps the file's mode"
printf 'one\ntwo\n' >f
chmod 640 f
sed -i 's/one/ONE/' f
stat -c '%a %s %n' f
cat f

echo "== tar c and x keep modes and times"
# Of files: busybox, unlike GNU tar, does not set a directory's time back once it has
# filled it, so a directory's time is the time of the run.
mkdir -p d/sub
echo data >d/sub/file
chmod 600 d/sub/file
chmod 750 d/sub
touch -d @1577934245 d/sub/file
touch -d @1500000000 d/sub
ln -s file d/sub/link
tar cf t.tar d
rm -rf d
tar xf t.tar
stat -c '%a %F %n' d/sub d/sub/link | sed 's/symbolic link/link/'
stat -c '%a %Y %F %n' d/sub/file
readlink d/sub/link
tar tf t.tar | sort

echo "== cp -a keeps modes, times and links"
cp -a d e
stat -c '%a %n' e/sub
stat -c '%a %Y %n' e/sub/file
readlink e/sub/link
ls e/sub

echo "== cat and cp copy a file larger than a pipe (through sendfile)"
"$bb" seq 1 30000 >big
cp big big2
cat big >big3
cat big | "$bb" md5sum
"$bb" md5sum big2 big3
