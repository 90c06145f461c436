# The gdb views of memory (tools/gdb: vm-walk, vm-page, vm-maps, vm-frames, vm-swap, vm-ps)
# on a copy-on-write fault: gdb in batch mode, set up by tools/gdbinit, stops in the
# page-fault handler when tests/gdb/cow_child's child writes the page its parent wrote
# before fork; its backtrace goes through the trap frame into the program's line that wrote
# (the CFI of kernel/arch/x86/entry.S). Before the copy, the child's PTE is read-only and the
# frame is shared (count 2, two PTEs in two processes); after it (finish), parent and child
# map two different frames, once each, and the parent keeps the old one. At the parent's
# exit, the page it read back from swap is in the swap cache, mapped read-only. Every
# command must run without a Python error: that is what breaks when the helpers drift from
# the kernel's structures. The kernel is the debug build, as tools/qrun --gdb boots it.
# (Sourced by tests/run.sh.)

vm_port=$(free_port)
vm_log=$LOGS/gdb-vm.log
QRUN_NO_BUILD=1 tools/qrun --gdb --gdb-port "$vm_port" --swap 16M \
	"$B/gdb-tests/cow_child" >"$LOGS/gdb-vm.out" 2>"$LOGS/gdb-vm.qrun" &
vm_qrun=$!
wait_for "$LOGS/gdb-vm.qrun" '^  gdb -x ' && wait_for_port "$vm_port"
# The stop: the write fault at the program's page on a present entry (a protection fault:
# copy-on-write), not the parent's first write there (not present: demand-zero), nor any
# other process's fault. At the function's first instruction the arguments are where the
# x86-64 ABI puts them (mm in rdi, the struct fault in rsi), whatever GCC's -O2 does later.
vm_fault='((struct fault *)$rsi)'
vm_cond="$vm_fault->addr == 0x40000000 && $vm_fault->present"
vm_cond+=" && $vm_fault->access == FAULT_WRITE && \$_streq(current->name, \"cow_child\")"
# The backtrace from there goes through the trap frame into the program's line that wrote
# (with the program's symbols, for that command only).
GDBPORT=$vm_port timeout "$HANG_TIMEOUT" ${GDB:-gdb} -q -batch -nx -x tools/gdbinit \
	-ex "break *handle_page_fault if $vm_cond" \
	-ex continue \
	-ex "add-symbol-file $B/gdb-tests/cow_child" \
	-ex 'echo === backtrace\n' -ex 'bt' -ex 'echo === end of backtrace\n' \
	-ex "remove-symbol-file $B/gdb-tests/cow_child" \
	-ex 'echo === before the copy\n' \
	-ex 'vm-walk 0x40000000' -ex 'vm-page 0x40000000' \
	-ex 'echo === the swap page\n' -ex 'vm-walk 0x40001000' \
	-ex 'echo === other pages\n' -ex 'vm-walk 0x40010000' -ex 'vm-page 0x40020000' \
	-ex 'vm-walk 0x40002000' -ex 'vm-walk 0x12345000' \
	-ex 'vm-page 0x401000' \
	-ex 'echo === every view\n' \
	-ex 'vm-maps' -ex 'vm-maps current->parent->pid' -ex 'vm-ps' -ex 'ps' -ex 'vm-frames all' \
	-ex 'vm-swap slots' -ex 'vm-walk &kernel_main' -ex 'vm-walk 0x12345000' -ex 'vm-page 0' \
	-ex 'vm-page current' -ex 'vm-walk 0x40000000 current->mm->pmap.root' \
	-ex 'help vm-walk' -ex 'help vm-maps' -ex 'help vm-page' -ex 'help vm-frames' \
	-ex 'help vm-swap' -ex 'help vm-ps' \
	-ex 'finish' \
	-ex 'echo === after the copy: child\n' -ex 'vm-walk 0x40000000' -ex 'vm-page 0x40000000' \
	-ex 'echo === after the copy: parent\n' -ex 'vm-page 0x40000000 current->parent->pid' \
	-ex 'set $parent = current->parent' -ex 'delete' -ex 'break proc_exit if current == $parent' \
	-ex 'continue' \
	-ex 'echo === the parent at its exit\n' -ex 'vm-page 0x40001000' -ex 'vm-swap slots' \
	-ex 'echo === end\n' -ex 'delete' -ex 'continue' \
	build-debug/kernel.elf >"$vm_log" 2>&1
wait "$vm_qrun"
vm_rc=$?
tr -d '\r' <"$vm_log" >"$vm_log.txt"

# vm_part TITLE: the log between "=== TITLE" and the next "===" line.
vm_part() {
	sed -n "/^=== $1\$/,/^===/p" "$vm_log.txt"
}
vm_part "before the copy" >"$LOGS/gdb-vm.before"
vm_part "the swap page" >"$LOGS/gdb-vm.swap"
vm_part "other pages" >"$LOGS/gdb-vm.other"
vm_part "the parent at its exit" >"$LOGS/gdb-vm.exit"
vm_part "after the copy: child" >"$LOGS/gdb-vm.child"
vm_part "after the copy: parent" >"$LOGS/gdb-vm.parent"

expect_in_log "gdb/vm: stops in the page-fault handler" "$vm_log.txt" '^Breakpoint 2, handle_page_fault \('
vm_part "backtrace" >"$LOGS/gdb-vm.bt"
expect_in_log "gdb/vm: bt goes up through trap_dispatch" "$LOGS/gdb-vm.bt" \
	'^#[0-9]+ +0x[0-9a-f]+ in trap_dispatch \(tf=0x[0-9a-f]+\) at kernel/arch/x86/trap\.c:[0-9]+$'
expect_in_log "gdb/vm: bt shows the trap frame (CFI in entry.S)" "$LOGS/gdb-vm.bt" \
	'^#[0-9]+ +<signal handler called>$'
vm_line=$(grep -n 'the copy-on-write fault \*/' tests/gdb/cow_child.c | cut -d: -f1)
expect_in_log "gdb/vm: bt reaches the user frame: the line that wrote" "$LOGS/gdb-vm.bt" \
	"^#[0-9]+ +main \\(\\) at tests/gdb/cow_child\\.c:${vm_line:-none}\$"
if grep -q '?? ()' "$LOGS/gdb-vm.bt"; then
	fail "gdb/vm: bt has no unknown frames" "$LOGS/gdb-vm.bt"
else
	pass "gdb/vm: bt has no unknown frames"
fi
expect_in_log "gdb/vm: before the copy the child's PTE is read-only" "$LOGS/gdb-vm.before" \
	'^  PT  \[  0\] = 0x[0-9a-f]+  present read-only user'
expect_in_log "gdb/vm: before the copy the frame is held twice" "$LOGS/gdb-vm.before" \
	'^  refcount 2, mapcount 2, '
expect_in_log "gdb/vm: before the copy it is an anonymous page" "$LOGS/gdb-vm.before" \
	'^  owner: anonymous page of anon_vma 0x[0-9a-f]+, linear index 0x40000$'
expect_in_log "gdb/vm: before the copy two PTEs in two processes map it" "$LOGS/gdb-vm.before" \
	'^  mapped by 2 PTEs in 2 processes '
expect_in_log "gdb/vm: a swapped page's PTE is a swap entry shared by fork" "$LOGS/gdb-vm.swap" \
	'-> stops: swap entry: area 0, slot [0-9]+ of /dev/vda1 \(slot map: 2 PTEs\)'
expect_in_log "gdb/vm: a page read back from swap stays in the swap cache" "$LOGS/gdb-vm.exit" \
	'^  in the swap cache for area 0, slot [0-9]+ \(slot map: 0 PTEs, page in the swap cache\)$'
expect_in_log "gdb/vm: ... mapped read-only" "$LOGS/gdb-vm.exit" \
	'^    pid [0-9]+ \(cow_child\) +0x000040001000  PTE 0x[0-9a-f]+  present read-only user'
expect_in_log "gdb/vm: a PROT_NONE entry hides its frame" "$LOGS/gdb-vm.other" \
	'-> stops: PROT_NONE: the entry keeps frame 0x[0-9a-f]+ hidden from the CPU'
expect_in_log "gdb/vm: an untouched anonymous page is demand-zero" "$LOGS/gdb-vm.other" \
	'^     area 0x40000000-0x40003000 rw-p, anonymous: the first touch gets a zeroed frame'
expect_in_log "gdb/vm: an address outside every area is SIGSEGV" "$LOGS/gdb-vm.other" \
	'^     no area contains it: a touch is SIGSEGV'
expect_in_log "gdb/vm: shared anonymous memory is its object's page" "$LOGS/gdb-vm.other" \
	'^  owner: shared anonymous #[0-9]+, page index 0$'
expect_in_log "gdb/vm: a program's code page is its file's page" "$LOGS/gdb-vm.other" \
	'^  owner: file /bin/cow_child, page index 1$'
expect_in_log "gdb/vm: vm-maps shows the heap" "$vm_log.txt" \
	'^  [0-9a-f]+-[0-9a-f]+ rw-p +4K +1 +0  anonymous \[heap\]'
expect_in_log "gdb/vm: vm-maps shows shared anonymous memory" "$vm_log.txt" \
	'^  0000000040020000-0000000040021000 rw-s +4K +1 +0  shared anonymous #[0-9]+ at page 0 '
expect_in_log "gdb/vm: after the copy the child's PTE is writable" "$LOGS/gdb-vm.child" \
	'^  PT  \[  0\] = 0x[0-9a-f]+  present writable user'
expect_in_log "gdb/vm: after the copy the child's frame is its own" "$LOGS/gdb-vm.child" \
	'^  mapped by 1 PTE in 1 process '
expect_in_log "gdb/vm: after the copy the parent's frame is its own" "$LOGS/gdb-vm.parent" \
	'^  mapped by 1 PTE in 1 process '
expect_in_log "gdb/vm: after the copy the parent's frame is held once" "$LOGS/gdb-vm.parent" \
	'^  refcount 1, mapcount 1, '
expect_in_log "gdb/vm: vm-maps names the program's file" "$vm_log.txt" \
	'^  0000000000401000-[0-9a-f]+ r-xp .* private file /bin/cow_child at page 1 '
expect_in_log "gdb/vm: vm-ps shows parent and child" "$vm_log.txt" \
	'^\* +[0-9]+ +[0-9]+ runnable +cow_child '
expect_in_log "gdb/vm: vm-frames counts free frames" "$vm_log.txt" \
	'^frames: [0-9]+ managed \([0-9]+ MiB\), [0-9]+ free'
expect_in_log "gdb/vm: vm-swap shows the swap area" "$vm_log.txt" \
	'^area 0: /dev/vda1 \(device vda1\), enabled'

# The frames: shared before; after, the parent keeps it and the child has a new one.
vm_frame() {
	sed -n 's/^frame \(0x[0-9a-f]*\), phys .*/\1/p' "$1" | head -n 1
}
vm_shared=$(vm_frame "$LOGS/gdb-vm.before")
vm_child=$(vm_frame "$LOGS/gdb-vm.child")
vm_parent=$(vm_frame "$LOGS/gdb-vm.parent")
if [ -n "$vm_shared" ] && [ -n "$vm_child" ] && [ "$vm_child" != "$vm_parent" ] &&
	[ "$vm_parent" = "$vm_shared" ]; then
	pass "gdb/vm: after the copy two frames: the parent keeps $vm_shared, the child has $vm_child"
else
	fail "gdb/vm: frames shared '$vm_shared', child '$vm_child', parent '$vm_parent'" "$vm_log.txt"
fi
# vm-frames all: the frames on the free lists are the allocator's free count.
vm_free=$(sed -n 's/^frames: [0-9]* managed ([0-9]* MiB), \([0-9]*\) free .*/\1/p' "$vm_log.txt" | head -n 1)
expect_in_log "gdb/vm: vm-frames all counts the allocator's free frames" "$vm_log.txt" \
	"^  free \\(on the buddy lists\\) +${vm_free:-none}\$"
if grep -qE 'Python Exception|Error occurred in Python|^mmk: ' "$vm_log.txt"; then
	fail "gdb/vm: every helper runs without a Python error" "$vm_log.txt"
else
	pass "gdb/vm: every helper runs without a Python error"
fi
expect_in_log "gdb/vm: the program's output is intact" "$LOGS/gdb-vm.out" \
	'^parent: still P, child exit 0, swap page S$'
if [ "$vm_rc" = 0 ]; then
	pass "gdb/vm: the program exits 0 after continue"
else
	fail "gdb/vm: qrun exit status $vm_rc" "$vm_log.txt"
fi
