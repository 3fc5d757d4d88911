# Bad input survived and output kept safe (issue: reliability).  Each
# check names what it asserts; any failure makes the script fail.
data="$srcdir/testdata/month-boundary"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
check() {	# check WHAT: the previous command's assertion failed if $? != 0
	if [ "$1" != 0 ]; then echo "FAIL: $2"; failed=1; else echo "ok: $2"; fi
}
rs() { "$RESPSTAT" -c "$out/respstat.conf" "$@"; }
cp "$data/respstat.conf" "$data/roster.csv" "$out/"
sed -i 's/^files = .*/files = */' "$out/respstat.conf"
cp "$data/chat.csv" "$out/chat.csv"

# A write error on standard output: exit 1 with a message.
rs -q "$out/chat.csv" >/dev/full 2>"$out/err"
[ $? = 1 ] && grep -q '^respstat: standard output: No space left' "$out/err"
check $? "/dev/full: exit 1 and a message"

# A closed pipe: ended by SIGPIPE, no message.
awk 'BEGIN { print "time,thread,role,agent,department"
	for (i = 0; i < 20000; i++) {
		printf "2026-10-%02dT10:%02d:00Z,t%d,customer,,S\n", i % 28 + 1, i % 60, i
		printf "2026-10-%02dT10:%02d:30Z,t%d,agent,ann,\n", i % 28 + 1, i % 60, i
	} }' >"$out/big.csv"
rs -q -r pairs "$out/big.csv" 2>"$out/err" | head -1 >/dev/null
[ ! -s "$out/err" ]
check $? "| head -1: no error message"

# -o is atomic: an input that cannot be opened leaves the target as it
# was, and no temporary file behind.
echo "old report" >"$out/report.tsv"
rs -q -o "$out/report.tsv" "$out/chat.csv" "$out/nothere.csv" 2>/dev/null
[ $? = 1 ] && [ "$(cat "$out/report.tsv")" = "old report" ] &&
    [ "$(ls "$out" | grep -c 'report.tsv.')" = 0 ]
check $? "-o: target untouched when an input is missing"
rs -q -o "$out/report.tsv" "$out/chat.csv" && cmp -s "$out/report.tsv" "$data/expected.out"
check $? "-o: report written"

# Same bytes for any -j and any argument order.
cp "$srcdir"/testdata/duplicates/*.csv "$out/"
sed -n '1p;2,3p' "$out/chat.csv" >"$out/chat-part.csv"
for j in 1 4; do
	rs -q -j $j -r pairs "$out/chat.csv" "$out/chat-part.csv" "$out/big.csv" >"$out/j$j"
done
rs -q -j 2 -r pairs "$out/big.csv" "$out/chat-part.csv" "$out/chat.csv" >"$out/rev"
cmp -s "$out/j1" "$out/j4" && cmp -s "$out/j1" "$out/rev"
check $? "-j 1, -j 4 and reversed arguments: identical output"

# An empty file, random bytes, NUL bytes, a 10 MB line, times far in the
# past and future: no crash (exit 0 or 1), every line accounted for.
: >"$out/empty.csv"
head -c 200000 /dev/urandom | tr -d '\r' >"$out/random.csv"
printf 'time,thread,role,agent,department\n2026-10-01T10:00:00Z,t\0x,customer,,S\0\n\0\0\0\n' >"$out/nul.csv"
{ echo "time,thread,role,agent,department"; head -c 10485760 /dev/zero | tr '\0' 'x'; echo; echo "2026-10-01T10:00:00Z,t1,customer,,S"; } >"$out/long.csv"
printf 'time,thread,role,agent,department\n1900-01-01T00:00:00Z,old,customer,,S\n9999-12-31T23:59:59Z,new,customer,,S\n' >"$out/far.csv"
for f in empty random nul long far; do
	rs -r pairs --rejects "$out/rej.tsv" "$out/$f.csv" >"$out/$f.out" 2>"$out/$f.err"
	rc=$?
	line=$(grep "^respstat: $out/$f.csv: [0-9]* read" "$out/$f.err")
	set -- $(echo "$line" | sed 's/.*: \([0-9]*\) read = \([0-9]*\) used + \([0-9]*\) ignored + \([0-9]*\) duplicate + \([0-9]*\) rejected/\1 \2 \3 \4 \5/')
	lines=$(tr -cd '\n' <"$out/$f.csv" | wc -c)
	[ -s "$out/$f.csv" ] && [ "$(tail -c 1 "$out/$f.csv" | od -An -c | tr -d ' ')" != '\n' ] &&
	    lines=$((lines + 1))
	[ $rc -le 1 ] && [ "$1" = "$lines" ] && [ $(($2 + $3 + $4 + $5)) = "$1" ] &&
	    [ "$5" = $(($(wc -l <"$out/rej.tsv") - 1)) ]
	check $? "$f: exit $rc, $line"
done
# An empty file through every format (found by fuzzing: qsort(NULL)).
cat >"$out/formats.conf" <<'CONF'
[channel phone]
respond_within = 30s
[channel email]
respond_within = 1h
[channel chat]
respond_within = 1m
[source pbx]
format = asterisk-queue-log
[source cdr]
format = asterisk-cdr
inbound_contexts = from-*
agent_channels = SIP/*
[source log]
format = syslog
channel = chat
rule = request in (?<thread>\S+)
[source mail]
format = postfix
support = s@x
agents = @y
[source ex]
format = exchange
support = s@x
agents = @y
CONF
for s in pbx cdr log mail ex; do
	"$RESPSTAT" -q -c "$out/formats.conf" -s $s "$out/empty.csv" >/dev/null 2>&1
	[ $? -le 1 ]
	check $? "empty file, source $s"
done

# Found by fuzzing: a NUL before a header_checks line's "header".
printf 'Oct  5 09:00:00 mx postfix/cleanup[1]: 2A01DE4F: x\0 header In-Reply-To: <a@b>\n' >"$out/nul.log"
"$RESPSTAT" -q -c "$out/formats.conf" -s mail --now 2026-11-01T00:00:00Z "$out/nul.log" >/dev/null 2>&1
[ $? -le 1 ]
check $? "postfix: NUL inside a header line"

grep -q 'is after the current time' "$out/far.err"
check $? "far future: a warning"
grep -q 'no requests' "$out/empty.err"
check $? "empty: a warning"
exit $failed
