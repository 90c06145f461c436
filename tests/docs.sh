# The docs-commands test: what docs/*.md show must still be true (the convention is in
# docs/README.md, "How the docs are tested"):
#   - every "guest$ CMD" is typed, in order, into the shell of one boot of the kernel with a
#     swap disk, as make run boots it (tools/mkiso.sh, the serial console, one line at a time
#     once the prompt is back); every "host$ CMD" runs on this host in the repository root;
#     each must succeed (a guest command: no "[exit N]" or "[killed by signal ...]" from the
#     shell unless the docs show that line; a host command: exit status 0) and print the
#     lines the docs show after it (tests/docs/match.awk: in order, numbers may differ);
#     one count each. A command marked "# interactive" is not run: its make target or
#     program (a guest one in build/rootfs) must exist.
#   - every function (`name()`), `struct name` and repository path that docs/*.md (the
#     chapters, their index and the design map) cite in backticks exists in the tree;
#     "`name()` in `path`" must be defined in that file; any other `name_with_underscores`
#     (a function, field or constant named without parentheses) must occur in the code, or
#     name a file, unless the text calls it Linux's. One count per file, one failure per
#     missing name.
# DOCS=GLOB checks only the matching chapters (e.g. DOCS=04\*).
# (Sourced by tests/run.sh.)

docs_work=$(mktemp -d)
mapfile -t docs_files < <(compgen -G "docs/${DOCS:-*}.md" | sort)
touch "$docs_work/index"
if [ ${#docs_files[@]} -eq 0 ]; then
	fail "docs: no file matches docs/${DOCS:-*}.md"
else
	awk -v out="$docs_work" -f tests/docs/extract.awk "${docs_files[@]}"
fi

# --- the guest's commands, in one boot -----------------------------------------------------
# The lines to type: each chapter's commands, after a "cd /" so that none depends on where
# the one before it left the shell. typed[i] is the command's id, or "-" for a "cd /".
docs_typed=()
docs_lines=()
docs_last_file=
while IFS=$'\t' read -r id kind interactive where; do
	[ "$kind" = guest ] && [ "$interactive" = 0 ] || continue
	if [ "${where%%:*}" != "$docs_last_file" ]; then
		docs_typed+=(-)
		docs_lines+=("cd /")
		docs_last_file=${where%%:*}
	fi
	docs_typed+=("$id")
	docs_lines+=("$(cat "$docs_work/$id.cmd")")
done <"$docs_work/index"

# docs_prompts LOG: how many prompts the shell has printed.
docs_prompts() {
	tr -d '\r' <"$1" | grep -c '^\$ '
}

# docs_type LOG PIDFILE LINE...: types each LINE once the shell's prompt for it is in LOG
# (at most 120 s each), then exit; if a prompt never comes, stops QEMU. Gives up at once
# when QEMU is gone.
docs_type() {
	local log=$1 pidfile=$2 n=1
	shift 2
	for line in "$@" exit; do
		local waited=0
		while [ "$(docs_prompts "$log")" -lt $n ]; do
			sleep 0.1
			waited=$((waited + 1))
			if [ $waited -ge 1200 ]; then
				kill "$(cat "$pidfile")" 2>/dev/null
				return
			fi
			if [ $waited -ge 50 ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
				return
			fi
		done
		printf '%s\n' "$line"
		n=$((n + 1))
	done
	sleep 1
}

if [ ${#docs_lines[@]} -gt 0 ]; then
	docs_log=$LOGS/docs-guest.log
	mkdir -p "$B/test-iso"
	tools/mkiso.sh "$B/kernel.elf" "panic=exit -- /bin/mmsh" "$B/test-iso/docs.iso" "$B/initrd.cpio"
	tools/mkdisk "$B/test-iso/docs-swap.img" 256M
	: >"$docs_log"
	docs_type "$docs_log" "$docs_work/qemu.pid" "${docs_lines[@]}" |
		timeout 600 "$QEMU" $(tools/qemu-args.sh) -m 128M -display none -serial stdio \
			-cdrom "$B/test-iso/docs.iso" $(tools/disk-args.sh "$B/test-iso/docs-swap.img") \
			-pidfile "$docs_work/qemu.pid" >"$docs_log" 2>&1
	echo $? >"$docs_log.rc"
	# What each command printed: the lines after its prompt, up to the next prompt.
	tr -d '\r' <"$docs_log" | awk -v out="$docs_work" '
		/^\$ / { n++; f = out "/typed." n; print substr($0, 3) > f; close(f); f = out "/out." n; printf "" > f; next }
		n > 0 { print >> f }'
	for i in "${!docs_lines[@]}"; do
		id=${docs_typed[$i]}
		[ "$id" != - ] || continue
		n=$((i + 1))
		cp "$docs_work/out.$n" "$docs_work/$id.out" 2>/dev/null
		if [ "$(cat "$docs_work/typed.$n" 2>/dev/null)" != "${docs_lines[$i]}" ]; then
			echo "no prompt for it (the commands before it took too long, or the kernel died)" \
				>"$docs_work/$id.why"
		fi
	done
fi

# --- the host's commands -----------------------------------------------------------------
while IFS=$'\t' read -r id kind interactive where; do
	[ "$kind" = host ] && [ "$interactive" = 0 ] || continue
	QRUN_NO_BUILD=1 timeout 300 bash -o pipefail -c "$(cat "$docs_work/$id.cmd")" \
		</dev/null >"$docs_work/$id.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] || echo "exit status $rc" >"$docs_work/$id.why"
done <"$docs_work/index"

# --- verdicts, one per command ------------------------------------------------------------
docs_status_re='^\[(exit [0-9]+|killed by signal [0-9]+: [A-Z]+)\]$'
while IFS=$'\t' read -r id kind interactive where; do
	cmd=$(cat "$docs_work/$id.cmd")
	name="$where: $kind\$ $cmd"
	if [ "$interactive" = 1 ]; then
		read -r first target _ <<<"$cmd"
		if [ "$kind" = guest ]; then
			# A guest program: in the guest's /bin, or at its path in the guest's tree.
			case $first in
			/*) prog=$B/rootfs$first ;;
			*) prog=$B/rootfs/bin/$first ;;
			esac
		else
			prog=$first
		fi
		if [ "$kind" = host ] && [ "$first" = make ] && grep -q "^$target:" Makefile; then
			pass "$name (interactive: not run; the target exists)"
		elif [ "$first" != make ] && [ -x "$prog" ]; then
			pass "$name (interactive: not run; the program exists)"
		else
			fail "$name (interactive: no such make target or program)"
		fi
		continue
	fi
	log=$LOGS/docs-$id.out
	cp "$docs_work/$id.out" "$log" 2>/dev/null || : >"$log"
	if [ -f "$docs_work/$id.why" ]; then
		fail "$name: $(cat "$docs_work/$id.why")" "$log"
	elif [ "$kind" = guest ] && grep -Eq "$docs_status_re" "$log" &&
	     ! grep -Eq "$docs_status_re" "$docs_work/$id.expect"; then
		fail "$name: $(grep -E "$docs_status_re" "$log" | head -1)" "$log"
	elif ! why=$(awk -v expect="$docs_work/$id.expect" -f tests/docs/match.awk "$log"); then
		fail "$name: $why" "$log"
	else
		pass "$name"
	fi
done <"$docs_work/index"

# --- the names the chapters cite ----------------------------------------------------------
# A definition of function NAME: a line at column 0 that names it before "(" and does not
# end in ";" (C, and shell functions), a macro, an assembly label, or a system call.
docs_sources=$(git ls-files -- '*.c' '*.h' '*.S' '*.sh' 'tools/*' | grep -v '^docs/')
docs_tracked=$(git ls-files)
docs_defines() {   # docs_defines NAME FILE...
	grep -hE "^([A-Za-z_][^;]*[^A-Za-z0-9_])?$1\(|^#define $1[ (]|^$1:" "${@:2}" 2>/dev/null |
		grep -qvE ';[[:space:]]*$' || grep -qE "SYSCALL_DEFINE\([0-9]+, *$1\)" "${@:2}" 2>/dev/null
}
for f in "${docs_files[@]}"; do
	bad=0 count=0
	while IFS=$'\t' read -r where what name path; do
		count=$((count + 1))
		case $what in
		fn)
			if [ "$path" != - ]; then
				docs_defines "$name" "$path" ||
					{ fail "$where: \`$name()\` is not defined in $path"; bad=1; }
			else
				# shellcheck disable=SC2086
				docs_defines "$name" $docs_sources ||
					{ fail "$where: \`$name()\` is defined nowhere"; bad=1; }
			fi ;;
		struct)
			# shellcheck disable=SC2086
			grep -qE "^struct $name \{" $docs_sources ||
				{ fail "$where: \`struct $name\` is defined nowhere"; bad=1; } ;;
		path)
			compgen -G "$name" >/dev/null ||
				{ fail "$where: \`$name\` does not exist"; bad=1; } ;;
		word)
			git grep -qw -e "$name" -- ':!docs' ||
				grep -qE "(^|/)$name(\.[a-z]+)?$" <<<"$docs_tracked" ||
				{ fail "$where: \`$name\` is nowhere in the code"; bad=1; } ;;
		esac
	done < <(awk -f tests/docs/names.awk "$f")
	[ $bad = 1 ] || pass "$f: the $count functions, structs and paths it cites exist"
done
rm -rf "$docs_work"
