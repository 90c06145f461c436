# Debian's busybox-static (glibc, statically linked) runs each shell script of
# tests/busybox natively and in the guest, with identical output: script.sh (background
# jobs and wait, pipelines, traps, read) and tools.sh (ps, top, free, kill, timeout, sed -i,
# tar, cp -a and the /proc files they read; cat and cp, which copy through sendfile: the
# kernel log must name no unimplemented call 40). (Sourced by tests/run.sh.)

bb_bin=$PWD/$B/busybox/busybox
for bb_script in tests/busybox/*.sh; do
	bb_name=$(basename "$bb_script" .sh)
	bb_out=$LOGS/busybox-$bb_name
	rm -rf "$bb_out.dir"
	mkdir -p "$bb_out.dir"
	bb_abs=$PWD/$bb_script
	(cd "$bb_out.dir" && timeout 60 "$bb_bin" sh "$bb_abs") >"$bb_out.host" 2>&1
	bb_host_rc=$?
	QRUN_NO_BUILD=1 tools/qrun --log "$bb_out.kernel.log" \
		--file "$bb_script:/tmp/qrun/$bb_name.sh" "$bb_bin" sh "$bb_name.sh" >"$bb_out.guest" 2>&1
	bb_guest_rc=$?
	if [ $bb_host_rc -ne 0 ]; then
		fail "busybox/$bb_name: the script fails on Linux itself (exit status $bb_host_rc)" \
			"$bb_out.host"
	elif [ $bb_guest_rc -ne 0 ]; then
		fail "busybox/$bb_name: the script in the guest: exit status $bb_guest_rc" \
			"$bb_out.kernel.log"
	elif ! cmp -s "$bb_out.host" "$bb_out.guest"; then
		fail "busybox/$bb_name: the guest's output differs from Linux's" "$bb_out.guest"
		diff "$bb_out.host" "$bb_out.guest" | head -20
	else
		pass "busybox/$bb_name: the output of tests/busybox/$bb_name.sh is Linux's"
	fi
done
# busybox's cat and cp try sendfile first (tools.sh), and it is there: no ENOSYS.
if grep -q "unimplemented system call 40:" "$LOGS/busybox-tools.kernel.log"; then
	fail "busybox/tools: cat and cp met an unimplemented sendfile" "$LOGS/busybox-tools.kernel.log"
else
	pass "busybox/tools: cat and cp found sendfile implemented"
fi
