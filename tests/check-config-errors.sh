# A config with every kind of mistake: each is exit 2 and one message
# "respstat: FILE:LINE: what is wrong".
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
base='[report]
timezone = UTC
[channel chat]
respond_within = 60s
[source s]
format = csv
channel = chat
time = t
thread = c
role = r
request = q
response = a'
try() {	# try EXPECTED-MESSAGE CONFIG-TEXT
	printf '%s\n' "$2" >"$dir/respstat.conf"
	(cd "$dir" && "$RESPSTAT" --check-config >/dev/null 2>"$dir/err")
	rc=$?
	if [ $rc = 2 ] && [ "$(cat "$dir/err")" = "respstat: $1" ]; then
		echo "ok: $1"
	else
		echo "FAIL (exit $rc): wanted \"respstat: $1\", got:"; cat "$dir/err"
		failed=1
	fi
}
try "respstat.conf:1: malformed section header" "[report"
try 'respstat.conf:1: key "x" outside any section' "x = 1"
try "respstat.conf:2: expected key = value" "[report]
timezone"
try "respstat.conf:2: unterminated quoted value" '[report]
timezone = "UTC'
try 'respstat.conf:3: section [report] given twice' "[report]
[channel chat]
[report]"
try 'respstat.conf:1: unknown section [reprot]' "[reprot]"
try 'respstat.conf:2: unknown time zone "Mars/Base"' "[report]
timezone = Mars/Base"
try 'respstat.conf:4: bad duration "60" (e.g. 45s, 3m, 24h, 2d, 1h30m)' "[report]
timezone = UTC
[channel chat]
respond_within = 60"
try 'respstat.conf:3: [channel chat] needs respond_within' "[report]
timezone = UTC
[channel chat]
mean_within = 3m"
try 'respstat.conf:3: clock must be wall or business, not "busy"' "[channel chat]
respond_within = 60s
clock = busy"
try 'respstat.conf: [channel chat]: clock = business and off_hours_within need an [hours] section' "[channel chat]
respond_within = 60s
clock = business"
try 'respstat.conf:1: [source s] has no format = key' "[source s]
files = *"
try 'respstat.conf:2: unknown format "tsv"' "[source s]
format = tsv"
try 'respstat.conf:1: format csv needs a channel = key' "[source s]
format = csv"
try 'respstat.conf: [source s] feeds channel mail, which has no [channel mail] section' "[source s]
format = csv
channel = mail
time = t
thread = c
response_time = r"
try 'respstat.conf:1: [source s] needs a time = column' "[source s]
format = csv
channel = chat
[channel chat]
respond_within = 1m"
try 'respstat.conf:13: unknown key "tread" in [source s]' "$base
tread = x"
try 'respstat.conf:2: bad tiers "1:warning, 1:suspension": want ascending AT:NAME, ...' "[penalties]
agent = 1:warning, 1:suspension"
try 'respstat.conf:2: bad window "2026-11-11 .. tomorrow" (want YYYY-MM-DD HH:MM .. YYYY-MM-DD HH:MM)' "[peak]
window = 2026-11-11 .. tomorrow"
try 'respstat.conf:2: bad hours "9-5" (want e.g. 09:00-12:00, 13:30-18:00)' "[hours]
mon-fri = 9-5"
try 'respstat.conf:2: unknown days "weekdays" (want e.g. mon-fri, sat)' "[hours]
weekdays = 09:00-17:00"
try 'respstat.conf:2: bad holiday "2026-02-30" (want YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)' "[hours]
holiday = 2026-02-30"
try 'respstat.conf:1: [hours] opens on no day of the week' "[hours]
holiday = 2026-12-25"
try 'respstat.conf:13: delimiter must be one character or tab' "$base
delimiter = ;;"
try 'respstat.conf:4: regex "visitor (?<thread>\S+" at offset 21: missing closing parenthesis' "[source s]
format = syslog
channel = chat
rule = request visitor (?<thread>\S+
[channel chat]
respond_within = 1m"
try 'respstat.conf:4: regex "visitor \S+" has no (?<thread>...) group' "[source s]
format = syslog
channel = chat
rule = request visitor \S+"
printf 'name,dept\nann,S\n' >"$dir/roster.csv"
printf 'agent,department,email\nann,S,a@x.com\nbob,S,A@X.com\n' >"$dir/dup.csv"
try "$dir/dup.csv:3: alias \"A@X.com\" also belongs to ann" "[report]
roster = $dir/dup.csv"
try "./roster.csv:1: the header needs columns agent and department" "[report]
roster = roster.csv"
exit $failed
