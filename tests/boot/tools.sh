# The user tools and demos of the guest's /bin (user/): ps, pmap, vmtop, vmstat and free
# driven by a guest program against a process whose memory is known (tests/tools/
# toolcheck.c); their headers, and pmap's whole output, compared with procps on this host;
# and the claims each demo makes (mmapdemo, sharedemo, sharedlibdemo, threaddemo) checked in its output in the guest
# and, with Linux as the oracle, on this host. (Sourced by tests/run.sh.)

tools_log=$LOGS/tools
QRUN_NO_BUILD=1 tools/qrun "$B/tool-tests/toolcheck" >"$tools_log.out" 2>"$tools_log.qrun"
tools_rc=$?
count_lines "tools" "$(cat "$tools_log.out")" '^(PASS|FAIL) ' "$tools_log.out"
[ $tools_rc -eq 0 ] || fail "tools/toolcheck: exit status $tools_rc" "$tools_log.out"

# guest_header TOOL: the header line(s) the guest's TOOL printed, as toolcheck reported them.
guest_header() {
	sed -n "s/^HEADER $1: //p" "$tools_log.out"
}

# expect_same NAME EXPECTED ACTUAL
expect_same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -10
	fi
}

# procps on the host is the oracle for the layouts, where it is installed.
if command -v vmstat >/dev/null; then
	expect_same "tools/vmstat's header is procps'" "$(vmstat | head -2)" "$(guest_header vmstat)"
fi
if command -v free >/dev/null; then
	expect_same "tools/free's header is procps'" "$(free | head -1)" "$(guest_header free)"
fi
if command -v pmap >/dev/null; then
	sleep 600 &
	sleeper=$!
	for _ in $(seq 100); do         # until it is sleep (exec done), not a copy of bash
		[ "$(cat /proc/$sleeper/comm 2>/dev/null)" = sleep ] && break
		sleep 0.1
	done
	expect_same "tools/pmap -x's header is procps'" "$(pmap -x $sleeper | sed -n 2p)" \
		"$(guest_header 'pmap -x')"
	# Our pmap reads the host's /proc/PID/smaps: its output must be procps' to the byte.
	expect_same "tools/pmap -x on Linux prints what procps' pmap -x prints" \
		"$(pmap -x $sleeper)" "$("$B/rootfs/bin/pmap" -x $sleeper)"
	expect_same "tools/pmap on Linux prints what procps' pmap prints" \
		"$(pmap $sleeper)" "$("$B/rootfs/bin/pmap" $sleeper)"
	kill $sleeper
	wait $sleeper 2>/dev/null
fi
# ps's headers depend on the width procps gives pids (from pid_max): these are procps 4's
# for five-digit pids, which is what the guest's ps prints.
expect_same "tools/ps's header is procps'" "  PID TTY          TIME CMD" "$(guest_header ps)"
expect_same "tools/ps -f's header is procps'" "UID        PID  PPID  C STIME TTY          TIME CMD" \
	"$(guest_header 'ps -f')"
expect_same "tools/ps aux's header is procps'" \
	"USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND" \
	"$(guest_header 'ps aux')"

# --- the demos ------------------------------------------------------------------------------

# frames FILE PATTERN: the frame numbers on FILE's lines that match PATTERN, in order.
frames() {
	grep -a -- "$2" "$1" | grep -o 'frame 0x[0-9a-f]*' | sed 's/frame //'
}

# check_mmapdemo WHERE OUTPUT: the claims of user/mmapdemo.c.
check_mmapdemo() {
	local w=$1 out=$2 f
	f=($(frames "$out" "^   \(shared\|private\|its map\) "))
	if [ ${#f[@]} -eq 5 ] && [ "${f[0]}" = "${f[1]}" ] && [ "${f[0]}" = "${f[2]}" ] &&
		[ "${f[3]}" = "${f[0]}" ] && [ "${f[4]}" != "${f[0]}" ]; then
		pass "$w/mmapdemo: one frame for both mappings and the other process, then a copy for the private write"
	else
		fail "$w/mmapdemo: frames ${f[*]}" "$out"
	fi
	expect_in_log "$w/mmapdemo: both mappings map the file's page, twice" "$out" \
		"^   private  at .* holds 'F': frame 0x[0-9a-f]+, kpagecount 2, the file's page"
	expect_in_log "$w/mmapdemo: a shared write reaches read()" "$out" "read\(\) of the file now gives 'S'"
	expect_in_log "$w/mmapdemo: and another process, which maps the same page" "$out" \
		"^   its map  at .* holds 'S': frame 0x[0-9a-f]+, kpagecount 3, the file's page"
	expect_in_log "$w/mmapdemo: the private write gets an anonymous copy" "$out" \
		"^   private  at .* holds 'P': frame 0x[0-9a-f]+, kpagecount 1, an anonymous page"
	expect_in_log "$w/mmapdemo: the file never sees it" "$out" "read\(\) of the file still gives 'S'"
	expect_in_log "$w/mmapdemo: the copy no longer follows the file" "$out" \
		"read\(\) gives 'T'; the private copy keeps 'P'"
}

# check_sharedemo WHERE OUTPUT: the claims of user/sharedemo.c.
check_sharedemo() {
	local w=$1 out=$2
	local pat="page: parent's frame 0x[0-9a-f]+ \(kpagecount %s\), child's frame 0x[0-9a-f]+ \(kpagecount %s\): %s"
	if tr -d '\r' <"$out" | grep -aA2 '^2\. After fork' | grep -aEq "private  $(printf "$pat" 2 2 'the same frame')" &&
		tr -d '\r' <"$out" | grep -aA2 '^2\. After fork' | grep -aEq "shared   $(printf "$pat" 2 2 'the same frame')"; then
		pass "$w/sharedemo: after fork both pages are one frame each, mapped twice"
	else
		fail "$w/sharedemo: after fork" "$out"
	fi
	if tr -d '\r' <"$out" | grep -aA2 '^3\. The child writes' | grep -aEq "private  $(printf "$pat" 1 1 'two frames')" &&
		tr -d '\r' <"$out" | grep -aA2 '^3\. The child writes' | grep -aEq "shared   $(printf "$pat" 2 2 'the same frame')"; then
		pass "$w/sharedemo: a write splits the private page, not the shared one"
	else
		fail "$w/sharedemo: after the child's writes" "$out"
	fi
	expect_in_log "$w/sharedemo: the parent sees the shared write, not the private one" "$out" \
		"private page \"parent's private data\", shared page \"child's shared data\""
}

# check_sharedlibdemo WHERE OUTPUT: the claims of user/sharedlibdemo.c.
check_sharedlibdemo() {
	local w=$1 out=$2 f counts
	f=($(frames "$out" "^   pid .* code at "))
	counts=$(grep -a '^   pid .* code at ' "$out" | sed 's/.*kpagecount //' | tr -d '\r' | sort -un)
	if [ ${#f[@]} -eq 4 ] && [ "$(printf '%s\n' "${f[@]}" | sort -u | wc -l)" = 1 ] &&
		[ "$(head -1 <<<"$counts")" -ge 4 ]; then
		pass "$w/sharedlibdemo: the C library's code is one frame in four processes, mapped by each"
	else
		fail "$w/sharedlibdemo: code frames ${f[*]}, counts $counts" "$out"
	fi
	f=($(frames "$out" "^   pid .* data at .*, kpagecount 1[^0-9]*$"))
	if [ ${#f[@]} -eq 4 ] && [ "$(printf '%s\n' "${f[@]}" | sort -u | wc -l)" = 4 ]; then
		pass "$w/sharedlibdemo: the data each wrote is a frame of its own, mapped once"
	else
		fail "$w/sharedlibdemo: data frames ${f[*]}" "$out"
	fi
	expect_in_log "$w/sharedlibdemo: maps names the library's text" "$out" \
		'^   [0-9a-f]+-[0-9a-f]+ r-xp [0-9a-f]+ [0-9a-f]+:[0-9a-f]+ [0-9]+ +/.*(ld-musl-x86_64.so.1|libc.so)$'
}

for demo in mmapdemo sharedemo sharedlibdemo; do
	QRUN_NO_BUILD=1 tools/qrun "$B/rootfs/bin/$demo" >"$LOGS/$demo.guest" 2>/dev/null ||
		fail "guest/$demo: exit status $?" "$LOGS/$demo.guest"
	"check_$demo" guest "$LOGS/$demo.guest"
	# Linux shows frame numbers in pagemap to root only.
	if [ "$(id -u)" = 0 ]; then
		demo_dir=$(mktemp -d)           # mmapdemo's file: not shared with other runs
		demo_args=()
		[ $demo = mmapdemo ] && demo_args=("$demo_dir/mmapdemo.dat")
		(cd "$demo_dir" && "$OLDPWD/$B/rootfs/bin/$demo" ${demo_args[@]+"${demo_args[@]}"}) \
			>"$LOGS/$demo.linux" 2>&1 || fail "linux/$demo: exit status $?" "$LOGS/$demo.linux"
		rm -rf "$demo_dir"
		"check_$demo" linux "$LOGS/$demo.linux"
	fi
done

# check_threaddemo WHERE OUTPUT: the claims of user/threaddemo.c, run with 4 threads.
check_threaddemo() {
	local w=$1 out=$2 ids
	expect_in_log "$w/threaddemo: one pid, a tid each" "$out" \
		"^   pid: the same in all 5 threads; tid: different in each$"
	# The ids it printed, and what /proc/PID/task/TID/status said of the last thread.
	ids=$(tr -d '\r' <"$out" | awk '
		/^   main thread: +pid/ { gsub(/,/, ""); pid = $4; if ($6 != pid) bad = 1 }
		/^   thread [0-9]+: +pid/ { gsub(/,/, ""); if ($4 != pid || $6 == pid || tid[$6]++) bad = 1; last = $6; n++ }
		/^   \/proc\/[0-9]+\/task\/[0-9]+\/status/ { own = 1 }
		own && /^   Tgid:/ { tgid = $2 } own && /^   Pid:/ { tpid = $2; own = 0 }
		END { print (!bad && n == 4 && tgid == pid && tpid == last) ? "ok" : "bad" }')
	if [ "$ids" = ok ]; then
		pass "$w/threaddemo: the leader's tid is the pid, the others' differ; the task's status says Tgid: PID, Pid: TID"
	else
		fail "$w/threaddemo: the ids it printed" "$out"
	fi
	expect_in_log "$w/threaddemo: a global is at one address in every thread" "$out" \
		"^   &counter: the same address in all 5 threads"
	expect_in_log "$w/threaddemo: the counter holds every thread's additions" "$out" \
		"counter = 4000 \(every addition is there\)$"
	expect_in_log "$w/threaddemo: the main thread's stack is [stack]" "$out" \
		"^   main thread: +local at 0x[0-9a-f]+, in [0-9a-f]+-[0-9a-f]+ rw-p \[stack\]"
	if [ "$(tr -d '\r' <"$out" | grep -acE '^   thread [0-9]+: +local at .* rw-p anonymous \([0-9]+ KiB\), above a ---p guard')" = 4 ]; then
		pass "$w/threaddemo: each thread's stack is an anonymous area above a guard"
	else
		fail "$w/threaddemo: the threads' stacks" "$out"
	fi
	expect_in_log "$w/threaddemo: a different stack each" "$out" \
		"^   the locals: different addresses; the stacks: a different area each$"
	expect_in_log "$w/threaddemo: /proc/PID/status: Threads: 5" "$out" "^   Threads:.5$"
	expect_in_log "$w/threaddemo: /proc/PID/task has 5 entries" "$out" \
		"^   ls /proc/[0-9]+/task:( [0-9]+){5}   \(5 entries\)$"
	expect_in_log "$w/threaddemo: all joined" "$out" "^   joined 4 of 4 threads"
	expect_in_log "$w/threaddemo: then Threads: 1" "$out" "^   Threads:.1$"
	expect_in_log "$w/threaddemo: and one entry in /proc/PID/task" "$out" \
		"^   ls /proc/[0-9]+/task: [0-9]+   \(1 entry\)$"
}

QRUN_NO_BUILD=1 tools/qrun "$B/rootfs/bin/threaddemo" 4 >"$LOGS/threaddemo.guest" 2>/dev/null ||
	fail "guest/threaddemo: exit status $?" "$LOGS/threaddemo.guest"
check_threaddemo guest "$LOGS/threaddemo.guest"
"$B/rootfs/bin/threaddemo" 4 >"$LOGS/threaddemo.linux" 2>&1 ||
	fail "linux/threaddemo: exit status $?" "$LOGS/threaddemo.linux"
check_threaddemo linux "$LOGS/threaddemo.linux"
# -p: it waits for a line of input after each of the first four steps.
if [ "$(printf '\n\n\n\n' | "$B/rootfs/bin/threaddemo" -p 1 | grep -o '(press Enter)' | wc -l)" = 4 ]; then
	pass "linux/threaddemo -p: it waits for Enter after each step"
else
	fail "linux/threaddemo -p: it waits for Enter after each step"
fi
