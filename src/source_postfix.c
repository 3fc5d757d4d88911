/*
 * postfix: Postfix's syslog.  Each line of interest becomes a part (a
 * fact about a queue id); the parts of every file of the source, merged
 * in time order and rid of duplicates, are assembled per queue id into
 * messages, and messages into requests (a customer's mail delivered to a
 * support address) and responses (an agent's mail delivered to a
 * customer).  A message re-injected by a content filter
 * (a second queue id, the same message-id) is one message; deliveries to
 * a loopback relay are such hops, not deliveries.  Threads follow
 * In-Reply-To and References logged by header_checks, else the
 * customer's address, where a response answers the customer's oldest
 * pending request.
 *
 * Beside that, the source counts what pflogsumm prints under "Grand
 * Totals", with pflogsumm's own patterns, over every line.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hashmap.h"
#include "ini.h"
#include "mail.h"
#include "refstr.h"
#include "source.h"
#include "syslog.h"
#include "xmalloc.h"

/* A message with no line for this long goes (maximal_queue_lifetime). */
#define PF_UNFINISHED	(5LL * 86400 * 1000000)

enum pf_kind {
	PF_START, PF_MSGID, PF_REF, PF_FROM, PF_TO, PF_REMOVED
};

enum pf_status {
	PF_SENT, PF_DEFERRED, PF_BOUNCED, PF_OTHER
};

/* A part: what one line says of a queue id. */
struct pf_fact {
	int64_t		 t;
	enum pf_kind	 kind;
	enum pf_status	 status;
	int		 hop;		/* a delivery to a loopback relay */
	const char	*qid;		/* counted (refstr.h) */
	const char	*value;		/* an address; a counted message-id */
};

/* pflogsumm's Grand Totals. */
enum pf_total {
	PF_RECEIVED, PF_DELIVERED, PF_FORWARDED, PF_DEFERRED_MSGS, PF_BOUNCED_MSGS,
	PF_REJECTED, PF_NTOTALS
};

enum pf_re {
	RE_TRADITIONAL, RE_RFC3339, RE_CMD, RE_CMD_SCRIPT, RE_CLEANUP,
	RE_CLIENT, RE_SMTPD_REJECT, RE_FROM, RE_TO, RE_PICKUP, RE_N
};

/* pflogsumm's regular expressions, as it writes them. */
static const char *pf_patterns[RE_N] = {
	"^(...) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) \\S+ (.+)$",
	"^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?"
	    "(?:[\\+\\-](?:\\d{2}):(?:\\d{2})|Z) \\S+ (.+)$",
	"^(?:NAME)(?:/(?:smtps|submission))?/([^\\[:]*).*?: ([^:\\s]+)",
	"^((?:NAME)(?:-script)?)(?:\\[\\d+\\])?: ([^:\\s]+)",
	"/cleanup\\[\\d+\\]: .*?\\b((?:milter-)?reject|warning|hold|discard): "
	    "(header|body|END-OF-MESSAGE) (.*)$",
	"\\[\\d+\\]: \\w+: client=(.+?)(,|$)",
	"\\[\\d+\\]: \\w+: (reject(?:_warning)?|hold|discard): ",
	"from=<([^>]*)>, size=(\\d+)",
	"to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=([^,]+), "
	    "(?:conn_use=[^,]+, )?delay=([^,]+), (?:delays=[^,]+, )?"
	    "(?:dsn=[^,]+, )?status=(\\S+)(.*)$",
	": (sender|uid)=",
};

struct pf_book {
	uint64_t		 totals[PF_NTOTALS];
	struct hashmap		 deferred;	/* qids deferred once */
};

struct pf_conf {
	struct mail_conf	 mail;
	char			*name;		/* syslog_name */
	int			 plain;		/* it has no regex syntax */
	int			 year;
	pcre2_code		*re[RE_N];
	struct pf_book		 book;		/* every file's, merged */
	/* The assembly of every file's parts. */
	struct mail_box		 box;
	struct hashmap		 byqid;
};

/* One file's reading: its own book, merged into the source's at close. */
struct pf_state {
	const struct source	*src;
	struct pf_conf		*conf;
	struct syslog_year	 year;
	int			 started;
	pcre2_match_data	*md;
	struct pf_book		 book;
	struct pf_fact		*facts;		/* of the line being read */
	size_t			 nfacts;
	size_t			 capfacts;
};

static int
pf_compile(struct pf_conf *conf, char **cause)
{
	char		*pattern, *at;
	PCRE2_SIZE	 off;
	int		 err, i;

	for (i = 0; i < RE_N; i++) {
		pattern = xstrdup(pf_patterns[i]);
		if ((at = strstr(pattern, "NAME")) != NULL) {
			*at = '\0';
			at = xasprintf("%s%s%s", pattern, conf->name, at + 4);
			free(pattern);
			pattern = at;
		}
		conf->re[i] = pcre2_compile((PCRE2_SPTR)pattern,
		    PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		free(pattern);
		if (conf->re[i] == NULL) {
			*cause = xasprintf("syslog_name \"%s\" makes a bad "
			    "pattern", conf->name);
			return -1;
		}
		pcre2_jit_compile(conf->re[i], PCRE2_JIT_COMPLETE);
	}
	return 0;
}

static int
pf_configure(struct source *src, struct ini_section *sec, char **cause)
{
	struct pf_conf		*conf;
	struct ini_entry	*e;
	char			*why;

	conf = xcalloc(1, sizeof *conf);
	src->priv = conf;
	if (mail_configure(&conf->mail, sec, cause) == -1)
		return -1;
	e = ini_entry(sec, "syslog_name");
	conf->name = xstrdup(e != NULL ? e->value : "postfix");
	conf->plain = conf->name[strspn(conf->name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")] == '\0';
	if (source_key_year(sec, &conf->year, cause) == -1)
		return -1;
	if (pf_compile(conf, &why) == -1) {
		*cause = xasprintf("%d: %s", sec->line, why);
		free(why);
		return -1;
	}
	return 0;
}

static void
pf_free(struct source *src)
{
	struct pf_conf	*conf = src->priv;
	size_t		 i;

	for (i = 0; i < RE_N; i++)
		pcre2_code_free(conf->re[i]);
	mail_conf_free(&conf->mail);
	free(conf->name);
	hashmap_free(&conf->book.deferred, NULL);
	hashmap_free(&conf->byqid, NULL);
	free(conf);
}

static void
pf_describe(const struct source *src, FILE *f)
{
	const struct pf_conf	*conf = src->priv;

	mail_describe(&conf->mail, f);
	fprintf(f, "syslog_name = %s\n", conf->name);
	if (conf->year != 0)
		fprintf(f, "year = %d\n", conf->year);
}

static void
pf_summary(const struct source *src, FILE *f)
{
	const struct pf_conf	*conf = src->priv;
	const struct pf_book	*b = &conf->book;

	fprintf(f, "respstat: %s: postfix: %llu received, %llu delivered, "
	    "%llu forwarded, %llu deferred, %llu bounced, %llu rejected\n",
	    src->name, (unsigned long long)b->totals[PF_RECEIVED],
	    (unsigned long long)b->totals[PF_DELIVERED],
	    (unsigned long long)b->totals[PF_FORWARDED],
	    (unsigned long long)b->totals[PF_DEFERRED_MSGS],
	    (unsigned long long)b->totals[PF_BOUNCED_MSGS],
	    (unsigned long long)b->totals[PF_REJECTED]);
	if (conf->box.unfinished > 0)
		fprintf(f, "respstat: %s: postfix: %llu messages unfinished "
		    "after 5 days\n", src->name,
		    (unsigned long long)conf->box.unfinished);
}

static void *
pf_open(const struct source *src)
{
	struct pf_state	*st;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->conf = src->priv;
	st->md = pcre2_match_data_create(16, NULL);
	hashmap_init(&st->book.deferred);
	return st;
}

/* Match one of pflogsumm's patterns; the ovector is in st->md. */
static int
pf_match(struct pf_state *st, enum pf_re re, const char *s, size_t len)
{
	return pcre2_match(st->conf->re[re], (PCRE2_SPTR)s, len, 0, 0, st->md,
	    NULL) > 0;
}

static const char *
pf_group(struct pf_state *st, const char *s, int n, size_t *len)
{
	PCRE2_SIZE	*ov = pcre2_get_ovector_pointer(st->md);

	if (ov[2 * n] == PCRE2_UNSET) {
		*len = 0;
		return s;
	}
	*len = ov[2 * n + 1] - ov[2 * n];
	return s + ov[2 * n];
}

/*
 * memmem for the short needles and lines here: glibc's two-way search
 * sets up more than it saves.  A memchr for the first byte, then memcmp.
 */
static const char *
pf_find(const char *s, size_t len, const char *what, size_t wlen)
{
	const char	*p = s, *end = s + len;

	if (wlen == 0)
		return s;
	while (end - p >= (ptrdiff_t)wlen &&
	    (p = memchr(p, what[0], (size_t)(end - p) - wlen + 1)) != NULL) {
		if (memcmp(p + 1, what + 1, wlen - 1) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int
pf_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

static int
pf_contains(const char *s, size_t len, const char *what)
{
	return pf_find(s, len, what, strlen(what)) != NULL;
}

static int
pf_digits(const char *p, const char *end, size_t n)
{
	for (; n > 0; n--, p++)
		if (p >= end || (unsigned)(*p - '0') > 9)
			return 0;
	return 1;
}

/* PCRE2's \s, whatever the locale says. */
static int
pf_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/*
 * What RE_TRADITIONAL's group 6 would be, found without the regex on the
 * lines it matches, or NULL (the regex then decides): three bytes, one or
 * two spaces, a day, hh:mm:ss, the host, and the rest.
 */
static const char *
pf_traditional_rest(const char *s, size_t len, size_t *rlen)
{
	const char	*p = s + 3, *end = s + len;

	if (len < 3 || memchr(s, '\n', len) != NULL)
		return NULL;
	if (p < end && *p == ' ')
		p++;
	if (p < end && *p == ' ' && p - s == 4)
		p++;
	if (p == s + 3 || !pf_digits(p, end, 1))
		return NULL;
	p += pf_digits(p, end, 2) ? 2 : 1;
	if (p + 10 > end || *p != ' ' || !pf_digits(p + 1, end, 2) ||
	    p[3] != ':' || !pf_digits(p + 4, end, 2) || p[6] != ':' ||
	    !pf_digits(p + 7, end, 2) || p[9] != ' ')
		return NULL;
	p += 10;
	if (p >= end || pf_space(*p))
		return NULL;
	while (p < end && !pf_space(*p))
		p++;
	if (p + 2 > end || *p != ' ')
		return NULL;
	*rlen = (size_t)(end - p - 1);
	return p + 1;
}

static int
pf_starts(const char *p, const char *end, const char *word)
{
	size_t	n = strlen(word);

	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/*
 * RE_CMD's groups, found without the regex where its name is plain and
 * the line plainly NAME/cmd...: qid; 0 if the regex must decide.  cmd
 * runs to a [ or :, then the first ": " before a character that is not
 * : or space starts qid (no : is in cmd, so no shorter cmd does better).
 */
static int
pf_cmd_plain(const struct pf_conf *conf, const char *r, size_t rlen,
    const char **cmd, size_t *cmdlen, const char **qid, size_t *qidlen)
{
	const char	*p, *q, *end = r + rlen;
	size_t		 n = strlen(conf->name);

	if (!conf->plain || rlen <= n || memcmp(r, conf->name, n) != 0 ||
	    r[n] != '/' || memchr(r, '\n', rlen) != NULL)
		return 0;
	p = r + n + 1;
	if (pf_starts(p, end, "smtps/") || pf_starts(p, end, "submission/"))
		return 0;
	for (*cmd = p; p < end && *p != '[' && *p != ':'; p++)
		;
	*cmdlen = (size_t)(p - *cmd);
	for (q = p; (q = pf_find(q, (size_t)(end - q), ": ", 2)) != NULL;
	    q++) {
		if (q + 2 >= end || q[2] == ':' || pf_space(q[2]))
			continue;
		for (*qid = p = q + 2; p < end && *p != ':' && !pf_space(*p);
		    p++)
			;
		*qidlen = (size_t)(p - *qid);
		return 1;
	}
	return 0;
}

/* RE_FROM's verdict, exactly: a "from=<" whose first > is followed by
 * ", size=" and a digit. */
static int
pf_from(const char *r, size_t rlen)
{
	const char	*q, *gt, *end = r + rlen;

	for (q = r; (q = pf_find(q, (size_t)(end - q), "from=<", 6)) != NULL;
	    q++) {
		if ((gt = memchr(q + 6, '>', (size_t)(end - q - 6))) == NULL)
			return 0;
		if (pf_starts(gt + 1, end, ", size=") &&
		    pf_digits(gt + 8, end, 1))
			return 1;
	}
	return 0;
}

static int
pf_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * RE_CLIENT's verdict: 1 or 0, or -1 where a line end is in the line
 * (the regex decides).  Each ": client=" is checked for "[digits]: "
 * and a word before it (each run taken whole: none holds [, ] or :),
 * and at least one character after it.
 */
static int
pf_client(const char *r, size_t rlen)
{
	const char	*q, *w, *d, *end = r + rlen;

	if (memchr(r, '\n', rlen) != NULL)
		return -1;
	for (q = r; (q = pf_find(q, (size_t)(end - q), ": client=", 9)) !=
	    NULL; q++) {
		for (w = q; w > r && pf_word(w[-1]); w--)
			;
		if (w == q || w - r < 3 || memcmp(w - 3, "]: ", 3) != 0)
			continue;
		for (d = w - 3; d > r && (unsigned)(d[-1] - '0') <= 9; d--)
			;
		if (d == w - 3 || d == r || d[-1] != '[')
			continue;
		if (q + 9 < end)
			return 1;
	}
	return 0;
}

/* The counts as pflogsumm's main loop makes them, line by line. */
static void
pf_count(struct pf_state *st, const char *line, size_t linelen)
{
	struct pf_book	*b = &st->book;
	const char	*r, *cmd, *qid, *v;
	size_t		 rlen, cmdlen, qidlen, vlen;
	void		**seen;
	int		 added, client;

	/* Without the syslog name no pattern below can match: skip early. */
	if (pf_find(line, linelen, st->conf->name, strlen(st->conf->name)) ==
	    NULL)
		return;
	if ((r = pf_traditional_rest(line, linelen, &rlen)) != NULL)
		;
	else if (pf_match(st, RE_TRADITIONAL, line, linelen))
		r = pf_group(st, line, 6, &rlen);
	else if (pf_match(st, RE_RFC3339, line, linelen))
		r = pf_group(st, line, 7, &rlen);
	else
		return;
	if (!pf_cmd_plain(st->conf, r, rlen, &cmd, &cmdlen, &qid, &qidlen)) {
		if (!pf_match(st, RE_CMD, r, rlen) &&
		    !pf_match(st, RE_CMD_SCRIPT, r, rlen))
			return;
		cmd = pf_group(st, r, 1, &cmdlen);
		qid = pf_group(st, r, 2, &qidlen);
	}
	/* Each pattern below needs the words checked before it. */
	if (pf_is(cmd, cmdlen, "cleanup") && (pf_contains(r, rlen,
	    ": header ") || pf_contains(r, rlen, ": body ") ||
	    pf_contains(r, rlen, ": END-OF-MESSAGE ")) &&
	    pf_match(st, RE_CLEANUP, r, rlen)) {
		v = pf_group(st, r, 1, &vlen);
		if (pf_is(v, vlen, "reject") || pf_is(v, vlen, "milter-reject"))
			b->totals[PF_REJECTED]++;
		return;
	}
	if (pf_is(qid, qidlen, "reject")) {
		b->totals[PF_REJECTED]++;
		return;
	}
	if (pf_is(qid, qidlen, "warning") || pf_is(qid, qidlen, "fatal") ||
	    pf_is(qid, qidlen, "panic") || pf_is(qid, qidlen,
	    "reject_warning") || pf_is(qid, qidlen, "hold") || pf_is(qid,
	    qidlen, "discard") || pf_is(cmd, cmdlen, "master"))
		return;
	if (pf_is(cmd, cmdlen, "smtpd") || pf_is(cmd, cmdlen, "postscreen")) {
		if ((client = pf_client(r, rlen)) == 1 || (client == -1 &&
		    pf_match(st, RE_CLIENT, r, rlen)))
			b->totals[PF_RECEIVED]++;
		else if (pf_match(st, RE_SMTPD_REJECT, r, rlen)) {
			v = pf_group(st, r, 1, &vlen);
			if (pf_is(v, vlen, "reject"))
				b->totals[PF_REJECTED]++;
		}
		return;
	}
	if (pf_from(r, rlen))
		return;
	if (pf_contains(r, rlen, "status=") && pf_match(st, RE_TO, r, rlen)) {
		v = pf_group(st, r, 4, &vlen);
		if (pf_is(v, vlen, "sent")) {
			v = pf_group(st, r, 5, &vlen);
			b->totals[pf_contains(v, vlen, "forwarded as ") ?
			    PF_FORWARDED : PF_DELIVERED]++;
		} else if (pf_is(v, vlen, "deferred")) {
			seen = hashmap_slot(&b->deferred, qid, qidlen, &added);
			if (added)
				b->totals[PF_DEFERRED_MSGS]++;
			(void)seen;
		} else if (pf_is(v, vlen, "bounced"))
			b->totals[PF_BOUNCED_MSGS]++;
		return;
	}
	if (pf_is(cmd, cmdlen, "pickup") && pf_match(st, RE_PICKUP, r, rlen))
		b->totals[PF_RECEIVED]++;
}

/* The <value> after key= in s, or key=value up to a comma. */
static const char *
pf_value(const char *s, size_t len, const char *key, size_t *vlen)
{
	size_t		 klen = strlen(key);
	const char	*v, *at, *p = s, *end = s + len;

	while ((at = pf_find(p, (size_t)(end - p), key, klen)) != NULL) {
		p = at + 1;
		if (at > s && at[-1] != ' ')
			continue;
		v = at + klen;
		if (v < end && *v == '<') {
			v++;
			for (*vlen = 0; v + *vlen < end && v[*vlen] != '>';
			    (*vlen)++)
				;
		} else
			for (*vlen = 0; v + *vlen < end && v[*vlen] != ',' &&
			    v[*vlen] != ' '; (*vlen)++)
				;
		return v;
	}
	return NULL;
}

/* A queue id: 5 or more letters and digits, not a lowercase word. */
static int
pf_qid(const char *s, size_t len, size_t *qlen)
{
	size_t	n = 0;
	int	lower = 1;

	while (n < len && isalnum((unsigned char)s[n])) {
		if (!islower((unsigned char)s[n]))
			lower = 0;
		n++;
	}
	if (n < 5 || n + 1 >= len || s[n] != ':' || s[n + 1] != ' ' || lower ||
	    (n == 7 && memcmp(s, "NOQUEUE", 7) == 0))
		return 0;
	*qlen = n;
	return 1;
}

/* A delivery to a content filter on this host is a hop. */
static int
pf_loopback(const char *s, size_t len)
{
	const char	*relay;
	size_t		 rlen;

	if ((relay = pf_value(s, len, "relay=", &rlen)) == NULL)
		return 0;
	return (rlen >= 4 && memcmp(relay, "127.", 4) == 0) || (rlen >= 9 &&
	    memcmp(relay, "localhost", 9) == 0) || (rlen >= 3 &&
	    memcmp(relay, "::1", 3) == 0) || (rlen >= 5 &&
	    memcmp(relay, "[::1]", 5) == 0);
}

static void
pf_fact(struct pf_state *st, const struct pf_fact *f)
{
	if (st->nfacts == st->capfacts) {
		st->capfacts = st->capfacts * 2 + 4;
		st->facts = xreallocarray(st->facts, st->capfacts,
		    sizeof *st->facts);
	}
	st->facts[st->nfacts++] = *f;
}

/* The message-ids named by an In-Reply-To or References header line. */
static int
pf_refs(struct pf_state *st, struct pf_fact *f, const char *m, size_t mlen)
{
	const char	*p, *end, *lt, *gt;
	int		 n = 0;

	if ((p = pf_find(m, mlen, "header In-Reply-To: ", 20)) == NULL &&
	    (p = pf_find(m, mlen, "header References: ", 19)) == NULL)
		return 0;
	p += 7;
	end = m + mlen;
	if ((lt = pf_find(p, (size_t)(end - p), "; from=", 7)) != NULL)
		end = lt;
	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL &&
	    (gt = memchr(lt, '>', (size_t)(end - lt))) != NULL) {
		f->kind = PF_REF;
		f->value = refstr_get(lt + 1, (size_t)(gt - lt - 1));
		pf_fact(st, f);
		n++;
		p = gt + 1;
	}
	return n;
}

/* What one line of a message says, as facts; 0 if it says nothing. */
static int
pf_facts(struct pf_state *st, struct pf_fact *f, const char *m, size_t mlen)
{
	const char	*v;
	size_t		 vlen;

	if (mlen >= 7 && memcmp(m, "client=", 7) == 0)
		f->kind = PF_START;
	else if ((mlen >= 4 && memcmp(m, "uid=", 4) == 0) || (mlen >= 7 &&
	    memcmp(m, "sender=", 7) == 0))
		f->kind = PF_START;
	else if (mlen >= 11 && memcmp(m, "message-id=", 11) == 0 &&
	    (v = pf_value(m, mlen, "message-id=", &vlen)) != NULL) {
		f->kind = PF_MSGID;
		f->value = refstr_get(v, vlen);
	} else if (pf_refs(st, f, m, mlen) > 0)
		return 1;
	else if ((v = pf_value(m, mlen, "from=", &vlen)) != NULL &&
	    pf_contains(m, mlen, "size=")) {
		f->kind = PF_FROM;
		f->value = source_intern_lower(v, vlen);
	} else if ((v = pf_value(m, mlen, "to=", &vlen)) != NULL &&
	    pf_contains(m, mlen, "status=")) {
		f->kind = PF_TO;
		f->value = source_intern_lower(v, vlen);
		f->status = pf_contains(m, mlen, "status=sent") ? PF_SENT :
		    pf_contains(m, mlen, "status=deferred") ? PF_DEFERRED :
		    pf_contains(m, mlen, "status=bounced") ? PF_BOUNCED :
		    PF_OTHER;
		f->hop = pf_loopback(m, mlen);
	} else if (mlen >= 7 && memcmp(m, "removed", 7) == 0)
		f->kind = PF_REMOVED;
	else
		return 0;
	pf_fact(st, f);
	return 1;
}

static int
pf_postfix_tag(const struct pf_conf *conf, const struct syslog_line *l)
{
	size_t	n = strlen(conf->name);

	return l->taglen > n && memcmp(l->tag, conf->name, n) == 0 &&
	    (l->tag[n] == '/' || l->tag[n] == '-');
}

static void
pf_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct pf_state		*st = arg;
	struct pf_conf		*conf = st->conf;
	struct syslog_line	 l;
	struct pf_fact		 f;
	struct record_id	 id;
	size_t			 qlen, i;

	if (!st->started) {
		syslog_year_init(&st->year, conf->year, source_env(ctx));
		st->started = 1;
	}
	if (len == 0) {
		source_ignore(ctx, 1);
		return;
	}
	pf_count(st, s, len);
	if (syslog_parse(s, len, &st->year, st->src->tz, &l) == -1) {
		source_reject(ctx, lineno, 1, REJECT_BAD_TIME, s, len,
		    "not a syslog line with a valid timestamp");
		return;
	}
	if (!pf_postfix_tag(conf, &l) || !pf_qid(l.msg, l.msglen, &qlen)) {
		source_ignore(ctx, 1);
		return;
	}
	memset(&f, 0, sizeof f);
	f.t = l.t;
	st->nfacts = 0;
	if (!pf_facts(st, &f, l.msg + qlen + 2, l.msglen - qlen - 2)) {
		source_ignore(ctx, 1);
		return;
	}
	id = source_record(ctx, lineno, 1, s, len);
	for (i = 0; i < st->nfacts; i++) {
		st->facts[i].qid = refstr_get(l.msg, qlen);
		source_emit_part(ctx, &id, l.t, xmemdup(&st->facts[i],
		    sizeof st->facts[i]));
	}
}

/*
 * A file's book into the source's, under its lock; pflogsumm's deferred
 * count is of distinct queue ids over every file.
 */
static void
pf_book_merge(struct pf_conf *conf, struct pf_book *fb,
    const struct source *src)
{
	struct pf_book		*b = &conf->book;
	struct hashmap_slot	*s;
	size_t			 i;
	int			 added, k;

	pthread_mutex_lock((pthread_mutex_t *)&src->lock);
	if (b->deferred.slots == NULL)
		hashmap_init(&b->deferred);
	for (k = 0; k < PF_NTOTALS; k++)
		if (k != PF_DEFERRED_MSGS)
			b->totals[k] += fb->totals[k];
	for (i = 0; hashmap_next(&fb->deferred, &i, &s);) {
		hashmap_slot(&b->deferred, s->key, s->keylen, &added);
		b->totals[PF_DEFERRED_MSGS] += added;
	}
	pthread_mutex_unlock((pthread_mutex_t *)&src->lock);
	hashmap_free(&fb->deferred, NULL);
}

static void
pf_close(void *arg, struct source_ctx *ctx)
{
	struct pf_state	*st = arg;

	syslog_year_warn(&st->year, ctx);
	pf_book_merge(st->conf, &st->book, st->src);
	pcre2_match_data_free(st->md);
	free(st->facts);
	free(st);
}

/* A message of one queue id; re-injected copies are merged by mail.c. */
struct pf_msg {
	struct mail_msg	 m;
	const char	*qid;		/* counted */
};

static size_t
pf_strings(void *part, const char **v[SOURCE_STRINGS])
{
	struct pf_fact	*f = part;
	size_t		 n = 0;

	v[n++] = &f->qid;
	if (f->kind == PF_MSGID || f->kind == PF_REF)
		v[n++] = &f->value;
	return n;
}

static void
pf_drop(void *part)
{
	const char	**v[SOURCE_STRINGS];
	size_t		  i, n = pf_strings(part, v);

	for (i = 0; i < n; i++)
		refstr_unref(*v[i]);
	free(part);
}

/* A message gone from the box: its queue id may name the next one. */
static void
pf_forget(struct mail_box *box, struct mail_msg *m)
{
	struct pf_conf	*conf = box->arg;
	struct pf_msg	*pm = (struct pf_msg *)m;

	if (hashmap_get(&conf->byqid, &pm->qid, sizeof pm->qid) == pm)
		hashmap_remove(&conf->byqid, &pm->qid, sizeof pm->qid);
	refstr_unref(pm->qid);
	mail_msg_clear(m);
	free(pm);
}

/* The fact's counted message-id goes to the message. */
static void
pf_apply(struct pf_conf *conf, struct pf_msg *pm, struct pf_fact *f)
{
	struct mail_msg	*m = &pm->m;

	m->last = f->t;
	switch (f->kind) {
	case PF_START:
		break;
	case PF_REMOVED:
		m->done = 1;
		m->done_at = f->t;
		break;
	case PF_MSGID:
		mail_msgid(&conf->box, m, f->value);
		f->value = NULL;
		break;
	case PF_REF:
		mail_push_ref(&m->refs, &m->nrefs, f->value);
		break;
	case PF_FROM:
		if (m->sender == NULL)
			m->sender = f->value;
		break;
	case PF_TO:
		m->tried = 1;
		if (f->status == PF_SENT && !f->hop)
			mail_push(&m->to, &m->nto, f->value);
		break;
	}
}

/*
 * The parts of every file in time order: a queue id's facts make its
 * message; a queue id reused after its message was removed makes a new
 * one.
 */
static void
pf_assemble(const struct source *src, struct source_ctx *ctx,
    struct origin origin, void *part)
{
	struct pf_conf	 *conf = src->priv;
	struct pf_fact	 *f = part;
	struct pf_msg	**slot, *pm;

	if (conf->box.forget == NULL) {
		conf->box.forget = pf_forget;
		conf->box.arg = conf;
		conf->box.idle = PF_UNFINISHED;
		conf->box.count_unfinished = 1;
		conf->box.front = INT64_MIN;
		hashmap_init(&conf->byqid);
	}
	if (f->t > conf->box.front)
		conf->box.front = f->t;
	slot = (struct pf_msg **)hashmap_slot(&conf->byqid, &f->qid,
	    sizeof f->qid, NULL);
	if (*slot == NULL || (f->kind == PF_START && (*slot)->m.done)) {
		pm = xcalloc(1, sizeof *pm);
		pm->m.t = f->t;
		pm->m.origin = origin;
		pm->qid = refstr_ref(f->qid);
		mail_add(&conf->box, &pm->m);
		*slot = pm;
	}
	pf_apply(conf, *slot, f);
	pf_drop(f);
	mail_release(&conf->box, &conf->mail, ctx, src, 0);
}

static int64_t
pf_horizon(const struct source *src)
{
	return mail_horizon(&((const struct pf_conf *)src->priv)->box);
}

/* After the last part: every message left goes. */
static void
pf_finish(const struct source *src, struct source_ctx *ctx)
{
	struct pf_conf	*conf = src->priv;

	if (conf->box.forget == NULL)
		return;
	mail_release(&conf->box, &conf->mail, ctx, src, 1);
	hashmap_free(&conf->byqid, NULL);
	conf->box.forget = NULL;
}

const struct source_ops source_postfix_ops = {
	.format = "postfix",
	.channel = "email",
	.configure = pf_configure,
	.open = pf_open,
	.line = pf_line,
	.close = pf_close,
	.describe = pf_describe,
	.free = pf_free,
	.assemble = pf_assemble,
	.drop = pf_drop,
	.strings = pf_strings,
	.horizon = pf_horizon,
	.finish = pf_finish,
	.summary = pf_summary,
};
