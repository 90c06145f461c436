# mmk: a small x86-64 kernel for learning how memory mapping works.
#
#   make run     build and boot in QEMU on this terminal (Ctrl-A X quits)
#   make test    every test: host unit tests, in-kernel self-tests, crash and gdb tests,
#                guest programs against Linux, swap, the docs (two at a time: two cores)
#   make debug   the debug build (-Og) boots paused, waiting for gdb on this user's port
#                (tools/gdb-port);  make gdb  attaches to it, or to it running
#   make DEBUG=1 the kernel for gdb, in build-debug/ (make DEBUG=1 run boots it)
#   make bench   benchmarks, in guest instructions (tools/qrun --icount)
#   make bench-linux  the same benchmarks under Debian's Linux 6.1 in the same QEMU
#                (tools/linux-bench; downloads the kernel package once)
#   make ltp LTP=DIR  LTP's syscall tests (tools/ltp/tests.txt; DIR: a checkout of LTP),
#                built with musl, run on this host and in the guest: a table of verdicts
#                (tools/ltp/run.sh; not part of make test)
#   make help    these lines, and the settings below
#
# Everything is built under build/ (make DEBUG=1: the kernel under build-debug/). Nothing
# here needs root except tools/setup.sh, which installs missing packages.

# A cross toolchain when there is one, else the host's x86-64 gcc used freestanding.
CROSS_COMPILE ?= $(if $(shell command -v x86_64-elf-gcc 2>/dev/null),x86_64-elf-,)
CC      := $(CROSS_COMPILE)gcc
NM      := $(CROSS_COMPILE)nm
HOSTCC  ?= gcc
QEMU    ?= qemu-system-x86_64
GDB     ?= gdb

B := build

# make DEBUG=1 builds the kernel for gdb, in build-debug/ (the rest is shared with build/):
# -Og, and no inlining, so that every function has its own frame and breakpoint, locals
# stay visible, and the small helpers of mm/ (pte_addr, page_address...) can be called from
# gdb. make debug, make gdb and tools/qrun --gdb use this build.
DEBUG ?=
KB := $(if $(filter-out 0,$(DEBUG)),build-debug,$(B))
OPT := $(if $(filter-out 0,$(DEBUG)),-Og -fno-inline,-O2)

# make V=1 shows every command in full.
Q := $(if $(V),,@)

# Memory and options for QEMU; tools/qemu-args.sh holds the flags every boot shares.
# EXTRA=DIR adds a host folder's files to the guest's root file system.
# SWAP=SIZE attaches a disk (/dev/vda) of that size with a swap partition (/dev/vda1) to
# make run and make debug; SWAP= or SWAP=0 attaches none.
MEM     ?= 128M
CMDLINE ?=
EXTRA   ?=
SWAP    ?= 256M

CFLAGS := -std=c11 -ffreestanding -nostdlib -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie \
	-mgeneral-regs-only -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-shrink-wrap -fno-optimize-sibling-calls -g $(OPT) -Wall -Wextra -Werror -I. -MMD -MP
ASFLAGS := -I. -g -MMD -MP -D__ASSEMBLER__
LDFLAGS := -nostdlib -no-pie -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none -Wl,-n

KERNEL_C := $(wildcard kernel/*.c kernel/*/*.c kernel/*/*/*.c mm/*.c fs/*.c tests/kernel/*.c)
KERNEL_S := boot/boot.S $(filter-out kernel/ksyms_empty.S,$(wildcard kernel/*.S kernel/*/*.S kernel/*/*/*.S mm/*.S fs/*.S))
KERNEL_OBJS := $(patsubst %.c,$(KB)/%.o,$(KERNEL_C)) $(patsubst %.S,$(KB)/%.o,$(KERNEL_S))

.PHONY: all kernel run test debug gdb unit user-tests bench bench-linux ltp clean setup help FORCE
all: $(KB)/mmk.iso
kernel: $(KB)/kernel.elf

$(KB)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(KB)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

$(KERNEL_OBJS) $(KB)/kernel/ksyms_empty.o: Makefile

$(KB)/linker.ld: linker.ld.S boot/layout.h
	@mkdir -p $(KB)
	$(CC) -E -P -x c -I. -D__ASSEMBLER__ $< -o $@

# Two link passes: the first, with an empty symbol table, gives the addresses that the
# second pass's table lists. The table sits after .text, so no function moves; the cmp
# checks that.
$(KB)/kernel.pass1.elf: $(KERNEL_OBJS) $(KB)/kernel/ksyms_empty.o $(KB)/linker.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -T $(KB)/linker.ld -o $@ $(KERNEL_OBJS) $(KB)/kernel/ksyms_empty.o

$(KB)/ksyms.S: $(KB)/kernel.pass1.elf tools/mksyms.sh
	@echo "  KSYMS   $@"
	$(Q)NM=$(NM) tools/mksyms.sh $< > $@

$(KB)/ksyms.o: $(KB)/ksyms.S
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

$(KB)/kernel.elf: $(KERNEL_OBJS) $(KB)/ksyms.o $(KB)/linker.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -T $(KB)/linker.ld -o $@ $(KERNEL_OBJS) $(KB)/ksyms.o
	@$(NM) -n $(KB)/kernel.pass1.elf | grep -i ' t ' > $(KB)/text.pass1
	@$(NM) -n $@ | grep -i ' t ' > $(KB)/text.pass2
	@cmp -s $(KB)/text.pass1 $(KB)/text.pass2 || { echo "ksyms: code moved between link passes"; rm -f $@; exit 1; }

# The ISO bakes in the command line, so it is rebuilt when CMDLINE changes.
$(KB)/cmdline: FORCE
	@mkdir -p $(KB)
	@printf '%s\n' '$(CMDLINE)' | cmp -s - $@ || printf '%s\n' '$(CMDLINE)' > $@

# User programs: each user/NAME.c is /bin/NAME in the guest, an ordinary static Linux
# executable built with musl. tests/user/ holds the guest test programs (run by tests/run.sh
# in the guest and natively, and compared).
USER_CC     ?= musl-gcc
USER_CFLAGS := -static -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g
# Linux's UAPI headers (Debian's linux-libc-dev: linux/, asm/, asm-generic/) for musl
# programs, which musl does not carry: a folder of links to them, searched last.
UAPI_DIR    := $(B)/uapi
MUSL_CFLAGS := $(USER_CFLAGS) -idirafter $(UAPI_DIR)

$(UAPI_DIR)/.made:
	@mkdir -p $(UAPI_DIR)
	@ln -sfn /usr/include/linux $(UAPI_DIR)/linux
	@ln -sfn /usr/include/asm-generic $(UAPI_DIR)/asm-generic
	@ln -sfn /usr/include/$$($(HOSTCC) -print-multiarch)/asm $(UAPI_DIR)/asm
	@touch $@
USER_BINS   := $(patsubst user/%.c,$(B)/rootfs/bin/%,$(wildcard user/*.c))
UTEST_BINS  := $(patsubst tests/user/%.c,$(B)/user-tests/%,$(wildcard tests/user/*.c)) \
	$(patsubst tests/user/helpers/%.c,$(B)/user-tests/%,$(wildcard tests/user/helpers/*.c))

$(B)/rootfs/bin/%: user/%.c $(wildcard user/*.h)
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# The one dynamically linked program in /bin: it shows musl's libc.so as a shared object.
$(B)/rootfs/bin/sharedlibdemo: user/sharedlibdemo.c user/frames.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $< (dynamic)"
	$(Q)$(USER_CC) $(filter-out -static,$(USER_CFLAGS)) $< -o $@

$(B)/user-tests/%: tests/user/%.c $(UAPI_DIR)/.made
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(MUSL_CFLAGS) $< -o $@

$(B)/user-tests/%: tests/user/helpers/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Guest test programs built with glibc (tests/glibc), as `gcc -static` builds them on Debian:
# glibc does some things its own way (fork through clone, its structure sizes), and these
# run beside tests/user's, compared with Linux.
GLIBC_TEST_BINS := $(patsubst tests/glibc/%.c,$(B)/glibc-tests/%,$(wildcard tests/glibc/*.c))

# -MMD: some are a tests/user program built with glibc (#include "../user/NAME.c"), and
# must be rebuilt when it changes.
$(B)/glibc-tests/%: tests/glibc/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  GLIBCC  $<"
	$(Q)$(HOSTCC) $(USER_CFLAGS) -MMD -MP $< -o $@

# Dynamically linked programs (tests/dynamic), built with musl and with glibc, run beside
# tests/user's: the kernel loads their dynamic loader (PT_INTERP). The helpers name a
# missing and a broken loader, or need a library that is not there (built for the link
# only, in dynamic-libs/, never installed).
DYN_DIR := $(B)/dynamic-tests
DYN_SRCS := $(filter-out tests/dynamic/helpers.c,$(wildcard tests/dynamic/*.c))
DYN_TEST_BINS := $(patsubst tests/dynamic/%.c,$(DYN_DIR)/%,$(DYN_SRCS)) \
	$(patsubst tests/dynamic/%.c,$(DYN_DIR)/glibc_%,$(DYN_SRCS)) \
	$(DYN_DIR)/missing_loader $(DYN_DIR)/bad_loader $(DYN_DIR)/needs_missing \
	$(DYN_DIR)/glibc_needs_missing $(DYN_DIR)/libtwice-musl.so $(DYN_DIR)/libtwice-glibc.so
DYN_CFLAGS := $(filter-out -static,$(USER_CFLAGS))

$(DYN_DIR)/%: tests/dynamic/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $< (dynamic)"
	$(Q)$(USER_CC) $(DYN_CFLAGS) $< -o $@

$(DYN_DIR)/glibc_%: tests/dynamic/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  GLIBCC  $< (dynamic)"
	$(Q)$(HOSTCC) $(DYN_CFLAGS) $< -o $@

$(DYN_DIR)/missing_loader: tests/dynamic/helpers.c
	@mkdir -p $(dir $@)
	$(Q)$(USER_CC) $(DYN_CFLAGS) -Wl,--dynamic-linker=/nonexistent/ld.so $< -o $@

$(DYN_DIR)/bad_loader: tests/dynamic/helpers.c
	@mkdir -p $(dir $@)
	$(Q)$(USER_CC) $(DYN_CFLAGS) -Wl,--dynamic-linker=./not_elf_loader $< -o $@

# The library tests/dynamic/dlopen.c opens, built with each C library.
$(DYN_DIR)/libtwice-musl.so: tests/dynamic/lib/twice.c
	@mkdir -p $(dir $@)
	$(Q)$(USER_CC) $(DYN_CFLAGS) -shared -fPIC $< -o $@

$(DYN_DIR)/libtwice-glibc.so: tests/dynamic/lib/twice.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(DYN_CFLAGS) -shared -fPIC $< -o $@

$(B)/dynamic-libs/libmmkmissing.so: tests/dynamic/helpers.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -shared -fPIC -nostdlib $< -o $@

$(DYN_DIR)/needs_missing: tests/dynamic/helpers.c $(B)/dynamic-libs/libmmkmissing.so
	$(Q)$(USER_CC) $(DYN_CFLAGS) $< -L$(B)/dynamic-libs -Wl,--no-as-needed -lmmkmissing -o $@

$(DYN_DIR)/glibc_needs_missing: tests/dynamic/helpers.c $(B)/dynamic-libs/libmmkmissing.so
	$(Q)$(HOSTCC) $(DYN_CFLAGS) $< -L$(B)/dynamic-libs -Wl,--no-as-needed -lmmkmissing -o $@

# Debian's busybox-static: the guest's standard userland (/bin/busybox, its applets as
# links: ash is /bin/sh), and run natively and in the guest by tests/boot/busybox.sh.
BUSYBOX := $(B)/busybox/busybox
BUSYBOX_ROOT := $(B)/busybox-root

$(BUSYBOX): tools/fetch-busybox.sh
	$(Q)tools/fetch-busybox.sh $(dir $@)

$(BUSYBOX_ROOT).stamp: $(BUSYBOX) tools/busybox-root.sh
	$(Q)tools/busybox-root.sh $(BUSYBOX) $(BUSYBOX_ROOT)
	@touch $@

# Guest-only stress programs (tests/stress): never run on the host.
STRESS_BINS := $(patsubst tests/stress/%.c,$(B)/stress/%,$(wildcard tests/stress/*.c))

$(B)/stress/%: tests/stress/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Swap tests (tests/swap): guest programs run with little RAM and a swap disk (tests/swap.sh).
SWAP_TEST_BINS := $(patsubst tests/swap/%.c,$(B)/swap-tests/%,$(wildcard tests/swap/*.c))

$(B)/swap-tests/%: tests/swap/%.c tests/swap/swapcheck.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Guest programs driven by gdb (tests/gdb/*.c), run by the gdb tests (tests/gdb/*.sh).
GDB_TEST_BINS := $(patsubst tests/gdb/%.c,$(B)/gdb-tests/%,$(wildcard tests/gdb/*.c))

$(B)/gdb-tests/%: tests/gdb/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Guest programs that need a disk (tests/disk), run by tests/boot/disk.sh with one attached.
DISK_TEST_BINS := $(patsubst tests/disk/%.c,$(B)/disk-tests/%,$(wildcard tests/disk/*.c))

$(B)/disk-tests/%: tests/disk/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Guest programs that drive the user tools (tests/tools), run by tests/boot/tools.sh.
TOOL_TEST_BINS := $(patsubst tests/tools/%.c,$(B)/tool-tests/%,$(wildcard tests/tools/*.c))

$(B)/tool-tests/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# Guest programs whose fault traces tests/boot/vmtrace.sh reads (tests/vmtrace).
VMTRACE_TEST_BINS := $(patsubst tests/vmtrace/%.c,$(B)/vmtrace-tests/%,$(wildcard tests/vmtrace/*.c))

$(B)/vmtrace-tests/%: tests/vmtrace/%.c tests/user/check.h
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# The terminal's termios and job-control ioctls (tests/tty), run by tests/boot/tty.sh on the
# console and on this host under a pseudo-terminal.
TTY_TEST_BINS := $(patsubst tests/tty/%.c,$(B)/tty-tests/%,$(wildcard tests/tty/*.c))

$(B)/tty-tests/%: tests/tty/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

user-tests: $(UTEST_BINS) $(GLIBC_TEST_BINS) $(DYN_TEST_BINS) $(BUSYBOX) $(STRESS_BINS) $(SWAP_TEST_BINS) \
	$(DISK_TEST_BINS) $(GDB_TEST_BINS) $(TOOL_TEST_BINS) $(VMTRACE_TEST_BINS) $(TTY_TEST_BINS)

# The test programs are in the guest too, in /tests, to be run from the shell.
ROOTFS_TESTS := $(patsubst $(B)/user-tests/%,$(B)/rootfs/tests/%,$(UTEST_BINS))

$(B)/rootfs/tests/%: $(B)/user-tests/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# Benchmarks: guest programs run under tools/qrun --icount, so that their rdtsc figures
# are instruction counts, identical from run to run; swapbench also runs in real time, for
# a disk's throughput.
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

$(B)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# /init of the initramfs in which tools/linux-bench boots Linux (make bench-linux).
$(B)/tools/linux-bench-init: tools/linux-bench-init.c
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	$(Q)$(USER_CC) $(USER_CFLAGS) $< -o $@

# What vmbench's dynamic exec rows run: an empty program, dynamically linked with each C
# library.
BENCH_DYN := $(B)/bench/exit_musl $(B)/bench/exit_glibc

$(B)/bench/exit_musl: bench/dynamic/exit.c
	$(Q)$(USER_CC) $(filter-out -static,$(USER_CFLAGS)) $< -o $@

$(B)/bench/exit_glibc: bench/dynamic/exit.c
	$(Q)$(HOSTCC) $(filter-out -static,$(USER_CFLAGS)) $< -o $@

bench:
	@tools/setup.sh
	@$(MAKE) --no-print-directory all $(BENCH_BINS) $(BENCH_DYN)
	@QRUN_NO_BUILD=1 tools/qrun --icount $(foreach f,$(BENCH_DYN),--file $(f)) $(B)/bench/vmbench \
		$(foreach f,$(BENCH_DYN),./$(notdir $(f)))
	@echo "threads, in guest instructions:"
	@QRUN_NO_BUILD=1 tools/qrun --icount $(B)/bench/threadbench
	@echo "sleeps, in guest instructions (-icount: 1 ns = 1 instruction):"
	@QRUN_NO_BUILD=1 tools/qrun --icount $(B)/bench/sleepbench
	@echo "sleeps, in real time:"
	@QRUN_NO_BUILD=1 tools/qrun $(B)/bench/sleepbench
	@echo "swap (256 MiB working set, 128 MiB of RAM), in real time:"
	@QRUN_NO_BUILD=1 QRUN_TIMEOUT=600 tools/qrun --mem 128M --swap 512M $(B)/bench/swapbench throughput
	@echo "swap, in guest instructions (-icount):"
	@QRUN_NO_BUILD=1 QRUN_TIMEOUT=900 tools/qrun --icount --mem 128M --swap 512M $(B)/bench/swapbench instructions

# The reference figures: vmbench and threadbench under Debian's Linux kernel, booted by
# tools/linux-bench in the same QEMU with the same CPU, under -icount as make bench.
# vmbench's dynamic exec rows run the same programs as make bench's; the initramfs has no
# libraries of its own, so it is given this host's loaders (and glibc's libc) at their paths.
BENCH_LINUX_LIBS := /lib/ld-musl-x86_64.so.1 /lib64/ld-linux-x86-64.so.2 \
	/lib/x86_64-linux-gnu/libc.so.6

bench-linux:
	@tools/setup.sh
	@$(MAKE) -s --no-print-directory $(B)/bench/vmbench $(B)/bench/threadbench $(BENCH_DYN) \
		$(B)/rootfs/bin/qrun-init $(B)/tools/linux-bench-init
	@LINUX_BENCH_NO_BUILD=1 tools/linux-bench --icount $(foreach l,$(BENCH_LINUX_LIBS),--file $(l):$(l)) \
		$(foreach f,$(BENCH_DYN),--file $(f)) $(B)/bench/vmbench $(foreach f,$(BENCH_DYN),./$(notdir $(f)))
	@echo "threads, in guest instructions:"
	@LINUX_BENCH_NO_BUILD=1 tools/linux-bench --icount $(B)/bench/threadbench

# musl's dynamic loader (which is its libc.so too), copied from Debian's musl package, so
# that dynamically linked musl programs run in the guest.
MUSL_LDSO := $(B)/rootfs/lib/ld-musl-x86_64.so.1

$(MUSL_LDSO): /lib/ld-musl-x86_64.so.1
	@mkdir -p $(dir $@)
	@echo "  COPY    $@"
	$(Q)cp -L $< $@

# glibc's dynamic loader and its C library, copied from this host's Debian libc6 package
# (their files, not the host's links to them), at the paths the host has them: a program
# built here with plain `gcc` runs in the guest as it is (make run EXTRA=dir). Other
# libraries a program needs come with it (tools/qrun brings those ldd names).
GLIBC_LDSO := $(B)/rootfs/lib64/ld-linux-x86-64.so.2
GLIBC_LIBC := $(B)/rootfs/lib/x86_64-linux-gnu/libc.so.6

$(GLIBC_LDSO): /lib64/ld-linux-x86-64.so.2
$(GLIBC_LIBC): /lib/x86_64-linux-gnu/libc.so.6
$(GLIBC_LDSO) $(GLIBC_LIBC):
	@mkdir -p $(dir $@)
	@echo "  COPY    $@"
	$(Q)cp -L $< $@

# The ramdisk: rootfs/, busybox and its applet links, the user programs over them, and with
# EXTRA=DIR a host folder's files over those. A program in build/rootfs/bin whose user/*.c
# is gone (renamed) is removed first. mkinitrd.sh only rewrites the archive when its
# contents change.
$(B)/initrd.cpio: $(USER_BINS) $(ROOTFS_TESTS) $(MUSL_LDSO) $(GLIBC_LDSO) $(GLIBC_LIBC) \
		$(BUSYBOX_ROOT).stamp FORCE
	@mkdir -p $(B)/rootfs
	$(Q)rm -f $(filter-out $(USER_BINS),$(wildcard $(B)/rootfs/bin/*))
	$(Q)tools/mkinitrd.sh $@ rootfs $(BUSYBOX_ROOT) $(B)/rootfs $(EXTRA)

$(KB)/mmk.iso: $(KB)/kernel.elf $(B)/initrd.cpio tools/mkiso.sh tools/qemu-args.sh $(KB)/cmdline
	@echo "  ISO     $@"
	$(Q)tools/mkiso.sh $(KB)/kernel.elf "$(CMDLINE)" $@ $(B)/initrd.cpio

# Host unit tests of kernel logic, under AddressSanitizer and UBSan.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -I. -DHOST_TEST -D_DEFAULT_SOURCE \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -MMD -MP

$(B)/unit/%: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $< -o $@

unit: $(UNIT_BINS)

setup:
	@tools/setup.sh

# The swap disk of make run, kept in build/ (the guest's swap survives between runs) and
# made again when SWAP changes.
SWAP_DISK := $(if $(filter-out 0,$(SWAP)),$(B)/swap.img)
DISK_ARGS := $(if $(SWAP_DISK),$$(tools/disk-args.sh $(SWAP_DISK)))

$(B)/swap.size: FORCE
	@mkdir -p $(B)
	@printf '%s\n' '$(SWAP)' | cmp -s - $@ || printf '%s\n' '$(SWAP)' > $@

$(B)/swap.img: $(B)/swap.size tools/mkdisk
	@echo "  MKDISK  $@ ($(SWAP))"
	$(Q)tools/mkdisk $@ $(SWAP)

# QEMU's exit status 33 is the kernel's normal power-off (QEMU_EXIT_PASS, through the
# isa-debug-exit device): not an error for make; 35 is a panic.
QEMU_OK := st=$$?; [ $$st -eq 0 ] || [ $$st -eq 33 ] || { echo "QEMU exit status $$st" >&2; exit $$st; }

run:
	@msg=$$(tools/mem-check.sh $(MEM)) || { echo "make run: MEM=$(MEM): $$msg" >&2; exit 2; }
	@tools/setup.sh
	@$(MAKE) --no-print-directory all $(SWAP_DISK)
	$(QEMU) $$(tools/qemu-args.sh) -m $(MEM) -nographic -cdrom $(KB)/mmk.iso $(DISK_ARGS); \
	$(QEMU_OK)

# The build uses two jobs unless make was given -j; tests/run.sh then runs its jobs in two
# lanes (one per core).
# The gdb tests use the debug build, as make debug and tools/qrun --gdb do.
TEST_JOBS := $(if $(findstring -j,$(MAKEFLAGS)),,-j2)
test:
	@tools/setup.sh
	@$(MAKE) --no-print-directory $(TEST_JOBS) all unit user-tests
	@$(MAKE) --no-print-directory $(TEST_JOBS) DEBUG=1 kernel
	@tests/run.sh

# LTP's tests on this host and in the guest (tools/ltp/run.sh says how; LTP=DIR is a
# checkout of LTP). Not part of make test.
ltp:
	@tools/setup.sh ltp
	@$(MAKE) --no-print-directory $(TEST_JOBS) all
	@tools/ltp/run.sh "$(LTP)"

# make debug and make gdb: the debug build (DEBUG=1), and the gdb port of this user
# (tools/gdb-port; GDBPORT=N for another).
GDBPORT ?= $(shell tools/gdb-port)
export GDBPORT

debug:
	@msg=$$(tools/mem-check.sh $(MEM)) || { echo "make debug: MEM=$(MEM): $$msg" >&2; exit 2; }
	@tools/setup.sh
	@$(MAKE) --no-print-directory DEBUG=1 all $(SWAP_DISK)
	@tools/gdb-port --check >/dev/null
	@echo "QEMU is paused with its gdb stub on localhost:$(GDBPORT); run 'make gdb' in another terminal."
	$(QEMU) $$(tools/qemu-args.sh) -m $(MEM) -nographic -cdrom build-debug/mmk.iso $(DISK_ARGS) \
		-gdb tcp:localhost:$(GDBPORT) -S; \
	$(QEMU_OK)

# The comment lines at the top of this file, and the settings with their values now.
help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' Makefile
	@echo "Settings (make run MEM=256M ...): MEM=$(MEM) SWAP=$(SWAP) EXTRA=$(EXTRA) CMDLINE=$(CMDLINE)"
	@echo "  MEM      the guest's RAM"
	@echo "  SWAP     the size of a swap disk for make run and make debug (SWAP=0: none)"
	@echo "  EXTRA    a host folder whose files are added to the guest's root file system"
	@echo "  CMDLINE  kernel options (vmtrace=1, mem=..., selftest=...)"
	@echo "  V=1      show every command in full"
	@echo "  DEBUG=1  the kernel in build-debug/, at -Og without inlining, for gdb"
	@echo "  GDBPORT  the gdb port of make debug, make gdb, qrun --gdb (now $(GDBPORT))"

# Attaches to make debug's QEMU: stops at kernel_main if the kernel has not started yet,
# else where it runs now (tools/gdbinit).
gdb:
	@$(MAKE) --no-print-directory DEBUG=1 kernel
	$(GDB) -q -x tools/gdbinit build-debug/kernel.elf

clean:
	rm -rf $(B) build-debug

-include $(sort $(shell find $(KB) $(B)/unit -name '*.d' 2>/dev/null))
