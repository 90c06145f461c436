# Guest test programs (tests/user/*.c; tests/glibc/*.c built with glibc; tests/dynamic/*.c
# dynamically linked with musl), with Linux as the oracle: each runs natively on this host and inside the kernel (tools/qrun), from a
# directory holding every test and helper program; the outputs must be byte-identical and
# both runs must exit 0. After each guest
# run, the free memory must be back where it was before the program ran (no leaks).
# GUEST_TESTS=GLOB runs only the matching programs (e.g. GUEST_TESTS=exec_\*). Each program
# is a job (tests/lib.sh), run in a lane's own copy of the directory.
# (Sourced by tests/run.sh.)

ut=$B/user-tests
# The helpers of tests/dynamic's programs: loaders that are missing or broken, programs
# that need a library that is not there, and the library dlopen.c opens.
dyn_helpers=(missing_loader bad_loader needs_missing glibc_needs_missing libtwice-musl.so libtwice-glibc.so)

# guest_host_dir: sets guest_dir to this lane's directory of every test and helper
# program, where each runs on Linux (made at the lane's first use: lanes never share one).
guest_host_dir() {
	local dir=$B/test-host/lane${LANE:-1}
	if [ "${guest_dir:-}" != "$dir" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		cp "$ut"/* "$dir"/ 2>/dev/null
		for h in "${dyn_helpers[@]}"; do cp "$B/dynamic-tests/$h" "$dir"/; done
		guest_dir=$dir
	fi
}

# guest_case KIND FILE: one program, on Linux and in the guest (KIND: user, glibc, dynamic
# or glibc-dynamic).
guest_case() {
	local kind=$1 t=$2 name bin out host_rc guest_rc klog mem before after h
	local extra_files=() helper_files=()
	for h in tests/user/helpers/*.c; do
		[ -e "$h" ] || continue
		helper_files+=(--file "$ut/$(basename "$h" .c)")
	done
	name=$(basename "$t" .c)
	bin=$PWD/$ut/$name
	case $kind in
	glibc)                                  # built with glibc: reported as glibc/NAME
		bin=$PWD/$B/glibc-tests/$name ;;
	dynamic|glibc-dynamic)                  # dynamically linked with musl, or glibc
		bin=$PWD/$B/dynamic-tests/$name
		[ $kind = glibc-dynamic ] && bin=$PWD/$B/dynamic-tests/glibc_$name
		for h in "${dyn_helpers[@]}"; do extra_files+=(--file "$B/dynamic-tests/$h"); done ;;
	esac
	[ "$kind" = user ] || name=$kind/$name
	out=$LOGS/user-${name//\//-}
	guest_host_dir
	(cd "$guest_dir" && timeout 120 "$bin") >"$out.host" 2>&1
	host_rc=$?
	QRUN_NO_BUILD=1 tools/qrun --log "$out.kernel.log" ${helper_files[@]+"${helper_files[@]}"} \
		${extra_files[@]+"${extra_files[@]}"} "$bin" \
		>"$out.guest" 2>&1     # stdout and stderr in one file, in order, as on Linux
	guest_rc=$?
	if [ $host_rc -ne 0 ]; then
		fail "user/$name fails on Linux itself (exit status $host_rc)" "$out.host"
	elif [ $guest_rc -ne 0 ]; then
		fail "user/$name in the guest: exit status $guest_rc" "$out.kernel.log"
		diff "$out.host" "$out.guest" | head -20
	elif ! cmp -s "$out.host" "$out.guest"; then
		fail "user/$name: guest output differs from Linux's" "$out.guest"
		diff "$out.host" "$out.guest" | head -20
	else
		pass "user/$name: same output as Linux"
	fi
	mem=$(tr -d '\r' <"$out.kernel.log" 2>/dev/null | sed -n 's/.*qrun: free memory \([0-9]*\) bytes before the program, \([0-9]*\) after$/\1 \2/p')
	read -r before after <<<"$mem"
	if [ -n "$before" ] && [ "$before" = "$after" ]; then
		pass "user/$name: no memory leaked"
	else
		fail "user/$name: free memory before/after: ${mem:-not reported}" "$out.kernel.log"
	fi
}

# One job per program.
for t in tests/user/${GUEST_TESTS:-*}.c; do
	[ -e "$t" ] && job "user/$(basename "$t" .c)" guest_case user "$t"
done
for t in tests/glibc/${GUEST_TESTS:-*}.c; do
	[ -e "$t" ] && job "glibc/$(basename "$t" .c)" guest_case glibc "$t"
done
for t in tests/dynamic/${GUEST_TESTS:-*}.c; do
	[ -e "$t" ] && [ "$t" != tests/dynamic/helpers.c ] || continue
	job "dynamic/$(basename "$t" .c)" guest_case dynamic "$t"
	job "glibc-dynamic/$(basename "$t" .c)" guest_case glibc-dynamic "$t"
done
