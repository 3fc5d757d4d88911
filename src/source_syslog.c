/*
 * syslog: generic syslog lines turned into events by the configured
 * rules, `rule = KIND REGEX` (PCRE2, JIT-compiled), tried in order against
 * the whole line; the first that matches wins.  Named groups: thread
 * (required), agent, department, customer, priority, and time (read with
 * time_format; default: the line's own timestamp).  A line that no rule
 * matches is ignored: the log is shared with other programs.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "intern.h"
#include "refstr.h"
#include "source.h"
#include "syslog.h"
#include "xmalloc.h"

enum syslog_group {
	SG_THREAD, SG_AGENT, SG_DEPARTMENT, SG_CUSTOMER, SG_PRIORITY, SG_TIME,
	SG_N
};

static const char *syslog_groups[SG_N] = {
	"thread", "agent", "department", "customer", "priority", "time"
};

struct syslog_rule {
	enum event_kind		 kind;
	char			*text;
	pcre2_code		*re;
	int			 group[SG_N];	/* -1: none */
};

struct syslog_conf {
	struct syslog_rule	*rules;
	size_t			 nrules;
	int			 year;
	enum timestamp_format	 tformat;
	char			*pattern;
};

struct syslog_state {
	const struct source	*src;
	const struct syslog_conf *conf;
	struct syslog_year	 year;
	int			 started;
	pcre2_match_data	*md;
};

static int
syslog_kind(const char *s, size_t len, enum event_kind *kind)
{
	if (len == 7 && strncmp(s, "request", 7) == 0)
		*kind = EVENT_REQUEST;
	else if (len == 8 && strncmp(s, "response", 8) == 0)
		*kind = EVENT_RESPONSE;
	else if (len == 7 && strncmp(s, "abandon", 7) == 0)
		*kind = EVENT_ABANDON;
	else
		return -1;
	return 0;
}

static int
syslog_rule(struct syslog_conf *conf, const char *value, char **cause)
{
	struct syslog_rule	*r;
	const char		*sp = strchr(value, ' ');
	PCRE2_UCHAR		 msg[256];
	PCRE2_SIZE		 off;
	int			 err, i;

	conf->rules = xreallocarray(conf->rules, conf->nrules + 1,
	    sizeof *conf->rules);
	r = &conf->rules[conf->nrules];
	memset(r, 0, sizeof *r);
	if (sp == NULL || syslog_kind(value, (size_t)(sp - value),
	    &r->kind) == -1) {
		*cause = xasprintf("rule must be request, response or abandon "
		    "then a regex");
		return -1;
	}
	while (*sp == ' ')
		sp++;
	r->text = xstrdup(sp);
	if ((r->re = pcre2_compile((PCRE2_SPTR)sp, PCRE2_ZERO_TERMINATED, 0,
	    &err, &off, NULL)) == NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("regex \"%s\" at offset %zu: %s", sp,
		    (size_t)off, (char *)msg);
		free(r->text);
		return -1;
	}
	conf->nrules++;
	pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);
	for (i = 0; i < SG_N; i++)
		r->group[i] = pcre2_substring_number_from_name(r->re,
		    (PCRE2_SPTR)syslog_groups[i]);
	if (r->group[SG_THREAD] < 0) {
		*cause = xasprintf("regex \"%s\" has no (?<thread>...) group",
		    sp);
		return -1;
	}
	return 0;
}

static int
syslog_configure(struct source *src, struct ini_section *sec, char **cause)
{
	struct syslog_conf	*conf;
	struct ini_entry	*e;
	char			*why;

	conf = xcalloc(1, sizeof *conf);
	src->priv = conf;
	for (e = NULL; (e = ini_next(sec, "rule", e)) != NULL;) {
		if (syslog_rule(conf, e->value, &why) == -1) {
			*cause = xasprintf("%d: %s", e->line, why);
			free(why);
			return -1;
		}
	}
	if (conf->nrules == 0) {
		*cause = xasprintf("%d: [source %s] needs at least one rule =",
		    sec->line, src->name);
		return -1;
	}
	if (source_key_year(sec, &conf->year, cause) == -1 ||
	    source_key_time_format(sec, &conf->tformat, &conf->pattern,
	    cause) == -1)
		return -1;
	return 0;
}

static void
syslog_free(struct source *src)
{
	struct syslog_conf	*conf = src->priv;
	size_t			 i;

	for (i = 0; i < conf->nrules; i++) {
		pcre2_code_free(conf->rules[i].re);
		free(conf->rules[i].text);
	}
	free(conf->rules);
	free(conf->pattern);
	free(conf);
}

static void
syslog_describe(const struct source *src, FILE *f)
{
	static const char		*kinds[] = { "request", "abandon",
					    "response" };
	const struct syslog_conf	*conf = src->priv;
	size_t				 i;

	if (conf->year != 0)
		fprintf(f, "year = %d\n", conf->year);
	for (i = 0; i < conf->nrules; i++)
		fprintf(f, "rule = %s %s\n", kinds[conf->rules[i].kind],
		    conf->rules[i].text);
}

static void *
syslog_open(const struct source *src)
{
	struct syslog_state	*st;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->conf = src->priv;
	st->md = pcre2_match_data_create(SG_N * 2 + 32, NULL);
	return st;
}

static const char *
syslog_group(const struct syslog_rule *r, pcre2_match_data *md,
    const char *s, enum syslog_group g, size_t *len)
{
	PCRE2_SIZE	*ov = pcre2_get_ovector_pointer(md);
	int		 n = r->group[g];

	if (n < 0 || (uint32_t)n >= pcre2_get_ovector_count(md) ||
	    ov[2 * n] == PCRE2_UNSET)
		return NULL;
	*len = ov[2 * n + 1] - ov[2 * n];
	return *len > 0 ? s + ov[2 * n] : NULL;
}

static const char *
syslog_intern(const struct syslog_rule *r, pcre2_match_data *md,
    const char *s, enum syslog_group g)
{
	const char	*v;
	size_t		 len;

	if ((v = syslog_group(r, md, s, g, &len)) == NULL)
		return NULL;
	if (g == SG_PRIORITY)
		return source_intern_lower(v, len);
	/* As many threads and customers as requests: counted strings. */
	if (g == SG_THREAD || g == SG_CUSTOMER)
		return refstr_get(v, len);
	return intern(v, len);
}

static void
syslog_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct syslog_state		*st = arg;
	const struct syslog_conf	*conf = st->conf;
	const struct syslog_rule	*r = NULL;
	struct syslog_line		 l;
	struct event			 ev;
	const char			*tv;
	size_t				 i, tlen;

	if (!st->started) {
		syslog_year_init(&st->year, conf->year, source_env(ctx));
		st->started = 1;
	}
	if (len == 0) {
		source_ignore(ctx, 1);
		return;
	}
	for (i = 0; i < conf->nrules && r == NULL; i++)
		if (pcre2_match(conf->rules[i].re, (PCRE2_SPTR)s, len, 0, 0,
		    st->md, NULL) >= 0)
			r = &conf->rules[i];
	if (r == NULL) {
		source_ignore(ctx, 1);
		return;
	}
	if (syslog_parse(s, len, &st->year, st->src->tz, &l) == -1) {
		source_reject(ctx, lineno, 1, REJECT_BAD_TIME, s, len,
		    "not a syslog line with a valid timestamp");
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.kind = r->kind;
	ev.time = l.t;
	if ((tv = syslog_group(r, st->md, s, SG_TIME, &tlen)) != NULL &&
	    timestamp_parse(conf->tformat, conf->pattern, tv, tlen,
	    st->src->tz, &ev.time) == -1) {
		source_reject(ctx, lineno, 1, REJECT_BAD_TIME, s, len,
		    "bad timestamp \"%.*s\" in the time group", (int)(tlen > 64 ?
		    64 : tlen), tv);
		return;
	}
	ev.channel = st->src->channel;
	ev.thread = syslog_intern(r, st->md, s, SG_THREAD);
	ev.agent = syslog_intern(r, st->md, s, SG_AGENT);
	ev.department = syslog_intern(r, st->md, s, SG_DEPARTMENT);
	ev.customer = syslog_intern(r, st->md, s, SG_CUSTOMER);
	ev.priority = syslog_intern(r, st->md, s, SG_PRIORITY);
	if (ev.thread == NULL)
		source_reject(ctx, lineno, 1, REJECT_MISSING_THREAD, s, len,
		    "the rule matched an empty thread");
	else {
		source_record(ctx, lineno, 1, s, len);
		source_emit(ctx, &ev);
	}
	event_release(&ev);
}

static void
syslog_close(void *arg, struct source_ctx *ctx)
{
	struct syslog_state	*st = arg;

	syslog_year_warn(&st->year, ctx);
	pcre2_match_data_free(st->md);
	free(st);
}

const struct source_ops source_syslog_ops = {
	.format = "syslog",
	.channel = NULL,
	.configure = syslog_configure,
	.open = syslog_open,
	.line = syslog_line,
	.close = syslog_close,
	.describe = syslog_describe,
	.free = syslog_free,
};
