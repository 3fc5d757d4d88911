/*
 * asterisk-cdr: cdr-csv Master.csv (no header; accountcode, src, dst,
 * dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer,
 * end, duration, billsec, disposition, amaflags[, uniqueid, userfield
 * [, peeraccount, linkedid, sequence]]), or another order by `columns =`.
 *
 * Rows whose dcontext is inbound are grouped into calls (same linkedid,
 * else same uniqueid prefix, else same src; a row joins a group whose
 * earliest start is within 2 s of its own): a call is one request at its
 * earliest start, answered at the answer time of an ANSWERED row by the
 * agent of its dstchannel, else abandoned at its rows' latest end, its
 * NO ANSWER rows on agent channels being missed rings.  An ANSWERED row
 * from an agent channel that is not inbound is an outbound call: it
 * answers a callback to the number dialled.  Rows are written at hangup,
 * out of order: a call's group stays open until the rows read reach half
 * the reorder window past its start (calls longer than that are split),
 * then it becomes events.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "callback.h"
#include "csvrow.h"
#include "hashmap.h"
#include "ini.h"
#include "intern.h"
#include "refstr.h"
#include "source.h"
#include "xmalloc.h"

#define CDR_GROUP_WINDOW	(2 * 1000000LL)

enum cdr_col {
	CDR_SRC, CDR_DST, CDR_DCONTEXT, CDR_CHANNEL, CDR_DSTCHANNEL,
	CDR_START, CDR_ANSWER, CDR_END, CDR_DISPOSITION, CDR_UNIQUEID,
	CDR_LINKEDID, CDR_DURATION, CDR_BILLSEC, CDR_DEPARTMENT, CDR_NCOLS
};

static const char *cdr_default_columns =
    "accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, "
    "lastdata, start, answer, end, duration, billsec, disposition, "
    "amaflags, uniqueid, userfield, peeraccount, linkedid, sequence";

struct cdr_globs {
	char	**v;
	size_t	  n;
};

struct cdr_conf {
	char			*columns;
	char			*department;
	int			 col[CDR_NCOLS];
	int			 header;
	struct cdr_globs	 inbound;
	struct cdr_globs	 agents;
	enum timestamp_format	 tformat;
	char			*pattern;
};

enum cdr_disposition {
	CDR_OTHER, CDR_ANSWERED, CDR_NOANSWER
};

struct cdr_row {
	int64_t			 start;
	int64_t			 answer;	/* -1: none */
	int64_t			 end;
	const char		*src;		/* counted (refstr.h) */
	const char		*dstchannel;
	const char		*department;
	const char		*uniqueid;	/* counted */
	enum cdr_disposition	 disposition;
	struct record_id	 record;
	uint64_t		 line;
};

/* The rows of one call, while more can come. */
struct cdr_group {
	int64_t			 first;		/* its earliest start */
	const char		*key;		/* counted */
	struct cdr_row		*rows;
	size_t			 nrows;
	struct cdr_group	*next;		/* in the order made */
};

struct cdr_state {
	const struct source	*src;
	const struct cdr_conf	*conf;
	struct csvrow		 row;
	int			 seen_header;
	struct cdr_group	*first;		/* the oldest open group */
	struct cdr_group	*last;
	struct hashmap		 open;		/* key -> its newest group */
	int64_t			 clock;		/* the latest end read */
	int64_t			 hold;		/* a group stays open this long */
};

static void
cdr_globs(struct cdr_globs *g, const char *value)
{
	char	*copy = xstrdup(value), *item, *next;
	size_t	 len;

	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		item += strspn(item, " \t");
		len = strlen(item);
		while (len > 0 && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			item[--len] = '\0';
		if (len == 0)
			continue;
		g->v = xreallocarray(g->v, g->n + 1, sizeof *g->v);
		g->v[g->n++] = xstrdup(item);
	}
	free(copy);
}

static int
cdr_match(const struct cdr_globs *g, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < g->n; i++)
		if (fnmatch(g->v[i], s, 0) == 0)
			return 1;
	return 0;
}

/*
 * Without answer and end columns (database exports with one calldate),
 * they are start + duration - billsec and start + duration.
 */
static int
cdr_optional(const struct cdr_conf *conf, int col)
{
	switch (col) {
	case CDR_LINKEDID:
	case CDR_UNIQUEID:
	case CDR_DURATION:
	case CDR_BILLSEC:
		return 1;
	case CDR_ANSWER:
	case CDR_END:
		return conf->col[CDR_DURATION] >= 0 &&
		    conf->col[CDR_BILLSEC] >= 0;
	}
	return 0;
}

/* Positions of the columns used, from the `columns =` list. */
static int
cdr_columns(struct cdr_conf *conf, char **cause)
{
	static const char	*names[CDR_NCOLS] = { "src", "dst", "dcontext",
				    "channel", "dstchannel", "start", "answer",
				    "end", "disposition", "uniqueid", "linkedid",
				    "duration", "billsec", NULL };
	char			*copy = xstrdup(conf->columns), *item, *next;
	int			 i, n;

	names[CDR_DEPARTMENT] = conf->department;
	for (i = 0; i < CDR_NCOLS; i++)
		conf->col[i] = -1;
	for (n = 0, item = copy; item != NULL; item = next, n++) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		item += strspn(item, " \t");
		item[strcspn(item, " \t")] = '\0';
		for (i = 0; i < CDR_NCOLS; i++)
			if (strcmp(item, names[i]) == 0 && conf->col[i] < 0)
				conf->col[i] = n;
	}
	free(copy);
	for (i = 0; i < CDR_NCOLS; i++) {
		if (conf->col[i] < 0 && !cdr_optional(conf, i)) {
			*cause = xasprintf("columns has no \"%s\"", names[i]);
			return -1;
		}
	}
	return 0;
}

static int
cdr_configure(struct source *src, struct ini_section *sec, char **cause)
{
	struct cdr_conf		*conf;
	struct ini_entry	*e, *in, *ag;
	char			*why;

	conf = xcalloc(1, sizeof *conf);
	src->priv = conf;
	e = ini_entry(sec, "columns");
	conf->columns = xstrdup(e != NULL ? e->value : cdr_default_columns);
	e = ini_entry(sec, "department");
	conf->department = xstrdup(e != NULL ? e->value : "dcontext");
	if (cdr_columns(conf, &why) == -1) {
		*cause = xasprintf("%d: %s", e != NULL ? e->line : sec->line,
		    why);
		free(why);
		return -1;
	}
	in = ini_entry(sec, "inbound_contexts");
	ag = ini_entry(sec, "agent_channels");
	if (in == NULL || ag == NULL) {
		*cause = xasprintf("%d: [source %s] needs inbound_contexts = "
		    "and agent_channels =", sec->line, src->name);
		return -1;
	}
	cdr_globs(&conf->inbound, in->value);
	cdr_globs(&conf->agents, ag->value);
	if (source_key_yesno(sec, "header", &conf->header, cause) == -1 ||
	    source_key_time_format(sec, &conf->tformat, &conf->pattern,
	    cause) == -1)
		return -1;
	return 0;
}

static void
cdr_globs_free(struct cdr_globs *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++)
		free(g->v[i]);
	free(g->v);
}

static void
cdr_free(struct source *src)
{
	struct cdr_conf	*conf = src->priv;

	free(conf->columns);
	free(conf->department);
	cdr_globs_free(&conf->inbound);
	cdr_globs_free(&conf->agents);
	free(conf->pattern);
	free(conf);
}

static void
cdr_describe_globs(FILE *f, const char *key, const struct cdr_globs *g)
{
	size_t	i;

	fprintf(f, "%s = ", key);
	for (i = 0; i < g->n; i++)
		fprintf(f, "%s%s", i > 0 ? ", " : "", g->v[i]);
	fputc('\n', f);
}

static void
cdr_describe(const struct source *src, FILE *f)
{
	const struct cdr_conf	*conf = src->priv;

	fprintf(f, "columns = %s\ndepartment = %s\nheader = %s\n",
	    conf->columns, conf->department, conf->header ? "yes" : "no");
	cdr_describe_globs(f, "inbound_contexts", &conf->inbound);
	cdr_describe_globs(f, "agent_channels", &conf->agents);
}

static void	cdr_record(void *, struct source_ctx *, const char *, size_t,
		    uint64_t, uint64_t);

static void *
cdr_open(const struct source *src)
{
	struct cdr_state	*st;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->conf = src->priv;
	csvrow_init(&st->row, ',', cdr_record, st);
	hashmap_init(&st->open);
	st->clock = INT64_MIN;
	st->hold = src->sort ? INT64_MAX : src->reorder_window / 2;
	return st;
}

/* A field as it is in the row; NULL when empty or the SQL NULL. */
static const char *
cdr_raw(struct cdr_state *st, enum cdr_col col, size_t *len)
{
	const char	*s;

	if (st->conf->col[col] < 0 || (s = csvrow_field(&st->row,
	    (size_t)st->conf->col[col], len)) == NULL || *len == 0 ||
	    (*len == 4 && memcmp(s, "NULL", 4) == 0))
		return NULL;
	return s;
}

/* A field whose values are few (channels, contexts), interned. */
static const char *
cdr_field(struct cdr_state *st, enum cdr_col col)
{
	const char	*s;
	size_t		 len;

	return (s = cdr_raw(st, col, &len)) != NULL ? intern(s, len) : NULL;
}

/* A field with a value per call (numbers, ids), counted. */
static const char *
cdr_counted(struct cdr_state *st, enum cdr_col col)
{
	const char	*s;
	size_t		 len;

	return (s = cdr_raw(st, col, &len)) != NULL ? refstr_get(s, len) :
	    NULL;
}

/* A field as a string in buf, cut to its size; NULL when empty. */
static const char *
cdr_text(struct cdr_state *st, enum cdr_col col, char *buf, size_t size)
{
	const char	*s;
	size_t		 len;

	if ((s = cdr_raw(st, col, &len)) == NULL)
		return NULL;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/* 0 parsed, 1 empty, -1 bad. */
static int
cdr_time(struct cdr_state *st, enum cdr_col col, int64_t *t)
{
	const char	*s;
	size_t		 len;

	if ((s = cdr_raw(st, col, &len)) == NULL)
		return 1;
	return timestamp_parse(st->conf->tformat, st->conf->pattern, s, len,
	    st->src->tz, t) == -1 ? -1 : 0;
}

/* Seconds in a column, as microseconds; -1 if absent or not a number. */
static int64_t
cdr_seconds(struct cdr_state *st, enum cdr_col col)
{
	char		 buf[32], *end;
	const char	*s = cdr_text(st, col, buf, sizeof buf);
	long long	 v;

	if (s == NULL)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 100000000)
		return -1;
	return v * 1000000;
}

static void
cdr_durations(struct cdr_state *st, struct cdr_row *r)
{
	int64_t	duration, billsec;

	if (st->conf->col[CDR_ANSWER] >= 0 && st->conf->col[CDR_END] >= 0)
		return;
	duration = cdr_seconds(st, CDR_DURATION);
	billsec = cdr_seconds(st, CDR_BILLSEC);
	if (duration < 0 || billsec < 0 || billsec > duration)
		return;
	r->end = r->start + duration;
	if (billsec > 0)
		r->answer = r->start + duration - billsec;
}

/* The group key (counted): linkedid, else the uniqueid's prefix, else src. */
static const char *
cdr_key(struct cdr_state *st, const char *uniqueid, const char *src)
{
	const char	*dot;
	char		 buf[256], linkedid[200];

	if (cdr_text(st, CDR_LINKEDID, linkedid, sizeof linkedid) != NULL)
		snprintf(buf, sizeof buf, "L%s", linkedid);
	else if (uniqueid != NULL) {
		dot = strchr(uniqueid, '.');
		snprintf(buf, sizeof buf, "U%.*s", dot != NULL ?
		    (int)(dot - uniqueid) : (int)strlen(uniqueid), uniqueid);
	} else
		snprintf(buf, sizeof buf, "S%s", src != NULL ? src : "");
	return refstr_get_str(buf);
}

static enum cdr_disposition
cdr_disposition(struct cdr_state *st)
{
	char		 buf[32];
	const char	*s = cdr_text(st, CDR_DISPOSITION, buf, sizeof buf);

	if (s == NULL)
		return CDR_OTHER;
	if (strcasecmp(s, "ANSWERED") == 0)
		return CDR_ANSWERED;
	if (strcasecmp(s, "NO ANSWER") == 0)
		return CDR_NOANSWER;
	return CDR_OTHER;
}

/* An outbound call answered from an agent: a callback's answer. */
static void
cdr_outbound(struct cdr_state *st, struct source_ctx *ctx, int64_t start)
{
	struct event	ev;
	char		 buf[256];
	const char	*dst = cdr_text(st, CDR_DST, buf, sizeof buf);

	memset(&ev, 0, sizeof ev);
	ev.kind = EVENT_RESPONSE;
	ev.time = start;
	ev.channel = intern_str(CALLBACK_CHANNEL);
	ev.thread = refstr_get_str(dst);
	ev.key = callback_key(dst);
	ev.shared = 1;
	ev.agent = cdr_field(st, CDR_CHANNEL);
	source_emit(ctx, &ev);
	event_release(&ev);
}

static int
cdr_row_compare(const void *va, const void *vb)
{
	const struct cdr_row	*a = va, *b = vb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* The events of one call: rows g[0..n), sorted by start. */
static void
cdr_call(struct cdr_state *st, struct source_ctx *ctx,
    const struct cdr_row *g, size_t n, const char *key)
{
	const struct cdr_row	*first = &g[0], *answered = NULL, *last = &g[0];
	struct event		 ev;
	size_t			 i;

	memset(&ev, 0, sizeof ev);
	ev.kind = EVENT_REQUEST;
	ev.time = first->start;
	ev.channel = st->src->channel;
	ev.thread = refstr_ref(first->uniqueid != NULL ? first->uniqueid :
	    key);
	ev.department = first->department;
	ev.customer = refstr_ref(first->src);
	source_emit_from(ctx, &first->record, &ev);
	for (i = 0; i < n; i++) {
		if (g[i].disposition == CDR_ANSWERED && (answered == NULL ||
		    g[i].answer < answered->answer))
			answered = &g[i];
		if (g[i].end > last->end)
			last = &g[i];
	}
	if (answered != NULL) {
		ev.kind = EVENT_RESPONSE;
		ev.time = answered->answer >= 0 ? answered->answer :
		    answered->start;
		ev.agent = answered->dstchannel;
		source_emit_from(ctx, &answered->record, &ev);
		event_release(&ev);
		return;
	}
	ev.kind = EVENT_ABANDON;
	ev.time = last->end;
	source_emit_from(ctx, &last->record, &ev);
	for (i = 0; i < n; i++) {
		if (g[i].disposition != CDR_NOANSWER ||
		    !cdr_match(&st->conf->agents, g[i].dstchannel))
			continue;
		ev.kind = EVENT_MISSED_RING;
		ev.time = first->start;
		ev.agent = g[i].dstchannel;
		source_emit_from(ctx, &g[i].record, &ev);
	}
	event_release(&ev);
}

/* A call's rows in order of start, into events; the group is freed. */
static void
cdr_group_emit(struct cdr_state *st, struct source_ctx *ctx,
    struct cdr_group *grp)
{
	size_t	i;

	if (grp->nrows > 1)
		qsort(grp->rows, grp->nrows, sizeof *grp->rows,
		    cdr_row_compare);
	cdr_call(st, ctx, grp->rows, grp->nrows, grp->key);
	for (i = 0; i < grp->nrows; i++) {
		refstr_unref(grp->rows[i].src);
		refstr_unref(grp->rows[i].uniqueid);
	}
	if (hashmap_get(&st->open, &grp->key, sizeof grp->key) == grp)
		hashmap_remove(&st->open, &grp->key, sizeof grp->key);
	refstr_unref(grp->key);
	free(grp->rows);
	free(grp);
}

/*
 * A row joins the newest group of its key whose earliest start is
 * within 2 s of its own, else makes a new one; the key's reference
 * goes to the group or is given back.
 */
static void
cdr_join(struct cdr_state *st, const struct cdr_row *r, const char *key)
{
	struct cdr_group	**slot, *grp;

	slot = (struct cdr_group **)hashmap_slot(&st->open, &key, sizeof key,
	    NULL);
	grp = *slot;
	if (grp != NULL && r->start - grp->first <= CDR_GROUP_WINDOW &&
	    grp->first - r->start <= CDR_GROUP_WINDOW) {
		refstr_unref(key);
		if (r->start < grp->first)
			grp->first = r->start;
	} else {
		grp = xcalloc(1, sizeof *grp);
		grp->first = r->start;
		grp->key = key;
		if (st->last != NULL)
			st->last->next = grp;
		else
			st->first = grp;
		st->last = grp;
		*slot = grp;
	}
	grp->rows = xreallocarray(grp->rows, grp->nrows + 1,
	    sizeof *grp->rows);
	grp->rows[grp->nrows++] = *r;
}

/*
 * The oldest groups no row can join any more (the rows read have gone
 * half a reorder window past them), or all of them at the end.
 */
static void
cdr_flush(struct cdr_state *st, struct source_ctx *ctx, int all)
{
	struct cdr_group	*grp;

	while ((grp = st->first) != NULL) {
		if (!all && (st->hold == INT64_MAX || st->clock - st->hold <=
		    grp->first + CDR_GROUP_WINDOW))
			return;
		st->first = grp->next;
		if (st->first == NULL)
			st->last = NULL;
		cdr_group_emit(st, ctx, grp);
	}
}

static void
cdr_record(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno, uint64_t nlines)
{
	struct cdr_state	*st = arg;
	const struct cdr_conf	*conf = st->conf;
	struct cdr_row		 r;
	char			 dcontext[256];
	int			 inbound, outbound, a, e;

	if (csvrow_blank(s, len, ',')) {
		source_ignore(ctx, nlines);
		return;
	}
	if (conf->header && !st->seen_header) {
		st->seen_header = 1;
		source_ignore(ctx, nlines);
		return;
	}
	csvrow_split(&st->row, s, len);
	if (st->row.nfields <= (size_t)conf->col[CDR_DISPOSITION]) {
		source_reject(ctx, lineno, nlines, REJECT_MISSING_FIELD, s, len,
		    "%zu fields, too few for a CDR row", st->row.nfields);
		return;
	}
	memset(&r, 0, sizeof r);
	if (cdr_time(st, CDR_START, &r.start) != 0 ||
	    (a = cdr_time(st, CDR_ANSWER, &r.answer)) == -1 ||
	    (e = cdr_time(st, CDR_END, &r.end)) == -1) {
		source_reject(ctx, lineno, nlines, REJECT_BAD_TIME, s, len,
		    "bad or missing start, answer or end time");
		return;
	}
	if (a == 1)
		r.answer = -1;
	if (e == 1)
		r.end = r.start;
	cdr_durations(st, &r);
	r.disposition = cdr_disposition(st);
	inbound = cdr_match(&conf->inbound, cdr_text(st, CDR_DCONTEXT, dcontext,
	    sizeof dcontext));
	outbound = !inbound && r.disposition == CDR_ANSWERED &&
	    cdr_match(&conf->agents, cdr_field(st, CDR_CHANNEL));
	if (!inbound && !outbound) {
		source_ignore(ctx, nlines);
		return;
	}
	r.line = lineno;
	r.record = source_record(ctx, lineno, nlines, s, len);
	if (r.end > st->clock)
		st->clock = r.end;
	if (outbound) {
		cdr_outbound(st, ctx, r.start);
		return;
	}
	r.src = cdr_counted(st, CDR_SRC);
	r.dstchannel = cdr_field(st, CDR_DSTCHANNEL);
	r.department = cdr_field(st, CDR_DEPARTMENT);
	r.uniqueid = cdr_counted(st, CDR_UNIQUEID);
	cdr_join(st, &r, cdr_key(st, r.uniqueid, r.src));
	cdr_flush(st, ctx, 0);
}

static void
cdr_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct cdr_state	*st = arg;

	csvrow_line(&st->row, ctx, s, len, lineno);
}

static void
cdr_close(void *arg, struct source_ctx *ctx)
{
	struct cdr_state	*st = arg;

	csvrow_close(&st->row, ctx);
	cdr_flush(st, ctx, 1);
	csvrow_free(&st->row);
	hashmap_free(&st->open, NULL);
	free(st);
}

const struct source_ops source_cdr_ops = {
	.format = "asterisk-cdr",
	.channel = "phone",
	.configure = cdr_configure,
	.open = cdr_open,
	.line = cdr_line,
	.close = cdr_close,
	.describe = cdr_describe,
	.free = cdr_free,
};
