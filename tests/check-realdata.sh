# Every real CSV export in ../shared/realdata goes through its source:
# no crash (exit 0 or 1), every line accounted for (read = used +
# ignored + duplicate + rejected, read = the file's line count), and each
# rejected line in --rejects with a reason.  Skipped without the data.
data="$srcdir/../shared/realdata"
[ -d "$data" ] || { echo "no $data: skipped"; exit 0; }
conf="$srcdir/tests/realdata/respstat.conf"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
while read -r source file; do
	[ -f "$data/$file" ] || { echo "missing $file"; continue; }
	"$RESPSTAT" -c "$conf" --rejects "$out/rejects.tsv" -r departments \
	    -o "$out/report.tsv" -s "$source" "$data/$file" 2>"$out/err"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "$file: exit status $rc"; cat "$out/err"; status=1; continue
	fi
	lines=$(gzip -dcf "$data/$file" | tr -cd '\n' | wc -c)
	[ "$(gzip -dcf "$data/$file" | tail -c 1 | od -An -c | tr -d ' ')" != '\n' ] &&
	    lines=$((lines + 1))
	line=$(grep "^respstat: $data/$file: [0-9]* read = " "$out/err")
	set -- $(echo "$line" | sed 's/.*: \([0-9]*\) read = \([0-9]*\) used + \([0-9]*\) ignored + \([0-9]*\) duplicate + \([0-9]*\) rejected/\1 \2 \3 \4 \5/')
	rejects=$(($(wc -l <"$out/rejects.tsv") - 1))
	if [ "$1" != "$lines" ] || [ $(($2 + $3 + $4 + $5)) != "$1" ] || [ "$5" != "$rejects" ]; then
		echo "$file: $line; $lines lines, $rejects in --rejects"
		status=1
	else
		echo "$file: $1 read = $2 used + $3 ignored + $4 duplicate + $5 rejected"
	fi
done <<'LIST'
twitter naman-tiwari__Customer-Support-on-Twitter/sample.csv
transcripts CSLondonAG__DepartmentDashboard/chat_transcripts.csv.gz
workitems CSLondonAG__DepartmentDashboard/report_items.csv.gz
helpdesk jingyi0126__MA/helpdesk.csv.gz
queuelog srinimonster__voipreports1/queue_log.csv.gz
freeswitch powermedia__FreeSwitch/Master.csv.gz
freeswitch powermedia__FreeSwitch/Master.csv.2012-04-13-17-01-48.gz
freeswitch amitsrepo__FreeSwitch_Configuration/Master.csv
freeswitch DuyNguyen2599__freeswitch/Master.csv
freeswitch-slashes Kxingyunliushui__freeswitch_tools/Master.csv
irc jkkummerfeld__irc-disentanglement/2004-11-15_03.raw.txt.gz
irc jkkummerfeld__irc-disentanglement/2013-12-02.train-a.raw.txt.gz
annotation jkkummerfeld__irc-disentanglement/2004-11-15_03.annotation.txt
annotation jkkummerfeld__irc-disentanglement/2013-12-02.train-a.annotation.txt
pbx karthik0112__synk_bug/queue_log
pbx karthik0112__synk_bug/queue_log-20220707
pbx karthik0112__synk_bug/queue_log-20220801
pbx karthik0112__synk_bug/queue_log-20220901
pbx karthik0112__synk_bug/queue_log-20221005
pbx srinimonster__voipreports1/queue_log.csv.gz
cdr karthik0112__synk_bug/Master.csv.gz
cdr mineevburyat__dj-asterisk-cdr/Master.csv
cdr BugaDM__TelephonySwitching/Master.csv
cdr simularent__asterisk-for-speech-to-text/Master.csv
cdr-kely KelySaina__cdr/Master.csv
cdr-pbxware srinimonster__voipreports1/cdr.csv.gz
cdr-freepbx apspoliveira__Asterisk/cdr.csv.gz
LIST
exit $status
