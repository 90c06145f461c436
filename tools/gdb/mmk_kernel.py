# Reading the kernel's memory-management structures from gdb: the shared half of the vm-*
# commands (tools/gdb/README.md). Everything is read by name through gdb's Python API
# (gdb.lookup_type, gdb.parse_and_eval), so the helpers follow the structures as the code
# changes; what the debug information cannot hold (#define constants: the x86 entry bits,
# the swap-entry layout, the area flags) is spelled here, each with the header it comes from.
#
# The kernel is built at -O2: small static helpers (pte_swap_offset, page_to_phys,
# vma_page_index...) are inlined and cannot be called, so their arithmetic is done here in
# Python, from the same header comments.

import os
import struct

import gdb

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT

# ---- x86-64 page-table entries (mm/pmap.h, Intel SDM vol. 3, 4.5) ----
PTE_P = 1 << 0
PTE_W = 1 << 1
PTE_PS = 1 << 7
PTE_G = 1 << 8
PTE_PROTNONE = PTE_G            # mm/pmap.h: in a non-present user entry, Linux's bit 8
PTE_ADDR_MASK = 0x000ffffffffff000
PT_ENTRIES = 512

# The four levels: name, the address bit its index starts at, what one entry covers.
LEVELS = [("PML4", 39, "512 GiB"), ("PDPT", 30, "1 GiB"), ("PD", 21, "2 MiB"),
          ("PT", 12, "4 KiB")]

# Swap entries in a PTE (mm/pmap.h): area ("type") in bits 59..63, slot ("offset")
# inverted in bits 9..58.
SWP_TYPE_BITS = 5
SWP_OFFSET_BITS = 50
SWP_OFFSET_SHIFT = 9

# A swap entry outside a PTE (mm/swap.h's swp_entry_t): the area in bits 58..63.
SWP_TYPE_SHIFT = 58

# A swap area's slot map word (mm/swapfile.c): the PTEs naming the slot, and a bit for
# "its page is in the swap cache"; SLOT_BAD marks a slot never to use.
SLOT_HAS_CACHE = 0x8000
SLOT_COUNT_MASK = 0x7fff
SLOT_BAD = 0x7fff

# struct vma's prot and flags (mm/vma.h).
VMA_READ, VMA_WRITE, VMA_EXEC = 1, 2, 4
VMA_SHARED, VMA_GROWSDOWN = 1, 2
VMA_FLAG_NAMES = [(1, "shared"), (2, "growsdown"), (8, "maywrite"), (16, "account"),
                  (32, "noreserve"), (64, "locked"), (128, "lockonfault")]

KERNEL_HALF = 0xffff800000000000


class MmkError(gdb.GdbError):
    """An error to show the user as one clear line (no Python traceback)."""


def value(expr):
    """The value of the C expression expr, or a clear error when GCC optimised it away or
    it cannot be read. A name the kernel no longer has stays a gdb.error (a Python
    exception naming it: tests/gdb/vm.sh fails on those, as the helpers have drifted)."""
    try:
        v = gdb.parse_and_eval(expr)
        if v.is_optimized_out:
            raise MmkError("mmk: %s is optimised out here; try from another frame, or "
                           "after 'finish'" % expr)
        return v
    except gdb.MemoryError as e:
        raise MmkError("mmk: cannot read %s: %s" % (expr, e))


def uint(v):
    """A gdb.Value (pointer, integer, enum) as a Python int, unsigned 64-bit."""
    if v.is_optimized_out:
        raise MmkError("mmk: a value the helpers need is optimised out here")
    return int(v.cast(gdb.lookup_type("unsigned long"))) & 0xffffffffffffffff


def type_of(name):
    return gdb.lookup_type(name)


def field_offset(typ, field):
    """The byte offset of field in the struct type typ (offsetof)."""
    for f in typ.strip_typedefs().fields():
        if f.name == field:
            return f.bitpos // 8
    raise gdb.error("%s has no member %s (has the structure changed?)" % (typ, field))


def at(addr, typename):
    """The struct typename at address addr."""
    return gdb.Value(addr).cast(type_of(typename).pointer()).dereference()


def read(addr, size):
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except gdb.MemoryError:
        raise MmkError("mmk: cannot read %d bytes at %#x (not mapped in the current "
                       "address space?)" % (size, addr))


def read_u64(addr):
    return struct.unpack("<Q", read(addr, 8))[0]


# ---- physical memory, through the kernel's direct map (docs/design.md, mm/phys.h) ----

def phys_to_virt(pa):
    """The direct-map address of physical address pa (mm/phys.h's phys_to_virt)."""
    return pa + uint(value("phys_offset"))


def read_phys_u64(pa):
    return read_u64(phys_to_virt(pa))


def nr_frames():
    """The frames struct page exists for: mem_map[0 .. end_pfn)."""
    return uint(value("frame_buddy")["end_pfn"])


def frames_ready():
    """Raises a clear error while mem_map and the buddy allocator do not exist yet."""
    if not uint(value("mem_map")) or not nr_frames():
        raise MmkError("mmk: no struct page exists yet: frame_init (mm/frame.c) has not run")


def page_of(pfn):
    """mem_map[pfn], the struct page of frame pfn."""
    frames_ready()
    if pfn >= nr_frames():
        raise MmkError("mmk: frame %#x is past the end of RAM (%#x frames)" % (pfn, nr_frames()))
    return (value("mem_map") + pfn).dereference()


def pfn_of_page(pg_addr):
    """The frame number of the struct page at pg_addr (mm/frame.h's page_to_phys)."""
    return (pg_addr - uint(value("mem_map"))) // type_of("struct page").sizeof


def enum_words(sample, bits):
    """The names of the enumerators set in bits, from the enum that the constant `sample`
    belongs to (so a new flag in the code shows without changing this file)."""
    words = []
    for f in value(sample).type.strip_typedefs().fields():
        if f.enumval and bits & f.enumval == f.enumval:
            words.append(f.name)
    return words


def page_flag_words(flags):
    """struct page's flags in words: LRU ACTIVE SWAPCACHE... (mm/page.h's PG_*)."""
    return " ".join(w[3:] if w.startswith("PG_") else w for w in enum_words("PG_LRU", flags))


# ---- lists and processes ----

def list_entries(head, typename, field, limit=1000000):
    """The structs of type typename on the list whose struct list_head is head (a value),
    linked through their member `field` (list_for_each + container_of)."""
    off = field_offset(type_of(typename), field)
    head_addr = uint(head.address)
    node = uint(head["next"])
    n = 0
    while node != head_addr:
        if node == 0 or n >= limit:
            raise MmkError("mmk: the list at %#x is broken (a NULL link, or a loop)" % head_addr)
        yield at(node - off, typename)
        node = uint(at(node, "struct list_head")["next"])
        n += 1


def processes():
    """Every struct proc, in creation order (all_procs, kernel/proc/proc.h)."""
    return list(list_entries(value("all_procs"), "struct proc", "all"))


def current_proc():
    """The process the CPU runs (kernel/proc/proc.h's current), or None."""
    cur = value("current")
    return cur.dereference() if uint(cur) else None


def proc_name(p):
    return p["name"].string()


def proc_label(p):
    return "pid %d (%s)" % (int(p["pid"]), proc_name(p))


def find_proc(pid):
    for p in processes():
        if int(p["pid"]) == pid:
            return p
    return None


def proc_of_mm(mm_addr):
    """The process whose address space is at mm_addr, or None."""
    for p in processes():
        if uint(p["mm"]) == mm_addr:
            return p
    return None


def mm_label(mm_addr):
    p = proc_of_mm(mm_addr)
    return proc_label(p) if p else "mm %#x" % mm_addr


class Space:
    """An address space to look at: its PML4's physical address, and its struct mm and
    process when known."""

    def __init__(self, root, mm=None, proc=None, how=""):
        self.root = root
        self.mm = mm            # gdb.Value of struct mm, or None
        self.proc = proc        # gdb.Value of struct proc, or None
        self.how = how

    def label(self):
        if self.proc is not None:
            return proc_label(self.proc)
        return "CR3 %#x" % self.root


def space_of_proc(p, how):
    if not uint(p["mm"]):
        raise MmkError("mmk: %s has no address space (a kernel thread, or a zombie)"
                       % proc_label(p))
    mm = p["mm"].dereference()
    return Space(uint(mm["pmap"]["root"]), mm, p, how)


def cpu_cr3():
    """The CPU's CR3 (the PML4's physical address), from QEMU's gdb stub."""
    try:
        return uint(gdb.parse_and_eval("$cr3")) & PTE_ADDR_MASK
    except gdb.error:
        return None


def resolve_space(arg):
    """The address space named by arg: a pid, a CR3 value (a page-aligned physical
    address), or None for the current process's (else the CPU's CR3)."""
    if arg is None:
        p = current_proc()
        if p is not None and uint(p["mm"]):
            return space_of_proc(p, "the current process")
        root = cpu_cr3()
        if root is None:
            root = uint(value("kernel_pmap")["root"])
            return Space(root, how="the kernel's (no current process, no CR3 from the stub)")
        return space_of_root(root, "the CPU's CR3")
    n = uint(gdb.parse_and_eval(arg))
    p = find_proc(n)
    if p is not None:
        return space_of_proc(p, "")
    if n and n % PAGE_SIZE == 0:
        return space_of_root(n, "")
    raise MmkError("mmk: %s is neither a process id nor a CR3 (page-aligned) value" % arg)


def space_of_root(root, how):
    for p in processes():
        if uint(p["mm"]) and uint(p["mm"]["pmap"]["root"]) == root:
            return Space(root, p["mm"].dereference(), p, how)
    return Space(root, how=how)


# ---- page tables ----

def entry_words(e, level):
    """An entry's bits in words: present writable/read-only user accessed dirty huge NX."""
    if not e & PTE_P:
        return "not present"
    words = ["present", "writable" if e & PTE_W else "read-only"]
    words += [w for bit, w in [(2, "user"), (3, "write-through"), (4, "uncached"),
                               (5, "accessed"), (6, "dirty")] if e >> bit & 1]
    if e & PTE_PS:
        words.append("huge" if level in ("PDPT", "PD") else "PAT")
    if e & PTE_G and (level == "PT" or e & PTE_PS):
        words.append("global")
    words.append("NX" if e >> 63 & 1 else "exec")
    return " ".join(words)


def walk(root, va):
    """Walks the four levels for va from the PML4 at root. Returns (steps, leaf): steps are
    (level, index, table's physical address, entry); leaf is the entry that maps va (a PT
    entry, or a PD/PDPT entry of a huge page) or the first non-present one."""
    steps = []
    table = root
    for name, shift, _ in LEVELS:
        idx = (va >> shift) & (PT_ENTRIES - 1)
        e = read_phys_u64(table + idx * 8)
        steps.append((name, idx, table, e))
        if not e & PTE_P or (name in ("PDPT", "PD") and e & PTE_PS):
            break
        table = e & PTE_ADDR_MASK
    return steps


def leaf_pte(root, va):
    """The PT entry for va (or the huge entry covering it), 0 when a table is missing: as
    mm/pmap.c's pmap_lookup."""
    steps = walk(root, va)
    name, _, _, e = steps[-1]
    if name == "PT" or e & PTE_P and e & PTE_PS:
        return e
    return 0


def pte_has_frame(e):
    return bool(e & PTE_P or e & PTE_PROTNONE)


def pte_is_swap(e):
    return e != 0 and not pte_has_frame(e)


def pte_swap(e):
    """(area, slot) of a swap PTE (mm/pmap.h's pte_swap_type, pte_swap_offset)."""
    typ = e >> (64 - SWP_TYPE_BITS)
    slot = ~(e >> SWP_OFFSET_SHIFT) & ((1 << SWP_OFFSET_BITS) - 1)
    return typ, slot


def user_ptes(root, start, end):
    """(va, entry) for every non-zero 4 KiB entry in [start, end), reading each existing
    page table in one piece and skipping missing ones (as mm/pmap.c's range walk)."""
    out = []

    def visit(table, level, base):
        span = 1 << LEVELS[level][1]
        data = read(phys_to_virt(table), PAGE_SIZE)
        for i in range(PT_ENTRIES):
            lo = base + i * span
            if lo >= end:
                break
            if lo + span <= start:
                continue
            e = struct.unpack_from("<Q", data, i * 8)[0]
            if level == 3:
                if e:
                    out.append((lo, e))
            elif e & PTE_P and not e & PTE_PS:
                visit(e & PTE_ADDR_MASK, level + 1, lo)

    visit(root, 0, 0)
    return out


# ---- swap areas (mm/swap_area.h) ----

def swap_area(typ):
    areas = value("swap_areas")
    n = areas.type.range()[1] + 1
    if typ >= n:
        return None
    return areas[typ]


def slot_word(area, slot):
    """The map word of slot in area (mm/swap_area.h's slot_word)."""
    per_chunk = PAGE_SIZE // type_of("uint16_t").sizeof
    if slot >= uint(area["max"]):
        return None
    return int(area["map"][slot // per_chunk][slot % per_chunk])


def swp_entry_text(e):
    """A swp_entry_t (a page's `swap`) in words: area, slot, and what the slot map says."""
    typ, slot = e >> SWP_TYPE_SHIFT, e & ((1 << SWP_TYPE_SHIFT) - 1)
    area = swap_area(typ)
    word = slot_word(area, slot) if area is not None and int(area["flags"]) else None
    return "area %d, slot %d%s" % (typ, slot, "" if word is None else
                                  " (slot map: %s)" % slot_words(word))


def slot_words(word):
    if word == SLOT_BAD:
        return "bad"
    s = "%d PTE%s" % (word & SLOT_COUNT_MASK, "" if word & SLOT_COUNT_MASK == 1 else "s")
    if word & SLOT_HAS_CACHE:
        s += ", page in the swap cache"
    return s


def page_cache_lookup(pc, index):
    """The page at index in the page cache pc (a struct page_cache value), as a pointer
    int, or 0 (mm/page_cache.c's radix tree of 64-way nodes)."""
    bits = 6
    node = uint(pc["root"])
    height = int(pc["height"])
    if not node or (height * bits < 64 and index >= 1 << (height * bits)):
        return 0
    slots = field_offset(type_of("struct pc_node"), "slots")
    for level in range(height - 1, -1, -1):
        slot = (index >> (level * bits)) & ((1 << bits) - 1)
        node = read_u64(node + slots + 8 * slot)
        if not node:
            return 0
    return node


# ---- VM objects and files (mm/object.h, fs/vfs.h) ----

def object_kind(obj_addr):
    """'file', 'shared anonymous' or 'object' for the struct vm_object at obj_addr."""
    obj = at(obj_addr, "struct vm_object")
    ops = uint(obj["ops"])
    if ops == uint(value("&inode_data_ops")):
        return "file"
    if ops == uint(value("&anon_object_ops")):
        return "shared anonymous"
    return "object"


def object_inode(obj_addr):
    """The inode whose data is the object at obj_addr (fs/ramfs.c's vm_object_inode)."""
    return obj_addr - field_offset(type_of("struct inode"), "data")


_path_cache = {}


def inode_path(ino_addr):
    """A path of the inode at ino_addr, found by walking the tree from vfs_root as
    fs/vfs.c's vfs_path_of does; its last name if it has none ("(deleted)")."""
    if ino_addr in _path_cache:
        return _path_cache[ino_addr]
    root = uint(value("vfs_root"))
    found = None
    stack = [(root, "")]
    seen = set()
    while stack and found is None:
        d, path = stack.pop()
        if d in seen:
            continue
        seen.add(d)
        dino = at(d, "struct inode")
        for de in list_entries(dino["entries"], "struct dir_entry", "link"):
            name = de["name"].address.cast(type_of("char").pointer()).string(
                length=int(de["namelen"]))
            child = uint(de["inode"])
            p = path + "/" + name
            if child == ino_addr:
                found = p
                break
            if child != d and uint(at(child, "struct inode")["entries"]["next"]) and \
                    (int(at(child, "struct inode")["mode"]) & 0o170000) == 0o040000:
                stack.append((child, p))
    if found is None:
        dp = uint(at(ino_addr, "struct inode")["deleted_path"])
        found = (gdb.Value(dp).cast(type_of("char").pointer()).string() if dp else "") + \
            " (deleted)"
    _path_cache[ino_addr] = found
    return found


def object_name(obj_addr):
    """What an object is, in words: 'file /bin/sh', 'shared anonymous #3'."""
    kind = object_kind(obj_addr)
    if kind == "file":
        return "file " + inode_path(object_inode(obj_addr))
    if kind == "shared anonymous":
        return "shared anonymous #%d" % int(at(obj_addr, "struct vm_object")["serial"])
    return "object %#x" % obj_addr


# The kernel tools/qrun --gdb boots, the debug build (make DEBUG=1): gdb on a user program
# has only the program's symbols until a view needs the kernel's.
KERNEL_ELF = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "build-debug", "kernel.elf")


def ensure_kernel_symbols():
    """Loads the kernel's symbols when gdb does not have them (a user program's session)."""
    try:
        gdb.lookup_type("struct vm_object")
        return
    except gdb.error:
        pass
    if not os.path.exists(KERNEL_ELF):
        raise MmkError("mmk: gdb has no kernel symbols, and %s does not exist (make DEBUG=1)"
                       % KERNEL_ELF)
    gdb.execute("add-symbol-file %s" % KERNEL_ELF, to_string=True)
    print("mmk: loaded the kernel's symbols from %s" % KERNEL_ELF)


def begin_command():
    """Called at the start of each command: the kernel's symbols, and nothing cached from
    an earlier stop."""
    ensure_kernel_symbols()
    _path_cache.clear()


def parse_number(arg):
    """An argument as a number: any gdb expression (0x40000000, $rsi, current->pid)."""
    return uint(gdb.parse_and_eval(arg))
