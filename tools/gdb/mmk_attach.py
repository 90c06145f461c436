# Attaching gdb to the kernel in QEMU (tools/gdbinit: make gdb). QEMU's gdb stub reports the
# registers of the CPU's current mode: the CPU starts in 16-bit real mode and GRUB runs in
# 32-bit mode, while the kernel is 64-bit, and gdb fails with "Remote 'g' packet reply is too
# long" once the mode changes under it. So a kernel not started yet (make debug: QEMU
# paused at the reset vector) is stopped at kernel_main with a hardware breakpoint (software
# ones would be overwritten by the loader), and gdb reconnects in long mode; a kernel that
# already runs 64-bit code is stopped where it is.

import os
import socket
import subprocess

import gdb

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HINTS = ("Try: bt, list, next, info registers, x/8gx $rsp, p boot_info, continue.\n"
         "Memory views (once processes run): vm-ps, vm-maps, vm-walk ADDR, vm-page ADDR, "
         "vm-frames, vm-swap.\n"
         "QEMU's view of the page tables: monitor info mem, monitor info tlb, "
         "monitor gva2gpa ADDR.")


def gdb_port():
    """The port of QEMU's gdb stub, as make debug and tools/qrun --gdb chose it
    (tools/gdb-port: $GDBPORT, else this user's)."""
    return int(subprocess.check_output([os.path.join(TOOLS, "gdb-port")]).strip())


def long_mode():
    """Whether the CPU runs 64-bit code now: QEMU's register dump says RIP only then."""
    return "RIP=" in gdb.execute("monitor info registers", to_string=True)


def listening(port):
    """Whether something accepts connections on localhost:PORT (gdb itself would retry a
    refused connection for 15 s)."""
    try:
        socket.create_connection(("localhost", port), timeout=5).close()
        return True
    except OSError:
        return False


def connect(port):
    """target remote, in 64-bit mode; False with a hint when nothing answers."""
    gdb.execute("set architecture i386:x86-64", to_string=True)
    try:
        if not listening(port):
            raise gdb.error("nothing listens there")
        gdb.execute("target remote localhost:%d" % port)
    except gdb.error as e:
        print("mmk: no gdb stub answers on localhost:%d (%s).\n"
              "Start the kernel with `make debug` in another terminal (or tools/qrun --gdb), "
              "or set GDBPORT to the port it waits on." % (port, e))
        return False
    return True


def attach_kernel():
    """Connects to QEMU and stops at kernel_main, or where the running kernel is."""
    port = gdb_port()
    if not connect(port):
        return
    if long_mode():
        print("\nAttached to the running kernel: stopped where it was.\n" + HINTS)
    else:
        gdb.execute("hbreak kernel_main")
        gdb.execute("continue")
        gdb.execute("delete")
        gdb.execute("disconnect")
        if not connect(port):
            return
        print("\nStopped at kernel_main, the first C code of the kernel (64-bit, higher half).\n"
              + HINTS)
    gdb.execute("frame")
