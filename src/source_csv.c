/*
 * The generic csv format: chat platforms and helpdesk exports.  A row is
 * either one message (role mode: its role says request, response or
 * abandon) or one whole request (response_time mode: created, answered).
 * Records are assembled and split by csvrow.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvrow.h"
#include "ini.h"
#include "intern.h"
#include "refstr.h"
#include "source.h"
#include "xmalloc.h"

enum csv_col {
	COL_TIME,
	COL_THREAD,
	COL_ROLE,
	COL_AGENT,
	COL_DEPARTMENT,
	COL_PRIORITY,
	COL_CUSTOMER,
	COL_RESPONSE_TIME,
	COL_ABANDON_TIME,
	COL_N
};

static const char *csv_col_keys[COL_N] = {
	"time", "thread", "role", "agent", "department", "priority",
	"customer", "response_time", "abandon_time"
};

/* A column: a name or 1-based number, or two joined: `Date + Time`. */
struct csv_column {
	char	*spec;		/* NULL: not configured */
	int	 nparts;
	char	*part[2];
	int	 number[2];	/* 1-based, or 0 for a name */
};

struct csv_roles {
	char	**v;
	size_t	  n;
};

struct csv_conf {
	char			 delimiter;
	int			 header;
	struct csv_column	 col[COL_N];
	struct csv_roles	 roles[3];	/* by enum event_kind */
	enum timestamp_format	 tformat;
	char			*pattern;
};

struct csv_state {
	const struct source	*src;
	const struct csv_conf	*conf;
	struct csvrow		 row;
	int			 seen_header;
	char			*missing;	/* a column the header lacks */
	int			 index[COL_N][2];	/* 0-based */
	char			*join[COL_N];	/* joined columns */
	size_t			 joincap[COL_N];
	const char		*last[COL_N];	/* the last value interned */
	size_t			 lastlen[COL_N];
	/* The values of the row split last (csv_columns). */
	int			 got[COL_N];
	const char		*got_s[COL_N];
	size_t			 got_len[COL_N];
};

static void	csv_record(void *, struct source_ctx *, const char *, size_t,
		    uint64_t, uint64_t);

static int
csv_parse_column(struct csv_column *col, const char *spec, int header,
    char **cause)
{
	char	*copy, *plus, *p, *end;
	int	 i;

	col->spec = xstrdup(spec);
	copy = xstrdup(spec);
	col->nparts = 1;
	col->part[0] = copy;
	if ((plus = strstr(copy, " + ")) != NULL) {
		*plus = '\0';
		col->part[1] = xstrdup(plus + 3);
		col->nparts = 2;
	}
	for (i = 0; i < col->nparts; i++) {
		p = col->part[i];
		while (isspace((unsigned char)*p))
			p++;
		memmove(col->part[i], p, strlen(p) + 1);
		end = col->part[i] + strlen(col->part[i]);
		while (end > col->part[i] && isspace((unsigned char)end[-1]))
			*--end = '\0';
		col->number[i] = 0;
		if (strspn(col->part[i], "0123456789") ==
		    strlen(col->part[i]) && *col->part[i] != '\0')
			col->number[i] = atoi(col->part[i]);
		if (col->number[i] == 0 && strspn(col->part[i],
		    "0123456789") == strlen(col->part[i])) {
			*cause = xasprintf("column numbers start at 1");
			return -1;
		}
		if (col->number[i] == 0 && !header) {
			*cause = xasprintf("column \"%s\" named, but header = "
			    "no: use a number", col->part[i]);
			return -1;
		}
	}
	return 0;
}

static void
csv_parse_roles(struct csv_roles *roles, const char *value)
{
	const char	*p = value, *end;
	size_t		 len;

	while (*p != '\0') {
		end = p + strcspn(p, ",");
		while (p < end && isspace((unsigned char)*p))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len > 0) {
			roles->v = xreallocarray(roles->v, roles->n + 1,
			    sizeof *roles->v);
			roles->v[roles->n++] = xstrndup(p, len);
		}
		p = *end == ',' ? end + 1 : end;
	}
}

static int
csv_configure_delimiter(struct csv_conf *conf, struct ini_section *sec,
    char **cause)
{
	struct ini_entry	*e;

	conf->delimiter = ',';
	if ((e = ini_entry(sec, "delimiter")) == NULL)
		return 0;
	if (strcmp(e->value, "tab") == 0 || strcmp(e->value, "\\t") == 0)
		conf->delimiter = '\t';
	else if (strlen(e->value) == 1 && e->value[0] != '"' &&
	    e->value[0] != '\n')
		conf->delimiter = e->value[0];
	else {
		*cause = xasprintf("%d: delimiter must be one character or "
		    "tab", e->line);
		return -1;
	}
	return 0;
}

static int
csv_configure(struct source *src, struct ini_section *sec, char **cause)
{
	static const char	*role_keys[3] = { "request", "abandon",
				    "response" };
	struct csv_conf		*conf;
	struct ini_entry	*e;
	char			*why;
	int			 i;

	conf = xcalloc(1, sizeof *conf);
	src->priv = conf;
	if (csv_configure_delimiter(conf, sec, cause) == -1)
		return -1;
	conf->header = 1;
	if (source_key_yesno(sec, "header", &conf->header, cause) == -1)
		return -1;
	for (i = 0; i < COL_N; i++) {
		if ((e = ini_entry(sec, csv_col_keys[i])) == NULL)
			continue;
		if (csv_parse_column(&conf->col[i], e->value, conf->header,
		    &why) == -1) {
			*cause = xasprintf("%d: %s: %s", e->line,
			    csv_col_keys[i], why);
			free(why);
			return -1;
		}
	}
	for (i = 0; i < 3; i++) {
		for (e = NULL; (e = ini_next(sec, role_keys[i], e)) != NULL;)
			csv_parse_roles(&conf->roles[i], e->value);
	}
	if (source_key_time_format(sec, &conf->tformat, &conf->pattern,
	    cause) == -1)
		return -1;
	if (conf->col[COL_TIME].spec == NULL) {
		*cause = xasprintf("%d: [source %s] needs a time = column",
		    sec->line, src->name);
		return -1;
	}
	if (conf->col[COL_THREAD].spec == NULL &&
	    conf->col[COL_RESPONSE_TIME].spec == NULL) {
		*cause = xasprintf("%d: [source %s] needs a thread = column",
		    sec->line, src->name);
		return -1;
	}
	if (conf->col[COL_RESPONSE_TIME].spec == NULL &&
	    (conf->col[COL_ROLE].spec == NULL || conf->roles[0].n == 0 ||
	    conf->roles[2].n == 0)) {
		*cause = xasprintf("%d: [source %s] needs role =, request = "
		    "and response = (or response_time =)", sec->line,
		    src->name);
		return -1;
	}
	return 0;
}

static void
csv_conf_free(struct source *src)
{
	struct csv_conf	*conf = src->priv;
	size_t		 i, j;
	int		 k;

	for (i = 0; i < COL_N; i++) {
		free(conf->col[i].spec);
		for (k = 0; k < conf->col[i].nparts; k++)
			free(conf->col[i].part[k]);
	}
	for (i = 0; i < 3; i++) {
		for (j = 0; j < conf->roles[i].n; j++)
			free(conf->roles[i].v[j]);
		free(conf->roles[i].v);
	}
	free(conf->pattern);
	free(conf);
}

static void
csv_describe(const struct source *src, FILE *f)
{
	static const char	*role_keys[3] = { "request", "abandon",
				    "response" };
	const struct csv_conf	*conf = src->priv;
	size_t			 i, j;

	if (conf->delimiter == '\t')
		fputs("delimiter = tab\n", f);
	else
		fprintf(f, "delimiter = \"%c\"\n", conf->delimiter);
	fprintf(f, "header = %s\n", conf->header ? "yes" : "no");
	for (i = 0; i < COL_N; i++) {
		if (conf->col[i].spec != NULL)
			fprintf(f, "%s = %s\n", csv_col_keys[i],
			    conf->col[i].spec);
	}
	for (i = 0; i < 3; i++) {
		if (conf->roles[i].n == 0)
			continue;
		fprintf(f, "%s = ", role_keys[i]);
		for (j = 0; j < conf->roles[i].n; j++)
			fprintf(f, "%s%s", j > 0 ? ", " : "",
			    conf->roles[i].v[j]);
		fputc('\n', f);
	}
	fprintf(f, "time_format = %s\n", conf->tformat == TIMESTAMP_PATTERN ?
	    conf->pattern : conf->tformat == TIMESTAMP_EPOCH ? "epoch" :
	    conf->tformat == TIMESTAMP_EPOCH_MS ? "epoch_ms" : "iso8601");
}

static void *
csv_open(const struct source *src)
{
	struct csv_state	*st;
	const struct csv_conf	*conf = src->priv;
	int			 i, k;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->conf = conf;
	csvrow_init(&st->row, conf->delimiter, csv_record, st);
	for (i = 0; i < COL_N; i++)
		for (k = 0; k < 2; k++)
			st->index[i][k] = conf->col[i].number[k] - 1;
	return st;
}

/*
 * A column of several parts: their values joined by a space.  Each part
 * is looked up twice (to size, then to copy): no arrays on the stack of
 * a function the compiler folds into every column lookup.
 */
static int
csv_join(struct csv_state *st, enum csv_col col, const char **s,
    size_t *len)
{
	const struct csv_column	*c = &st->conf->col[col];
	const char		*v;
	size_t			 vlen, need = 0;
	int			 k;

	for (k = 0; k < c->nparts; k++) {
		if (st->index[col][k] < 0 || csvrow_field(&st->row,
		    (size_t)st->index[col][k], &vlen) == NULL)
			return -1;
		need += vlen + 1;
	}
	if (need > st->joincap[col]) {
		st->joincap[col] = need * 2;
		st->join[col] = xreallocarray(st->join[col], st->joincap[col],
		    1);
	}
	*len = 0;
	for (k = 0; k < c->nparts; k++) {
		v = csvrow_field(&st->row, (size_t)st->index[col][k], &vlen);
		if (k > 0)
			st->join[col][(*len)++] = ' ';
		memcpy(st->join[col] + *len, v, vlen);
		*len += vlen;
	}
	*s = st->join[col];
	return 1;
}

/*
 * A configured column's value, trimmed: 1 if there, 0 if the column is
 * not configured, -1 if the row is too short for it.
 */
static int
csv_find(struct csv_state *st, enum csv_col col, const char **s,
    size_t *len)
{
	const struct csv_column	*c = &st->conf->col[col];
	int			 i = st->index[col][0];

	if (c->spec == NULL)
		return 0;
	if (c->nparts > 1)
		return csv_join(st, col, s, len);
	if (i < 0 || (*s = csvrow_field(&st->row, (size_t)i, len)) == NULL)
		return -1;
	return 1;
}

/* Every configured column of the row split last, found once. */
static void
csv_columns(struct csv_state *st)
{
	int	col;

	for (col = 0; col < COL_N; col++)
		st->got[col] = csv_find(st, col, &st->got_s[col],
		    &st->got_len[col]);
}

/* A column's value in the row (as csv_find says). */
static int
csv_get(struct csv_state *st, enum csv_col col, const char **s,
    size_t *len)
{
	*s = st->got_s[col];
	*len = st->got_len[col];
	return st->got[col];
}

/* A column's value, interned; consecutive rows often repeat one. */
static const char *
csv_intern(struct csv_state *st, enum csv_col col)
{
	const char	*s, *last = st->last[col];
	size_t		 len;

	if (csv_get(st, col, &s, &len) != 1 || len == 0)
		return NULL;
	if (last != NULL && st->lastlen[col] == len && memcmp(last, s, len) == 0)
		return last;
	st->lastlen[col] = len;
	return st->last[col] = intern(s, len);
}

/* A column's value as a counted string, or NULL if empty. */
static const char *
csv_refstr(struct csv_state *st, enum csv_col col)
{
	const char	*s;
	size_t		 len;

	if (csv_get(st, col, &s, &len) != 1 || len == 0)
		return NULL;
	return refstr_get(s, len);
}

/* Resolve named columns against the header row. */
static void
csv_header(struct csv_state *st)
{
	const struct csv_conf	*conf = st->conf;
	int			 i, k;

	for (i = 0; i < COL_N; i++) {
		for (k = 0; k < conf->col[i].nparts; k++) {
			if (conf->col[i].number[k] != 0)
				continue;
			st->index[i][k] = csvrow_column(&st->row,
			    conf->col[i].part[k], 0);
			if (st->index[i][k] < 0 && st->missing == NULL)
				st->missing = xstrdup(conf->col[i].part[k]);
		}
	}
}

static int
csv_role(const struct csv_conf *conf, const char *s, size_t len)
{
	size_t	i;
	int	k;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < conf->roles[k].n; i++) {
			if (strlen(conf->roles[k].v[i]) == len &&
			    strncasecmp(conf->roles[k].v[i], s, len) == 0)
				return k;
		}
	}
	return -1;
}

/* Parse a time column: 1 parsed, 0 empty, -1 rejected (message given). */
static int
csv_time(struct csv_state *st, struct source_ctx *ctx, enum csv_col col,
    const char *rec, size_t reclen, uint64_t line, uint64_t nlines,
    int64_t *t)
{
	const char	*s;
	size_t		 len;

	if (csv_get(st, col, &s, &len) != 1 || len == 0)
		return 0;
	if (timestamp_parse(st->conf->tformat, st->conf->pattern, s, len,
	    st->src->tz, t) == -1) {
		source_reject(ctx, line, nlines, REJECT_BAD_TIME, rec, reclen,
		    "bad timestamp \"%.*s\" in column %s", (int)(len > 64 ?
		    64 : len), s, st->conf->col[col].spec);
		return -1;
	}
	return 1;
}

static void
csv_fill_event(struct csv_state *st, struct event *ev, enum event_kind kind,
    int64_t t)
{
	const char	*s;
	size_t		 len;

	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->time = t;
	ev->channel = st->src->channel;
	ev->thread = csv_refstr(st, COL_THREAD);
	ev->department = csv_intern(st, COL_DEPARTMENT);
	ev->customer = csv_refstr(st, COL_CUSTOMER);
	if (kind != EVENT_REQUEST)
		ev->agent = csv_intern(st, COL_AGENT);
	if (csv_get(st, COL_PRIORITY, &s, &len) == 1 && len > 0)
		ev->priority = source_intern_lower(s, len);
}

/* Without a thread column, each row is its own thread: FILE:LINE. */
static const char *
csv_row_thread(struct source_ctx *ctx, uint64_t line)
{
	char		*s = xasprintf("%s:%llu", source_file(ctx),
			    (unsigned long long)line);
	const char	*v = refstr_get_str(s);

	free(s);
	return v;
}

/* One row per request: created at time, answered at response_time. */
static void
csv_request_row(struct csv_state *st, struct source_ctx *ctx,
    const char *rec, size_t reclen, uint64_t line, uint64_t nlines,
    int64_t t)
{
	struct event	 ev;
	int64_t		 rt = 0, at = 0;
	int		 hasr, hasa;

	if ((hasr = csv_time(st, ctx, COL_RESPONSE_TIME, rec, reclen, line,
	    nlines, &rt)) == -1 || (hasa = csv_time(st, ctx, COL_ABANDON_TIME,
	    rec, reclen, line, nlines, &at)) == -1)
		return;
	if ((hasr && rt < t) || (!hasr && hasa && at < t)) {
		source_reject(ctx, line, nlines, REJECT_TIME_ORDER, rec, reclen,
		    "answered or abandoned before it was made");
		return;
	}
	source_record(ctx, line, nlines, rec, reclen);
	csv_fill_event(st, &ev, EVENT_REQUEST, t);
	if (ev.thread == NULL)
		ev.thread = csv_row_thread(ctx, line);
	source_emit(ctx, &ev);
	if (hasr || hasa) {
		ev.kind = hasr ? EVENT_RESPONSE : EVENT_ABANDON;
		ev.time = hasr ? rt : at;
		if (hasr)
			ev.agent = csv_intern(st, COL_AGENT);
		source_emit(ctx, &ev);
	}
	event_release(&ev);
}

static void
csv_row(struct csv_state *st, struct source_ctx *ctx, const char *rec,
    size_t reclen, uint64_t line, uint64_t nlines)
{
	struct event	 ev;
	const char	*s;
	size_t		 len;
	int64_t		 t;
	int		 kind = EVENT_REQUEST, r;

	if (st->missing != NULL) {
		source_reject(ctx, line, nlines, REJECT_MISSING_FIELD, rec,
		    reclen, "the header has no column \"%s\"", st->missing);
		return;
	}
	if (st->conf->col[COL_RESPONSE_TIME].spec == NULL) {
		if ((r = csv_get(st, COL_ROLE, &s, &len)) == -1)
			goto short_row;
		if ((kind = csv_role(st->conf, s, len)) == -1) {
			source_ignore(ctx, nlines);
			return;
		}
	}
	if (csv_get(st, COL_THREAD, &s, &len) == -1 ||
	    csv_get(st, COL_TIME, &s, &len) == -1)
		goto short_row;
	if ((r = csv_time(st, ctx, COL_TIME, rec, reclen, line, nlines,
	    &t)) == -1)
		return;
	if (r == 0) {
		source_reject(ctx, line, nlines, REJECT_MISSING_TIME, rec,
		    reclen, "empty time in column %s",
		    st->conf->col[COL_TIME].spec);
		return;
	}
	if (csv_get(st, COL_THREAD, &s, &len) == 1 && len == 0) {
		source_reject(ctx, line, nlines, REJECT_MISSING_THREAD, rec,
		    reclen, "empty thread in column %s",
		    st->conf->col[COL_THREAD].spec);
		return;
	}
	if (st->conf->col[COL_RESPONSE_TIME].spec != NULL) {
		csv_request_row(st, ctx, rec, reclen, line, nlines, t);
		return;
	}
	source_record(ctx, line, nlines, rec, reclen);
	csv_fill_event(st, &ev, kind, t);
	source_emit(ctx, &ev);
	event_release(&ev);
	return;
short_row:
	source_reject(ctx, line, nlines, REJECT_MISSING_FIELD, rec, reclen,
	    "%zu fields, too few for the configured columns",
	    st->row.nfields);
}

static void
csv_record(void *arg, struct source_ctx *ctx, const char *rec, size_t len,
    uint64_t line, uint64_t nlines)
{
	struct csv_state	*st = arg;

	if (csvrow_blank(rec, len, st->conf->delimiter)) {
		source_ignore(ctx, nlines);
		return;
	}
	csvrow_split(&st->row, rec, len);
	if (st->conf->header && !st->seen_header) {
		st->seen_header = 1;
		csv_header(st);
		if (st->missing != NULL)
			source_reject(ctx, line, nlines, REJECT_MISSING_FIELD,
			    rec, len, "the header has no column \"%s\"",
			    st->missing);
		else
			source_ignore(ctx, nlines);
		return;
	}
	csv_columns(st);
	csv_row(st, ctx, rec, len, line, nlines);
}

static void
csv_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct csv_state	*st = arg;

	csvrow_line(&st->row, ctx, s, len, lineno);
}

static void
csv_close(void *arg, struct source_ctx *ctx)
{
	struct csv_state	*st = arg;
	int			 i;

	csvrow_close(&st->row, ctx);
	csvrow_free(&st->row);
	for (i = 0; i < COL_N; i++)
		free(st->join[i]);
	free(st->missing);
	free(st);
}

const struct source_ops source_csv_ops = {
	.format = "csv",
	.channel = NULL,
	.configure = csv_configure,
	.open = csv_open,
	.line = csv_line,
	.close = csv_close,
	.describe = csv_describe,
	.free = csv_conf_free,
};
