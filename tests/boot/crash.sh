# Crash reports: a deliberate panic and an unexpected kernel page fault must each stop the
# kernel with registers, CR2, the decoded error code and a backtrace with function names.
# (Sourced by tests/run.sh.)

log=$(boot crash_panic "selftest=crash_panic")
expect_rc "crash/panic exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/panic message" "$log" '^Kernel panic: deliberate panic from selftest crash_panic \(how=0\)'
expect_in_log "crash/panic registers" "$log" '^RAX: [0-9a-f]{16} RBX: [0-9a-f]{16}'
expect_in_log "crash/panic control registers" "$log" '^CR0: [0-9a-f]{16} CR2: [0-9a-f]{16} CR3'
expect_in_log "crash/panic backtrace names crash_deeper" "$log" '^  \[<ffffffff[0-9a-f]{8}>\] crash_deeper\+0x[0-9a-f]+/0x[0-9a-f]+$'
expect_in_log "crash/panic backtrace names crash_outer" "$log" '\] crash_outer\+0x'
expect_in_log "crash/panic backtrace reaches kernel_main" "$log" '\] kernel_main\+0x'

log=$(boot crash_page_fault "selftest=crash_page_fault")
expect_rc "crash/page fault exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/page fault reported" "$log" '^Kernel panic: unexpected page fault \(vector 14\) in kernel mode'
expect_in_log "crash/page fault CR2 is the address written" "$log" 'CR2: ffffe00000000040 '
expect_in_log "crash/page fault error code decoded" "$log" '^Page fault error code 0x2: page not present \(P=0\), write \(W=1\), kernel \(U=0\) mode$'
expect_in_log "crash/page fault RIP symbolized" "$log" '^RIP: 0008:ffffffff[0-9a-f]{8} crash_deeper\+0x'
expect_in_log "crash/page fault backtrace names crash_outer" "$log" '\] crash_outer\+0x'

log=$(boot crash_stack_overflow "selftest=crash_stack_overflow")
expect_rc "crash/stack overflow exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/stack overflow named as such" "$log" '^Kernel panic: kernel stack overflow: the boot stack ran into its guard page \(double fault\)'
expect_in_log "crash/stack overflow backtrace shows the recursion" "$log" '\] recurse(\.[a-z0-9.]+)?\+0x'

log=$(boot crash_frame_double_free "selftest=crash_frame_double_free")
expect_rc "crash/frame double free exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/frame double free names the frame" "$log" '^Kernel panic: frame: double free: frame [0-9a-f]+ \(pfn [0-9]+, order 0'
expect_in_log "crash/frame double free backtrace" "$log" '\] frame_free_order\+0x'
expect_in_log "crash/frame double free backtrace names the caller" "$log" '\] selftest_crash_frame_double_free\+0x'

log=$(boot crash_frame_free_mapped "selftest=crash_frame_free_mapped")
expect_rc "crash/freeing a mapped frame exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/freeing a mapped frame names the frame" "$log" '^Kernel panic: frame: freeing a frame that is still mapped: frame [0-9a-f]+ \(pfn [0-9]+, order 0, refcount 1, mapcount 1\)'

log=$(boot crash_frame_free_foreign "selftest=crash_frame_free_foreign")
expect_rc "crash/freeing a frame never handed out exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/freeing a frame never handed out names the frame" "$log" '^Kernel panic: frame: freeing a frame the allocator never handed out: frame [0-9a-f]+ \(pfn [0-9]+'

log=$(boot crash_kmalloc_write_after_free "selftest=crash_kmalloc_write_after_free")
expect_rc "crash/kmalloc write after free exits with the panic status" "$log" "$QEMU_PANIC"
expect_in_log "crash/kmalloc write after free caught" "$log" '^Kernel panic: kmalloc: 128-byte object 0x[0-9a-f]+ was written after kfree \(byte 100 is 1\)'
