# This host's own dynamically linked programs (Debian's coreutils and dash, with glibc) run
# in the guest through tools/qrun, which brings the libraries ldd names: the same output as
# on the host. (Sourced by tests/run.sh.)

hp_out=$LOGS/host-programs
QRUN_NO_BUILD=1 tools/qrun /bin/ls -1 / >"$hp_out.ls" 2>"$hp_out.ls.qrun"
hp_rc=$?
if [ $hp_rc -eq 0 ] && [ "$(tr '\n' ' ' <"$hp_out.ls")" = "bin dev etc lib lib64 proc sbin tests tmp usr " ]; then
	pass "host programs: /bin/ls -1 / lists the guest's root, and nothing else"
else
	fail "host programs: /bin/ls -1 / (exit status $hp_rc)" "$hp_out.ls"
fi
QRUN_NO_BUILD=1 tools/qrun /bin/ls -l /tmp >"$hp_out.lsl" 2>&1
if grep -q '^drwx.* qrun$' "$hp_out.lsl" && ! grep -qi 'not implemented\|not supported' "$hp_out.lsl"; then
	pass "host programs: ls -l looks at extended attributes and finds none, quietly"
else
	fail "host programs: ls -l /tmp" "$hp_out.lsl"
fi
for cmd in "cat script.sh" "sha256sum script.sh" "wc script.sh" "sort -r script.sh"; do
	read -r prog args <<<"$cmd"
	(cd tests/busybox && "$(command -v "$prog")" $args) >"$hp_out.$prog.host" 2>&1
	QRUN_NO_BUILD=1 tools/qrun --file tests/busybox/script.sh "$(command -v "$prog")" $args \
		>"$hp_out.$prog.guest" 2>/dev/null
	if cmp -s "$hp_out.$prog.host" "$hp_out.$prog.guest"; then
		pass "host programs: $cmd gives Linux's output"
	else
		fail "host programs: $cmd differs from Linux's" "$hp_out.$prog.guest"
		diff "$hp_out.$prog.host" "$hp_out.$prog.guest" | head -10
	fi
done
# The host's /bin/sh (dash) runs a pipeline in the guest: it forks, makes the pipes and
# execs the guest's own cat for each stage.
hp_cmd='echo one two three | cat | cat; echo "status $?"'
/bin/sh -c "$hp_cmd" >"$hp_out.sh.host" 2>&1
QRUN_NO_BUILD=1 tools/qrun /bin/sh -c "$hp_cmd" >"$hp_out.sh.guest" 2>&1
if cmp -s "$hp_out.sh.host" "$hp_out.sh.guest"; then
	pass "host programs: /bin/sh -c with a pipeline gives Linux's output"
else
	fail "host programs: /bin/sh -c with a pipeline differs from Linux's" "$hp_out.sh.guest"
	diff "$hp_out.sh.host" "$hp_out.sh.guest" | head -10
fi
