# match.awk -v expect=FILE OUTPUT: succeeds when every line of FILE (a command's expected
# output, as the docs show it) appears in OUTPUT, in the same order; other lines may come
# between them. Blank lines and "..." in FILE stand for nothing. Runs of spaces and tabs
# compare as one space, and every number (decimal or hex, with an optional minus sign)
# matches any number: addresses, frame numbers, pids, sizes and times differ from run to run.
# On failure it prints the first expected line it did not find.
function norm(s) {
	gsub(/\r/, "", s)
	gsub(/[ \t]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}
# The line as an anchored regular expression: numbers become "any number", the rest literal.
function to_re(s,    out, i, n, c, prev) {
	out = "^"
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		prev = i > 1 ? substr(s, i - 1, 1) : " "
		if (c == "0" && substr(s, i + 1, 1) == "x" && substr(s, i + 2, 1) ~ /[0-9a-fA-F]/) {
			# 0x and hex digits, the first of which may be a letter (frame 0xb85).
			i += 2
			while (i < n && substr(s, i + 1, 1) ~ /[0-9a-fA-F]/)
				i++
			out = out "0x[0-9a-fA-F]+"
		} else if (c ~ /[0-9]/ || (c == "-" && prev ~ /[ (=:[]/ && substr(s, i + 1, 1) ~ /[0-9]/)) {
			while (i < n && substr(s, i + 1, 1) ~ /[0-9a-fA-F]/)
				i++
			out = out "-?[0-9][0-9a-fA-F]*"
		} else if (c == "\\")
			out = out "\\\\"
		else if (c == "^")
			out = out "\\^"
		else if (c == "]")
			out = out "[]]"
		else if (c ~ /[[.$|()*+?{}\/]/)
			out = out "[" c "]"
		else
			out = out c
	}
	return out "$"
}
BEGIN {
	while ((getline line < expect) > 0) {
		line = norm(line)
		if (line == "" || line == "...")
			continue
		n++
		want[n] = line
		re[n] = to_re(line)
	}
	k = 1
}
k <= n && norm($0) ~ re[k] { k++ }
END {
	if (k <= n) {
		print "no line like: " want[k]
		exit 1
	}
}
