# The postfix source's summary line reproduces pflogsumm's Grand Totals
# on every real Postfix log in ../shared/realdata; and every line of
# those files and of the generic syslog ones is accounted for.  Skipped
# without the data or without pflogsumm.
data="$srcdir/../shared/realdata"
[ -d "$data" ] || { echo "no $data: skipped"; exit 0; }
command -v pflogsumm >/dev/null || { echo "pflogsumm not installed: skipped"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat >"$out/respstat.conf" <<'CONF'
[report]
timezone = UTC
[channel email]
respond_within = 24h
[source mail]
format = postfix
support = support@example.com
agents = @example.com
[source log]
format = syslog
channel = email
rule = request postfix/smtpd\[\d+\]: (?<thread>[0-9A-F]+): client=
rule = response postfix/qmgr\[\d+\]: (?<thread>[0-9A-F]+): removed
CONF
status=0
for file in kdent__postfix_log_analysis/mail.log.gz kdent__postfix_log_analysis/mail2.log.gz \
    kdent__postfix_log_analysis/mail3.log.gz infohtreasure__Postfix-Maillog-Dump/maillog.gz \
    infohtreasure__Postfix-Maillog-Dump/mailog2.gz louisitvn__pflgviewer/mail.log.gz \
    louisitvn__pflgviewer/postfix.log.gz fonylew__config-mailgateway/maillog.gz \
    NoLE__MailLog/mail.log.gz oleg-medovikov__mail-server-anal/mail.log \
    MensEtManus__gomaillex/maillog.gz hirstar__EMAIL_MONITOR/mail.log.gz Sampistaroy__mail/mail.log \
    karthik0112__synk_bug/maillog karthik0112__synk_bug/maillog-20220926 \
    karthik0112__synk_bug/maillog-20221005 karthik0112__synk_bug/maillog-20221012 \
    karthik0112__synk_bug/maillog-20221020 ArneVandeBemdt__systeembeheer-configs/mail.log.2.gz \
    ArneVandeBemdt__systeembeheer-configs/mail.err.1; do
	[ -f "$data/$file" ] || continue
	"$RESPSTAT" -c "$out/respstat.conf" -s mail --now 2030-01-01T00:00:00Z \
	    "$data/$file" >/dev/null 2>"$out/err"
	[ $? -le 1 ] || { echo "$file: crashed"; status=1; continue; }
	got=$(sed -n 's/^respstat: mail: postfix: \([0-9]* received.*\)$/\1/p' "$out/err")
	want=$(gzip -dcf "$data/$file" | pflogsumm 2>/dev/null | sed -n '/^Grand Totals/,/rejected/p' |
	    awk '/received|delivered|forwarded|deferred|bounced|rejected/ { printf "%s%s %s", n++ ? ", " : "", $1, $2 }')
	if [ "$got" = "$want" ]; then
		echo "$file: $got"
	else
		echo "$file: respstat \"$got\", pflogsumm \"$want\""
		status=1
	fi
	grep -q ' read = .* used + .* ignored + .* duplicate + .* rejected' "$out/err" || status=1
done
for file in oleg-medovikov__mail-server-anal/lda.log Sampistaroy__mail/mail.warn Sampistaroy__mail/syslog.gz \
    Sampistaroy__mail/syslog.2.gz Dynatrace__dynatrace-otel-collector/RFC5424 \
    Dynatrace__dynatrace-otel-collector/rfc6587-octet-counting \
    Dynatrace__dynatrace-otel-collector/rfc6587-non-transparent-framing; do
	[ -f "$data/$file" ] || continue
	"$RESPSTAT" -c "$out/respstat.conf" -s log --now 2030-01-01T00:00:00Z \
	    "$data/$file" >/dev/null 2>"$out/err"
	rc=$?
	line=$(grep ' read = ' "$out/err")
	echo "$file: exit $rc, $line"
	[ $rc -le 1 ] && [ -n "$line" ] || status=1
done
exit $status
