# The OOM killer (tests/stress/oom.c), in the guest only, with 32 MiB of RAM: hogs are
# killed with Linux's report, a process with oom_score_adj 1000 goes first, an innocent
# process keeps its data (and gets memory back after a kill), the kernel keeps running and
# every frame comes back. (Sourced by tests/run.sh.)

oom_out=$LOGS/oom
QRUN_NO_BUILD=1 tools/qrun --mem 32M --log "$oom_out.kernel.log" "$B/stress/oom" >"$oom_out.out" 2>"$oom_out.qrun"
oom_rc=$?
cat >"$oom_out.expected" <<'END'
the innocent process holds 2 MiB
hog 1 filled memory and sleeps
hog 1 was killed by SIGKILL
the innocent got 2 MiB more, and its data is intact
hog 2 was killed by SIGKILL
first to die: the small one with oom_score_adj 1000, killed by SIGKILL
then: killed by SIGKILL
the innocent exited normally, its data intact
END
if [ $oom_rc -eq 0 ] && cmp -s "$oom_out.out" "$oom_out.expected"; then
	pass "oom/hogs die, oom_score_adj 1000 first, the innocent keeps its data"
else
	fail "oom/the OOM scenario (qrun status $oom_rc)" "$oom_out.out"
	diff "$oom_out.expected" "$oom_out.out" | head -20
fi
kill_re='Out of memory: Killed process [0-9]+ \(oom\) total-vm:[0-9]+kB, anon-rss:[0-9]+kB, file-rss:[0-9]+kB, shmem-rss:[0-9]+kB, UID:0 pgtables:[0-9]+kB oom_score_adj:'
kills=$(tr -d '\r' <"$oom_out.kernel.log" 2>/dev/null | grep -Ec "$kill_re(0|1000)$")
if [ "$kills" = 4 ]; then
	pass "oom/four kills, each reported as Linux does"
else
	fail "oom/expected 4 'Out of memory: Killed process' lines, found ${kills:-none}" "$oom_out.kernel.log"
fi
expect_in_log "oom/the small process was killed with its oom_score_adj" "$oom_out.kernel.log" "${kill_re}1000"
oom_mem=$(tr -d '\r' <"$oom_out.kernel.log" 2>/dev/null | sed -n 's/.*qrun: free memory \([0-9]*\) bytes before the program, \([0-9]*\) after$/\1 \2/p')
read -r oom_before oom_after <<<"$oom_mem"
if [ -n "$oom_before" ] && [ "$oom_before" = "$oom_after" ]; then
	pass "oom/every frame is free again"
else
	fail "oom/free memory before/after: ${oom_mem:-not reported}" "$oom_out.kernel.log"
fi
