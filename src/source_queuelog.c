/*
 * asterisk-queue-log: Asterisk's queue_log, native
 * (epoch|callid|queue|agent|event|data1|...; old versions' single data
 * field holds the same |-separated values) or the database export of the
 * queue_log table (CSV with a header: time, callid, queuename, agent,
 * event, data1...; times in the source's zone, or epochs).
 *
 * A call is one request from its first ENTERQUEUE, department the first
 * queue, customer the caller id.  Its first CONNECT answers it (at the
 * line's time: the data1 hold time is the queue's own count and is not
 * trusted over the timestamps).  ABANDON closes it.  EXITWITHTIMEOUT,
 * EXITEMPTY and EXITWITHKEY close it too unless an ENTERQUEUE of the same
 * call follows within 10 s (an overflow to another queue).  A call with
 * no CONNECT that ends with an agent's COMPLETEAGENT, COMPLETECALLER or
 * *TRANSFER is answered at its last ENTERQUEUE into that queue plus the
 * event's hold time.  RINGNOANSWER is a missed ring of the agent, in the
 * call's month and department.
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
#include "refstr.h"
#include "source.h"
#include "xmalloc.h"

#define QL_OVERFLOW	(10 * 1000000LL)	/* an EXIT then ENTERQUEUE */
#define QL_FORGET	(24 * 3600 * 1000000LL)	/* after a call's last line */
#define QL_MAXDATA	5
#define QL_MAXENTERS	8

enum ql_event {
	QL_OTHER,
	QL_ENTERQUEUE,
	QL_CONNECT,
	QL_ABANDON,
	QL_EXIT,
	QL_COMPLETE,
	QL_TRANSFER,
	QL_ATTENDEDTRANSFER,
	QL_RINGNOANSWER
};

#define QL_NAME(s)	s, sizeof s - 1
static const struct {
	const char	*name;
	size_t		 len;
	enum ql_event	 event;
} ql_events[] = {
	{ QL_NAME("ENTERQUEUE"), QL_ENTERQUEUE },
	{ QL_NAME("CONNECT"), QL_CONNECT },
	{ QL_NAME("ABANDON"), QL_ABANDON },
	{ QL_NAME("EXITWITHTIMEOUT"), QL_EXIT },
	{ QL_NAME("EXITEMPTY"), QL_EXIT },
	{ QL_NAME("EXITWITHKEY"), QL_EXIT },
	{ QL_NAME("COMPLETEAGENT"), QL_COMPLETE },
	{ QL_NAME("COMPLETECALLER"), QL_COMPLETE },
	{ QL_NAME("TRANSFER"), QL_TRANSFER },
	{ QL_NAME("BLINDTRANSFER"), QL_TRANSFER },
	{ QL_NAME("ATTENDEDTRANSFER"), QL_ATTENDEDTRANSFER },
	{ QL_NAME("RINGNOANSWER"), QL_RINGNOANSWER },
};

enum ql_callstate {
	QL_WAITING,
	QL_EXITED,		/* left a queue: overflow or abandon? */
	QL_ANSWERED,
	QL_CLOSED
};

struct ql_enter {
	const char	*queue;
	int64_t		 t;
};

struct ql_call {
	const char		*callid;
	size_t			 callidlen;	/* it may hold a NUL */
	enum ql_callstate	 state;
	int64_t			 requested;
	const char		*queue;		/* the first */
	struct ql_enter		*enters;	/* the last per queue */
	size_t			 nenters;
	size_t			 capenters;
	int64_t			 exited;
	struct record_id	 exit_record;
	/* Calls are listed by the time of their last line, to forget. */
	int64_t			 last;
	int			 listed;
	struct ql_call		*older;
	struct ql_call		*newer;
};

struct ql_field {
	const char	*s;
	size_t		 len;
};

/* One line, in either form. */
struct ql_line {
	int64_t		 t;
	struct ql_field	 callid;
	struct ql_field	 queue;
	struct ql_field	 agent;
	struct ql_field	 event;
	struct ql_field	 data[QL_MAXDATA];
	size_t		 ndata;
	struct record_id record;
};

enum { QL_COL_TIME, QL_COL_CALLID, QL_COL_QUEUE, QL_COL_AGENT, QL_COL_EVENT,
    QL_COL_DATA, QL_NCOLS };

struct ql_state {
	const struct source	*src;
	struct hashmap		 calls;
	struct ql_call		**exited;	/* calls in QL_EXITED */
	size_t			 nexited;
	struct ql_call		*oldest;	/* by last line */
	struct ql_call		*newest;
	int			 mode;		/* -1 unknown, 0 native, 1 csv */
	struct csvrow		 row;
	int			 col[QL_NCOLS];
};

static int
ql_configure(struct source *src, struct ini_section *sec, char **cause)
{
	(void)sec;
	(void)cause;
	src->priv = NULL;
	return 0;
}

static void
ql_describe(const struct source *src, FILE *f)
{
	(void)src;
	(void)f;
}

static void
ql_free_conf(struct source *src)
{
	(void)src;
}

static void	ql_record(void *, struct source_ctx *, const char *, size_t,
		    uint64_t, uint64_t);

static void *
ql_open(const struct source *src)
{
	struct ql_state	*st;

	st = xcalloc(1, sizeof *st);
	st->src = src;
	st->mode = -1;
	hashmap_init(&st->calls);
	csvrow_init(&st->row, ',', ql_record, st);
	return st;
}

static enum ql_event
ql_event(const struct ql_field *f)
{
	size_t	i;

	for (i = 0; i < sizeof ql_events / sizeof ql_events[0]; i++)
		if (ql_events[i].len == f->len &&
		    memcmp(ql_events[i].name, f->s, f->len) == 0)
			return ql_events[i].event;
	return QL_OTHER;
}

static int
ql_empty(const struct ql_field *f)
{
	return f->len == 0 || (f->len == 4 && memcmp(f->s, "NONE", 4) == 0);
}

static const char *
ql_intern(const struct ql_field *f)
{
	return ql_empty(f) ? NULL : intern(f->s, f->len);
}

/* Seconds (a hold time) as microseconds; -1 if it is not a number. */
static int64_t
ql_seconds(const struct ql_field *f)
{
	int64_t	v = 0;
	size_t	i;

	if (f->len == 0 || f->len > 9)
		return -1;
	for (i = 0; i < f->len; i++) {
		if (!isdigit((unsigned char)f->s[i]))
			return -1;
		v = v * 10 + (f->s[i] - '0');
	}
	return v * 1000000;
}

/* An event of a call; it owns the reference to thread it is given. */
static void
ql_fill(struct event *ev, const struct source *src, enum event_kind kind,
    int64_t t, const char *thread)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->time = t;
	ev->channel = src->channel;
	ev->thread = thread;
}

/* The thread of a line's event: a reference the caller gives back. */
static const char *
ql_thread(const struct ql_call *call, const struct ql_line *l)
{
	if (call != NULL)
		return refstr_ref(call->callid);
	return refstr_get(l->callid.s, l->callid.len);
}

static void
ql_call_free(void *v)
{
	struct ql_call	*call = v;

	refstr_unref(call->callid);
	free(call->enters);
	free(call);
}

static struct ql_call *
ql_call(struct ql_state *st, const struct ql_field *callid, int create)
{
	struct ql_call	**slot, *call;
	int		  added;

	if (!create)
		return hashmap_get(&st->calls, callid->s, callid->len);
	slot = (struct ql_call **)hashmap_slot(&st->calls, callid->s,
	    callid->len, &added);
	if (added) {
		*slot = call = xcalloc(1, sizeof *call);
		call->callid = refstr_get(callid->s, callid->len);
		call->callidlen = callid->len;
	}
	return *slot;
}

static void
ql_enter(struct ql_call *call, const char *queue, int64_t t)
{
	size_t	i;

	for (i = 0; i < call->nenters; i++)
		if (call->enters[i].queue == queue)
			break;
	if (i == call->nenters) {
		if (i == QL_MAXENTERS)
			i--;	/* a pathological call: keep the latest */
		else
			call->nenters++;
	}
	if (call->nenters > call->capenters) {
		call->capenters = call->capenters * 2 + 1;
		call->enters = xreallocarray(call->enters, call->capenters,
		    sizeof *call->enters);
	}
	call->enters[i].queue = queue;
	call->enters[i].t = t;
}

/* Calls that left a queue more than 10 s before t were abandoned. */
static void
ql_settle(struct ql_state *st, struct source_ctx *ctx, int64_t t, int all)
{
	struct ql_call	*call;
	struct event	 ev;
	size_t		 i, kept = 0;

	for (i = 0; i < st->nexited; i++) {
		call = st->exited[i];
		if (call->state == QL_EXITED && !all &&
		    t - call->exited <= QL_OVERFLOW) {
			st->exited[kept++] = call;
			continue;
		}
		if (call->state != QL_EXITED)
			continue;
		ql_fill(&ev, st->src, EVENT_ABANDON, call->exited,
		    refstr_ref(call->callid));
		ev.department = call->queue;
		source_emit_from(ctx, &call->exit_record, &ev);
		event_release(&ev);
		call->state = QL_CLOSED;
	}
	st->nexited = kept;
}

static void
ql_unlist(struct ql_state *st, struct ql_call *call)
{
	if (call->older != NULL)
		call->older->newer = call->newer;
	else
		st->oldest = call->newer;
	if (call->newer != NULL)
		call->newer->older = call->older;
	else
		st->newest = call->older;
	call->older = call->newer = NULL;
	call->listed = 0;
}

/*
 * A call had a line at t: it moves in the list by last line.  Lines come
 * in time order, or nearly: the place is found from the newest end.
 */
static void
ql_touch(struct ql_state *st, struct ql_call *call, int64_t t)
{
	struct ql_call	*at;

	if (call->listed)
		ql_unlist(st, call);
	call->last = t;
	for (at = st->newest; at != NULL && at->last > t; at = at->older)
		;
	call->older = at;
	call->newer = at != NULL ? at->newer : st->oldest;
	if (call->newer != NULL)
		call->newer->older = call;
	else
		st->newest = call;
	if (at != NULL)
		at->newer = call;
	else
		st->oldest = call;
	call->listed = 1;
}

/*
 * Forget calls 24 h after their last line.  A call still waiting to be
 * settled has had a line within the last 10 s: it is never the oldest.
 */
static void
ql_purge(struct ql_state *st, int64_t t)
{
	struct ql_call	*call;

	while ((call = st->oldest) != NULL && call->state != QL_EXITED &&
	    t - call->last > QL_FORGET) {
		ql_unlist(st, call);
		hashmap_remove(&st->calls, call->callid, call->callidlen);
		ql_call_free(call);
	}
}

static void
ql_answer(struct ql_state *st, struct source_ctx *ctx, struct ql_call *call,
    const struct ql_line *l, int64_t t)
{
	struct event	ev;

	ql_fill(&ev, st->src, EVENT_RESPONSE, t, ql_thread(call, l));
	ev.agent = ql_intern(&l->agent);
	source_emit(ctx, &ev);
	event_release(&ev);
	if (call != NULL)
		call->state = QL_ANSWERED;
}

static struct ql_call *
ql_enterqueue(struct ql_state *st, struct source_ctx *ctx,
    const struct ql_line *l)
{
	struct ql_call	*call = ql_call(st, &l->callid, 1);
	struct event	 ev;
	const char	*queue = ql_intern(&l->queue);

	if (call->state == QL_EXITED && l->t - call->exited <= QL_OVERFLOW)
		call->state = QL_WAITING;	/* overflowed: the same call */
	else if (call->nenters == 0 || call->state == QL_CLOSED) {
		call->state = QL_WAITING;
		call->requested = l->t;
		call->queue = queue;
		call->nenters = 0;
		ql_fill(&ev, st->src, EVENT_REQUEST, l->t, ql_thread(call, l));
		ev.department = queue;
		ev.customer = l->ndata >= 2 && !ql_empty(&l->data[1]) ?
		    refstr_get(l->data[1].s, l->data[1].len) : NULL;
		source_emit(ctx, &ev);
		event_release(&ev);
	}
	/* Answered calls' later legs are transfers, not requests. */
	ql_enter(call, queue, l->t);
	return call;
}

/* An answer without CONNECT: the last entry into the queue + hold time. */
static void
ql_complete(struct ql_state *st, struct source_ctx *ctx, struct ql_call *call,
    const struct ql_line *l, size_t holdfield)
{
	const char	*queue = ql_intern(&l->queue);
	int64_t		 hold, t = l->t;
	size_t		 i;

	if (call == NULL || call->state != QL_WAITING || l->agent.len == 0)
		return;
	hold = holdfield < l->ndata ? ql_seconds(&l->data[holdfield]) : -1;
	for (i = 0; i < call->nenters && hold >= 0; i++)
		if (call->enters[i].queue == queue)
			t = call->enters[i].t + hold;
	ql_answer(st, ctx, call, l, t);
}

static void
ql_ring(struct ql_state *st, struct source_ctx *ctx, struct ql_call *call,
    const struct ql_line *l)
{
	struct event	ev;

	if ((ev.agent = ql_intern(&l->agent)) == NULL)
		return;
	ql_fill(&ev, st->src, EVENT_MISSED_RING, call != NULL ?
	    call->requested : l->t, ql_thread(call, l));
	ev.agent = ql_intern(&l->agent);
	ev.department = call != NULL ? call->queue : ql_intern(&l->queue);
	source_emit(ctx, &ev);
	event_release(&ev);
}

static void
ql_handle(struct ql_state *st, struct source_ctx *ctx, const struct ql_line *l,
    enum ql_event e)
{
	struct ql_call	*call = NULL;
	struct event	 ev;

	if (e != QL_ENTERQUEUE)
		call = ql_call(st, &l->callid, 0);
	switch (e) {
	case QL_ENTERQUEUE:
		call = ql_enterqueue(st, ctx, l);
		break;
	case QL_CONNECT:
		if (call == NULL || call->state == QL_WAITING)
			ql_answer(st, ctx, call, l, l->t);
		break;
	case QL_ABANDON:
		if (call != NULL && call->state != QL_WAITING)
			break;
		ql_fill(&ev, st->src, EVENT_ABANDON, l->t, ql_thread(call, l));
		source_emit(ctx, &ev);
		event_release(&ev);
		if (call != NULL)
			call->state = QL_CLOSED;
		break;
	case QL_EXIT:
		if (call == NULL || call->state != QL_WAITING)
			break;
		call->state = QL_EXITED;
		call->exited = l->t;
		call->exit_record = l->record;
		st->exited = xreallocarray(st->exited, st->nexited + 1,
		    sizeof *st->exited);
		st->exited[st->nexited++] = call;
		break;
	case QL_COMPLETE:
		ql_complete(st, ctx, call, l, 0);
		break;
	case QL_TRANSFER:
	case QL_ATTENDEDTRANSFER:
		ql_complete(st, ctx, call, l, 2);
		break;
	case QL_RINGNOANSWER:
		ql_ring(st, ctx, call, l);
		break;
	case QL_OTHER:
		break;
	}
	if (call != NULL)
		ql_touch(st, call, l->t);
}

static void
ql_field(struct ql_field *f, const char *s, size_t len)
{
	csvrow_trim(&s, &len);
	f->s = s;
	f->len = len;
}

/* epoch|callid|queue|agent|event|data1|...; 0, or -1 if too short. */
static int
ql_split_native(struct ql_line *l, struct ql_field *time, const char *s,
    size_t len)
{
	struct ql_field	*f[5] = { time, &l->callid, &l->queue, &l->agent,
			    &l->event };
	const char	*end = s + len, *bar;
	size_t		 i;

	for (i = 0; s <= end; i++) {
		bar = memchr(s, '|', (size_t)(end - s));
		if (bar == NULL)
			bar = end;
		if (i < 5)
			ql_field(f[i], s, (size_t)(bar - s));
		else if (i - 5 < QL_MAXDATA)
			ql_field(&l->data[l->ndata++], s, (size_t)(bar - s));
		s = bar + 1;
	}
	return i >= 5 ? 0 : -1;
}

/* The database export's header names its columns. */
static void
ql_header(struct ql_state *st)
{
	static const char	*names[QL_NCOLS][5] = {
		{ "time", "date_time", "datetime", "timestamp", NULL },
		{ "callid", "call_id", "uniqueid", NULL, NULL },
		{ "queuename", "queue_name", "queue", NULL, NULL },
		{ "agent", "membername", "type", NULL, NULL },
		{ "event", "verb", NULL, NULL, NULL },
		{ "data1", "data", "param1", "arg1", NULL },
	};
	int			 c, k;

	for (c = 0; c < QL_NCOLS; c++) {
		st->col[c] = -1;
		for (k = 0; names[c][k] != NULL && st->col[c] < 0; k++)
			st->col[c] = csvrow_column(&st->row, names[c][k], 1);
	}
}

static int
ql_split_csv(struct ql_state *st, struct ql_line *l, struct ql_field *time)
{
	struct ql_field	*f[5] = { time, &l->callid, &l->queue, &l->agent,
			    &l->event };
	const char	*v;
	size_t		 len, i;
	int		 c;

	for (c = 0; c < 5; c++) {
		if (st->col[c] < 0 || (v = csvrow_field(&st->row,
		    (size_t)st->col[c], &len)) == NULL)
			return -1;
		ql_field(f[c], v, len);
	}
	for (i = 0; st->col[QL_COL_DATA] >= 0 && i < QL_MAXDATA; i++) {
		if ((v = csvrow_field(&st->row, (size_t)st->col[QL_COL_DATA] +
		    i, &len)) == NULL)
			break;
		ql_field(&l->data[l->ndata++], v, len);
	}
	return 0;
}

static int
ql_time(const struct source *src, const struct ql_field *f, int64_t *t)
{
	size_t	i;

	for (i = 0; i < f->len && (isdigit((unsigned char)f->s[i]) ||
	    f->s[i] == '.'); i++)
		;
	if (i == f->len)
		return timestamp_parse(TIMESTAMP_EPOCH, NULL, f->s, f->len,
		    src->tz, t);
	return timestamp_parse(TIMESTAMP_ISO8601, NULL, f->s, f->len, src->tz,
	    t);
}

/* One record of either form: parse, account, handle. */
static void
ql_process(struct ql_state *st, struct source_ctx *ctx, const char *s,
    size_t len, uint64_t lineno, uint64_t nlines)
{
	struct ql_line	l;
	struct ql_field	time = { NULL, 0 };
	enum ql_event	e;
	int		r;

	memset(&l, 0, sizeof l);
	if (st->mode == 1) {
		csvrow_split(&st->row, s, len);
		r = ql_split_csv(st, &l, &time);
	} else
		r = ql_split_native(&l, &time, s, len);
	if (r == -1) {
		source_reject(ctx, lineno, nlines, REJECT_MISSING_FIELD, s, len,
		    "not a queue_log line: too few fields");
		return;
	}
	if (ql_time(st->src, &time, &l.t) == -1) {
		source_reject(ctx, lineno, nlines, REJECT_BAD_TIME, s, len,
		    "bad timestamp \"%.*s\"", (int)(time.len > 64 ? 64 :
		    time.len), time.s);
		return;
	}
	ql_settle(st, ctx, l.t, 0);
	ql_purge(st, l.t);
	if ((e = ql_event(&l.event)) == QL_OTHER || l.callid.len == 0) {
		source_ignore(ctx, nlines);
		return;
	}
	l.record = source_record(ctx, lineno, nlines, s, len);
	ql_handle(st, ctx, &l, e);
}

static void
ql_record(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno, uint64_t nlines)
{
	struct ql_state	*st = arg;

	if (csvrow_blank(s, len, ',')) {
		source_ignore(ctx, nlines);
		return;
	}
	ql_process(st, ctx, s, len, lineno, nlines);
}

/*
 * The first line decides the form: a | means native; otherwise a header
 * naming a callid column means the database export.  Leading NUL bytes
 * (a file zero-filled by an unclean shutdown, then written again) are
 * skipped.
 */
static void
ql_line(void *arg, struct source_ctx *ctx, const char *s, size_t len,
    uint64_t lineno)
{
	struct ql_state	*st = arg;

	while (len > 0 && *s == '\0') {
		s++;
		len--;
	}
	if (st->mode == -1 && !csvrow_blank(s, len, ',')) {
		st->mode = memchr(s, '|', len) != NULL ? 0 : 1;
		if (st->mode == 1) {
			csvrow_split(&st->row, s, len);
			ql_header(st);
			if (st->col[QL_COL_CALLID] >= 0) {
				source_ignore(ctx, 1);
				return;
			}
			st->mode = 0;
		}
	}
	if (st->mode == 1)
		csvrow_line(&st->row, ctx, s, len, lineno);
	else if (csvrow_blank(s, len, '|'))
		source_ignore(ctx, 1);
	else
		ql_process(st, ctx, s, len, lineno, 1);
}

static void
ql_close(void *arg, struct source_ctx *ctx)
{
	struct ql_state	*st = arg;

	csvrow_close(&st->row, ctx);
	ql_settle(st, ctx, 0, 1);
	csvrow_free(&st->row);
	hashmap_free(&st->calls, ql_call_free);
	free(st->exited);
	free(st);
}

const struct source_ops source_queuelog_ops = {
	.format = "asterisk-queue-log",
	.channel = "phone",
	.configure = ql_configure,
	.open = ql_open,
	.line = ql_line,
	.close = ql_close,
	.describe = ql_describe,
	.free = ql_free_conf,
};
