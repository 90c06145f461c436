# memview, the live memory map, driven through the serial console as a user would: memhold
# holds a known number of pages while memview draws physical memory (its legend names
# memhold with about that many frames, its cells show it, free and kernel frames), then one
# process's address space (every other page of memhold's area resident), then a --dump that
# tools/memshot draws as an SVG, then the same pages shared with a forked child (memhold -f),
# then half of them paged out to swap (memhold -o; a swap disk is attached) and read back
# into the swap cache (-w); last, memview -h, and memview refreshing until Ctrl-C, which it
# survives to restore the screen.
# Each line is typed once the shell's prompt for it is there (the line before has finished),
# and Ctrl-C once memview has drawn twice: no step depends on timing.
# (Sourced by tests/run.sh.)

mv_log=$LOGS/memview.log
mv_text=$LOGS/memview.txt
mv_disk=$B/test-iso/memview-swap.img
mkdir -p "$B/test-iso"
tools/mkiso.sh "$B/kernel.elf" "panic=exit norandmaps -- /bin/mmsh" "$B/test-iso/memview.iso" "$B/initrd.cpio"
tools/mkdisk "$mv_disk" 16M             # swap, which init turns on, for memhold -o
: >"$mv_log"
{
	wait_for_prompts "$mv_log" 1 && printf 'memhold 300 memview -n 1\n' &&
		wait_for "$mv_log" 'round 1;' &&
		wait_for_prompts "$mv_log" 2 && printf 'memhold -e 2 16 memview -p %%p -n 1\n' &&
		wait_for "$mv_log" 'pages: [0-9]* mapped' &&
		wait_for_prompts "$mv_log" 3 && printf 'memhold 300 memview --dump\n' &&
		wait_for "$mv_log" '^end$' &&
		wait_for_prompts "$mv_log" 4 && printf 'memhold -f 300 memview -n 1\n' &&
		wait_for_prompts "$mv_log" 5 && printf 'memhold -f -e 2 16 memview -n 1 -p %%p\n' &&
		wait_for_prompts "$mv_log" 6 && printf 'memhold -o 16 memview -n 1 -p %%p\n' &&
		wait_for_prompts "$mv_log" 7 && printf 'memhold -o -w 600 memview -n 1\n' &&
		wait_for_prompts "$mv_log" 8 && printf 'memview -h\n' &&
		wait_for_prompts "$mv_log" 9 && printf 'memview -d 1\n' &&
		wait_for "$mv_log" 'round 2;' && printf '\003' &&
		wait_for_prompts "$mv_log" 10 && printf 'echo after memview\n' &&
		wait_for "$mv_log" '^after memview' && printf 'exit\n'
	sleep 0.5
} | timeout "$BOOT_TIMEOUT" "$QEMU" $(tools/qemu-args.sh) -m 128M -display none \
	-serial stdio -cdrom "$B/test-iso/memview.iso" $(tools/disk-args.sh "$mv_disk") >"$mv_log" 2>&1
echo $? >"$mv_log.rc"
expect_rc "memview/the session ends with exit" "$mv_log" "$QEMU_PASS"
# The screen as a person reads it: colours and cursor moves taken out.
tr -d '\r' <"$mv_log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$mv_text"

# mv_check NAME CONDITION...: pass when the command succeeds, else fail with the screen.
mv_check() {
	local name=$1
	shift
	if "$@"; then pass "memview/$name"; else fail "memview/$name" "$mv_text"; fi
}

# The physical map: from the command to its last line.
mv_map=$(sed -n '/^\$ memhold 300 memview -n 1$/,/round 1;/p' "$mv_text")
mv_entry=$(grep -oE '(^| )[A-Za-z0-9] [0-9]+ memhold [0-9]+' <<<"$mv_map" | head -1)
read -r mv_letter _ _ mv_frames <<<"$mv_entry"
mv_grid=$(grep -E '^[0-9a-f]{7,} ' <<<"$mv_map" | cut -d' ' -f2)
mv_cells() { tr -cd "$1" <<<"$mv_grid" | wc -c; }
mv_check "the legend names memhold" test -n "$mv_letter"
# 300 pages it touched, and its program's own pages (text, data, stack): a few more.
mv_check "memhold owns its 300 pages and a few (${mv_frames:-none})" \
	test "${mv_frames:-0}" -ge 300 -a "${mv_frames:-0}" -le 340
# A cell is 32 frames in 128 MiB on 80x24: about 10 cells are mostly memhold's.
mv_check "memhold's cells are on the map ($(mv_cells "${mv_letter:-@}"))" \
	test "$(mv_cells "${mv_letter:-@}")" -ge 5
mv_check "free cells" test "$(mv_cells .)" -ge 500
mv_check "kernel cells" test "$(mv_cells '#')" -ge 1
mv_check "the legend names memview itself" grep -qE '[A-Za-z0-9] [0-9]+ memview [0-9]+' <<<"$mv_map"
mv_check "the map has 16 rows of 64 cells" test "$(wc -l <<<"$mv_grid")" -eq 16 \
	-a "$(head -1 <<<"$mv_grid" | tr -d '\n' | wc -c)" -eq 64

# One process: memhold's 16-page area at 0x10000000, every other page touched.
mv_proc=$(sed -n '/^\$ memhold -e 2 16 memview -p %p -n 1$/,/pages: [0-9]* mapped/p' "$mv_text")
mv_check "-p: the area, 8 of its 16 pages resident" \
	grep -qE '^000010000000-000010010000 rw-p +64K res 8 swp 0$' <<<"$mv_proc"
mv_check "-p: resident and untouched pages alternate" \
	grep -qxF '  #.#.#.#.#.#.#.#.' <<<"$mv_proc"
mv_check "-p: the program's text is resident" grep -qE 'r-xp .* /bin/memhold$' <<<"$mv_proc"

# --dump, drawn by tools/memshot: one rect per cell, as many cells as the frames need.
mv_svg=$LOGS/memview.svg
rm -f "$mv_svg"
tools/memshot "$mv_log" "$mv_svg" >"$LOGS/memshot.out" 2>&1
mv_dump_frames=$(tr -d '\r' <"$mv_log" | sed -n 's/^frames \([0-9]*\)$/\1/p' | head -1)
mv_per_cell=1
while [ $(( (${mv_dump_frames:-0} + mv_per_cell * 64 - 1) / (mv_per_cell * 64) )) -gt 32 ]; do
	mv_per_cell=$((mv_per_cell * 2))
done
mv_want=$(( (${mv_dump_frames:-0} + mv_per_cell - 1) / mv_per_cell ))
mv_check "--dump: memhold's 300 pages and a few" \
	grep -qE '^process [A-Za-z0-9] [0-9]+ memhold (30[0-9]|3[1-3][0-9]|340)$' <(tr -d '\r' <"$mv_log")
mv_check "memshot writes an SVG that parses" \
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$mv_svg"
mv_check "memshot: $mv_want cells of $mv_per_cell frames for $mv_dump_frames frames" \
	test "$(grep -c 'class="cell"' "$mv_svg" 2>/dev/null)" -eq "$mv_want" -a "$mv_want" -gt 0
mv_check "memshot: the legend names memhold" grep -qE '[0-9]+ memhold [0-9]+</text>' "$mv_svg"

# memhold -f: its 300 pages are shared with its child (copy-on-write), on both maps.
mv_shared=$(sed -n '/^\$ memhold -f 300 memview -n 1$/,/round 1;/p' "$mv_text")
mv_nshared=$(grep -oE '= shared [0-9]+' <<<"$mv_shared" | grep -oE '[0-9]+$')
mv_check "-f: 300 frames and a few shared (${mv_nshared:-none})" \
	test "${mv_nshared:-0}" -ge 300 -a "${mv_nshared:-0}" -le 360
mv_check "-f: shared cells on the map" \
	test "$(grep -E '^[0-9a-f]{7,} ' <<<"$mv_shared" | cut -d' ' -f2 | tr -cd = | wc -c)" -ge 5
mv_pshared=$(sed -n '/^\$ memhold -f -e 2 16 memview -n 1 -p %p$/,/pages: [0-9]* mapped/p' \
	"$mv_text")
mv_check "-f -p: the touched pages are shared, the others untouched" \
	grep -qxF '  =.=.=.=.=.=.=.=.' <<<"$mv_pshared"
# memhold -o: the second half of its area paged out to swap.
mv_pswap=$(sed -n '/^\$ memhold -o 16 memview -n 1 -p %p$/,/pages: [0-9]* mapped/p' "$mv_text")
mv_check "-o -p: 8 pages resident, 8 swapped" \
	grep -qE '^000010000000-000010010000 rw-p +64K res 8 swp 8$' <<<"$mv_pswap"
mv_check "-o -p: the swapped pages in their place" grep -qxF '  ########ssssssss' <<<"$mv_pswap"
# memhold -o -w: 300 pages paged out and read back into the swap cache, unmapped.
mv_cache=$(sed -n '/^\$ memhold -o -w 600 memview -n 1$/,/round 1;/p' "$mv_text")
mv_ncache=$(grep -oE '\$ swap cache [0-9]+' <<<"$mv_cache" | grep -oE '[0-9]+$')
mv_check "-o -w: 300 frames in the swap cache (${mv_ncache:-none})" \
	test "${mv_ncache:-0}" -ge 300 -a "${mv_ncache:-0}" -le 310
mv_check "-o -w: swap cache cells on the map" \
	test "$(grep -E '^[0-9a-f]{7,} ' <<<"$mv_cache" | cut -d' ' -f2 | tr -cd '$' | wc -c)" -ge 5
mv_check "-h: the usage" grep -q '^usage: memview .*-p PID' "$mv_text"

# Ctrl-C while it refreshes: memview exits by itself (no "killed by signal"), after putting
# the cursor back, and the shell goes on.
mv_after=$(tr -d '\r' <"$mv_log" | sed -n '/round 2;/,$p')
mv_check "Ctrl-C: memview restores the cursor" grep -qF $'\e[?25h' <<<"$mv_after"
mv_check "Ctrl-C: memview exits cleanly" \
	bash -c '! grep -qE "killed by signal|\[exit" <<<"$1"' _ "$mv_after"
mv_check "Ctrl-C: the shell goes on" grep -q '^after memview' <<<"$mv_after"
