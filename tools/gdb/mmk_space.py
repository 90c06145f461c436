# gdb views of one address space and one frame: vm-walk, vm-maps, vm-page
# (tools/gdb/README.md). They read the kernel's structures through mmk_kernel.

import gdb

import mmk_kernel as k


def swap_entry_text(e):
    """A swap PTE in words: its area and slot, and what the area's map says of the slot."""
    typ, slot = k.pte_swap(e)
    text = "swap entry: area %d, slot %d" % (typ, slot)
    area = k.swap_area(typ)
    if area is None or not int(area["flags"]):
        return text + " (no such swap area: a bad entry)"
    text += " of %s" % area["path"].string()
    word = k.slot_word(area, slot)
    if word is None:
        return text + " (past the area's end: a bad entry)"
    text += " (slot map: %s)" % k.slot_words(word)
    cached = k.page_cache_lookup(area["cache"], slot)
    if cached:
        text += "; in the swap cache as frame %#x" % k.pfn_of_page(cached)
    return text


def page_summary(pfn):
    pg = k.page_of(pfn)
    text = "refcount %d, mapcount %d, flags %s" % (int(pg["refcount"]), int(pg["mapcount"]),
                                                  k.page_flag_words(int(pg["flags"])) or "-")
    if k.uint(pg.address) == k.uint(k.value("zero_page")):
        text += " (the zero page: every read of untouched anonymous memory maps it; " \
            "no one owns it, nothing counts its mappings)"
    return text


class VmWalk(gdb.Command):
    """Walk the page tables for a virtual address: vm-walk ADDR [PID|CR3]

Shows the four levels (PML4, PDPT, PD, PT) that translate ADDR: each table's index from
ADDR's bits, the entry found there and its flags in words (present, writable or read-only,
user, accessed, dirty, huge, NX...), then the frame ADDR lands in (with its struct page's
counts), or why the walk stops: a missing table, an empty entry, a PROT_NONE entry that
hides its frame, or a swap entry (its swap area and slot, and the slot's use count). Where
no entry maps ADDR it says what a touch would find: no area (SIGSEGV), demand-zero memory,
or the object's page (in its page cache, in swap, a hole, or past its end: SIGBUS).

The address space is the current process's by default (the kernel's `current`, else the
CPU's CR3); PID names another process, and a page-aligned physical address is taken as
a CR3 (a PML4's address). ADDR and PID may be any gdb expressions (current->parent->pid).
Kernel addresses work in any address space (the kernel half is shared).
Compare QEMU's monitor: `info tlb`, `info mem`, `gva2gpa ADDR`."""

    def __init__(self):
        super().__init__("vm-walk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k.begin_command()
        argv = gdb.string_to_argv(arg)
        if not 1 <= len(argv) <= 2:
            raise k.MmkError("usage: vm-walk ADDR [PID|CR3]")
        va = k.parse_number(argv[0])
        space = k.resolve_space(argv[1] if len(argv) > 1 else None)
        print("%#x in %s, PML4 at phys %#x%s" % (va, space.label(), space.root,
                                                   " (%s)" % space.how if space.how else ""))
        steps = k.walk(space.root, va)
        for name, idx, _, e in steps:
            print("  %-4s[%3d] = %#018x  %s" % (name, idx, e, k.entry_words(e, name)))
        print("  -> " + walk_end(va, steps))
        name, _, _, e = steps[-1]
        if space.mm is not None and not e & k.PTE_P and (name != "PT" or e == 0):
            print("     " + fault_would(space.mm, va))


def find_vma(mm, va):
    """The area containing va, or None: a search of the AVL tree (mm/vma.c's vma_find)."""
    node = k.uint(mm["vmas"]["root"])
    while node:
        v = k.at(node, "struct vma")
        if va < k.uint(v["start"]):
            node = k.uint(v["left"])
        elif va >= k.uint(v["end"]):
            node = k.uint(v["right"])
        else:
            return v
    return None


def fault_would(mm, va):
    """What a touch of va, which no entry maps, would find (mm/fault.c's decision)."""
    v = find_vma(mm, va)
    if v is None:
        return "no area contains it: a touch is SIGSEGV (unless just below the stack, which grows)"
    where = "area %#x-%#x %s" % (k.uint(v["start"]), k.uint(v["end"]), prot_text(v))
    obj = k.uint(v["object"])
    if not obj:
        return where + ", anonymous: the first touch gets a zeroed frame (demand-zero): " \
            "a write a frame of its own, a read the zero page, shared and read-only"
    index = k.uint(v["pgoff"]) + ((va - k.uint(v["start"])) >> k.PAGE_SHIFT)
    o = k.at(obj, "struct vm_object")
    text = "%s, %s page %d" % (where, k.object_name(obj), index)
    page = k.page_cache_lookup(o["pages"], index)
    if page:
        return text + ": in its page cache as frame %#x; a touch maps it (a private " \
            "write copies it)" % k.pfn_of_page(page)
    swapped = k.page_cache_lookup(o["swapped"], index)
    if swapped:
        return text + ": in swap, %s; a touch reads it back" % k.swp_entry_text(swapped)
    if index >= (k.uint(o["size"]) + k.PAGE_SIZE - 1) >> k.PAGE_SHIFT:
        return text + ": past the object's end: a touch is SIGBUS"
    return text + ": a hole in the object: a touch gets a zeroed page"


def walk_end(va, steps):
    """Where a walk ended: the frame, or why it stopped."""
    name, _, _, e = steps[-1]
    level = [n for n, _, _ in k.LEVELS].index(name)
    _, shift, covers = k.LEVELS[level]
    if e & k.PTE_P:
        size = 1 << shift
        pa = (e & k.PTE_ADDR_MASK & ~(size - 1)) + (va & (size - 1))
        pfn = pa >> k.PAGE_SHIFT
        text = "frame %#x, phys %#x%s" % (pfn, pa, "" if name == "PT" else
                                           " (in a %s page)" % covers)
        if pfn < k.nr_frames():
            text += "\n     struct page: " + page_summary(pfn)
        return text
    if name != "PT":
        return "stops: no %s table here: nothing is mapped in this %s" % (
            k.LEVELS[level + 1][0], covers)
    if e == 0:
        return "stops: empty entry: never touched, or unmapped"
    if e & k.PTE_PROTNONE:
        return "stops: PROT_NONE: the entry keeps frame %#x hidden from the CPU" % (
            (e & k.PTE_ADDR_MASK) >> k.PAGE_SHIFT)
    return "stops: " + swap_entry_text(e)


def vma_kind(v, mm):
    """What an area is, in words, as /proc/PID/maps names it and a bit more: 'private file
    /bin/sh', 'shared anonymous #2', 'anonymous [heap]', 'anonymous [stack]', 'anonymous'."""
    flags = int(v["flags"])
    obj = k.uint(v["object"])
    if obj:
        name = k.object_name(obj)
        if name.startswith("file "):
            share = "shared" if flags & k.VMA_SHARED else "private"
            return "%s %s at page %d" % (share, name, k.uint(v["pgoff"]))
        return "%s at page %d" % (name, k.uint(v["pgoff"]))
    start, end = k.uint(v["start"]), k.uint(v["end"])
    if start < k.uint(mm["brk"]) and end > k.uint(mm["brk_start"]):
        return "anonymous [heap]"
    if flags & k.VMA_GROWSDOWN or start <= k.uint(mm["start_stack"]) < end:
        return "anonymous [stack]"
    return "anonymous"


def prot_text(v):
    prot, flags = int(v["prot"]), int(v["flags"])
    return "".join(c if prot & bit else "-" for bit, c in
                   [(k.VMA_READ, "r"), (k.VMA_WRITE, "w"), (k.VMA_EXEC, "x")]) + \
        ("s" if flags & k.VMA_SHARED else "p")


def vmas_in_order(mm):
    """The areas of mm by address: an in-order walk of the AVL tree (mm/vma.h)."""
    out = []
    stack = []
    node = k.uint(mm["vmas"]["root"])
    while stack or node:
        while node:
            stack.append(node)
            node = k.uint(k.at(node, "struct vma")["left"])
        node = stack.pop()
        v = k.at(node, "struct vma")
        out.append(v)
        node = k.uint(v["right"])
    return out


class VmMaps(gdb.Command):
    """List a process's areas: vm-maps [PID]

One line per area (struct vma, from the AVL tree of the address space in mm/vma.h), in
address order: start-end, protection as /proc/PID/maps writes it (rwxp: s for shared, p
for private copy-on-write), size, pages resident and in swap (a walk of its page-table
entries), its kind (anonymous demand-zero memory, [heap], [stack], a file's pages shared
or private, shared anonymous memory), and the backing VM object (mm/object.h): the file's
path, or the shared anonymous object's number, with the page offset the area starts at;
then the area's flags and its anon_vma (the owner of its anonymous pages). The process
is the current one unless PID (any gdb expression) says another."""

    def __init__(self):
        super().__init__("vm-maps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k.begin_command()
        argv = gdb.string_to_argv(arg)
        if len(argv) > 1:
            raise k.MmkError("usage: vm-maps [PID]")
        space = k.resolve_space(argv[0] if argv else None)
        if space.mm is None:
            raise k.MmkError("mmk: %s is no process's address space (the kernel's alone, "
                             "before init runs?): say vm-maps PID" % space.label())
        mm = space.mm
        vmas = vmas_in_order(mm)
        print("%s: %d areas, rss %d pages, %d swap entries, brk %#x-%#x" % (
            space.label(), int(mm["vmas"]["count"]), k.uint(mm["rss"]),
            k.uint(mm["swap_ents"]), k.uint(mm["brk_start"]), k.uint(mm["brk"])))
        print("  %-33s %-4s %8s %5s %5s  %s" % ("start-end", "prot", "size", "rss", "swap",
                                                 "kind, backing object [flags]"))
        for v in vmas:
            start, end = k.uint(v["start"]), k.uint(v["end"])
            rss = swap = 0
            for _, e in k.user_ptes(space.root, start, end):
                if k.pte_has_frame(e):
                    rss += 1
                elif k.pte_is_swap(e):
                    swap += 1
            what = vma_kind(v, mm)
            flags = int(v["flags"])
            extra = [w for bit, w in k.VMA_FLAG_NAMES if flags & bit and bit != k.VMA_SHARED]
            if k.uint(v["object"]):
                extra.append("object %#x" % k.uint(v["object"]))
            if k.uint(v["anon"]):
                extra.append("anon_vma %#x" % k.uint(v["anon"]))
            print("  %016x-%016x %-4s %7dK %5d %5d  %s%s" % (
                start, end, prot_text(v), (end - start) // 1024, rss, swap, what,
                " [%s]" % ", ".join(extra) if extra else ""))


def rmap_ptes(pg, pfn):
    """Every (area, va, entry) whose PTE maps frame pfn, found as mm/rmap.c's rmap_walk:
    through the object's areas for an object's page, the anon_vma's areas for an
    anonymous page; each area maps page index i, if at all, at start + (i - pgoff)."""
    obj, anon = k.uint(pg["object"]), k.uint(pg["anon"])
    if obj:
        areas = k.list_entries(k.at(obj, "struct vm_object")["areas"], "struct vma",
                               "object_link")
    elif anon:
        areas = k.list_entries(k.at(anon, "struct anon_vma")["areas"], "struct vma",
                               "anon_link")
    else:
        return [], 0
    index = k.uint(pg["index"])
    found = []
    n = 0
    for v in areas:
        n += 1
        start, end, pgoff = k.uint(v["start"]), k.uint(v["end"]), k.uint(v["pgoff"])
        if index < pgoff or index - pgoff >= (end - start) >> k.PAGE_SHIFT:
            continue
        va = start + ((index - pgoff) << k.PAGE_SHIFT)
        root = k.uint(v["mm"]["pmap"]["root"])
        e = k.leaf_pte(root, va)
        if k.pte_has_frame(e) and (e & k.PTE_ADDR_MASK) >> k.PAGE_SHIFT == pfn:
            found.append((v, va, e))
    return found, n


def frame_of_arg(argv):
    """The frame vm-page's arguments name: a frame number, a kernel address (direct map or
    kernel image), or a user address in the process argv[1] (or the current one)."""
    n = k.parse_number(argv[0])
    if n >= k.KERNEL_HALF:
        image = 0xffffffff80000000      # boot/layout.h's KERNEL_VMA (a #define)
        pa = n - image if n >= image else n - k.uint(k.value("phys_offset"))
        return pa >> k.PAGE_SHIFT, "kernel address %#x" % n
    if n < k.nr_frames() and len(argv) == 1:
        return n, None
    space = k.resolve_space(argv[1] if len(argv) > 1 else None)
    e = k.leaf_pte(space.root, n)
    if not k.pte_has_frame(e):
        why = "a swap entry (%s)" % swap_entry_text(e) if k.pte_is_swap(e) else "no entry"
        raise k.MmkError("mmk: %#x in %s holds no frame: %s" % (n, space.label(), why))
    return (e & k.PTE_ADDR_MASK) >> k.PAGE_SHIFT, "%#x in %s" % (n, space.label())


class VmPage(gdb.Command):
    """Show a frame's struct page and the PTEs that map it: vm-page FRAME|ADDR [PID|CR3]

The argument is a frame number when it is below the number of frames (vm-frames says
how many) and no PID is given; a kernel address (direct map, kernel image) names the
frame behind it; any other number is a user virtual address in the current process (or
in PID), whose PTE names the frame. Prints the struct page (mm/page.h): reference count
(every holder: PTEs, the page cache, a caller), map count (PTEs only), flags in words,
buddy order, the owner the reverse map starts from (a VM object and page index, or an
anon_vma and linear index), the swap slot of a page in the swap cache; then every PTE
that maps the frame, found through the reverse map (mm/rmap.c): process, address, entry
and its flags. A count that disagrees with the map count is reported."""

    def __init__(self):
        super().__init__("vm-page", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        k.begin_command()
        argv = gdb.string_to_argv(arg)
        if not 1 <= len(argv) <= 2:
            raise k.MmkError("usage: vm-page FRAME|ADDR [PID|CR3]")
        pfn, via = frame_of_arg(argv)
        pg = k.page_of(pfn)
        flags = int(pg["flags"])
        print("frame %#x, phys %#x%s: struct page at %#x" % (
            pfn, pfn << k.PAGE_SHIFT, " (%s)" % via if via else "", k.uint(pg.address)))
        print("  refcount %d, mapcount %d, order %d, flags %s" % (
            int(pg["refcount"]), int(pg["mapcount"]), int(pg["order"]),
            k.page_flag_words(flags) or "-"))
        obj, anon = k.uint(pg["object"]), k.uint(pg["anon"])
        if obj:
            print("  owner: %s, page index %d" % (k.object_name(obj), k.uint(pg["index"])))
        elif anon:
            print("  owner: anonymous page of anon_vma %#x, linear index %#x" % (
                anon, k.uint(pg["index"])))
        elif flags & int(k.value("PG_RESERVED")):
            print("  reserved: not RAM the allocator manages (firmware, a hole, the kernel "
                  "image, boot data, or past mem=)")
        elif flags & int(k.value("PG_BUDDY")):
            print("  free: the head of a free block of %d frames (order %d)" % (
                1 << int(pg["order"]), int(pg["order"])))
        elif flags & int(k.value("PG_SLAB")):
            print("  kernel: kmalloc slab of size class %d, %d objects in use" % (
                int(pg["slab_class"]), int(pg["slab_inuse"])))
        elif flags & int(k.value("PG_KMALLOC_LARGE")):
            print("  kernel: a large kmalloc block of %d frames" % (1 << int(pg["order"])))
        elif int(pg["refcount"]) == 0:
            print("  no owner, no holder: free inside a larger free block, or reserved")
        else:
            print("  no owner: a kernel frame (page table, kernel stack, kmalloc...)")
        if flags & int(k.value("PG_SWAPCACHE")):
            print("  in the swap cache for " + k.swp_entry_text(k.uint(pg["swap"])))
        if not obj and not anon:
            return
        found, areas = rmap_ptes(pg, pfn)
        mms = set(k.uint(v["mm"]) for v, _, _ in found)
        print("  mapped by %d PTE%s in %d process%s (reverse map: %d area%s of the %s)%s" % (
            len(found), "" if len(found) == 1 else "s", len(mms), "" if len(mms) == 1 else "es",
            areas, "" if areas == 1 else "s", "object" if obj else "anon_vma",
            ":" if found else ""))
        for v, va, e in found:
            print("    %-22s %#014x  PTE %#018x  %s" % (
                k.mm_label(k.uint(v["mm"])), va, e, k.entry_words(e, "PT")))
        if len(found) != int(pg["mapcount"]):
            print("  warning: the reverse map finds %d PTEs but mapcount is %d" % (
                len(found), int(pg["mapcount"])))


def register():
    VmWalk()
    VmMaps()
    VmPage()
