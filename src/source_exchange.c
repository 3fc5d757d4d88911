/*
 * exchange: Exchange message tracking logs.  A "#Fields:" line names the
 * columns (date-time, event-id, message-id, sender-address,
 * recipient-address, reference...); other # lines are ignored.  Each
 * line of interest is a part; the parts of every file, merged in time
 * order, are assembled by message-id, whatever server logged them, so a
 * message seen on several servers is one message (until no line of it
 * came for a day); DELIVER and SEND deliver it to their recipients
 * (";"-separated); its time is its first line.  The message semantics
 * are mail.c's, as for postfix.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvrow.h"
#include "hashmap.h"
#include "ini.h"
#include "intern.h"
#include "mail.h"
#include "refstr.h"
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

/* A message gone, its lines for a day can be another's. */
#define EX_IDLE	(86400LL * 1000000)

/* A part: what one line says of a message. */
struct ex_fact {
	int64_t		 t;
	enum ex_event	 event;
	const char	*msgid;		/* counted (refstr.h) */
	const char	*sender;	/* interned, lowercase */
	char		*recipients;	/* as logged, lowercase */
	char		*refs;		/* as logged */
};

struct ex_conf {
	struct mail_conf	 mail;
	struct mail_box		 box;		/* every file's messages */
};

struct ex_state {
	const struct source	*src;
	struct ex_conf		*conf;
	struct csvrow		 row;
	int			 col[EX_NCOLS];
	int			 has_fields;
};

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

/* A field, without the <> around a message-id; NULL if empty. */
static const char *
ex_field(struct ex_state *st, enum ex_col c, size_t *len)
{
	const char	*v;

	if (st->col[c] < 0 || (v = csvrow_field(&st->row, (size_t)st->col[c],
	    len)) == NULL || *len == 0)
		return NULL;
	if (*len >= 2 && v[0] == '<' && v[*len - 1] == '>' && c == EX_MSGID) {
		v++;
		*len -= 2;
	}
	return v;
}

static int
ex_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

static enum ex_event
ex_event(const char *e, size_t len)
{
	if (e == NULL)
		return EX_OTHER;
	if (ex_is(e, len, "RECEIVE") || ex_is(e, len, "SUBMIT"))
		return EX_RECEIVE;
	if (ex_is(e, len, "DELIVER") || ex_is(e, len, "SEND"))
		return EX_DELIVERED;
	if (ex_is(e, len, "FAIL") || ex_is(e, len, "DSN"))
		return EX_FAILED;
	return EX_OTHER;
}

/* A field as a string of its own, lowercased if asked; NULL if empty. */
static char *
ex_copy(struct ex_state *st, enum ex_col c, int lower)
{
	const char	*v;
	char		*copy;
	size_t		 len, i;

	if ((v = ex_field(st, c, &len)) == NULL)
		return NULL;
	copy = xstrndup(v, len);
	for (i = 0; lower && i < len; i++)
		copy[i] = (char)tolower((unsigned char)copy[i]);
	return copy;
}

static void
ex_record(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno, uint64_t nlines)
{
	struct ex_state		*st = arg;
	struct ex_fact		 f;
	struct record_id	 id;
	const char		*v, *msgid;
	size_t			 vlen, msgidlen;

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
	if ((v = ex_field(st, EX_TIME, &vlen)) == NULL ||
	    timestamp_parse(TIMESTAMP_ISO8601, NULL, v, vlen, st->src->tz,
	    &f.t) == -1) {
		source_reject(ctx, lineno, nlines, REJECT_BAD_TIME, s, len,
		    "bad or missing date-time");
		return;
	}
	v = ex_field(st, EX_EVENT, &vlen);
	f.event = ex_event(v, vlen);
	msgid = ex_field(st, EX_MSGID, &msgidlen);
	if (f.event == EX_OTHER || msgid == NULL) {
		source_ignore(ctx, nlines);
		return;
	}
	f.msgid = refstr_get(msgid, msgidlen);
	if ((v = ex_field(st, EX_SENDER, &vlen)) != NULL)
		f.sender = source_intern_lower(v, vlen);
	f.recipients = ex_copy(st, EX_RECIPIENT, 1);
	if ((f.refs = ex_copy(st, EX_REFERENCE, 0)) == NULL)
		f.refs = ex_copy(st, EX_INREPLYTO, 0);
	id = source_record(ctx, lineno, nlines, s, len);
	source_emit_part(ctx, &id, f.t, xmemdup(&f, sizeof f));
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
	free(st);
}

/* Each item of a list separated by ; , or blanks, without <>. */
static void
ex_split(const char *list, const char ***v, size_t *n, int counted)
{
	const char	*p = list, *end, *item;
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
		if (len > 0 && counted) {
			item = refstr_get(p, len);
			mail_push_ref(v, n, item);
			refstr_unref(item);
		} else if (len > 0)
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
	ex_split(f->refs, &m->refs, &m->nrefs, 1);
	if (f->event == EX_DELIVERED || f->event == EX_FAILED)
		m->tried = 1;
	if (f->event == EX_DELIVERED)
		ex_split(f->recipients, &m->to, &m->nto, 0);
}

static size_t
ex_strings(void *part, const char **v[SOURCE_STRINGS])
{
	v[0] = &((struct ex_fact *)part)->msgid;
	return 1;
}

static void
ex_drop(void *part)
{
	struct ex_fact	*f = part;

	refstr_unref(f->msgid);
	free(f->recipients);
	free(f->refs);
	free(f);
}

static void
ex_forget(struct mail_box *box, struct mail_msg *m)
{
	(void)box;
	mail_msg_clear(m);
	free(m);
}

/* The parts of every file in time order: one message per message-id. */
static void
ex_assemble(const struct source *src, struct source_ctx *ctx,
    struct origin origin, void *part)
{
	struct ex_conf	*conf = src->priv;
	struct ex_fact	*f = part;
	struct mail_msg	*m;

	if (conf->box.forget == NULL) {
		conf->box.forget = ex_forget;
		conf->box.idle = EX_IDLE;
		conf->box.front = INT64_MIN;
	}
	if (f->t > conf->box.front)
		conf->box.front = f->t;
	if ((m = mail_find(&conf->box, f->msgid)) == NULL) {
		m = xcalloc(1, sizeof *m);
		m->t = f->t;
		m->origin = origin;
		mail_add(&conf->box, m);
		mail_msgid(&conf->box, m, refstr_ref(f->msgid));
	}
	ex_apply(m, f);
	ex_drop(f);
	mail_release(&conf->box, &conf->mail, ctx, src, 0);
}

static int64_t
ex_horizon(const struct source *src)
{
	return mail_horizon(&((const struct ex_conf *)src->priv)->box);
}

static void
ex_finish(const struct source *src, struct source_ctx *ctx)
{
	struct ex_conf	*conf = src->priv;

	if (conf->box.forget == NULL)
		return;
	mail_release(&conf->box, &conf->mail, ctx, src, 1);
	conf->box.forget = NULL;
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
	.assemble = ex_assemble,
	.drop = ex_drop,
	.strings = ex_strings,
	.horizon = ex_horizon,
	.finish = ex_finish,
};
