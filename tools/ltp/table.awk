# awk -f table.awk -v logs=DIR LIST HOST_OUT GUEST_OUT
# The table of tools/ltp/run.sh: for each test of LIST (runtest lines, in order), its
# verdict on the host and in the guest, read from the runner's markers in HOST_OUT and
# GUEST_OUT (tools/ltp/runner.c); then the totals. Each test's output goes to
# logs/NAME.host and logs/NAME.guest.

# verdict(STATUS): the runner's STATUS in words.
function verdict(s) {
	if (s == "0") return "pass"
	if (s == "32") return "TCONF"
	if (s ~ /^[0-9]+$/) return "fail " s
	return s
}

FNR == 1 { part++ }
part == 1 { order[++n] = $1; next }
{
	side = part == 2 ? "host" : "guest"
	if ($1 == "@@LTP-BEGIN") {
		cur = $2
		file = logs "/" cur "." side
		printf "" > file
		next
	}
	if ($1 == "@@LTP-END") {
		st = $3
		for (i = 4; i <= NF; i++) st = st " " $i
		v[side, $2] = verdict(st)
		close(file)
		cur = ""
		next
	}
	if (cur != "") print > file
}

END {
	printf "%-24s %-12s %-12s\n", "test", "host", "guest"
	for (i = 1; i <= n; i++) {
		t = order[i]
		h = ((("host", t) in v) ? v["host", t] : "missing")
		g = ((("guest", t) in v) ? v["guest", t] : "missing")
		printf "%-24s %-12s %-12s\n", t, h, g
		hp += h == "pass"; gp += g == "pass"; both += h == "pass" && g == "pass"
		htc += h == "TCONF"; gtc += g == "TCONF"
		if (h == "pass" && g != "pass") lost = lost " " t
		if (h != "pass" && g == "pass") gained = gained " " t
		if (h != "pass" && h != "TCONF") hbad++
		if (g != "pass" && g != "TCONF") gbad++
	}
	printf "\n%d tests. host: %d pass, %d TCONF, %d fail. guest: %d pass, %d TCONF, %d fail.\n",
		n, hp, htc, hbad, gp, gtc, gbad
	printf "%d pass on both; %d pass on the host but not in the guest:%s\n", both, hp - both, lost
	if (gained != "") printf "pass in the guest but not on the host:%s\n", gained
}
