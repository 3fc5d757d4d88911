#include "config.h"

#include <pthread.h>
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
#include "source.h"
#include "timestamp.h"
#include "xmalloc.h"

#define READER_LINES	1024	/* read between looks at the window */
#define READER_CHUNK	4096	/* events handed to the merge at once */
#define READER_AHEAD	4	/* chunks a reading thread may be ahead */

/* A record kept for the formats that emit after every file is read. */
struct record {
	uint64_t	 hash[2];
	uint32_t	 file;
	uint32_t	 line;
	uint32_t	 nlines;
	struct record	*same;		/* the next identical one (dedup) */
	uint8_t		 duplicate;
};

struct reader_chunk {
	struct reorder_event	*v;
	size_t			 n;
	size_t			 cap;
	int			 last;		/* the file has no more */
};

struct source_ctx {
	struct reader		*reader;
	struct reader_file	*file;		/* NULL: emitting at finish */
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
	struct record		*records;	/* formats with finish */
	size_t			 nrecords;
	size_t			 caprecords;
	struct reject_list	 rejects;
	/* The reorder window: events wait until nothing can precede them. */
	struct reorder		 window;
	int64_t			 latest;	/* of the events emitted */
	int			 has_latest;
	uint64_t		 rejected_line;	/* + 1: out of order */
	/* The merge's side. */
	struct reader_chunk	 cur;
	size_t			 at;
	uint64_t		 duplicate;	/* lines, found in the merge */
	/* Chunks read ahead by the file's thread, with -j above 1. */
	struct reader_chunk	 ahead[READER_AHEAD];
	size_t			 head;
	size_t			 nahead;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
};

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
	r->files = xcalloc(nfiles, sizeof *r->files);
	r->parts = xcalloc(nfiles, sizeof *r->parts);
	for (i = 0; i < nfiles; i++) {
		r->files[i].name = names[i];
		r->files[i].source = sources[i];
		r->parts[i].ctx.reader = r;
		r->parts[i].ctx.file = &r->parts[i];
		r->parts[i].ctx.stats = &r->files[i];
		r->parts[i].ctx.index = (uint32_t)i;
		r->parts[i].ctx.source = sources[i];
		if ((s = sources[i]->index) >= r->nsources) {
			r->multi = xreallocarray(r->multi, s + 1, 1);
			for (; r->nsources <= s; r->nsources++)
				r->multi[r->nsources] = 0;
		}
		for (k = 0; k < i; k++)
			if (sources[k]->index == s)
				r->multi[s] = 1;
	}
}

/* Does this source assemble records across files (read whole first)? */
int
reader_gathers(const struct source *src)
{
	return src->ops->finish != NULL;
}

/* Two independent 64-bit hashes: a collision of both is not a worry. */
static void
reader_hash(uint32_t source, const char *s, size_t len, uint64_t h[2])
{
	h[0] = hashmap_hash_seeded(s, len, 0x13198a2e03707344ULL ^ source);
	h[1] = hashmap_hash_seeded(s, len, 0xa4093822299f31d0ULL + source);
}

static void
reader_keep_record(struct reader_file *f, uint32_t file,
    const struct record_id *id)
{
	struct record	*rec;

	if (f->nrecords == f->caprecords) {
		f->caprecords = f->caprecords * 2 + 1024;
		f->records = xreallocarray(f->records, f->caprecords,
		    sizeof *f->records);
	}
	rec = &f->records[f->nrecords++];
	memcpy(rec->hash, id->hash, sizeof rec->hash);
	rec->file = file;
	rec->line = id->line;
	rec->nlines = id->nlines;
	rec->same = NULL;
	rec->duplicate = 0;
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
		reader_hash(ctx->source->index, content, len, id.hash);
	if (reader_gathers(ctx->source)) {
		id.index = (uint32_t)ctx->file->nrecords;
		reader_keep_record(ctx->file, ctx->index, &id);
	}
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
		reject_add(&ctx->file->rejects, ctx->index, line + i, reason,
		    text, n, i == 0 ? msg : NULL);
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

/* An event of a record of this file, now or after more lines. */
void
source_emit_from(struct source_ctx *ctx, const struct record_id *id,
    struct event *ev)
{
	struct reader_file	*f = ctx->file;
	struct reorder_event	 e;

	ev->source = ctx->source->index;
	ev->record = id->line;
	ev->origin.file = ctx->index;
	ev->origin.line = id->line;
	if (ev->time < reader_ripe(f)) {
		reader_out_of_order(ctx, id, ev);
		return;
	}
	e.ev = *ev;
	event_hold(&e.ev);
	memcpy(e.hash, id->hash, sizeof e.hash);
	e.nlines = id->nlines;
	reorder_push(&f->window, &e);
	if (!f->has_latest || ev->time > f->latest)
		f->latest = ev->time;
	f->has_latest = 1;
	reader_event_span(ctx->stats, ev->time);
}

/* A record of any file, for formats that emit when every file is read. */
struct source_ref
source_ref(struct source_ctx *ctx, struct record_id id)
{
	struct source_ref	ref = { ctx->index, id.index };

	return ref;
}

void
source_emit_ref(struct source_ctx *ctx, struct source_ref ref,
    struct event *ev)
{
	struct reader		*r = ctx->reader;
	const struct record	*rec = &r->parts[ref.file].records[ref.record];

	if (r->ngathered == r->capgathered) {
		r->capgathered = r->capgathered * 2 + 1024;
		r->gathered = xreallocarray(r->gathered, r->capgathered,
		    sizeof *r->gathered);
	}
	ev->source = ctx->source->index;
	ev->record = ref.record;
	ev->origin.file = ref.file;
	ev->origin.line = rec->line;
	r->gathered[r->ngathered++] = *ev;
	event_hold(ev);
	reader_event_span(&r->files[ref.file], ev->time);
}

/* Whether a record is a duplicate (known after reader_gather's dedup). */
int
source_duplicate(struct source_ctx *ctx, struct source_ref ref)
{
	return ctx->reader->parts[ref.file].records[ref.record].duplicate;
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
		ctx->stats->error = xstrdup(input_error(f->in));
	if (input_warning(f->in) != NULL)
		source_warn(ctx, "%s", input_warning(f->in));
	input_close(f->in);
	f->eof = 1;
}

/* Read one whole file of a format that gathers across files. */
void
reader_read(struct reader *r, uint32_t file, struct input *in)
{
	struct reader_file	*f = &r->parts[file];

	f->in = in;
	f->state = f->ctx.source->ops->open(f->ctx.source);
	while (reader_lines(f, SIZE_MAX))
		;
	reader_close(f);
	f->in = NULL;
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

/* Read on until a chunk of events is ripe, or the file ends. */
static void
reader_produce(struct reader_file *f, struct reader_chunk *c)
{
	struct reorder_event	e;

	memset(c, 0, sizeof *c);
	while (c->n < READER_CHUNK) {
		if (!f->eof && !reader_lines(f, READER_LINES))
			reader_close(f);
		while (reorder_pop_before(&f->window, f->eof ? INT64_MAX :
		    reader_ripe(f), &e))
			reader_chunk_add(c, &e);
		if (f->eof) {
			c->last = 1;
			return;
		}
	}
}

/* A file's thread reads ahead of the merge, a few chunks at most. */
static void *
reader_thread(void *arg)
{
	struct reader_file	*f = arg;
	struct reader_chunk	 c;

	do {
		reader_produce(f, &c);
		pthread_mutex_lock(&f->lock);
		while (f->nahead == READER_AHEAD)
			pthread_cond_wait(&f->cond, &f->lock);
		f->ahead[(f->head + f->nahead++) % READER_AHEAD] = c;
		pthread_cond_signal(&f->cond);
		pthread_mutex_unlock(&f->lock);
	} while (!c.last);
	refstr_flush();
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

	r->threads = threads;
	for (i = 0; i < r->nfiles; i++) {
		f = &r->parts[i];
		if (inputs[i] == NULL) {
			f->cur.last = 1;
			continue;
		}
		f->in = inputs[i];
		f->state = f->ctx.source->ops->open(f->ctx.source);
		if (!threads)
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
	free(f->cur.v);
	f->at = 0;
	if (!r->threads) {
		reader_produce(f, &f->cur);
		return;
	}
	pthread_mutex_lock(&f->lock);
	while (f->nahead == 0)
		pthread_cond_wait(&f->cond, &f->lock);
	f->cur = f->ahead[f->head];
	f->head = (f->head + 1) % READER_AHEAD;
	f->nahead--;
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

/* The next event of a file, or NULL when it has no more. */
static struct reorder_event *
reader_head(struct reader *r, struct reader_file *f)
{
	while (f->at == f->cur.n) {
		if (f->cur.last) {
			if (f->in != NULL && r->progress != NULL)
				r->progress(f->ctx.stats->name, ++r->ndone,
				    r->nfiles);
			f->in = NULL;
			return NULL;
		}
		reader_take(r, f);
	}
	return &f->cur.v[f->at];
}

static void
reader_batch_add(struct reader *r, const struct reorder_event *e)
{
	if (r->nbatch == r->capbatch) {
		r->capbatch = r->capbatch * 2 + 64;
		r->batch = xreallocarray(r->batch, r->capbatch,
		    sizeof *r->batch);
	}
	r->batch[r->nbatch++] = *e;
}

/* The earliest head of every stream; *from is NULL for gathered events. */
static const struct event *
reader_first(struct reader *r, struct reader_file **from)
{
	const struct event	*best = NULL;
	struct reorder_event	*h;
	size_t			 i;

	*from = NULL;
	for (i = 0; i < r->nfiles; i++) {
		if ((h = reader_head(r, &r->parts[i])) != NULL &&
		    (best == NULL || event_compare(&h->ev, best) < 0)) {
			best = &h->ev;
			*from = &r->parts[i];
		}
	}
	if (r->atgathered < r->ngathered && (best == NULL || event_compare(
	    &r->gathered[r->atgathered], best) < 0)) {
		best = &r->gathered[r->atgathered];
		*from = NULL;
	}
	return best;
}

/* The events of the next time, from every stream, in merge order. */
static int
reader_fill_batch(struct reader *r)
{
	const struct event	*ev;
	struct reader_file	*from;
	struct reorder_event	 e;

	r->nbatch = r->atbatch = 0;
	while ((ev = reader_first(r, &from)) != NULL) {
		if (r->nbatch > 0 && ev->time != r->batch[0].ev.time)
			break;
		if (from != NULL)
			reader_batch_add(r, &from->cur.v[from->at++]);
		else {
			memset(&e, 0, sizeof e);
			e.ev = r->gathered[r->atgathered++];
			reader_batch_add(r, &e);
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
	e->nlines = 0;		/* dropped */
	event_release(&e->ev);
}

/* Identical records of different files meet at one time in the merge. */
static void
reader_dedup_batch(struct reader *r)
{
	struct reorder_event	**g;
	uint32_t		 *file;
	size_t			  i, j, k, n = 0, kept;

	for (i = 1; i < r->nbatch; i++)
		if (r->batch[i].ev.origin.file != r->batch[0].ev.origin.file)
			break;
	if (i >= r->nbatch)
		return;
	g = xreallocarray(NULL, r->nbatch, sizeof *g);
	for (i = 0; i < r->nbatch; i++)
		if (r->batch[i].nlines > 0 && r->multi[r->batch[i].ev.source])
			g[n++] = &r->batch[i];
	qsort(g, n, sizeof *g, reader_event_order);
	file = xreallocarray(NULL, n + 1, sizeof *file);
	for (i = 0; i < n; i++)
		file[i] = g[i]->ev.origin.file;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && reader_event_key_compare(g[i],
		    g[j]) == 0; j++)
			;
		for (k = i + reader_kept(file + i, j - i); k < j; k++)
			reader_count_duplicate(r, g[k]);
	}
	free(file);
	free(g);
	/* Dropped ones have no lines left; gathered ones never had. */
	for (i = kept = 0; i < r->nbatch; i++)
		if (r->batch[i].nlines > 0 ||
		    reader_gathers(r->files[r->batch[i].ev.origin.file].source))
			r->batch[kept++] = r->batch[i];
	r->nbatch = kept;
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
		reader_dedup_batch(r);
	}
	*ev = r->batch[r->atbatch++].ev;
	r->nevents++;
	r->latest = ev->time;
	return 1;
}

/* One group of identical records of a gathering format. */
static void
reader_dedup_records_group(struct reader *r, struct record **g,
    const uint32_t *file, size_t n)
{
	size_t	i;

	for (i = reader_kept(file, n); i < n; i++) {
		g[i]->duplicate = 1;
		r->files[file[i]].used -= g[i]->nlines;
		r->files[file[i]].duplicate += g[i]->nlines;
	}
}

static int
reader_same(const struct record *a, const struct record *b)
{
	return a->hash[0] == b->hash[0] && a->hash[1] == b->hash[1];
}

/*
 * Chain identical records of one gathering source (a hash table of first
 * occurrences); records are visited in file rank and line order, so each
 * chain is in that order too.
 */
static void
reader_chain(struct reader *r, const struct source *src, struct record **head,
    struct record **tail, size_t mask)
{
	struct record	*rec;
	size_t		 f, k, i;

	for (f = 0; f < r->nfiles; f++) {
		if (r->files[f].source != src)
			continue;
		for (k = 0; k < r->parts[f].nrecords; k++) {
			rec = &r->parts[f].records[k];
			for (i = rec->hash[0] & mask; head[i] != NULL &&
			    !reader_same(head[i], rec); i = (i + 1) & mask)
				;
			if (head[i] == NULL)
				head[i] = rec;
			else
				tail[i]->same = rec;
			tail[i] = rec;
		}
	}
}

static void
reader_dedup_records(struct reader *r, const struct source *src)
{
	struct record	**head, **tail, **g = NULL, *rec;
	uint32_t	 *file = NULL;
	size_t		  i, n, total = 0, size = 16;

	for (i = 0; i < r->nfiles; i++)
		if (r->files[i].source == src)
			total += r->parts[i].nrecords;
	while (size < 2 * total)
		size *= 2;
	head = xcalloc(size, sizeof *head);
	tail = xcalloc(size, sizeof *tail);
	reader_chain(r, src, head, tail, size - 1);
	for (i = 0; i < size; i++) {
		if (head[i] == NULL || head[i]->same == NULL)
			continue;
		for (n = 0, rec = head[i]; rec != NULL; rec = rec->same) {
			g = xreallocarray(g, n + 1, sizeof *g);
			file = xreallocarray(file, n + 1, sizeof *file);
			file[n] = rec->file;
			g[n++] = rec;
		}
		reader_dedup_records_group(r, g, file, n);
	}
	free(g);
	free(file);
	free(head);
	free(tail);
}

/*
 * After their files are read: the formats that gather across files
 * learn their duplicates and emit their events, sorted into one more
 * stream for the merge.
 */
void
reader_gather(struct reader *r, struct source *const *sources, size_t n)
{
	struct source_ctx	 ctx;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (!reader_gathers(sources[i]))
			continue;
		if (sources[i]->index < r->nsources &&
		    r->multi[sources[i]->index])
			reader_dedup_records(r, sources[i]);
		memset(&ctx, 0, sizeof ctx);
		ctx.reader = r;
		ctx.source = sources[i];
		sources[i]->ops->finish(sources[i], &ctx);
	}
	if (r->ngathered > 1)
		qsort(r->gathered, r->ngathered, sizeof *r->gathered,
		    event_compare);
}

/* Every stream is drained: the accounting and rejects are final. */
void
reader_end(struct reader *r)
{
	struct reader_file	*f;
	size_t			 i;

	for (i = 0; i < r->nfiles; i++) {
		f = &r->parts[i];
		if (r->threads && f->state != NULL && !reader_gathers(
		    f->ctx.source)) {
			pthread_join(f->thread, NULL);
			pthread_mutex_destroy(&f->lock);
			pthread_cond_destroy(&f->cond);
		}
		r->files[i].used -= f->duplicate;
		r->files[i].duplicate += f->duplicate;
		reject_move(&r->rejects, &f->rejects);
	}
	reject_sort(&r->rejects);
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
		free(f->records);
		free(f->cur.v);
		reorder_free(&f->window);
		reject_free(&f->rejects);
	}
	free(r->parts);
	free(r->files);
	free(r->multi);
	free(r->gathered);
	free(r->batch);
	if (r->counted != NULL) {
		hashmap_free(r->counted, NULL);
		free(r->counted);
	}
	reject_free(&r->rejects);
}
