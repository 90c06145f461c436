# Fault tracing (mm/vmtrace.h): tools/qrun --trace shows the lines of the copy-on-write
# demo in the order its steps cause them; /proc/sys/vm/trace switches tracing on and off at
# run time (exactly the faults in between are traced); a growing stack, SIGSEGV, the
# kernel's own touches of user memory (kR, kW) and, with a swap disk, a page's way out to a
# slot and back (by a fault, and by swapoff) are traced as such; a bad vmtrace= value is
# refused with a warning. The programs are in tests/vmtrace. (Sourced by tests/run.sh.)

# vmtrace_run NAME QRUN-ARGS...: runs tools/qrun; the program's output goes to
# $LOGS/vmtrace-NAME.out, qrun's stderr (with --trace, the trace) to .err, the kernel log
# to .kernel.log. Returns the program's exit status.
vmtrace_run() {
	local name=$1 rc klog
	shift
	QRUN_NO_BUILD=1 tools/qrun --log "$LOGS/vmtrace-$name.kernel.log.raw" "$@" \
		>"$LOGS/vmtrace-$name.out" 2>"$LOGS/vmtrace-$name.err"
	rc=$?
	tr -d '\r' <"$LOGS/vmtrace-$name.kernel.log.raw" >"$LOGS/vmtrace-$name.kernel.log" 2>/dev/null
	return $rc
}

# Hex without 0x to a number, for awk (mawk has no strtonum); exact below 2^53.
VT_AWK_HEX='function hex(s,   n, i) {
	sub(/^0x/, "", s); n = 0
	for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return n
}'

# --- cowdemo 8, traced: the parent fills 8 heap pages (demand-zero), forks; the child
# writes the first 4 (a cow-copy each, from the parent's frame) and writes them again (no
# faults); the parent, alone again, writes all 8 (a cow-reuse each, of its own frames).
if vmtrace_run cowdemo --trace build/rootfs/bin/cowdemo 8; then
	pass "vmtrace/cowdemo runs under qrun --trace"
else
	fail "vmtrace/cowdemo runs under qrun --trace" "$LOGS/vmtrace-cowdemo.err"
fi
if grep -q "vmtrace:" "$LOGS/vmtrace-cowdemo.out"; then
	fail "vmtrace/cowdemo: trace lines stay out of standard output" "$LOGS/vmtrace-cowdemo.out"
else
	pass "vmtrace/cowdemo: trace lines stay out of standard output"
fi
count_lines vmtrace/cowdemo "$(awk "$VT_AWK_HEX"'
	$1 != "vmtrace:" { next }
	$4 == "exec" { if (!parent) parent = $2; next }
	$6 != "[heap" { next }
	{ n++; page = int(hex($5) / 4096); frame = $NF }
	$2 == parent && $8 == "demand-zero" { zero[page] = frame; last_zero = n; next }
	$2 != parent && $8 == "cow-copy" {
		copies++
		if (!first_copy) first_copy = n
		last_copy = n
		if (copies == 1) copy0 = page
		if (page != copy0 + copies - 1) bad_copy_order = 1
		if ($10 != zero[page] || frame == $10) bad_copy_frame = 1
		next
	}
	$2 == parent && $8 == "cow-reuse" {
		reuses++
		if (!first_reuse) first_reuse = n
		if (page != copy0 + reuses - 1) bad_reuse_order = 1
		if (frame != zero[page]) bad_reuse_frame = 1
		next
	}
	{ other = other " " $0 }
	function verdict(ok, name) { print (ok ? "PASS " : "FAIL ") name }
	END {
		verdict(copies == 4, "the child copies 4 pages (cow-copy): " copies)
		verdict(!bad_copy_order, "the copies are of the pages it writes, in order")
		verdict(!bad_copy_frame, "each copy is from the frame the demand-zero fault gave")
		verdict(reuses == 8, "the parent then reuses all 8 (cow-reuse): " reuses)
		verdict(!bad_reuse_order, "the reuses are of the pages it writes, in order")
		verdict(!bad_reuse_frame, "each reuse keeps the demand-zero frame")
		verdict(last_zero && last_zero < first_copy, "demand-zero lines come before the copies")
		verdict(last_copy && last_copy < first_reuse, "the copies come before the reuses")
		verdict(other == "", "no other heap faults" (other == "" ? "" : ":" other))
	}' "$LOGS/vmtrace-cowdemo.err")" '^(PASS|FAIL) ' "$LOGS/vmtrace-cowdemo.err"

# --- /proc/sys/vm/trace: the program checks the switch's reads, writes and EINVALs, then
# traces exactly two touches (not the ones before and after).
if vmtrace_run switch build/vmtrace-tests/trace_switch; then
	pass "vmtrace/switch: /proc/sys/vm/trace reads, writes and refuses as Linux's sysctls"
else
	fail "vmtrace/switch: /proc/sys/vm/trace reads, writes and refuses as Linux's sysctls" \
		"$LOGS/vmtrace-switch.out"
fi
read -r _ vt_pid < <(grep '^pid ' "$LOGS/vmtrace-switch.out")
read -r _ vt_w vt_r < <(grep '^traced ' "$LOGS/vmtrace-switch.out")
vt_lines=$(sed -n 's/^\[[ 0-9.]*\] \(vmtrace: .*\)/\1/p' "$LOGS/vmtrace-switch.kernel.log" |
	sed 's/ frame 0x[0-9a-f]*$//; s/\[anon [0-9a-f-]*\]/[anon]/')
vt_want="vmtrace: $vt_pid trace_switch W $vt_w [anon] demand-zero
vmtrace: $vt_pid trace_switch R $vt_r [anon] zero-page"
if [ -n "$vt_pid" ] && [ "$vt_lines" = "$vt_want" ]; then
	pass "vmtrace/switch: the log holds exactly the faults made while it was on"
else
	fail "vmtrace/switch: the log holds exactly the faults made while it was on" \
		<(printf 'want:\n%s\ngot:\n%s\n' "$vt_want" "$vt_lines")
fi

# --- a stack that grows, and SIGSEGV for no area and for a forbidden write.
if vmtrace_run signals --trace build/vmtrace-tests/trace_signals; then
	pass "vmtrace/signals runs under qrun --trace"
else
	fail "vmtrace/signals runs under qrun --trace" "$LOGS/vmtrace-signals.out"
fi
read -r _ vt_pid < <(grep '^pid ' "$LOGS/vmtrace-signals.out")
read -r _ vt_stack < <(grep '^stack ' "$LOGS/vmtrace-signals.out")
read -r _ vt_maperr_pid vt_maperr < <(grep '^maperr ' "$LOGS/vmtrace-signals.out")
read -r _ vt_accerr_pid vt_accerr < <(grep '^accerr ' "$LOGS/vmtrace-signals.out")
vt_stack_page=$(printf '%x' $((vt_stack & ~0xfff)))
vt_grow="vmtrace: $vt_pid trace_signals W $vt_stack [stack $vt_stack_page-7ffffffde000] stack-grow"
if grep -A1 -Fx "$vt_grow" "$LOGS/vmtrace-signals.err" | tail -n 1 |
	grep -q "^vmtrace: $vt_pid trace_signals W $vt_stack \[stack $vt_stack_page-7ffffffde000\] demand-zero frame 0x[0-9a-f]*$"; then
	pass "vmtrace/signals: the stack grows down to the address, then demand-zero"
else
	fail "vmtrace/signals: the stack grows down to the address, then demand-zero" "$LOGS/vmtrace-signals.err"
fi
expect_in_log "vmtrace/signals: SIGSEGV for an address no area holds" \
	"$LOGS/vmtrace-signals.err" "^vmtrace: $vt_maperr_pid trace_signals W $vt_maperr \[none\] SIGSEGV maperr$"
vt_accerr_page=${vt_accerr#0x}
expect_in_log "vmtrace/signals: SIGSEGV for a write to a read-only area" \
	"$LOGS/vmtrace-signals.err" \
	"^vmtrace: $vt_accerr_pid trace_signals W $vt_accerr \[anon $vt_accerr_page-[0-9a-f]+\] SIGSEGV accerr$"

# --- the kernel touching user memory for the program: a copy from and a copy to pages the
# program never touched.
if vmtrace_run kernel --trace build/vmtrace-tests/trace_kernel; then
	pass "vmtrace/kernel runs under qrun --trace"
else
	fail "vmtrace/kernel runs under qrun --trace" "$LOGS/vmtrace-kernel.out"
fi
for vt_access in kR:zero-page kW:demand-zero; do
	vt_decision=${vt_access#*:}
	vt_access=${vt_access%:*}
	read -r _ vt_addr < <(grep "^$vt_access " "$LOGS/vmtrace-kernel.out")
	expect_in_log "vmtrace/kernel: the kernel's $vt_access of a fresh page is traced as such" \
		"$LOGS/vmtrace-kernel.err" \
		"^vmtrace: [0-9]+ trace_kernel $vt_access ${vt_addr:-none} \[anon [0-9a-f-]+\] $vt_decision frame 0x[0-9a-f]+$"
done

# --- with swap: demand-zero into frame F, reclaim writes F to slot S, a read brings slot S
# back (a major fault); a second page written to its slot comes back through swapoff.
if vmtrace_run swap --trace --mem 32M --swap 64M build/vmtrace-tests/trace_swap &&
	grep -qx PASS "$LOGS/vmtrace-swap.out"; then
	pass "vmtrace/swap runs under qrun --trace with a swap disk"
else
	fail "vmtrace/swap runs under qrun --trace with a swap disk" "$LOGS/vmtrace-swap.out"
fi
read -r _ vt_page < <(grep '^page ' "$LOGS/vmtrace-swap.out")
read -r _ vt_page2 < <(grep '^page2 ' "$LOGS/vmtrace-swap.out")
count_lines vmtrace/swap "$(awk -v page="${vt_page%000}" -v page2="${vt_page2%000}" '
	$1 != "vmtrace:" { next }
	$5 == page "010" && $8 == "demand-zero" { frame = $NF; n_zero = NR }
	$4 == "reclaim" && frame != "" && $6 == frame && $7 == "swap-out" { slot = $9; n_out = NR }
	$5 == page "020" && $8 == "swap-in" && $9 == "major" && $11 == slot { n_in = NR }
	$5 == page2 "010" && $8 == "demand-zero" { frame2 = $NF }
	$4 == "reclaim" && frame2 != "" && $6 == frame2 && $7 == "swap-out" { slot2 = $9 }
	$4 == "swapoff" && $5 == page2 "000" && $9 == slot2 { n_off = NR }
	END {
		print (n_zero ? "PASS" : "FAIL"), "the page is demand-zero first"
		print (n_out > n_zero ? "PASS" : "FAIL"), "reclaim writes its frame to a slot (swap-out " slot ")"
		print (n_in > n_out ? "PASS" : "FAIL"), "a read brings that slot back: swap-in major"
		print (n_off && slot2 != slot ? "PASS" : "FAIL"), "swapoff maps the second page back from its slot (" slot2 ")"
	}' "$LOGS/vmtrace-swap.err")" '^(PASS|FAIL) ' "$LOGS/vmtrace-swap.err"

# --- the kernel option takes 0 or 1 only: anything else is refused with a warning, and the
# boot goes on.
vt_log=$(boot vmtrace-option "vmtrace=2 selftest=boot_cmdline")
expect_rc "vmtrace/option: a bad vmtrace= value does not stop the boot" "$vt_log" "$QEMU_PASS"
expect_in_log "vmtrace/option: vmtrace=2 is refused with a warning" "$vt_log" \
	"cmdline: option 'vmtrace' ignored: needs 0 or 1"
