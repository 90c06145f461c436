# Helpers for tests/run.sh and the scenario scripts it sources (tests/boot, tests/gdb).
# Each scenario calls pass NAME or fail NAME [LOGFILE] for every check it makes.

B=build
LOGS=$B/test-logs
QEMU=${QEMU:-qemu-system-x86_64}
# How long a boot, a console session, a tools/qrun run (QRUN_TIMEOUT) or a gdb session may
# take before it counts as hung: QEMU is many times slower when the host is busy (two lanes
# of tests, a build, other users), so this is a limit for a hang, never a budget a passing
# test comes near.
HANG_TIMEOUT=${HANG_TIMEOUT:-300}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-$HANG_TIMEOUT}
export QRUN_TIMEOUT=${QRUN_TIMEOUT:-$HANG_TIMEOUT}
QEMU_PASS=33      # kernel/qemu.h: QEMU_EXIT_PASS
QEMU_FAIL=35      # QEMU_EXIT_FAIL
QEMU_PANIC=37     # QEMU_EXIT_PANIC
QEMU_TIMEOUT=124  # from timeout(1)
mkdir -p "$LOGS"

passed=0
failed=0
failures=()

pass() {
	passed=$((passed + 1))
	echo "PASS $1"
	[ -z "${RESULTS:-}" ] || echo "PASS $1" >>"$RESULTS"
}

# fail NAME [LOG]: counts a failure and shows the end of LOG.
fail() {
	failed=$((failed + 1))
	failures+=("$1")
	echo "FAIL $1"
	[ -z "${RESULTS:-}" ] || echo "FAIL $1" >>"$RESULTS"
	if [ -n "${2:-}" ]; then
		echo "----- log: $2 (last 60 lines) -----"
		tail -n 60 "$2" | tr -d '\r'
		echo "----- end of log -----"
	fi
}

# count_lines PREFIX TEXT REGEX: one pass or fail for each "PASS name"/"FAIL name" line.
count_lines() {
	local prefix=$1 text=$2 re=$3 verdict name
	while read -r verdict name; do
		[ -n "$verdict" ] || continue
		if [ "$verdict" = PASS ]; then pass "$prefix/$name"; else fail "$prefix/$name" "${4:-}"; fi
	done < <(grep -E "$re" <<<"$text")
}

# boot NAME CMDLINE [QEMU ARGS...]: boots the kernel with CMDLINE (panic=exit added, and
# norandmaps: the same layout at every boot), with
# BOOT_MEM of RAM (default 128M), under
# a timeout, with the serial console in a log file. Prints the log's path; QEMU's exit
# status is in LOG.rc.
boot() {
	local name=$1 cmdline=$2
	shift 2
	local iso=$B/test-iso/$name.iso log=$LOGS/$name.log
	mkdir -p "$B/test-iso"
	tools/mkiso.sh "$B/kernel.elf" "$cmdline panic=exit norandmaps" "$iso" "${BOOT_INITRD-$B/initrd.cpio}" >&2
	timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m "${BOOT_MEM:-128M}" -display none \
		-serial "file:$log" -cdrom "$iso" "$@" </dev/null >"$log.qemu" 2>&1
	echo $? >"$log.rc"
	echo "$log"
}

# expect_in_log NAME LOG PATTERN: passes when the log holds a line matching PATTERN (ERE).
expect_in_log() {
	if tr -d '\r' <"$2" | grep -aEq -- "$3"; then pass "$1"; else fail "$1: no line matches /$3/" "$2"; fi
}

# memory_total_kib LOG: the "Memory: N KiB total" figure of a boot log.
memory_total_kib() {
	tr -d '\r' <"$1" | sed -n 's/.*Memory: \([0-9]*\) KiB total.*/\1/p'
}

# expect_total_between NAME LOG LOW_KIB HIGH_KIB
expect_total_between() {
	local total
	total=$(memory_total_kib "$2")
	if [ -n "$total" ] && [ "$total" -ge "$3" ] && [ "$total" -le "$4" ]; then
		pass "$1 ($total KiB)"
	else
		fail "$1: total '${total}' KiB not in [$3, $4]" "$2"
	fi
}

# expect_rc NAME LOG STATUS: passes when QEMU exited with STATUS.
expect_rc() {
	local rc
	rc=$(cat "$2.rc")
	if [ "$rc" = "$3" ]; then pass "$1"; else fail "$1: QEMU exit status $rc, expected $3" "$2"; fi
}

# --- jobs, run in two lanes at once --------------------------------------------------------
# Each test file declares its checks as jobs: `job NAME COMMAND...` (a boot scenario, one
# guest program, a fuzzer...). Sourced alone (bash -c 'source tests/lib.sh; source
# tests/boot/X.sh; summary'), a job runs at once. tests/run.sh instead queues them all
# (JOBS_QUEUE=1), each under the `section` declared before it, and run_jobs runs them in two
# lanes, one per core, since each job is mostly one single-threaded QEMU: lane 1 takes jobs
# from the front of the queue and prints as it goes; lane 2 takes them from the back and
# prints each job's lines when it ends. They meet in the middle, among the many short
# guest-program jobs, so both end at about the same time. Every PASS or FAIL line is also
# appended to the lane's results file ($RESULTS), which the running counts and the summary
# add up. A job must not share a fixed path or port with another job: its logs are named
# after it, and gdb ports come from free_port.

JOBS_QUEUE=${JOBS_QUEUE:-}
job_names=()
job_cmds=()
job_sections=()
job_section=
LANES=$LOGS/lanes

# job NAME COMMAND...: runs COMMAND now, or queues it as job NAME (see above).
job() {
	local name=$1
	shift
	if [ -z "$JOBS_QUEUE" ]; then
		"$@"
		return
	fi
	job_names+=("$name")
	job_sections+=("$job_section")
	job_cmds+=("$(printf '%q ' "$@")")
}

# section TITLE: the section of the jobs declared next; run at once, a heading.
section() {
	if [ -n "$JOBS_QUEUE" ]; then
		job_section=$1
	else
		heading "$1"
	fi
}

# heading TITLE: a heading in make test's output, with the running count of both lanes.
heading() {
	local p=$passed f=$failed
	if [ -d "$LANES" ] && [ -n "${RESULTS:-}" ]; then
		p=$(cat "$LANES"/results.* | grep -c '^PASS ')
		f=$(cat "$LANES"/results.* | grep -c '^FAIL ')
	fi
	echo
	echo "== $1 (so far: $p passed, $f failed; $SECONDS s)"
}

# next_job LANE: the index of the next job for LANE (1: from the front, 2: from the back),
# or nothing once every job is taken.
next_job() {
	local front back
	{
		flock 9
		read -r front back <"$LANES/queue"
		[ "$front" -le "$back" ] || return 0
		if [ "$1" = 1 ]; then
			echo "$front"
			front=$((front + 1))
		else
			echo "$back"
			back=$((back - 1))
		fi
		echo "$front $back" >"$LANES/queue"
	} 9>"$LANES/queue.lock"
}

# lane N: runs jobs until none is left, recording each one's start and end times. Lane 1
# writes as it goes; lane 2 keeps a job's output until it ends, then prints it whole. (A job
# is sourced in here: the lane's own variables are named lane_*, which no test file uses.)
lane() {
	local lane_i lane_t0
	LANE=$1
	RESULTS=$LANES/results.$LANE
	lane_shown=
	while lane_i=$(next_job "$LANE") && [ -n "$lane_i" ]; do
		lane_t0=$EPOCHREALTIME
		if [ "$LANE" = 1 ]; then
			lane_job "$lane_i"
		else
			lane_job "$lane_i" >"$LANES/output.$lane_i" 2>&1
			cat "$LANES/output.$lane_i"
		fi
		echo "$lane_t0 $EPOCHREALTIME ${job_names[$lane_i]}" >>"$LANES/done.$LANE"
	done
}

# lane_job I: job I, after its section's heading if the lane's last job was in another.
lane_job() {
	if [ "${job_sections[$1]}" != "$lane_shown" ]; then
		lane_shown=${job_sections[$1]}
		if [ "$LANE" = 1 ]; then heading "$lane_shown"; else heading "$lane_shown [lane 2]"; fi
	fi
	eval "${job_cmds[$1]}"
}

# run_jobs: runs the queued jobs in two lanes (see above), each in a shell of its own, and
# fails any job a lane did not finish (its shell died in it).
run_jobs() {
	local i lane1
	rm -rf "$LANES"
	mkdir -p "$LANES"
	: >"$LANES/results.1"
	: >"$LANES/results.2"
	: >"$LANES/done.1"
	: >"$LANES/done.2"
	echo "0 $((${#job_names[@]} - 1))" >"$LANES/queue"
	(lane 1) &
	lane1=$!
	(lane 2) &
	wait "$lane1" $!
	RESULTS=$LANES/results.0
	for i in "${!job_names[@]}"; do
		if ! cut -d' ' -f3- "$LANES"/done.* | grep -qxF -- "${job_names[$i]}"; then
			fail "${job_names[$i]}: did not finish (its lane's shell died in it)" \
				"$(ls "$LANES/output.$i" 2>/dev/null)"
		fi
	done
}

# slowest N: the N jobs that took longest, in seconds.
slowest() {
	echo
	echo "Slowest:"
	cat "$LANES"/done.* | awk '{ t = $2 - $1; $1 = $2 = ""; sub(/^ +/, ""); printf "%6.1f s  %s\n", t, $0 }' |
		sort -rn | head -n "$1"
}

summary() {
	if [ -d "$LANES" ] && [ -n "$JOBS_QUEUE" ]; then
		passed=$(cat "$LANES"/results.* | grep -c '^PASS ')
		failed=$(cat "$LANES"/results.* | grep -c '^FAIL ')
		mapfile -t failures < <(cat "$LANES"/results.* | sed -n 's/^FAIL //p')
		slowest 5
	fi
	echo
	if [ $failed -ne 0 ]; then
		echo "Failed:"
		printf '  %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
}

# --- driving the guest's shell through the serial console (tests/boot/shell.sh, memview.sh) ---

# The waits below give up after WAIT_LIMIT tenths of a second (90 s): a step takes a few
# seconds on an idle machine, many more on a busy one.
WAIT_LIMIT=${WAIT_LIMIT:-900}

wait_for() {    # wait_for LOG PATTERN: until LOG has a line matching PATTERN
	for _ in $(seq "$WAIT_LIMIT"); do
		[ -e "$1" ] && tr -d '\r' <"$1" | grep -q -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# converse LOG TEXT PATTERN...: types each TEXT once the shell's next prompt is in LOG, and
# waits until LOG matches its PATTERN. One line at a time, as a person types: what is typed
# ahead is echoed amid the output, as on Linux, which would garble the lines checked.
converse() {
	local log=$1 prompts=1
	shift
	while [ $# -ge 2 ]; do
		wait_for_prompts "$log" "$prompts" || return
		printf '%s\n' "$1"
		wait_for "$log" "$2" || return
		prompts=$((prompts + 1))
		shift 2
	done
	sleep 0.5
}

# wait_for_prompts LOG N: until the shell has printed its prompt N times, so that a line is
# typed only once the shell is ready for it. The prompt is PROMPT_RE: the project's own
# shell's "$ " (booted with "-- /bin/mmsh") unless a test sets ASH_PROMPT, ash's as
# /etc/profile sets it (make run's login shell).
ASH_PROMPT='^~ # '
wait_for_prompts() {
	for _ in $(seq "$WAIT_LIMIT"); do
		[ "$(tr -d '\r' <"$1" | grep -c -- "${PROMPT_RE:-^\$ }")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_for_count LOG PATTERN N: until LOG has N lines matching PATTERN.
wait_for_count() {
	for _ in $(seq "$WAIT_LIMIT"); do
		[ "$(tr -d '\r' <"$1" | grep -c -- "$2")" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}

# free_port: a TCP port nothing listens on now, as the kernel hands out for bind(0): for a
# gdb stub, so that two tests (or two users' runs) never ask QEMU for the same one.
free_port() {
	tools/gdb-port --any
}

# wait_for_port PORT: until something listens on localhost:PORT.
wait_for_port() {
	for _ in $(seq "$WAIT_LIMIT"); do
		(exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# session ISO LOG TEXT PATTERN...: boots ISO with the serial console in LOG, holds the
# conversation (see converse), and records QEMU's exit status in LOG.rc.
session() {
	local iso=$1 log=$2
	shift 2
	: >"$log"
	converse "$log" "$@" |
		timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
			-serial stdio -cdrom "$iso" >"$log" 2>&1
	echo $? >"$log.rc"
}
