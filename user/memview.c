/*
 * memview: a live map of physical memory, one cell per frame or group of frames, coloured
 * by owner: the kernel, the page cache, each process, frames shared by processes, the swap
 * cache, free. `memview -p PID` shows one process's virtual address space instead, area by
 * area: resident, swapped and untouched pages. `memview --dump` prints each frame's owner
 * once, as run-length text, for tools/memshot to draw as an image.
 *
 * It reads only what Linux offers too (memview_proc.h), so it runs on Linux as root.
 * Usage: memview -h.
 */
#include "memview_proc.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>

static const char usage_text[] =
	"usage: memview [-d SECS] [-n COUNT] [-p PID] [--dump] [-h]\n"
	"  Draws physical memory, one cell per frame or group of frames, by owner:\n"
	"    A-Z a-z 0-9  a process's own frames (the legend names pid and program)\n"
	"    =  shared by processes   ~  page cache   $  swap cache   ?  mapped, owner unseen\n"
	"    #  kernel   %  reserved (kernel image, firmware)   .  free   -  no RAM\n"
	"  -d SECS   refresh every SECS seconds (default 2)\n"
	"  -n COUNT  draw COUNT times, then exit (default: until q, or Ctrl-C)\n"
	"  -p PID    process PID's address space by area instead: # resident, = resident and\n"
	"            shared, s swapped, . untouched, + partly resident (a cell of several pages)\n"
	"  --dump    print every frame's owner once, as run-length text (for tools/memshot)\n"
	"  Reads /proc/kpageflags, /proc/kpagecount, /proc/PID/maps and /proc/PID/pagemap\n"
	"  (root on Linux).\n";

/* ---- the screen: a buffer written out at once, and the terminal's size ---------------- */

static char *screen;
static size_t screen_len, screen_cap;
static int rows = 24, cols = 80;
static int keys;                /* keys come one at a time: q quits (keys_on) */

/* Appends formatted text to the screen buffer, growing it as needed. */
static void out(const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(screen + screen_len, screen_cap - screen_len, fmt, ap);
		va_end(ap);
		if (n >= 0 && screen_len + (size_t)n < screen_cap) {
			screen_len += (size_t)n;
			return;
		}
		size_t cap = screen_cap ? screen_cap * 2 : 1 << 16;
		char *more = realloc(screen, cap);
		if (!more)
			return;
		screen = more;
		screen_cap = cap;
	}
}

/* A line of plain text, cut at the screen's width, ending with clear-to-end-of-line. */
static void out_line(const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	out("\033[0m%.*s\033[K\n", cols - 1, text);
}

/* Writes the screen buffer out in one go, so that no picture shows half drawn, and
 * empties it. */
static void flush_screen(void)
{
	size_t done = 0;
	while (done < screen_len) {
		ssize_t w = write(1, screen + done, screen_len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	screen_len = 0;
}

/* The terminal's size if it tells (TIOCGWINSZ), else 80x24. */
static void terminal_size(void)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 10 && ws.ws_col >= 40) {
		rows = ws.ws_row;
		cols = ws.ws_col;
	}
}

/* ---- owners: each frame's class ------------------------------------------------------ */

/* A frame's class, as a code; processes' codes follow the fixed ones. */
enum {
	C_HOLE, C_FREE, C_KERNEL, C_RESERVED, C_CACHE, C_SWAPCACHE, C_SHARED, C_OTHER,
	C_MORE,                 /* a process beyond the letters */
	C_PROC,                 /* C_PROC + i: the process with letter i */
};
#define NLETTERS 62
#define NCODES (C_PROC + NLETTERS)

static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const struct { char ch; const char *name; const char *sgr; } fixed[C_PROC] = {
	[C_HOLE] = { '-', "no RAM", "90" },
	[C_FREE] = { '.', "free", "90" },
	[C_KERNEL] = { '#', "kernel", "97;41" },
	[C_RESERVED] = { '%', "reserved", "31" },
	[C_CACHE] = { '~', "page cache", "30;46" },
	[C_SWAPCACHE] = { '$', "swap cache", "97;45" },
	[C_SHARED] = { '=', "shared", "30;43" },
	[C_OTHER] = { '?', "mapped, owner unseen", "30;47" },
	[C_MORE] = { '+', "other processes", "30;47" },
};
/* Backgrounds for processes, in turn: not the kernel's red, shared's yellow or the page
 * cache's cyan. */
static const char *const proc_sgr[] = { "30;42", "97;44", "97;45", "30;102", "97;104", "30;105",
					"30;47" };

/* A class's character and its colours (SGR parameters). */
static char code_char(int c)
{
	return c >= C_PROC ? letters[c - C_PROC] : fixed[c].ch;
}

static const char *code_sgr(int c)
{
	return c >= C_PROC ? proc_sgr[(c - C_PROC) % (sizeof(proc_sgr) / sizeof(proc_sgr[0]))]
			   : fixed[c].sgr;
}

struct proc {
	int pid;
	char name[32];
	uint64_t own;           /* frames only it maps */
	int code;               /* C_PROC + its letter, or C_MORE */
};

#define NO_OWNER 0
#define SHARED_OWNER UINT32_MAX

struct snapshot {
	uint64_t nframes;
	uint8_t *code;          /* each frame's class */
	uint32_t *owner;        /* 1 + index of the only process seen mapping it, or
				 * SHARED_OWNER, or NO_OWNER */
	struct proc *procs;
	size_t nprocs;
	uint64_t count[NCODES]; /* frames of each class */
};

/* How many frames /proc/kpageflags describes (its reads stop at the end of RAM). */
static uint64_t count_frames(int flags_fd)
{
	uint64_t lo = 0, hi = 1;
	uint64_t e;
	while (read_entries(flags_fd, hi, &e, 1) == 1)
		hi *= 2;
	while (lo + 1 < hi) {           /* entry lo exists, entry hi does not */
		uint64_t mid = (lo + hi) / 2;
		if (read_entries(flags_fd, mid, &e, 1) == 1)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* Marks the frames process i maps, through its pagemap. */
static void walk_process(struct snapshot *s, size_t i)
{
	size_t nareas;
	struct area *areas = read_areas(s->procs[i].pid, &nareas);
	int fd = nareas ? open_pagemap(s->procs[i].pid) : -1;
	static uint64_t buf[4096];
	for (size_t a = 0; fd >= 0 && a < nareas; a++) {
		uint64_t first = areas[a].start / PAGE, end = areas[a].end / PAGE;
		while (first < end) {
			size_t want = end - first < 4096 ? (size_t)(end - first) : 4096;
			size_t got = read_entries(fd, first, buf, want);
			for (size_t k = 0; k < got; k++) {
				if (!(buf[k] & PM_PRESENT))
					continue;
				uint64_t pfn = PM_PFN(buf[k]);
				if (pfn >= s->nframes)
					continue;
				uint32_t *o = &s->owner[pfn];
				if (*o == NO_OWNER)
					*o = (uint32_t)i + 1;
				else if (*o != i + 1)
					*o = SHARED_OWNER;
			}
			if (got < want)
				break;
			first += want;
		}
	}
	if (fd >= 0)
		close(fd);
	free(areas);
}

/* The class of a frame no process was seen mapping, from its flags and count. */
static int unowned_class(uint64_t f, uint64_t count)
{
	if (f & KPF(KPF_NOPAGE))
		return C_HOLE;
	if (f & KPF(KPF_BUDDY))
		return C_FREE;
	if (count > 0 || (f & KPF(KPF_MMAP)))
		return C_OTHER;
	if (f & KPF(KPF_SWAPCACHE))
		return C_SWAPCACHE;
	if (!(f & (KPF(KPF_ANON) | KPF(KPF_SLAB))) && (f & (KPF(KPF_LRU) | KPF(KPF_UPTODATE))))
		return C_CACHE;
	if (f & KPF(KPF_RESERVED))
		return C_RESERVED;
	return C_KERNEL;                /* page tables, stacks, the heap, mem_map... */
}

/* qsort order for pointers to processes: most frames first. */
static int by_own_desc(const void *a, const void *b)
{
	const struct proc *x = *(struct proc *const *)a, *y = *(struct proc *const *)b;
	return (x->own < y->own) - (x->own > y->own);
}

/* Letters for the processes that own frames: the NLETTERS largest, in pid order. */
static void assign_letters(struct snapshot *s)
{
	struct proc **order = malloc(s->nprocs * sizeof(*order));
	size_t n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		s->procs[i].code = C_MORE;
		if (s->procs[i].own && order)
			order[n++] = &s->procs[i];
	}
	if (order)
		qsort(order, n, sizeof(*order), by_own_desc);
	for (size_t k = 0; k < n && k < NLETTERS; k++)
		order[k]->code = -1;            /* chosen; lettered below in pid order */
	int next = 0;
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].code == -1)
			s->procs[i].code = C_PROC + next++;
	free(order);
}

/* Frees what take_snapshot allocated (all of it NULL-safe). */
static void free_snapshot(struct snapshot *s)
{
	free(s->code);
	free(s->owner);
	free(s->procs);
}

/* Takes a snapshot of physical memory: every frame's class. 0, or -1 with errno. */
static int take_snapshot(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	int flags_fd = open("/proc/kpageflags", O_RDONLY);
	int count_fd = open("/proc/kpagecount", O_RDONLY);
	int *pids = NULL;
	if (flags_fd >= 0 && count_fd >= 0) {
		s->nframes = count_frames(flags_fd);
		s->code = malloc(s->nframes);
		s->owner = malloc(s->nframes * sizeof(uint32_t));
		pids = list_pids(&s->nprocs);
		s->procs = calloc(s->nprocs + 1, sizeof(*s->procs));
		if (!s->code || !s->owner || !pids || !s->procs)
			errno = ENOMEM;
	}
	if (flags_fd < 0 || count_fd < 0 || !s->code || !s->owner || !pids || !s->procs) {
		int err = errno;
		if (flags_fd >= 0)
			close(flags_fd);
		if (count_fd >= 0)
			close(count_fd);
		free(pids);
		free_snapshot(s);
		errno = err;
		return -1;
	}
	/* memview's own pages: touched before its pagemap is read, so that it owns them. */
	static uint64_t flags[4096], counts[4096];
	memset(flags, 0, sizeof(flags));
	memset(counts, 0, sizeof(counts));
	memset(s->code, 0, s->nframes);
	memset(s->owner, 0, s->nframes * sizeof(uint32_t));
	size_t self = s->nprocs;
	for (size_t i = 0; i < s->nprocs; i++) {
		s->procs[i].pid = pids[i];
		proc_name(pids[i], s->procs[i].name, sizeof(s->procs[i].name));
		if (pids[i] == getpid())
			self = i;
		else
			walk_process(s, i);
	}
	if (self < s->nprocs)
		walk_process(s, self);  /* last: what the others' walks touched is there */
	free(pids);
	for (uint64_t pfn = 0; pfn < s->nframes; pfn += 4096) {
		size_t want = s->nframes - pfn < 4096 ? (size_t)(s->nframes - pfn) : 4096;
		size_t got = read_entries(flags_fd, pfn, flags, want);
		if (read_entries(count_fd, pfn, counts, got) < got)
			memset(counts, 0, sizeof(counts));
		for (size_t k = 0; k < want; k++) {
			uint64_t f = k < got ? flags[k] : KPF(KPF_NOPAGE);
			uint32_t o = s->owner[pfn + k];
			uint64_t n = k < got ? counts[k] : 0;
			int c;
			if (o == NO_OWNER || (f & KPF(KPF_BUDDY)))      /* freed since the walk */
				c = unowned_class(f, n);
			else if (o == SHARED_OWNER || n > 1)
				c = C_SHARED;
			else
				c = C_PROC;     /* resolved to its letter below */
			s->code[pfn + k] = (uint8_t)c;
			if (c == C_PROC)
				s->procs[o - 1].own++;
		}
	}
	close(flags_fd);
	close(count_fd);
	assign_letters(s);
	for (uint64_t pfn = 0; pfn < s->nframes; pfn++) {
		if (s->code[pfn] == C_PROC)
			s->code[pfn] = (uint8_t)s->procs[s->owner[pfn] - 1].code;
		s->count[s->code[pfn]]++;
	}
	return 0;
}

/* ---- the physical map ---------------------------------------------------------------- */

/* The class a cell of frames [first, first + n) shows: the one most of them have (a tie
 * goes to the later code: a process before shared, shared before free). */
static int cell_class(const struct snapshot *s, uint64_t first, uint64_t n)
{
	uint32_t hist[NCODES] = { 0 };
	int best = C_HOLE;
	for (uint64_t p = first; p < first + n && p < s->nframes; p++)
		hist[s->code[p]]++;
	for (int c = 0; c < NCODES; c++)
		if (hist[c] && hist[c] >= hist[best])
			best = c;
	return best;
}

/* Colours on: reset, then the given SGR parameters. */
static void sgr(const char *codes)
{
	out("\033[0;%sm", codes);
}

/* One legend entry: its coloured character, then text; tracks the column. */
static void legend_entry(int *col, int width, int code, const char *fmt, ...)
{
	char text[96];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	int len = 2 + (int)strlen(text) + 2;
	if (*col > 0 && *col + len > width) {
		out("\033[K\n");
		*col = 0;
	}
	sgr(code_sgr(code));
	out("%c", code_char(code));
	out("\033[0m %s  ", text);
	*col += len;
}

/* qsort order for processes themselves: most frames first. */
static int by_own_desc_proc(const void *a, const void *b)
{
	return by_own_desc(&a, &b);
}

/* The legend: the fixed classes with their frame counts, then the processes, largest
 * first, in at most max_lines lines. */
static void draw_legend(const struct snapshot *s, int width, int max_lines)
{
	size_t start = screen_len;
	int col = 0;
	for (int c = C_HOLE; c < C_MORE; c++)
		if (s->count[c] || c == C_FREE || c == C_KERNEL)
			legend_entry(&col, width, c, "%s %llu", fixed[c].name,
				     (unsigned long long)s->count[c]);
	out("\033[K\n");
	col = 0;
	struct proc *sorted = malloc(s->nprocs * sizeof(*sorted));
	if (!sorted)
		return;
	memcpy(sorted, s->procs, s->nprocs * sizeof(*sorted));
	qsort(sorted, s->nprocs, sizeof(*sorted), by_own_desc_proc);
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct proc *p = &sorted[i];
		if (p->code >= C_PROC)
			legend_entry(&col, width, p->code, "%d %.15s %llu", p->pid, p->name,
				     (unsigned long long)p->own);
	}
	if (s->count[C_MORE])
		legend_entry(&col, width, C_MORE, "other processes %llu",
			     (unsigned long long)s->count[C_MORE]);
	out("\033[K\n");
	free(sorted);
	for (size_t i = start, lines = 0; i < screen_len; i++)
		if (screen[i] == '\n' && ++lines == (size_t)max_lines)
			screen_len = i + 1;     /* the smallest processes do not fit */
}

/* How many lines the legend takes at this width: drawn, counted, taken back. */
static int legend_lines(const struct snapshot *s, int width)
{
	size_t saved = screen_len;
	draw_legend(s, width, 1 << 20);
	int lines = 0;
	for (size_t i = saved; i < screen_len; i++)
		lines += screen[i] == '\n';
	screen_len = saved;
	return lines;
}

/* A size as "12K" or, from 10 MiB, "34M", in buf. */
static char *size_text(uint64_t bytes, char *buf, size_t size)
{
	if (bytes >= 10ULL << 20)
		snprintf(buf, size, "%lluM", (unsigned long long)(bytes >> 20));
	else
		snprintf(buf, size, "%lluK", (unsigned long long)(bytes >> 10));
	return buf;
}

/* MemTotal, MemFree, Cached and SwapCached from /proc/meminfo, as one short line. */
static void meminfo_summary(char *line, size_t size)
{
	static const char *const keys[] = { "MemTotal", "MemFree", "Cached", "SwapCached" };
	unsigned long kb[4] = { 0 };
	char l[128];
	FILE *f = fopen("/proc/meminfo", "r");
	while (f && fgets(l, sizeof(l), f))
		for (int k = 0; k < 4; k++) {
			size_t n = strlen(keys[k]);
			if (strncmp(l, keys[k], n) == 0 && l[n] == ':')
				kb[k] = strtoul(l + n + 1, NULL, 10);
		}
	if (f)
		fclose(f);
	snprintf(line, size, "free %luM/%luM, cached %luM, swap cache %luM", kb[1] >> 10,
		 kb[0] >> 10, kb[2] >> 10, kb[3] >> 10);
}

/* The physical map: a title, rows of cells (each row starting with its physical address),
 * the legend; a cell covers the fewest frames, a power of two, that let all of RAM fit. */
static void draw_physical(const struct snapshot *s, int round)
{
	uint64_t top = s->nframes * PAGE;
	int label = 1;
	while (label < 16 && (top - 1) >> (4 * label))
		label++;
	int width = cols - label - 1;
	int per_row = 1;
	while (per_row * 2 <= width)
		per_row *= 2;
	int legend = legend_lines(s, cols);
	if (legend > rows / 3)
		legend = rows / 3 > 2 ? rows / 3 : 2;
	int grid_rows = rows - 2 - legend;
	uint64_t per_cell = 1;
	while ((s->nframes + per_cell * per_row - 1) / (per_cell * per_row) > (uint64_t)grid_rows)
		per_cell *= 2;
	char info[128];
	meminfo_summary(info, sizeof(info));
	out("\033[H");
	char sz[16];
	out_line("memview: a cell is %llu frame%s (%s); %s", (unsigned long long)per_cell,
		 per_cell > 1 ? "s" : "", size_text(per_cell * PAGE, sz, sizeof(sz)), info);
	for (uint64_t row = 0; row * per_cell * per_row < s->nframes; row++) {
		uint64_t first = row * per_cell * per_row;
		out("\033[0m%0*llx ", label, (unsigned long long)(first * PAGE));
		int last = -1;
		for (int c = 0; c < per_row && first + c * per_cell < s->nframes; c++) {
			int k = cell_class(s, first + c * per_cell, per_cell);
			if (k != last)
				sgr(code_sgr(k));
			out("%c", code_char(k));
			last = k;
		}
		out("\033[0m\033[K\n");
	}
	draw_legend(s, cols, legend);
	out("\033[0mround %d; %s quits\033[K\033[J", round, keys ? "q or Ctrl-C" : "Ctrl-C");
}

/* --dump: each frame's class as runs, and who the letters are. */
static void dump_physical(const struct snapshot *s)
{
	out("memview-dump 1\npagesize %llu\nframes %llu\n", PAGE, (unsigned long long)s->nframes);
	for (int c = C_HOLE; c < C_PROC; c++)
		out("class %c %s\n", fixed[c].ch, fixed[c].name);
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].code >= C_PROC)
			out("process %c %d %s %llu\n", code_char(s->procs[i].code), s->procs[i].pid,
			    s->procs[i].name, (unsigned long long)s->procs[i].own);
	out("runs\n");
	int on_line = 0;
	for (uint64_t p = 0; p < s->nframes;) {
		uint64_t q = p;
		while (q < s->nframes && s->code[q] == s->code[p])
			q++;
		out("%c%llu%s", code_char(s->code[p]), (unsigned long long)(q - p),
		    ++on_line % 12 == 0 || q == s->nframes ? "\n" : " ");
		p = q;
	}
	out("end\n");
	flush_screen();
}

/* ---- one process's address space ----------------------------------------------------- */

/* A cell of pages: # all resident, = all resident and some shared, s swapped, . untouched,
 * + some resident. */
static char page_cell(const uint64_t *e, size_t n, uint64_t *res, uint64_t *swp)
{
	size_t r = 0, sh = 0, sw = 0;
	for (size_t i = 0; i < n; i++) {
		if (e[i] & PM_PRESENT) {
			r++;
			sh += !(e[i] & PM_EXCLUSIVE);
		} else if (e[i] & PM_SWAP) {
			sw++;
		}
	}
	*res += r;
	*swp += sw;
	if (r == n)
		return sh * 2 > n ? '=' : '#';
	if (r)
		return '+';
	return sw ? 's' : '.';
}

/* The colours of a cell of the -p view. */
static const char *page_sgr(char c)
{
	switch (c) {
	case '#': return "30;42";
	case '=': return "30;43";
	case '+': return "32";
	case 's': return "97;45";
	default: return "90";
	}
}

/* Draws process pid's areas, each as a header line and rows of cells below it; a cell
 * covers the fewest pages, a power of two, that keep each area within its share of the
 * screen's lines. -1 when the process cannot be read. */
static int draw_process(int pid, int round)
{
	size_t n;
	struct area *areas = read_areas(pid, &n);
	int fd = open_pagemap(pid);
	if (!areas || fd < 0) {
		free(areas);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char name[32];
	proc_name(pid, name, sizeof(name));
	int width = cols - 2;
	int budget = rows - 3;
	int per_area = n ? budget / (int)n - 1 : 1;
	if (per_area < 1)
		per_area = 1;
	out("\033[H\033[0mmemview -p %d (%.15s): ", pid, name);
	sgr(page_sgr('#'));
	out("#\033[0m resident ");
	sgr(page_sgr('='));
	out("=\033[0m shared ");
	sgr(page_sgr('s'));
	out("s\033[0m swapped ");
	sgr(page_sgr('.'));
	out(".\033[0m untouched ");
	sgr(page_sgr('+'));
	out("+\033[0m partly\033[K\n");
	int used = 0;
	uint64_t tot_res = 0, tot_swp = 0, tot = 0;
	for (size_t a = 0; a < n; a++) {
		uint64_t pages = (areas[a].end - areas[a].start) / PAGE;
		uint64_t per_cell = 1;
		while ((pages + per_cell - 1) / per_cell > (uint64_t)per_area * (uint64_t)width)
			per_cell *= 2;
		uint64_t ncells = (pages + per_cell - 1) / per_cell;
		int lines = (int)((ncells + (uint64_t)width - 1) / (uint64_t)width);
		uint64_t *e = malloc(per_cell * 8);
		char *cells = malloc(ncells + 1);
		uint64_t res = 0, swp = 0;
		for (uint64_t c = 0; e && cells && c < ncells; c++) {
			uint64_t first = areas[a].start / PAGE + c * per_cell;
			size_t k = (size_t)(pages - c * per_cell < per_cell ? pages - c * per_cell : per_cell);
			size_t got = read_entries(fd, first, e, k);
			memset(e + got, 0, (k - got) * 8);
			cells[c] = page_cell(e, k, &res, &swp);
		}
		tot_res += res;
		tot_swp += swp;
		tot += pages;
		if (used + 1 + lines <= budget && cells && e) {
			char sz[16], per[48] = "";
			if (per_cell > 1)
				snprintf(per, sizeof(per), " (cell: %llu pages)",
					 (unsigned long long)per_cell);
			out_line("%012llx-%012llx %s %5s res %llu swp %llu%s%s%s",
				 (unsigned long long)areas[a].start, (unsigned long long)areas[a].end,
				 areas[a].perms, size_text(pages * PAGE, sz, sizeof(sz)),
				 (unsigned long long)res, (unsigned long long)swp, per,
				 areas[a].name[0] ? " " : "", areas[a].name);
			for (uint64_t c = 0; c < ncells; c += (uint64_t)width) {
				out("  ");
				char last = 0;
				for (uint64_t k = c; k < ncells && k < c + (uint64_t)width; k++) {
					if (cells[k] != last)
						sgr(page_sgr(cells[k]));
					out("%c", cells[k]);
					last = cells[k];
				}
				out("\033[0m\033[K\n");
			}
			used += 1 + lines;
		} else if (used < budget) {
			out_line("... and %zu more areas", n - a);
			used = budget;
		}
		free(e);
		free(cells);
	}
	out("\033[0mpages: %llu mapped, %llu resident, %llu swapped; round %d; %s quits\033[K\033[J",
	    (unsigned long long)tot, (unsigned long long)tot_res, (unsigned long long)tot_swp, round,
	    keys ? "q or Ctrl-C" : "Ctrl-C");
	close(fd);
	free(areas);
	return 0;
}

/* ---- main: options, the refresh loop, a clean exit on Ctrl-C --------------------------- */

static volatile sig_atomic_t stop;

/* SIGINT, SIGTERM: stop after this picture, restoring the screen. */
static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The terminal's settings before memview changed them, when it could: keys then come one
 * at a time and q quits. A terminal that takes no settings (mmk's serial console) leaves
 * Ctrl-C as the way out. */
static struct termios saved_tty;

/* Keys one at a time, unechoed, when the terminal takes settings. */
static void keys_on(void)
{
	struct termios t;
	if (!isatty(0) || tcgetattr(0, &saved_tty) != 0)
		return;
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	keys = tcsetattr(0, TCSANOW, &t) == 0;
}

/* The terminal as it was. */
static void keys_off(void)
{
	if (keys)
		tcsetattr(0, TCSANOW, &saved_tty);
}

/* Sleeps secs seconds, or less if a signal comes or q is pressed. */
static void pause_for(double secs)
{
	if (keys) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		char c;
		if (poll(&p, 1, (int)(secs * 1000)) == 1 && read(0, &c, 1) == 1 &&
		    (c == 'q' || c == 'Q'))
			stop = 1;
		return;
	}
	struct timespec t = { (time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9) };
	while (!stop && nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* Options, then a snapshot per round until -n COUNT, q or a signal; --dump once. */
int main(int argc, char **argv)
{
	double delay = 2;
	long count = -1;
	int pid = 0, dump = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "-d") || !strcmp(a, "-n") || !strcmp(a, "-p")) && i + 1 < argc) {
			const char *v = argv[++i];
			char *end;
			if (a[1] == 'd')
				delay = strtod(v, &end);
			else if (a[1] == 'n')
				count = strtol(v, &end, 10);
			else
				pid = (int)strtol(v, &end, 10);
			if (*end || end == v || delay < 0 || (a[1] == 'n' && count < 1) ||
			    (a[1] == 'p' && pid < 1)) {
				fprintf(stderr, "memview: bad value for %s: %s\n", a, v);
				return 2;
			}
		} else if (!strcmp(a, "--dump")) {
			dump = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else {
			fprintf(stderr, "memview: unknown argument %s\n%s", a, usage_text);
			return 2;
		}
	}
	if (dump) {
		struct snapshot s;
		if (take_snapshot(&s) != 0) {
			perror("memview: /proc/kpageflags");
			return 1;
		}
		dump_physical(&s);
		free_snapshot(&s);
		return 0;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	terminal_size();
	if (count != 1)
		keys_on();
	out("\033[2J\033[?25l");
	int status = 0;
	for (int round = 1; !stop && (count < 0 || round <= count); round++) {
		if (pid) {
			if (draw_process(pid, round) != 0) {
				out("\033[0m\033[?25h\n");
				flush_screen();
				keys_off();
				fprintf(stderr, "memview: process %d: cannot read its maps and pagemap\n",
					pid);
				return 1;
			}
		} else {
			struct snapshot s;
			if (take_snapshot(&s) != 0) {
				status = 1;
				break;
			}
			draw_physical(&s, round);
			free_snapshot(&s);
		}
		flush_screen();
		if (count < 0 || round < count)
			pause_for(delay);
	}
	out("\033[0m\033[?25h\n");     /* colours off, the cursor back, below the picture */
	flush_screen();
	keys_off();
	if (status)
		perror("memview: /proc/kpageflags");
	return status;
}
