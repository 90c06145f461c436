# extract.awk -v out=DIR FILE.md...: finds the commands the docs show (see docs/README.md,
# "How the docs are tested"). In a fenced block, a line "guest$ CMD" or "host$ CMD" is a
# command, and the lines after it, up to the next command or the end of the block, are the
# output it is expected to print. For each command it writes DIR/ID.cmd (the command),
# DIR/ID.expect (its expected lines), and a line "ID KIND INTERACTIVE FILE:LINE" (tab-separated)
# to DIR/index. A command whose comment starts with "# interactive" is not run (INTERACTIVE 1).
FNR == 1 { fence = 0; cur = "" }
/^ *```/ { fence = !fence; cur = ""; next }
!fence { next }
/^(guest|host)\$ / {
	if (cur != "")
		close(cur ".expect")
	n++
	id = sprintf("%03d", n)
	kind = substr($0, 1, index($0, "$") - 1)
	cmd = substr($0, length(kind) + 3)
	interactive = cmd ~ /#[ \t]*interactive/
	if (interactive)
		sub(/[ \t]*#[ \t]*interactive.*$/, "", cmd)
	cur = out "/" id
	print cmd > (cur ".cmd")
	close(cur ".cmd")
	printf "" > (cur ".expect")
	print id "\t" kind "\t" interactive "\t" FILENAME ":" FNR >> (out "/index")
	next
}
cur != "" { print > (cur ".expect") }
