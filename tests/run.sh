#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, N failed" that sums them all:
#   1. host unit tests (tests/unit, under ASan/UBSan), one count per test case, and short
#      libFuzzer runs of the ramdisk's cpio parser and the disk readers (tests/fuzz);
#   2. in-kernel self-tests (tests/kernel), booted in QEMU, one count per test;
#   3. boot scenarios: crash reports, a malformed command line, the user tools and demos;
#   4. the gdb tests (tests/gdb);
#   5. guest test programs (tests/user), each compared with its run on Linux;
#   6. swap tests (tests/swap): guest programs with little RAM and a swap disk;
#   7. the docs (tests/docs.sh): every command docs/*.md shows, and every name they cite.
# Each file of a section, or each program of sections 5 and 6, is a job (tests/lib.sh: job);
# the jobs run in two lanes at once, one per core: lane 1 from the front, printing as it
# goes, lane 2 from the back, printing each job when it ends. The sections' headings show
# the running count of both. At the end: the five slowest jobs, and the total.
# Exits non-zero on any failure, crash or timeout, and shows the failing test's log.
# `make test` builds everything first and then runs this.
set -u
cd "$(dirname "$0")/.."
JOBS_QUEUE=1
source tests/lib.sh

section "1. host unit tests"
job unit source tests/unit.sh
source tests/fuzz/run.sh

section "2. in-kernel self-tests"
job selftests source tests/selftests.sh

section "3. boot scenarios"
for t in tests/boot/*.sh; do
	job "boot/$(basename "$t" .sh)" source "$t"
done

section "4. gdb"
for t in tests/gdb/*.sh; do
	job "gdb/$(basename "$t" .sh)" source "$t"
done

section "5. user programs in the guest, against Linux"
source tests/guest.sh

section "6. swap: programs in a guest with little RAM and a swap disk"
source tests/swap.sh

section "7. the docs: their commands still work, the code they name still exists"
job docs source tests/docs.sh

run_jobs
summary
