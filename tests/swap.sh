# Swap tests (tests/swap/*.c): each program runs in a guest with little RAM and a swap disk
# (tools/qrun --mem 32M --swap 256M, or what a "qrun:" line in its first comment says; the
# time limit is tests/lib.sh's HANG_TIMEOUT: a disk read costs QEMU far more on a busy host).
# A program whose comment says "Linux is the oracle" also runs natively on this host and
# the outputs must be byte-identical; the others check themselves and print a PASS or FAIL
# line per check. Each "log: ERE" line in the first comment names a line the kernel log must
# hold (an extended regular expression). A "qrun:" line may pass --disk-blkdebug with a
# rules file next to the program (tests/swap/NAME.blkdebug) for QEMU to inject I/O errors;
# slot N of the swap area is at sector 2048 + 8*N of the disk. Every run must exit 0, and
# after it (qrun-init then turns swap off and on, which brings every page back) the free
# memory must be where it was before: no frame and no swap slot leaked. SWAP_TESTS=GLOB
# runs only the matching programs.
# (Sourced by tests/run.sh.)

# swap_case FILE: one program of tests/swap (see above).
swap_case() {
	local t=$1 name bin out qargs guest_rc klog re mem before after
	name=$(basename "$t" .c)
	bin=$B/swap-tests/$name
	out=$LOGS/swap-$name
	read -r -a qargs <<<"$(sed -n 's/^ \* qrun: //p' "$t" | head -1)"
	[ ${#qargs[@]} -gt 0 ] || qargs=(--mem 32M --swap 256M)
	QRUN_NO_BUILD=1 tools/qrun --log "$out.kernel.log" "${qargs[@]}" "$bin" >"$out.guest" 2>"$out.qrun"
	guest_rc=$?
	if [ $guest_rc -ne 0 ]; then
		fail "swap/$name in the guest: exit status $guest_rc" "$out.kernel.log"
		tail -20 "$out.guest"
	elif grep -q "Linux is the oracle" "$t"; then
		(cd "$B/swap-tests" && timeout 120 "./$name") >"$out.host" 2>&1
		if ! cmp -s "$out.host" "$out.guest"; then
			fail "swap/$name: guest output differs from Linux's" "$out.guest"
			diff "$out.host" "$out.guest" | head -20
		else
			pass "swap/$name: same output as Linux"
		fi
	else
		count_lines "swap/$name" "$(cat "$out.guest")" '^(PASS|FAIL) ' "$out.guest"
	fi
	while IFS= read -r re; do
		expect_in_log "swap/$name: the kernel log shows /$re/" "$out.kernel.log" "$re"
	done < <(sed -n 's/^ \* log: //p' "$t")
	if grep -aq "qrun: swap.*failed" "$out.kernel.log" 2>/dev/null; then
		fail "swap/$name: swap could not be turned off and on after it" "$out.kernel.log"
	fi
	mem=$(tr -d '\r' <"$out.kernel.log" 2>/dev/null | sed -n 's/.*qrun: free memory \([0-9]*\) bytes before the program, \([0-9]*\) after$/\1 \2/p')
	read -r before after <<<"$mem"
	if [ -n "$before" ] && [ "$before" = "$after" ]; then
		pass "swap/$name: no frame or swap slot leaked"
	else
		fail "swap/$name: free memory before/after: ${mem:-not reported}" "$out.kernel.log"
	fi
}

# One job per program.
for t in tests/swap/${SWAP_TESTS:-*}.c; do
	[ -e "$t" ] && job "swap/$(basename "$t" .c)" swap_case "$t"
done
