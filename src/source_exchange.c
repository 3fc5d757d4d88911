/*
 * exchange: Exchange message tracking logs.  A "#Fields:" line names the
 * columns (date-time, event-id, message-id, sender-address,
 * recipient-address, reference...); other # lines are ignored.  Events
 * are gathered by message-id, whatever server logged them, so a message
 * seen on several servers is one message; DELIVER and SEND deliver it to
 * their recipients (";"-separated); its time is its first line.  The
 * message semantics are mail.c's, as for postfix.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvrow.h"
#include "hashmap.h"
#include "ini.h"
#include "intern.h"
#include "mail.h"
#include "source.h"
#include "xmalloc.h"

enum ex_col {
	EX_TIME, EX_EVENT, EX_MSGID, EX_SENDER, EX_RECIPIENT, EX_REFERENCE,
	EX_INREPLYTO, EX_NCOLS
};

static const char *ex_names[EX_NCOLS] = {
	"date-time", "event-id", "message-id", "sender-address",
	"recipient-address", "reference", "in-reply-to"
};

enum ex_event {
	EX_RECEIVE, EX_DELIVERED, EX_FAILED, EX_OTHER
};

struct ex_fact {
	int64_t		 t;
	struct source_ref ref;
	enum ex_event	 event;
	const char	*msgid;
	const char	*sender;
	const char	*recipients;	/* as logged */
	const char	*refs;		/* as logged */
};

struct ex_facts {
	struct ex_fact		*v;
	size_t			 n;
	size_t			 cap;
};

struct ex_conf {
	struct mail_conf	 mail;
	struct ex_facts		 facts;		/* every file's */
};

struct ex_state {
	const struct source	*src;
	struct ex_conf		*conf;
	struct csvrow		 row;
	int			 col[EX_NCOLS];
	int			 has_fields;
	struct ex_facts		 facts;		/* this file's */
};

static void
ex_add(struct ex_facts *facts, const struct ex_fact *v, size_t n)
{
	if (facts->n + n > facts->cap) {
		facts->cap = facts->n + n + 256;
		facts->v = xreallocarray(facts->v, facts->cap,
		    sizeof *facts->v);
	}
	if (n > 0)
		memcpy(facts->v + facts->n, v, n * sizeof *v);
	facts->n += n;
}

static int
ex_configure(struct source *src, struct ini_section *sec, char **cause)
{
	struct ex_conf	*conf;

	conf = xcalloc(1, sizeof *conf);
	src->priv = conf;
	return mail_configure(&conf->mail, sec, cause);
}

static void
ex_free(struct source *src)
{
	struct ex_conf	*conf = src->priv;

	mail_conf_free(&conf->mail);
	free(conf->facts.v);
	free(conf);
}

static void
ex_describe(const struct source *src, FILE *f)
{
	mail_describe(&((const struct ex_conf *)src->priv)->mail, f);
}

static void	ex_record(void *, struct source_ctx *, const char *, size_t,
		    uint64_t, uint64_t);

static void *
ex_open(const struct source *src)
{
	struct ex_state	*st;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->conf = src->priv;
	csvrow_init(&st->row, ',', ex_record, st);
	return st;
}

/* "#Fields: date-time,client-ip,...": the columns of what follows. */
static void
ex_fields(struct ex_state *st, const char *s, size_t len)
{
	int	c;

	csvrow_split(&st->row, s, len);
	for (c = 0; c < EX_NCOLS; c++)
		st->col[c] = csvrow_column(&st->row, ex_names[c], 1);
	st->has_fields = st->col[EX_TIME] >= 0 && st->col[EX_EVENT] >= 0 &&
	    st->col[EX_MSGID] >= 0;
}

static const char *
ex_field(struct ex_state *st, enum ex_col c, int lower)
{
	const char	*v;
	size_t		 len;

	if (st->col[c] < 0 || (v = csvrow_field(&st->row, (size_t)st->col[c],
	    &len)) == NULL || len == 0)
		return NULL;
	if (len >= 2 && v[0] == '<' && v[len - 1] == '>' && c == EX_MSGID) {
		v++;
		len -= 2;
	}
	return lower ? source_intern_lower(v, len) : intern(v, len);
}

static enum ex_event
ex_event(const char *e)
{
	if (e == NULL)
		return EX_OTHER;
	if (strcasecmp(e, "RECEIVE") == 0 || strcasecmp(e, "SUBMIT") == 0)
		return EX_RECEIVE;
	if (strcasecmp(e, "DELIVER") == 0 || strcasecmp(e, "SEND") == 0)
		return EX_DELIVERED;
	if (strcasecmp(e, "FAIL") == 0 || strcasecmp(e, "DSN") == 0)
		return EX_FAILED;
	return EX_OTHER;
}

static void
ex_record(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno, uint64_t nlines)
{
	struct ex_state	*st = arg;
	struct ex_fact	 f;
	const char	*time;

	if (csvrow_blank(s, len, ',')) {
		source_ignore(ctx, nlines);
		return;
	}
	if (!st->has_fields) {
		source_reject(ctx, lineno, nlines, REJECT_MISSING_FIELD, s, len,
		    "no #Fields: line names the columns");
		return;
	}
	csvrow_split(&st->row, s, len);
	memset(&f, 0, sizeof f);
	if ((time = ex_field(st, EX_TIME, 0)) == NULL ||
	    timestamp_parse(TIMESTAMP_ISO8601, NULL, time, strlen(time),
	    st->src->tz, &f.t) == -1) {
		source_reject(ctx, lineno, nlines, REJECT_BAD_TIME, s, len,
		    "bad or missing date-time");
		return;
	}
	f.event = ex_event(ex_field(st, EX_EVENT, 0));
	f.msgid = ex_field(st, EX_MSGID, 0);
	if (f.event == EX_OTHER || f.msgid == NULL) {
		source_ignore(ctx, nlines);
		return;
	}
	f.sender = ex_field(st, EX_SENDER, 1);
	f.recipients = ex_field(st, EX_RECIPIENT, 1);
	f.refs = ex_field(st, EX_REFERENCE, 0);
	if (f.refs == NULL)
		f.refs = ex_field(st, EX_INREPLYTO, 0);
	f.ref = source_ref(ctx, source_record(ctx, lineno, nlines, s, len));
	ex_add(&st->facts, &f, 1);
}

static void
ex_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct ex_state	*st = arg;

	if (len > 0 && s[0] == '#') {
		if (len > 9 && strncmp(s, "#Fields: ", 9) == 0)
			ex_fields(st, s + 9, len - 9);
		source_ignore(ctx, 1);
		return;
	}
	csvrow_line(&st->row, ctx, s, len, lineno);
}

static void
ex_close(void *arg, struct source_ctx *ctx)
{
	struct ex_state	*st = arg;

	csvrow_close(&st->row, ctx);
	csvrow_free(&st->row);
	pthread_mutex_lock((pthread_mutex_t *)&st->src->lock);
	ex_add(&st->conf->facts, st->facts.v, st->facts.n);
	pthread_mutex_unlock((pthread_mutex_t *)&st->src->lock);
	free(st->facts.v);
	free(st);
}

static int
ex_fact_compare(const void *va, const void *vb)
{
	const struct ex_fact	*a = va, *b = vb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return source_ref_compare(a->ref, b->ref);
}

/* Each item of a list separated by ; , or blanks, without <>. */
static void
ex_split(const char *list, const char ***v, size_t *n)
{
	const char	*p = list, *end;
	size_t		 len;

	if (p == NULL)
		return;
	while (*p != '\0') {
		p += strspn(p, ";, ");
		end = p + strcspn(p, ";, ");
		len = (size_t)(end - p);
		if (len >= 2 && *p == '<' && p[len - 1] == '>') {
			p++;
			len -= 2;
		}
		if (len > 0)
			mail_push(v, n, intern(p, len));
		p = end;
	}
}

static void
ex_apply(struct mail_msg *m, const struct ex_fact *f)
{
	m->last = f->t;
	if (m->sender == NULL && f->sender != NULL)
		m->sender = f->sender;
	ex_split(f->refs, &m->refs, &m->nrefs);
	if (f->event == EX_DELIVERED || f->event == EX_FAILED)
		m->tried = 1;
	if (f->event == EX_DELIVERED)
		ex_split(f->recipients, &m->to, &m->nto);
}

/* After every file: one message per message-id, in time order. */
static void
ex_finish(struct source *src, struct source_ctx *ctx)
{
	struct ex_conf	 *conf = src->priv;
	struct hashmap	  bymsgid;
	struct mail_msg	**all = NULL, **slot;
	struct ex_fact	 *f;
	size_t		  n = 0, i;

	if (conf->facts.n > 1)
		qsort(conf->facts.v, conf->facts.n, sizeof *conf->facts.v,
		    ex_fact_compare);
	hashmap_init(&bymsgid);
	for (i = 0; i < conf->facts.n; i++) {
		f = &conf->facts.v[i];
		if (source_duplicate(ctx, f->ref))
			continue;
		slot = (struct mail_msg **)hashmap_slot(&bymsgid, &f->msgid,
		    sizeof f->msgid, NULL);
		if (*slot == NULL) {
			*slot = xcalloc(1, sizeof **slot);
			(*slot)->t = f->t;
			(*slot)->ref = f->ref;
			(*slot)->msgid = f->msgid;
			all = xreallocarray(all, n + 1, sizeof *all);
			all[n++] = *slot;
		}
		ex_apply(*slot, f);
	}
	hashmap_free(&bymsgid, NULL);
	mail_emit(&conf->mail, ctx, src, all, n);
	for (i = 0; i < n; i++)
		mail_msg_free(all[i]);
	free(all);
	free(conf->facts.v);
	memset(&conf->facts, 0, sizeof conf->facts);
}

const struct source_ops source_exchange_ops = {
	.format = "exchange",
	.channel = "email",
	.configure = ex_configure,
	.open = ex_open,
	.line = ex_line,
	.close = ex_close,
	.describe = ex_describe,
	.free = ex_free,
	.finish = ex_finish,
};
