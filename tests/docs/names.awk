# names.awk FILE.md...: lists what the docs cite in backticks outside fenced blocks, for
# tests/docs.sh to check against the tree, one per line, tab-separated:
#   FILE:LINE fn NAME PATH     `NAME()`, with PATH when written "`NAME()` in `PATH`" or
#                              "`NAME()` (`PATH`)", else "-"
#   FILE:LINE struct NAME -    `struct NAME`
#   FILE:LINE path PATH -      a path in the repository: `mm/fault.c`, `tests/user/`...
#   FILE:LINE word NAME -      any other `name_with_underscores`: a function, a field, a
#                              constant, a program; not when the text says it is Linux's
#                              ("Linux's `i_mmap`")
FNR == 1 { fence = 0 }
/^ *```/ { fence = !fence; next }
fence { next }
{
	rest = $0
	while (match(rest, /`[^`]+`/)) {
		span = substr(rest, RSTART + 1, RLENGTH - 2)
		before = substr(rest, 1, RSTART - 1)
		rest = substr(rest, RSTART + RLENGTH)
		where = FILENAME ":" FNR
		if (span ~ /^[A-Za-z_][A-Za-z0-9_]*\(\)$/) {
			path = "-"
			if (match(rest, /^ (in|from) `[^`]+`/) || match(rest, /^ \(`[^`]+`\)/)) {
				p = substr(rest, RSTART, RLENGTH)
				sub(/^[^`]*`/, "", p)
				sub(/`.*$/, "", p)
				if (p ~ /^(boot|kernel|mm|fs|user|tests|tools|bench)\/[^ ]*[^\/]$/)
					path = p
			}
			print where "\tfn\t" substr(span, 1, length(span) - 2) "\t" path
		} else if (span ~ /^struct [a-z_][a-z0-9_]*$/) {
			print where "\tstruct\t" substr(span, 8) "\t-"
		} else if (span ~ /^(boot|kernel|mm|fs|user|tests|tools|docs|bench|rootfs)\/[A-Za-z0-9_.*\/-]*$/) {
			print where "\tpath\t" span "\t-"
		} else if (span ~ /^[A-Za-z_][A-Za-z0-9_]*_[A-Za-z0-9_]*$/ && before !~ /Linux('s)? $/) {
			print where "\tword\t" span "\t-"
		}
	}
}
