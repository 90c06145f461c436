# Debian's busybox-static (glibc, statically linked) runs a shell script natively and in
# the guest, with identical output: background jobs and wait, pipelines, traps, read.
# (Sourced by tests/run.sh.)

bb_out=$LOGS/busybox
bb_bin=$PWD/$B/busybox/busybox
bb_script=$PWD/tests/busybox/script.sh
mkdir -p "$bb_out.dir"
(cd "$bb_out.dir" && timeout 60 "$bb_bin" sh "$bb_script") >"$bb_out.host" 2>&1
bb_host_rc=$?
QRUN_NO_BUILD=1 tools/qrun --log "$bb_out.kernel.log" \
	--file tests/busybox/script.sh:/tmp/qrun/script.sh "$bb_bin" sh script.sh >"$bb_out.guest" 2>&1
bb_guest_rc=$?
if [ $bb_host_rc -ne 0 ]; then
	fail "busybox: the script fails on Linux itself (exit status $bb_host_rc)" "$bb_out.host"
elif [ $bb_guest_rc -ne 0 ]; then
	fail "busybox: the script in the guest: exit status $bb_guest_rc" "$bb_out.kernel.log"
elif ! cmp -s "$bb_out.host" "$bb_out.guest"; then
	fail "busybox: the guest's output differs from Linux's" "$bb_out.guest"
	diff "$bb_out.host" "$bb_out.guest" | head -20
else
	pass "busybox: a glibc shell script's output is Linux's"
fi
