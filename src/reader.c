#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "hashmap.h"
#include "input.h"
#include "reader.h"
#include "refstr.h"
#include "reorder.h"
#include "runs.h"
#include "source.h"
#include "timestamp.h"
#include "xmalloc.h"

#define READER_LINES	1024	/* read between looks at the window */
#define READER_CHUNK	4096	/* events handed to the merge at once */
#define READER_AHEAD	4	/* chunks a reading thread may be ahead */
#define READER_ADOPT_BITS 9	/* strings remembered while adopting */
#define READER_ADOPT_SEEN (1 << READER_ADOPT_BITS)
#ifndef READER_SORT_IN_MEMORY	/* sort = yes: events sorted in memory at once */
#define READER_SORT_IN_MEMORY	65536
#endif

struct reader_chunk {
	struct reorder_event	*v;
	size_t			 n;
	size_t			 cap;
	int			 last;		/* the file has no more */
};

struct source_ctx {
	struct reader		*reader;
	struct reader_file	*file;		/* NULL: assembling */
	struct reader_assembler	*assembler;	/* while assembling */
	struct file_stats	*stats;
	uint32_t		 index;		/* file rank */
	const struct source	*source;
	struct record_id	 current;	/* the record read last */
	const char		*text;		/* its content, while read */
	size_t			 len;
};

struct reader_file {
	struct source_ctx	 ctx;
	struct input		*in;		/* NULL: not a stream */
	void			*state;
	int			 eof;
	struct reject_list	 rejects;
	/* The reorder window: events wait until nothing can precede them. */
	struct reorder		 window;
	/* With sort = yes, the whole file's: in sorted runs on disk. */
	struct runs		*sorter;
	uint64_t		 sortseq;
	int			 sorted;		/* being read back */
	int64_t			 latest;	/* of the events emitted */
	int			 has_latest;
	uint64_t		 rejected_line;	/* + 1: out of order */
	/*
	 * The merge's side, on cache lines of its own: with -j, the file's
	 * thread writes the fields above for each event, the merge these.
	 */
	_Alignas(64) struct reader_chunk cur;
	size_t			 at;
	int			 assembles;	/* its source's parts go */
	/*
	 * Not read past its first event until the merge reaches bound, the
	 * least event it can still give: the reorder window's start then.
	 * A month of daily files is read a file or two at a time.
	 */
	int			 dormant;
	int			 woken;		/* its thread reads on */
	int			 joined;	/* its thread is over */
	struct event		 bound;
	uint64_t		 duplicate;	/* lines, found in the merge */
	uint64_t		 taken;		/* chunks taken and adopted */
	/*
	 * Chunks read ahead by the file's thread, with -j above 1, with its
	 * own counted strings; the merge adopts them (refstr.h) and gives
	 * the arrays back to be filled again.
	 */
	_Alignas(64) struct reader_chunk ahead[READER_AHEAD];
	size_t			 head;
	size_t			 nahead;
	uint64_t		 adopted;	/* chunks the merge adopted */
	int			 peeked;	/* bound is known */
	int			 active;	/* the merge wants chunks */
	struct reorder_event	*spare[READER_AHEAD + 1];
	size_t			 nspare;
	struct refstr_table	*strings;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
};

/*
 * The second stage of a source that assembles parts of records across
 * its files: the parts of every file, in merge order, go through the
 * source's assemble; the events it makes wait in out until no event it
 * can still make comes before them.
 */
struct reader_assembler {
	struct source_ctx	 ctx;
	const struct source	*source;
	size_t			*files;		/* ranks */
	size_t			 nfiles;
	struct reader_heap	 heap;		/* of the files, by next part */
	struct reorder		 out;
	int64_t			 horizon;	/* as reader_slowest saw it */
	struct reorder_event	 head;		/* taken from out, ready */
	int			 has_head;
	int			 finished;
	/* The parts of one time, from every file, before they are fed. */
	struct reorder_event	*batch;
	size_t			 nbatch;
	size_t			 capbatch;
};

/* Does this source assemble the parts of records across files? */
static int
reader_assembles(const struct source *src)
{
	return src->ops->assemble != NULL;
}

/* A file of an assembling source; the source's assembler if new. */
static void
reader_assembler_add(struct reader *r, const struct source *src, size_t file)
{
	struct reader_assembler	*a;
	size_t			 i;

	for (i = 0; i < r->nassemblers; i++)
		if (r->assemblers[i].source == src)
			break;
	if (i == r->nassemblers) {
		r->assemblers = xreallocarray(r->assemblers, i + 1,
		    sizeof *r->assemblers);
		a = &r->assemblers[r->nassemblers++];
		memset(a, 0, sizeof *a);
		a->source = src;
		a->ctx.reader = r;
		a->ctx.source = src;
	}
	a = &r->assemblers[i];
	a->files = xreallocarray(a->files, a->nfiles + 1, sizeof *a->files);
	a->files[a->nfiles++] = file;
}

/*
 * Files by rank, with their sources.  Only a source that reads several
 * files can see a record twice: the others' records are not hashed.
 */
void
reader_init(struct reader *r, const char **names,
    const struct source *const *sources, size_t nfiles,
    const struct source_env *env)
{
	size_t		i, k;
	uint32_t	s;

	memset(r, 0, sizeof *r);
	r->env = env;
	r->names = names;
	r->nfiles = nfiles;
	r->files = xcalloc_aligned(nfiles, sizeof *r->files,
	    _Alignof(struct file_stats));
	r->parts = xcalloc_aligned(nfiles, sizeof *r->parts,
	    _Alignof(struct reader_file));
	for (i = 0; i < nfiles; i++) {
		r->files[i].name = names[i];
		r->files[i].source = sources[i];
		r->parts[i].ctx.reader = r;
		r->parts[i].ctx.file = &r->parts[i];
		r->parts[i].ctx.stats = &r->files[i];
		r->parts[i].ctx.index = (uint32_t)i;
		r->parts[i].ctx.source = sources[i];
		r->parts[i].assembles = reader_assembles(sources[i]);
		if ((s = sources[i]->index) >= r->nsources) {
			r->multi = xreallocarray(r->multi, s + 1, 1);
			for (; r->nsources <= s; r->nsources++)
				r->multi[r->nsources] = 0;
		}
		for (k = 0; k < i; k++)
			if (sources[k]->index == s)
				r->multi[s] = 1;
		if (reader_assembles(sources[i]))
			reader_assembler_add(r, sources[i], i);
	}
}

/* A record of the file being read: its lines are used. */
struct record_id
source_record(struct source_ctx *ctx, uint64_t line, uint64_t nlines,
    const char *content, size_t len)
{
	struct record_id	id;

	memset(&id, 0, sizeof id);
	id.line = (uint32_t)line;
	id.nlines = (uint32_t)nlines;
	if (ctx->reader->multi[ctx->source->index])
		hashmap_hash2(content, len, ctx->source->index, id.hash);
	ctx->stats->used += nlines;
	ctx->current = id;
	ctx->text = content;
	ctx->len = len;
	return id;
}

static void
reader_event_span(struct file_stats *f, int64_t t)
{
	if (!f->has_events || t < f->first_event)
		f->first_event = t;
	if (!f->has_events || t > f->last_event)
		f->last_event = t;
	f->has_events = 1;
}

/* An event of the record last given to source_record. */
void
source_emit(struct source_ctx *ctx, struct event *ev)
{
	source_emit_from(ctx, &ctx->current, ev);
}

/*
 * A record over several lines is one --rejects row per line (its lines
 * are joined by LF); the message goes with the first.
 */
static void
reader_reject_lines(struct source_ctx *ctx, uint64_t line, uint64_t nlines,
    enum reject_reason reason, const char *text, size_t len, char *msg)
{
	const char	*nl;
	uint64_t	 i;
	size_t		 n;

	for (i = 0; i < nlines; i++) {
		nl = i + 1 < nlines ? memchr(text, '\n', len) : NULL;
		n = nl != NULL ? (size_t)(nl - text) : len;
		reject_add(&ctx->file->rejects, line + i, reason, text, n,
		    i == 0 ? msg : NULL);
		text += nl != NULL ? n + 1 : n;
		len -= nl != NULL ? n + 1 : n;
	}
}

/*
 * An event more than the reorder window before the latest one emitted
 * is out of order; so events before that time can no longer be preceded
 * by an accepted one: they are ripe for the merge.  The rule depends
 * only on the file's lines, not on how they are read in chunks.
 */
static int64_t
reader_ripe(const struct reader_file *f)
{
	int64_t	window = f->ctx.source->sort ? INT64_MAX :
		    f->ctx.source->reorder_window;

	if (!f->has_latest || f->latest < INT64_MIN + window)
		return INT64_MIN;
	return f->latest - window;
}

/*
 * An event too far out of order: its record is rejected, never
 * mispaired (SPEC §8).  Its text is at hand only while
 * it is the record being read.
 */
static void
reader_out_of_order(struct source_ctx *ctx, const struct record_id *id,
    const struct event *ev)
{
	struct reader_file	*f = ctx->file;
	const struct source	*src = ctx->source;
	char			 t[TIMESTAMP_BUFSIZE], w[DURATION_BUFSIZE];
	char			*msg;
	int			 current = ctx->text != NULL &&
				    id->line == ctx->current.line;

	if (f->rejected_line == (uint64_t)id->line + 1)
		return;
	f->rejected_line = (uint64_t)id->line + 1;
	timestamp_format(t, ev->time, src->tz);
	duration_format(w, src->reorder_window);
	if (asprintf(&msg, "out of order: %s is more than the reorder window "
	    "(%s) before an earlier line; set sort = yes in [source %s]", t,
	    w, src->name) == -1)
		fatalx("out of memory formatting a message");
	reader_reject_lines(ctx, id->line, id->nlines, REJECT_OUT_OF_ORDER,
	    current ? ctx->text : "", current ? ctx->len : 0, msg);
	ctx->stats->used -= id->nlines;
	ctx->stats->rejected += id->nlines;
	ctx->stats->reasons[REJECT_OUT_OF_ORDER] += id->nlines;
}

static int
reader_sort_compare(const void *a, const void *b)
{
	return reorder_compare(a, b);
}

/* Reorder entries in sorted runs: their counted strings as text. */
static const struct runs_type reader_sort_type = {
	.size = sizeof(struct reorder_event),
	.compare = reader_sort_compare,
	.nstrings = 3,
	.strings = { offsetof(struct reorder_event, ev.thread),
	    offsetof(struct reorder_event, ev.key),
	    offsetof(struct reorder_event, ev.customer) },
	.lengths = { RUNS_STRLEN, RUNS_STRLEN, RUNS_STRLEN }
};

/* A file's error (its first is the one reported); takes the cause. */
static void
reader_file_error(struct file_stats *stats, char *cause)
{
	if (stats->error == NULL)
		stats->error = cause;
	else
		free(cause);
}

/*
 * An event of a file with sort = yes, into its runs; a temporary file
 * that cannot be written is an error of the file (its events are lost).
 */
static void
reader_sort_add(struct source_ctx *ctx, struct reorder_event *e)
{
	struct reader_file	*f = ctx->file;
	char			*cause;

	e->seq = f->sortseq++;
	if (runs_add(f->sorter, e, &cause) == -1)
		reader_file_error(ctx->stats, cause);
}

/* The earliest event before limit: from the window, or the sorted runs. */
static int
reader_pop(struct reader_file *f, int64_t limit, struct reorder_event *e)
{
	char	*cause;
	int	 r;

	if (f->sorter == NULL)
		return reorder_pop_before(&f->window, limit, e);
	if (limit != INT64_MAX)
		return 0;
	if (!f->sorted) {
		f->sorted = 1;
		if (runs_rewind(f->sorter, &cause) == -1)
			goto error;
	}
	if ((r = runs_next(f->sorter, e, &cause)) != -1)
		return r;
error:
	reader_file_error(f->ctx.stats, cause);
	return 0;
}

/* Into the file's reorder window, unless too far out of order. */
static void
reader_push(struct source_ctx *ctx, const struct record_id *id,
    struct event *ev, void *part)
{
	struct reader_file	*f = ctx->file;
	struct reorder_event	 e;

	ev->source = ctx->source->index;
	ev->origin.file = ctx->index;
	ev->origin.line = id->line;
	if (ev->time < reader_ripe(f)) {
		reader_out_of_order(ctx, id, ev);
		if (part != NULL)
			ctx->source->ops->drop(part);
		return;
	}
	memset(&e, 0, sizeof e);
	e.ev = *ev;
	memcpy(e.hash, id->hash, sizeof e.hash);
	e.nlines = id->nlines;
	e.part = part;
	if (f->sorter != NULL)
		reader_sort_add(ctx, &e);
	else {
		event_hold(&e.ev);
		reorder_push(&f->window, &e);
	}
	if (!f->has_latest || ev->time > f->latest)
		f->latest = ev->time;
	f->has_latest = 1;
}

/* An event of a record of this file, now or after more lines. */
void
source_emit_from(struct source_ctx *ctx, const struct record_id *id,
    struct event *ev)
{
	reader_push(ctx, id, ev, NULL);
	reader_event_span(ctx->stats, ev->time);
}

/* A part of a record, for the source's assembler (source.h). */
void
source_emit_part(struct source_ctx *ctx, const struct record_id *id,
    int64_t time, void *part)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.time = time;
	reader_push(ctx, id, &ev, part);
}

/* An event the assembler made, from a record of any of its files. */
void
source_emit_at(struct source_ctx *ctx, struct origin origin,
    struct event *ev)
{
	struct reorder_event	e;

	ev->source = ctx->source->index;
	ev->origin = origin;
	memset(&e, 0, sizeof e);
	e.ev = *ev;
	event_hold(&e.ev);
	reorder_push(&ctx->assembler->out, &e);
	reader_event_span(&ctx->reader->files[origin.file], ev->time);
}

void
source_ignore(struct source_ctx *ctx, uint64_t nlines)
{
	ctx->stats->ignored += nlines;
}

void
source_reject(struct source_ctx *ctx, uint64_t line, uint64_t nlines,
    enum reject_reason reason, const char *text, size_t len,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatalx("out of memory formatting a message");
	va_end(ap);
	reader_reject_lines(ctx, line, nlines, reason, text, len, msg);
	ctx->stats->rejected += nlines;
	ctx->stats->reasons[reason] += nlines;
}

/* A warning about the file, printed once after its rejects. */
void
source_warn(struct source_ctx *ctx, const char *fmt, ...)
{
	struct file_stats	*f = ctx->stats;
	va_list			 ap;
	char			*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatalx("out of memory formatting a message");
	va_end(ap);
	f->warnings = xreallocarray(f->warnings, f->nwarnings + 1,
	    sizeof *f->warnings);
	f->warnings[f->nwarnings++] = msg;
}

const struct source_env *
source_env(struct source_ctx *ctx)
{
	return ctx->reader->env;
}

const char *
source_file(struct source_ctx *ctx)
{
	return ctx->stats->name;
}

/*
 * A record's text lives only while the source reads the line that ends
 * it (a multi-line record's buffer moves as the next lines arrive), so
 * an event emitted later, or at the end of the file, has no text at hand.
 */
static void
reader_forget_current(struct source_ctx *ctx)
{
	ctx->current.line = 0;
	ctx->text = NULL;
	ctx->len = 0;
}

/* Up to max lines through the source; 0 at the end of the file. */
static int
reader_lines(struct reader_file *f, size_t max)
{
	struct source_ctx	*ctx = &f->ctx;
	const struct source	*src = ctx->source;
	const char		*line;
	size_t			 len;
	int			 flags;

	for (; max > 0; max--) {
		if (input_line(f->in, &line, &len, &flags) != 1)
			return 0;
		ctx->stats->read++;
		if (flags & INPUT_TRUNCATED)
			source_reject(ctx, input_lineno(f->in), 1,
			    REJECT_TRUNCATED, line, len,
			    "line cut short by the end of the data");
		else if (flags & INPUT_TOO_LONG)
			source_reject(ctx, input_lineno(f->in), 1,
			    REJECT_TOO_LONG, line, 256,
			    "line longer than %d bytes", INPUT_MAX_LINE);
		else
			src->ops->line(f->state, ctx, line, len,
			    input_lineno(f->in));
		reader_forget_current(ctx);
	}
	return 1;
}

/* The end of a file: the source's last word, the file's facts. */
static void
reader_close(struct reader_file *f)
{
	struct source_ctx	*ctx = &f->ctx;

	reader_forget_current(ctx);
	ctx->source->ops->close(f->state, ctx);
	input_sha256(f->in, ctx->stats->sha256);
	ctx->stats->size = input_size(f->in);
	if (input_error(f->in) != NULL)
		reader_file_error(ctx->stats, xstrdup(input_error(f->in)));
	if (input_warning(f->in) != NULL)
		source_warn(ctx, "%s", input_warning(f->in));
	input_close(f->in);
	f->eof = 1;
}

static void
reader_chunk_add(struct reader_chunk *c, const struct reorder_event *e)
{
	if (c->n == c->cap) {
		c->cap = c->cap * 2 + READER_CHUNK;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n++] = *e;
}

/*
 * Read up to the file's first event: no later one can come before the
 * start of the reorder window then (reader_push rejects it).
 */
static void
reader_peek(struct reader_file *f)
{
	while (!f->eof && !f->has_latest)
		if (!reader_lines(f, 1))
			reader_close(f);
	f->bound.time = reader_ripe(f);
	f->bound.origin.file = f->ctx.index;
}

/* Read on until a chunk of events is ripe, or the file ends. */
static void
reader_produce(struct reader_file *f, struct reader_chunk *c,
    struct reorder_event *v)
{
	struct reorder_event	e;
	int			more;

	memset(c, 0, sizeof *c);
	if ((c->v = v) != NULL)
		c->cap = READER_CHUNK;
	while (c->n < READER_CHUNK) {
		if (!f->eof && !reader_lines(f, READER_LINES))
			reader_close(f);
		/* At the end the whole window is ripe: still a chunk at once. */
		while ((more = c->n < READER_CHUNK) && reader_pop(f,
		    f->eof ? INT64_MAX : reader_ripe(f), &e))
			reader_chunk_add(c, &e);
		if (f->eof && more) {
			c->last = 1;
			reorder_free(&f->window);	/* a month is many files */
			return;
		}
	}
}

/* The counted strings of an event or part, to give back or adopt. */
static size_t
reader_strings(const struct source *src, struct reorder_event *e,
    const char **v[SOURCE_STRINGS])
{
	if (e->part != NULL)
		return src->ops->strings(e->part, v);
	return event_strings(&e->ev, v);
}

/*
 * A chunk goes to the merge: the thread gives back its references, and
 * its strings live on until the merge has adopted them.
 */
static void
reader_hand(struct reader_file *f, struct reader_chunk *c)
{
	const char	**v[SOURCE_STRINGS];
	size_t		  i, k, n;

	refstr_handed(f->strings);
	for (i = 0; i < c->n; i++) {
		n = reader_strings(f->ctx.source, &c->v[i], v);
		for (k = 0; k < n; k++)
			refstr_unref(*v[k]);
	}
}

/*
 * The merge takes its own references to a chunk's strings.  A thread's
 * events are mostly in one chunk, so the last adoption of each string
 * is remembered; only for the chunk, whose strings all live until then.
 */
static void
reader_adopt(struct reader_file *f, struct reader_chunk *c)
{
	struct {
		const char	*theirs;
		const char	*ours;
	}		  seen[READER_ADOPT_SEEN], *at;
	const char	**v[SOURCE_STRINGS];
	size_t		  i, k, n;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < c->n; i++) {
		n = reader_strings(f->ctx.source, &c->v[i], v);
		for (k = 0; k < n; k++) {
			if (*v[k] == NULL)
				continue;
			at = &seen[((uintptr_t)*v[k] * 0x9e3779b97f4a7c15ULL) >>
			    (64 - READER_ADOPT_BITS)];
			if (at->theirs != *v[k]) {
				at->theirs = *v[k];
				at->ours = refstr_adopt(*v[k]);
				*v[k] = at->ours;
			} else
				*v[k] = refstr_ref(at->ours);
		}
	}
}

/* A file's thread reads ahead of the merge, a few chunks at most. */
static void *
reader_thread(void *arg)
{
	struct reader_file	*f = arg;
	struct reader_chunk	 c;
	struct reorder_event	*spare = NULL;
	uint64_t		 adopted;

	f->strings = refstr_thread_begin();
	reader_peek(f);
	pthread_mutex_lock(&f->lock);
	f->peeked = 1;
	pthread_cond_broadcast(&f->cond);
	while (!f->active)
		pthread_cond_wait(&f->cond, &f->lock);
	pthread_mutex_unlock(&f->lock);
	do {
		reader_produce(f, &c, spare);
		reader_hand(f, &c);
		pthread_mutex_lock(&f->lock);
		while (f->nahead == READER_AHEAD)
			pthread_cond_wait(&f->cond, &f->lock);
		f->ahead[(f->head + f->nahead++) % READER_AHEAD] = c;
		adopted = f->adopted;
		spare = f->nspare > 0 ? f->spare[--f->nspare] : NULL;
		pthread_cond_signal(&f->cond);
		pthread_mutex_unlock(&f->lock);
		refstr_collect(f->strings, adopted);
	} while (!c.last);
	free(spare);
	return NULL;
}

/*
 * Streams for every file not yet read (inputs by rank); with threads,
 * each file is read ahead in a thread of its own.
 */
void
reader_start(struct reader *r, struct input **inputs, int threads)
{
	struct reader_file	*f;
	size_t			 i;

	r->threads = threads > 1 ? threads : 0;
	for (i = 0; i < r->nfiles; i++) {
		f = &r->parts[i];
		if (inputs[i] == NULL) {
			f->cur.last = 1;
			continue;
		}
		f->in = inputs[i];
		f->state = f->ctx.source->ops->open(f->ctx.source);
		if (f->ctx.source->sort)
			f->sorter = runs_new(&reader_sort_type,
			    READER_SORT_IN_MEMORY);
		if (!r->threads)
			continue;
		pthread_mutex_init(&f->lock, NULL);
		pthread_cond_init(&f->cond, NULL);
		if (pthread_create(&f->thread, NULL, reader_thread, f) != 0)
			fatalx("cannot start a thread");
	}
}

static void
reader_take(struct reader *r, struct reader_file *f)
{
	struct reorder_event	*done = f->cur.v;

	f->at = 0;
	if (!r->threads) {
		reader_produce(f, &f->cur, done);
		return;
	}
	pthread_mutex_lock(&f->lock);
	while (f->nahead == 0)
		pthread_cond_wait(&f->cond, &f->lock);
	f->cur = f->ahead[f->head];
	f->head = (f->head + 1) % READER_AHEAD;
	f->nahead--;
	f->adopted = f->taken;
	if (done != NULL && f->nspare < READER_AHEAD + 1) {
		f->spare[f->nspare++] = done;
		done = NULL;
	}
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
	free(done);
	reader_adopt(f, &f->cur);
	f->taken++;
}

/* A dormant file's thread reads on. */
static void
reader_rouse(struct reader *r, struct reader_file *f)
{
	if (!r->threads || f->woken)
		return;
	f->woken = 1;
	if (f->dormant)
		r->reading++;	/* ahead of the merge */
	pthread_mutex_lock(&f->lock);
	f->active = 1;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

/*
 * With threads, besides the files the merge is in, as many as -j says
 * are read ahead of it: the next by their bounds.  (A file's first chunk
 * waits for the reorder window behind its first event to be read.)
 */
static void
reader_read_ahead(struct reader *r)
{
	while (r->reading < (size_t)r->threads &&
	    r->atsleepers < r->nsleepers)
		reader_rouse(r, r->sleepers[r->atsleepers++]);
}

/* The merge has reached a dormant file's bound: it is read on. */
static void
reader_wake(struct reader *r, struct reader_file *f)
{
	if (f->woken)
		r->reading--;	/* no longer ahead */
	f->dormant = 0;
	reader_rouse(r, f);
	reader_read_ahead(r);
}

static int
reader_bound_compare(const void *a, const void *b)
{
	return event_compare(&(*(struct reader_file *const *)a)->bound,
	    &(*(struct reader_file *const *)b)->bound);
}

/* A file has given its last event: what it held goes. */
static void
reader_done(struct reader *r, struct reader_file *f)
{
	size_t	i;

	if (r->progress != NULL)
		r->progress(f->ctx.stats->name, ++r->ndone, r->nfiles);
	f->in = NULL;
	free(f->cur.v);
	f->cur.v = NULL;
	f->cur.n = f->at = 0;
	if (!r->threads)
		return;
	pthread_join(f->thread, NULL);
	f->joined = 1;
	refstr_thread_end(f->strings);
	f->strings = NULL;
	for (i = 0; i < f->nspare; i++)
		free(f->spare[i]);
	f->nspare = 0;
}

/* The next event of a file, or NULL when it has no more. */
static struct reorder_event *
reader_head(struct reader *r, struct reader_file *f)
{
	while (f->at == f->cur.n) {
		if (f->cur.last) {
			if (f->in != NULL)
				reader_done(r, f);
			return NULL;
		}
		reader_take(r, f);
	}
	return &f->cur.v[f->at];
}

static void
reader_add(struct reorder_event **v, size_t *n, size_t *cap,
    const struct reorder_event *e)
{
	if (*n == *cap) {
		*cap = *cap * 2 + 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = *e;
}

static struct reader_file *reader_heap_first(struct reader *,
		    struct reader_heap *);
static void	reader_heap_next(struct reader *, struct reader_heap *);

/* The next part of an assembler's files, or NULL if they have no more. */
static struct reorder_event *
reader_assembler_next(struct reader *r, struct reader_assembler *a)
{
	struct reader_file	*f;

	return (f = reader_heap_first(r, &a->heap)) != NULL ?
	    &f->cur.v[f->at] : NULL;
}

/* No event the assembler makes from now on is before this. */
static int64_t
reader_assembler_horizon(struct reader *r, struct reader_assembler *a)
{
	struct reorder_event	*next;
	int64_t			 h;

	if (a->finished)
		return INT64_MAX;
	h = a->source->ops->horizon(a->source);
	if ((next = reader_assembler_next(r, a)) != NULL && next->ev.time < h)
		h = next->ev.time;
	return h;
}

static void	reader_dedup(struct reader *, struct reorder_event *,
		    size_t *);

/*
 * Feed the assembler the parts of its next time from every file, by
 * rank (those of duplicate records dropped), or, when there are none,
 * finish it.
 */
static void
reader_assembler_advance(struct reader *r, struct reader_assembler *a)
{
	struct reader_file	*f;
	struct reorder_event	*next;
	int64_t			 t;
	size_t			 i;

	a->ctx.assembler = a;
	if ((next = reader_assembler_next(r, a)) == NULL) {
		a->source->ops->finish(a->source, &a->ctx);
		a->finished = 1;
		return;
	}
	t = next->ev.time;
	a->nbatch = 0;
	while ((f = reader_heap_first(r, &a->heap)) != NULL &&
	    f->cur.v[f->at].ev.time == t) {
		reader_add(&a->batch, &a->nbatch, &a->capbatch,
		    &f->cur.v[f->at++]);
		reader_heap_next(r, &a->heap);
	}
	reader_dedup(r, a->batch, &a->nbatch);
	for (i = 0; i < a->nbatch; i++)
		a->source->ops->assemble(a->source, &a->ctx,
		    a->batch[i].ev.origin, a->batch[i].part);
}

/*
 * The assembler's earliest event if no event it can still make is before
 * (its horizon as reader_slowest last computed it).
 */
static struct reorder_event *
reader_assembler_head(struct reader_assembler *a)
{
	if (!a->has_head)
		a->has_head = reorder_pop_before(&a->out, a->horizon,
		    &a->head);
	return a->has_head ? &a->head : NULL;
}

/* A dormant file's least event is known once it is read up to it. */
static void
reader_wait_peek(struct reader *r, struct reader_file *f)
{
	if (!r->threads) {
		reader_peek(f);
		return;
	}
	pthread_mutex_lock(&f->lock);
	while (!f->peeked)
		pthread_cond_wait(&f->cond, &f->lock);
	pthread_mutex_unlock(&f->lock);
}

/* Whole events in merge order; a sleeping file as its least event. */
static int
reader_event_less(const struct reader_file *a, const struct reader_file *b)
{
	return event_compare(a->dormant ? &a->bound : &a->cur.v[a->at].ev,
	    b->dormant ? &b->bound : &b->cur.v[b->at].ev) < 0;
}

/*
 * An assembler's parts by time, then rank; a sleeping file before the
 * parts of its bound's time, which it may have too.
 */
static int
reader_part_less(const struct reader_file *a, const struct reader_file *b)
{
	int64_t	ta = a->dormant ? a->bound.time : a->cur.v[a->at].ev.time;
	int64_t	tb = b->dormant ? b->bound.time : b->cur.v[b->at].ev.time;

	if (ta != tb)
		return ta < tb;
	if (a->dormant != b->dormant)
		return a->dormant;
	return a->ctx.index < b->ctx.index;
}

static void
reader_heap_swap(struct reader_heap *h, size_t a, size_t b)
{
	struct reader_file	*t = h->v[a];

	h->v[a] = h->v[b];
	h->v[b] = t;
}

static void
reader_heap_down(struct reader_heap *h, size_t k)
{
	size_t	c;

	while ((c = 2 * k + 1) < h->n) {
		if (c + 1 < h->n && h->less(h->v[c + 1], h->v[c]))
			c++;
		if (!h->less(h->v[c], h->v[k]))
			break;
		reader_heap_swap(h, c, k);
		k = c;
	}
}

static void
reader_heap_push(struct reader_heap *h, struct reader_file *f)
{
	size_t	k;

	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	for (h->v[k = h->n++] = f; k > 0 && h->less(h->v[k],
	    h->v[(k - 1) / 2]); k = (k - 1) / 2)
		reader_heap_swap(h, k, (k - 1) / 2);
}

/* A file with a stream, read up to its first event, sleeps in h. */
static void
reader_sleep(struct reader *r, struct reader_heap *h, struct reader_file *f)
{
	reader_wait_peek(r, f);
	f->dormant = 1;
	r->sleepers[r->nsleepers++] = f;
	reader_heap_push(h, f);
}

/*
 * Every file in its heap: the merge's, or its assembler's.  The files
 * sleep, and with threads the first few by bound are read ahead.
 */
static void
reader_heap_fill(struct reader *r)
{
	struct reader_assembler	*a;
	size_t			 i, k;

	r->sleepers = xreallocarray(NULL, r->nfiles + 1, sizeof *r->sleepers);
	r->heap.less = reader_event_less;
	for (i = 0; i < r->nfiles; i++)
		if (!r->parts[i].assembles && r->parts[i].in != NULL)
			reader_sleep(r, &r->heap, &r->parts[i]);
	for (k = 0; k < r->nassemblers; k++) {
		a = &r->assemblers[k];
		a->heap.less = reader_part_less;
		for (i = 0; i < a->nfiles; i++)
			if (r->parts[a->files[i]].in != NULL)
				reader_sleep(r, &a->heap,
				    &r->parts[a->files[i]]);
	}
	qsort(r->sleepers, r->nsleepers, sizeof *r->sleepers,
	    reader_bound_compare);
	r->heaped = 1;
	reader_read_ahead(r);
}

/* The heap's first file has passed on its next event, or woken. */
static void
reader_heap_next(struct reader *r, struct reader_heap *h)
{
	if (reader_head(r, h->v[0]) == NULL)
		h->v[0] = h->v[--h->n];
	reader_heap_down(h, 0);
}

/*
 * The heap's file with the least next event, or NULL if none has any
 * more; sleeping files the merge has reached wake on the way.
 */
static struct reader_file *
reader_heap_first(struct reader *r, struct reader_heap *h)
{
	while (h->n > 0 && h->v[0]->dormant) {
		reader_wake(r, h->v[0]);
		reader_heap_next(r, h);
	}
	return h->n > 0 ? h->v[0] : NULL;
}

/*
 * The earliest event ready in any stream: a file of a source that does
 * not assemble, or an assembler.
 */
static struct reorder_event *
reader_first(struct reader *r, struct reader_file **file,
    struct reader_assembler **assembler)
{
	struct reorder_event	*best = NULL, *h;
	size_t			 i;

	if ((*file = reader_heap_first(r, &r->heap)) != NULL) {
		best = &(*file)->cur.v[(*file)->at];
		*assembler = NULL;
	}
	for (i = 0; i < r->nassemblers; i++) {
		if ((h = reader_assembler_head(&r->assemblers[i])) != NULL &&
		    (best == NULL || event_compare(&h->ev, &best->ev) < 0)) {
			best = h;
			*assembler = &r->assemblers[i];
		}
	}
	return best;
}

/*
 * Every assembler's horizon, once per look at the streams; the one that
 * holds the merge back the most, and how far.
 */
static struct reader_assembler *
reader_slowest(struct reader *r, int64_t *horizon)
{
	struct reader_assembler	*a, *slowest = NULL;
	size_t			 i;

	for (i = 0; i < r->nassemblers; i++) {
		a = &r->assemblers[i];
		a->horizon = reader_assembler_horizon(r, a);
		if (!a->finished && (slowest == NULL || a->horizon < *horizon)) {
			slowest = a;
			*horizon = a->horizon;
		}
	}
	return slowest;
}

/*
 * The events of the next time, from every stream, in merge order.  An
 * event goes only when no assembler can still make one before it.
 */
static int
reader_fill_batch(struct reader *r)
{
	struct reorder_event	*e;
	struct reader_file	*file = NULL;
	struct reader_assembler	*assembler = NULL, *slowest;
	int64_t			 horizon = INT64_MAX;

	if (!r->heaped)
		reader_heap_fill(r);
	r->nbatch = r->atbatch = 0;
	for (;;) {
		slowest = reader_slowest(r, &horizon);
		e = reader_first(r, &file, &assembler);
		if (r->nbatch > 0 && (e == NULL ||
		    e->ev.time != r->batch[0].ev.time))
			break;
		if (slowest != NULL && (e == NULL || e->ev.time >= horizon)) {
			reader_assembler_advance(r, slowest);
			continue;
		}
		if (e == NULL)
			break;
		reader_add(&r->batch, &r->nbatch, &r->capbatch, e);
		if (assembler != NULL)
			assembler->has_head = 0;
		else {
			file->at++;
			reader_heap_next(r, &r->heap);
		}
	}
	return r->nbatch > 0;
}

/*
 * Two events are the same when identical records gave the same event:
 * same source, same content, same meaning.
 */
static int
reader_event_key_compare(const struct reorder_event *a,
    const struct reorder_event *b)
{
	const struct event	*x = &a->ev, *y = &b->ev;
	const void		*px[] = { x->channel, x->thread, x->key,
				    x->group, x->agent, x->department,
				    x->customer, x->priority };
	const void		*py[] = { y->channel, y->thread, y->key,
				    y->group, y->agent, y->department,
				    y->customer, y->priority };
	size_t			 i;

	if (a->hash[0] != b->hash[0])
		return a->hash[0] < b->hash[0] ? -1 : 1;
	if (a->hash[1] != b->hash[1])
		return a->hash[1] < b->hash[1] ? -1 : 1;
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	for (i = 0; i < sizeof px / sizeof *px; i++)
		if (px[i] != py[i])
			return (uintptr_t)px[i] < (uintptr_t)py[i] ? -1 : 1;
	return 0;
}

/* Same events together, each group in batch (file and line) order. */
static int
reader_event_order(const void *va, const void *vb)
{
	const struct reorder_event	*a = *(struct reorder_event *const *)va;
	const struct reorder_event	*b = *(struct reorder_event *const *)vb;
	int				 r;

	if ((r = reader_event_key_compare(a, b)) != 0)
		return r;
	return a < b ? -1 : a > b;
}

/*
 * Of a group of identical records given in file and line order, how
 * many count: as many as the file holding the most has (max(k, m)).
 */
static size_t
reader_kept(const uint32_t *file, size_t n)
{
	size_t	i, j, most = 0;

	for (i = 0; i < n; i = j) {
		for (j = i; j < n && file[j] == file[i]; j++)
			;
		if (j - i > most)
			most = j - i;
	}
	return most;
}

/* A duplicate record's lines are counted once, by the merge. */
static void
reader_count_duplicate(struct reader *r, struct reorder_event *e)
{
	struct origin	key = e->ev.origin;
	int		added;

	if (r->counted == NULL) {
		r->counted = xcalloc(1, sizeof *r->counted);
		hashmap_init(r->counted);
	}
	*hashmap_slot(r->counted, &key, sizeof key, &added) = r;
	if (added)
		r->parts[key.file].duplicate += e->nlines;
	e->dropped = 1;
	event_release(&e->ev);
	if (e->part != NULL)
		r->files[key.file].source->ops->drop(e->part);
}

/*
 * Whether two of a few events of different files may be of the same
 * record (their fingerprints meet); most times, none are.
 */
static int
reader_may_repeat(const struct reader *r, const struct reorder_event *v,
    size_t n)
{
	size_t	i, j;

	if (n > 16)
		return 1;
	for (i = 0; i < n; i++) {
		if (v[i].nlines == 0 || !r->multi[v[i].ev.source])
			continue;
		for (j = i + 1; j < n; j++)
			if (v[j].ev.origin.file != v[i].ev.origin.file &&
			    v[j].hash[0] == v[i].hash[0])
				return 1;
	}
	return 0;
}

/*
 * Identical records of different files meet at one time in the merge:
 * of the events (or parts) v[0..n) of one time, in merge order, those
 * of the records counted as duplicates are dropped.
 */
static void
reader_dedup(struct reader *r, struct reorder_event *v, size_t *n)
{
	struct reorder_event	**g;
	uint32_t		 *file;
	size_t			  i, j, k, ng = 0, kept;

	for (i = 1; i < *n; i++)
		if (v[i].ev.origin.file != v[0].ev.origin.file)
			break;
	if (i >= *n || !reader_may_repeat(r, v, *n))
		return;
	g = xreallocarray(NULL, *n, sizeof *g);
	for (i = 0; i < *n; i++)	/* an assembler's events have no lines */
		if (v[i].nlines > 0 && r->multi[v[i].ev.source])
			g[ng++] = &v[i];
	qsort(g, ng, sizeof *g, reader_event_order);
	file = xreallocarray(NULL, ng + 1, sizeof *file);
	for (i = 0; i < ng; i++)
		file[i] = g[i]->ev.origin.file;
	for (i = 0; i < ng; i = j) {
		for (j = i + 1; j < ng && reader_event_key_compare(g[i],
		    g[j]) == 0; j++)
			;
		for (k = i + reader_kept(file + i, j - i); k < j; k++)
			reader_count_duplicate(r, g[k]);
	}
	free(file);
	free(g);
	for (i = kept = 0; i < *n; i++)
		if (!v[i].dropped)
			v[kept++] = v[i];
	*n = kept;
}

/*
 * The next event of the whole input in time order; 0 at the end.  The
 * caller owns its references (event_release).
 */
int
reader_next(struct reader *r, struct event *ev)
{
	while (r->atbatch == r->nbatch) {
		if (!reader_fill_batch(r))
			return 0;
		reader_dedup(r, r->batch, &r->nbatch);
	}
	*ev = r->batch[r->atbatch++].ev;
	r->nevents++;
	r->latest = ev->time;
	return 1;
}

/* Every stream is drained: the accounting and rejects are final. */
void
reader_end(struct reader *r)
{
	struct reader_file	*f;
	size_t			 i;

	for (i = 0; i < r->nfiles; i++) {
		f = &r->parts[i];
		if (r->threads && f->state != NULL) {
			if (!f->joined)
				pthread_join(f->thread, NULL);
			pthread_mutex_destroy(&f->lock);
			pthread_cond_destroy(&f->cond);
		}
		r->files[i].used -= f->duplicate;
		r->files[i].duplicate += f->duplicate;
	}
}

/* A file's rejects (by rank), complete after reader_end. */
struct reject_list *
reader_rejects(struct reader *r, size_t file)
{
	return &r->parts[file].rejects;
}

/* Per file: read = used + ignored + duplicate + rejected, and why. */
void
reader_summary(const struct reader *r, FILE *f)
{
	const struct file_stats	*s;
	size_t			 i;
	int			 k, first;

	for (i = 0; i < r->nfiles; i++) {
		s = &r->files[i];
		fprintf(f, "respstat: %s: %llu read = %llu used + %llu ignored "
		    "+ %llu duplicate + %llu rejected\n", s->name,
		    (unsigned long long)s->read, (unsigned long long)s->used,
		    (unsigned long long)s->ignored,
		    (unsigned long long)s->duplicate,
		    (unsigned long long)s->rejected);
		if (s->rejected == 0)
			continue;
		fprintf(f, "respstat: %s: rejected:", s->name);
		for (k = 0, first = 1; k < REJECT_NREASONS; k++) {
			if (s->reasons[k] == 0)
				continue;
			fprintf(f, "%s %llu %s", first ? "" : ",",
			    (unsigned long long)s->reasons[k],
			    reject_name((enum reject_reason)k));
			first = 0;
		}
		fputc('\n', f);
	}
}

void
reader_free(struct reader *r)
{
	struct reader_file	*f;
	size_t			 i, j;

	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].error);
		for (j = 0; j < r->files[i].nwarnings; j++)
			free(r->files[i].warnings[j]);
		free(r->files[i].warnings);
		f = &r->parts[i];
		free(f->cur.v);
		for (j = 0; j < f->nspare; j++)
			free(f->spare[j]);
		reorder_free(&f->window);
		runs_free(f->sorter);
		reject_free(&f->rejects);
	}
	free(r->parts);
	free(r->files);
	free(r->multi);
	for (i = 0; i < r->nassemblers; i++) {
		free(r->assemblers[i].files);
		free(r->assemblers[i].heap.v);
		free(r->assemblers[i].batch);
		reorder_free(&r->assemblers[i].out);
	}
	free(r->assemblers);
	free(r->batch);
	free(r->heap.v);
	free(r->sleepers);
	if (r->counted != NULL) {
		hashmap_free(r->counted, NULL);
		free(r->counted);
	}
}
