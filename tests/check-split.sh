# A month split into daily files reads as the month in one file: the
# same reports, in any argument order, with any number of jobs.  Each
# file sleeps until the merge reaches its reorder window (6 h by
# default; conversations cross midnight into the next file), and the
# heap of files must give the events in the one file's order.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat >"$out/respstat.conf" <<'CONF'
[report]
timezone = Europe/Paris
[channel chat]
respond_within = 60s
[source chat]
format = csv
channel = chat
files = chat*
time = time
thread = conversation
role = sender_type
agent = sender
department = queue
request = visitor
response = agent
abandon = visitor_left
CONF
# 6000 conversations over October (UTC), a few hours' waits among them.
awk 'BEGIN {
	srand(7); start = 1790812800; n = 6000; step = 31 * 86400 / n
	split("sales support billing", q, " ")
	for (i = 0; i < n; i++) {
		t = int(start + i * step + rand() * step); c = sprintf("C%05d", i)
		w = 5 + int(rand() * (i % 50 ? 120 : 4 * 3600))
		print t, c, "visitor", "-", q[1 + i % 3]
		if (i % 9 == 0) { print t + w, c, "visitor_left", "-", "-"; continue }
		print t + w, c, "agent", "agent" i % 17, "-"
	} }' | sort -n -s -k1,1 | awk 'BEGIN { print "time,conversation,sender_type,sender,queue" }
	{ for (i = 4; i <= 5; i++) if ($i == "-") $i = ""; printf "%s,%s,%s,%s,%s\n", strftime("%Y-%m-%dT%H:%M:%SZ", $1, 1), $2, $3, $4, $5 }' \
	>"$out/chat-2026-10.csv"
mkdir "$out/days"
awk -F, -v dir="$out/days" 'NR == 1 { header = $0; next }
	{ f = dir "/chat-" substr($1, 1, 10) ".csv"
	  if (!(f in seen)) { seen[f] = 1; print header >f }
	  print >f }' "$out/chat-2026-10.csv"
days=$(ls "$out/days" | wc -l)
[ "$days" -ge 31 ] || { echo "only $days daily files"; exit 1; }
# Rows of pairs name their records' files: those columns are left out.
strip() {
	case $report in
	pairs|violations) awk -F '\t' -v OFS='\t' '{ NF -= 2; print }' ;;
	*) cat ;;
	esac
}
status=0
for report in departments agents pairs violations; do
	"$RESPSTAT" -q -j 1 -c "$out/respstat.conf" -r "$report" \
	    "$out/chat-2026-10.csv" 2>/dev/null | strip >"$out/one.$report"
	[ "$(wc -l <"$out/one.$report")" -gt 2 ] ||
	    { echo "$report: no rows"; status=1; }
	[ "$report" != departments ] || [ "$(grep -c \
	    '^2026-10	\(sales\|support\|billing\)	chat	' "$out/one.$report")" = 3 ] ||
	    { echo "departments: not sales, support and billing"; status=1; }
	for jobs in 1 2 5; do
		# Newest first: the order of the arguments must not matter.
		"$RESPSTAT" -q -j "$jobs" -c "$out/respstat.conf" \
		    -r "$report" $(ls -r "$out"/days/*.csv) 2>/dev/null |
		    strip >"$out/days.$report"
		if ! cmp -s "$out/one.$report" "$out/days.$report"; then
			echo "$report, -j $jobs, $days daily files: not the month's"
			diff "$out/one.$report" "$out/days.$report" | head -5
			status=1
		fi
	done
done
exit $status
