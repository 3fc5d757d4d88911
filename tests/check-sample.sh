# An independent computation, in awk, of the departments report of a
# generated chat month (3000 conversations): pairing, thresholds,
# abandons, open versus unanswered, service level, mean and nearest-rank
# percentiles.  respstat must agree exactly.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sh "$srcdir/scripts/gen-sample" 3000 >"$out/chat-2026-10.csv"
cp "$srcdir/testdata/sample/respstat.conf" "$srcdir/testdata/sample/roster.csv" "$out/"
"$RESPSTAT" -q -c "$out/respstat.conf" -m 2026-10 -r departments \
    "$out/chat-2026-10.csv" 2>/dev/null |
    cut -f1-17 >"$out/respstat.tsv"

# Events as "epoch kind conv queue priority": kind 0 request, 1 abandon,
# 2 response, sorted by time then kind (the SPEC's tie order).
TZ=UTC awk -F, 'NR > 1 && NF == 7 && $1 ~ /^2026-(09|10|11)-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$/ {
	d = substr($1, 9, 2) + 0; h = substr($1, 12, 2) + 0
	if (d > 31 || h > 23) next
	t = mktime(substr($1, 1, 4) " " substr($1, 6, 2) " " d " " h " " \
	    substr($1, 15, 2) " " substr($1, 18, 2))
	k = $3 == "visitor" ? 0 : $3 == "visitor_left" ? 1 : $3 == "agent" ? 2 : -1
	if (k >= 0) print t, k, $2, $5 == "" ? "-" : $5, $6 == "" ? "-" : tolower($6)
}' "$out/chat-2026-10.csv" | sort -n -k1,1 -k2,2 >"$out/events"

TZ=UTC awk '
function month(t) { return strftime("%Y-%m", t + 8 * 3600, 1) }
function add(t0, dep, outcome, wait, thr) {
	if (month(t0) != "2026-10") return
	deps[dep] = 1; req[dep]++; n[dep, outcome]++
	if (outcome == "answered") {
		waits[dep, ++nw[dep]] = wait; sum[dep] += wait
		if (wait <= thr) within[dep]++; else viol[dep]++
	} else if (outcome == "abandoned" && wait > thr) viol[dep]++
	else if (outcome == "unanswered") viol[dep]++
}
function fmt(x) { x = sprintf("%.3f", x); sub(/0+$/, "", x); sub(/\.$/, "", x); return x }
BEGIN {
	map["queue-sales"] = "Sales"; map["queue-support"] = "Support"
	map["billing@example.com"] = "Billing"
}
{
	t = $1; end = t
	if ($2 == 0) {
		if (!($3 in start)) { start[$3] = t; dep[$3] = map[$4]; pr[$3] = $5 }
		else if (pr[$3] == "-") pr[$3] = $5
		next
	}
	if (!($3 in start)) next
	thr = pr[$3] == "urgent" ? 30 : 60
	if ($2 == 2) add(start[$3], dep[$3], "answered", t - start[$3], thr)
	else if (t - start[$3] < 5) add(start[$3], dep[$3], "short", 0, thr)
	else add(start[$3], dep[$3], "abandoned", t - start[$3], thr)
	delete start[$3]
}
END {
	for (c in start) {
		thr = pr[c] == "urgent" ? 30 : 60
		add(start[c], dep[c], start[c] + thr < end ? "unanswered" : "open", 0, thr)
	}
	print "month\tdepartment\tchannel\trequests\tanswered\tabandoned\tshort_abandoned\tunanswered\topen\twithin\tservice_level\tviolations\tmean\tp50\tp90\tp95\tmax"
	for (d in deps) {
		cnt = nw[d]
		for (i = 1; i <= cnt; i++) v[i] = waits[d, i]
		for (i = 2; i <= cnt; i++) {	# insertion sort
			x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x
		}
		den = n[d, "answered"] + n[d, "abandoned"] + n[d, "unanswered"]
		r50 = int((50 * cnt + 99) / 100); r90 = int((90 * cnt + 99) / 100); r95 = int((95 * cnt + 99) / 100)
		printf "2026-10\t%s\tchat\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%d\t%s\t%s\t%s\t%s\t%s\n", d, req[d],
		    n[d, "answered"], n[d, "abandoned"], n[d, "short"], n[d, "unanswered"], n[d, "open"],
		    within[d], int(within[d] * 1000 / den + 0.5) / 10, viol[d], fmt(sum[d] / cnt),
		    v[r50], v[r90], v[r95], v[cnt]
	}
}' "$out/events" | { IFS= read -r header; echo "$header"; sort; } >"$out/awk.tsv"
cat "$out/awk.tsv"
diff "$out/awk.tsv" "$out/respstat.tsv"
