# gdb views of the whole machine: vm-frames, vm-swap, vm-ps (and ps) (tools/gdb/README.md).

import struct

import gdb

import mmk_kernel as k


def optional(expr):
    """A kernel variable that may be optimised away or renamed: its int value or None."""
    try:
        return k.uint(k.value(expr))
    except (gdb.error, gdb.GdbError):
        return None


def free_frames(n):
    """A bytearray of n: 1 for each frame inside a block on a buddy free list."""
    free = bytearray(n)
    b = k.value("frame_buddy")
    for order in range(b["area"].type.range()[1] + 1):
        for head in k.list_entries(b["area"][order]["blocks"], "struct page", "list"):
            pfn = k.pfn_of_page(k.uint(head.address))
            free[pfn:pfn + (1 << order)] = b"\x01" * len(free[pfn:pfn + (1 << order)])
    return free


def frame_census():
    """Counts every frame of mem_map by what holds it, from one read of the whole array
    and the buddy allocator's free lists."""
    t = k.type_of("struct page")
    n = k.nr_frames()
    data = k.read(k.uint(k.value("mem_map")), n * t.sizeof)
    free = free_frames(n)
    off = dict((f, k.field_offset(t, f)) for f in
               ("flags", "order", "refcount", "mapcount", "object", "anon"))
    pg = dict((f[3:], int(k.value(f))) for f in
              ("PG_RESERVED", "PG_TAIL", "PG_SLAB", "PG_KMALLOC_LARGE", "PG_SWAPCACHE"))
    anon_ops = k.uint(k.value("&anon_object_ops"))
    ops_off = k.field_offset(k.type_of("struct vm_object"), "ops")
    objects = {}
    counts = {}
    block_end, block_kind = 0, None     # the rest of a block handed out as one
    for i in range(n):
        base = i * t.sizeof
        flags = struct.unpack_from("<H", data, base + off["flags"])[0]
        ref = struct.unpack_from("<i", data, base + off["refcount"])[0]
        mapc = struct.unpack_from("<i", data, base + off["mapcount"])[0]
        obj = struct.unpack_from("<Q", data, base + off["object"])[0]
        anon = struct.unpack_from("<Q", data, base + off["anon"])[0]
        order = data[base + off["order"]]
        if i < block_end and ref == 0 and not free[i]:
            kind = block_kind                   # counted with its block's first frame
        elif free[i]:
            kind = "free (on the buddy lists)"
        elif flags & pg["RESERVED"]:
            kind = "reserved (firmware, holes, kernel image, boot data)"
        elif flags & pg["SLAB"] or flags & pg["KMALLOC_LARGE"]:
            kind = "kernel: kmalloc"
        elif flags & pg["TAIL"]:
            kind = "kernel: later frames of multi-frame blocks"
        elif obj:
            if obj not in objects:
                objects[obj] = k.read_u64(obj + ops_off) == anon_ops
            kind = "user: shared anonymous" if objects[obj] else "user: file (page cache)"
        elif anon:
            kind = "user: anonymous"
        elif flags & pg["SWAPCACHE"]:
            kind = "user: swap cache only"
        elif ref == 0:
            kind = "not free, not held (refcount 0)"
        else:
            kind = "kernel: other (page tables, stacks, mem_map...)"
        if order and ref > 0 and not free[i]:
            block_end, block_kind = i + (1 << order), kind
        if flags & pg["SWAPCACHE"] and kind != "user: swap cache only":
            counts["  of which in the swap cache"] = counts.get(
                "  of which in the swap cache", 0) + 1
        if mapc > 0:
            counts["  mapped by user PTEs"] = counts.get("  mapped by user PTEs", 0) + 1
        counts[kind] = counts.get(kind, 0) + 1
    return n, counts


class VmFrames(gdb.Command):
    """Show the buddy allocator's free lists and the frame totals: vm-frames [all]

For each order (blocks of 2^order contiguous frames, mm/buddy.h), the number of free
blocks and the frames they hold, as frame_buddy keeps them; then the frames the allocator
manages, free and in use, and the size of mem_map. The lists are walked too, and a list
whose length disagrees with its count is reported. With `all`, every struct page is read
(in one piece) and the frames are counted by what holds them: free, reserved, kernel
(kmalloc, page tables, stacks), user pages (anonymous, file page cache, shared anonymous,
swap cache), and how many are mapped by user PTEs."""

    def __init__(self):
        super().__init__("vm-frames", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k.begin_command()
        argv = gdb.string_to_argv(arg)
        if argv not in ([], ["all"]):
            raise k.MmkError("usage: vm-frames [all]")
        k.frames_ready()
        b = k.value("frame_buddy")
        print("buddy allocator (frame_buddy): free lists by order")
        print("  %5s %10s %7s %8s" % ("order", "block", "blocks", "frames"))
        listed = 0
        for order in range(b["area"].type.range()[1] + 1):
            area = b["area"][order]
            count = k.uint(area["count"])
            walked = sum(1 for _ in k.list_entries(area["blocks"], "struct page", "list"))
            listed += count << order
            note = "" if walked == count else "  (the list holds %d!)" % walked
            print("  %5d %9dK %7d %8d%s" % (order, 4 << order, count, count << order, note))
        total, free = k.uint(b["total"]), k.uint(b["free"])
        print("frames: %d managed (%d MiB), %d free (%d MiB), %d in use; mem_map covers %d "
              "frames (pfn 0..%#x), struct page is %d bytes" % (
                  total, total >> 8, free, free >> 8, total - free, k.nr_frames(),
                  k.nr_frames() - 1, k.type_of("struct page").sizeof))
        if listed != free:
            print("warning: the free lists hold %d frames but frame_buddy.free is %d" % (
                listed, free))
        mm_frames = optional("mem_map_frames")
        usable = optional("usable_frames")
        if mm_frames is not None and usable is not None:
            print("  %d usable frames in the memory map; mem_map itself takes %d" % (
                usable, mm_frames))
        if argv == ["all"]:
            n, counts = frame_census()
            print("every frame by holder (%d struct pages):" % n)
            for kind in sorted(c for c in counts if not c.startswith("  ")):
                print("  %-50s %8d" % (kind, counts[kind]))
            for kind in sorted(c for c in counts if c.startswith("  ")):
                print("  %-50s %8d" % (kind.strip(), counts[kind]))


class VmSwap(gdb.Command):
    """Show the swap areas: vm-swap [slots]

One entry per swap area in use (swap_areas, mm/swap_area.h; enabled by swapon,
mm/swapfile.c): its number (the type in swap entries), the path swapon named and the
block device, size in slots and KiB, usable slots, slots in use, priority, the pages of
its swap cache, the slots retired after write errors. With `slots`, every slot in use
with its count of PTEs and whether its page is in the swap cache."""

    def __init__(self):
        super().__init__("vm-swap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k.begin_command()
        argv = gdb.string_to_argv(arg)
        if argv not in ([], ["slots"]):
            raise k.MmkError("usage: vm-swap [slots]")
        areas = k.value("swap_areas")
        used = 1                        # mm/swap_area.h's SWAP_AREA_USED (a #define)
        shown = 0
        for t in range(areas.type.range()[1] + 1):
            a = areas[t]
            flags = int(a["flags"])
            if not flags:
                continue
            shown += 1
            state = [w for bit, w in [(1, "enabled"), (2, "closing (swapoff)"),
                                      (4, "opening (swapon)")] if flags & bit]
            bdev = k.uint(a["bdev"])
            dev = k.at(bdev, "struct block_device")["name"].string() if bdev else "-"
            slots = k.uint(a["max"])
            print("area %d: %s (device %s), %s, priority %d" % (
                t, a["path"].string(), dev, ", ".join(state), int(a["prio"])))
            print("  %d slots (%d KiB; slot 0 is the header), %d usable, %d in use, %d free; "
                  "swap cache %d pages; %d retired; next search at slot %d" % (
                      slots, slots * 4, k.uint(a["pages"]), k.uint(a["inuse"]),
                      k.uint(a["pages"]) - k.uint(a["inuse"]),
                      k.uint(a["cache"]["nr_pages"]), int(a["nr_retired"]), k.uint(a["next"])))
            if argv == ["slots"] and flags & used:
                per_chunk = k.PAGE_SIZE // 2
                for c in range(k.uint(a["nr_chunks"])):
                    data = k.read(k.uint(a["map"][c]), k.PAGE_SIZE)
                    for i in range(per_chunk):
                        word = struct.unpack_from("<H", data, 2 * i)[0]
                        slot = c * per_chunk + i
                        if word and slot and slot < slots:
                            print("    slot %6d: %s" % (slot, k.slot_words(word)))
        if not shown:
            print("no swap areas (swapon enables one; tools/qrun --swap SIZE attaches a disk)")
        total, free = optional("total_pages"), optional("free_pages")
        if shown and total is not None and free is not None:
            print("total %d slots, %d free" % (total, free))


def state_words(p):
    """A process's state in words (kernel/proc/proc.h's enum proc_state)."""
    name = str(p["state"])
    return name[5:].lower() if name.startswith("PROC_") else name


def channel_words(p, chan):
    """What a sleeper's wait channel is (the sleep_on callers: wait4 sleeps on the process
    itself, nanosleep on its wake_tick, a locked page on its struct page, kswapd and others
    on variables; pipes and disks on their own structures)."""
    if chan == k.uint(p.address):
        return "wait4 (a child's exit)"
    if chan == k.uint(p["wake_tick"].address):
        return "nanosleep"
    mem_map = k.uint(k.value("mem_map"))
    size = k.type_of("struct page").sizeof
    if mem_map <= chan < mem_map + k.nr_frames() * size:
        return "a locked page (frame %#x, under I/O)" % ((chan - mem_map) // size)
    sym = gdb.execute("info symbol %#x" % chan, to_string=True).strip()
    if not sym.startswith("No symbol"):
        return sym.split(" in section")[0]
    return "%#x (a pipe or a disk?)" % chan


class VmPs(gdb.Command):
    """List the processes: vm-ps (also: ps)

Every process on all_procs (kernel/proc/proc.h), in creation order: pid, parent's pid,
state (runnable, sleeping, stopped, zombie; * marks the one running now, the kernel's
`current`), name, the struct mm of its address space with its resident pages, swap
entries and the physical address of its PML4 (its CR3), and what a sleeper waits for
(wait4, nanosleep, a locked page, the terminal, a pipe...)."""

    def __init__(self, name="vm-ps"):
        super().__init__(name, gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        k.begin_command()
        if arg.strip():
            raise k.MmkError("usage: vm-ps")
        cur = k.uint(k.value("current"))
        print("  %5s %5s %-9s %-16s %-18s %6s %5s %10s" % (
            "pid", "ppid", "state", "name", "mm", "rss", "swap", "cr3"))
        procs = k.processes()
        if not procs:
            print("no processes yet (init starts at the end of kernel_main)")
        for p in procs:
            ppid = int(p["parent"]["pid"]) if k.uint(p["parent"]) else 0
            mm = k.uint(p["mm"])
            if mm:
                m = p["mm"].dereference()
                mm_text = "%#018x %6d %5d %#10x" % (mm, k.uint(m["rss"]), k.uint(m["swap_ents"]),
                                                    k.uint(m["pmap"]["root"]))
            else:
                mm_text = "%-18s %6s %5s %10s" % ("-", "-", "-", "-")
            name = k.proc_name(p)
            if bool(p["kthread"]):
                name = "[%s]" % name
            wait = k.uint(p["wait_channel"])
            wait_text = ""
            if str(p["state"]) == "PROC_SLEEPING" and wait:
                wait_text = "  waits: " + channel_words(p, wait)
            print("%s %5d %5d %-9s %-16s %s%s" % (
                "*" if k.uint(p.address) == cur else " ", int(p["pid"]), ppid, state_words(p),
                name, mm_text, wait_text))


def register():
    VmFrames()
    VmSwap()
    VmPs("vm-ps")
    VmPs("ps")
