#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "input.h"
#include "reader.h"
#include "source.h"
#include "xmalloc.h"

struct source_ctx {
	struct reader		*reader;
	struct reader_part	*part;		/* NULL: after reading */
	struct file_stats	*stats;
	uint32_t		 file;
	const struct source	*source;
	uint32_t		 record;	/* of the events emitted next */
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

/* Two independent 64-bit hashes: a collision of both is not a worry. */
static void
reader_hash(uint32_t source, const char *s, size_t len, uint64_t h[2])
{
	h[0] = hashmap_hash_seeded(s, len, 0x13198a2e03707344ULL ^ source);
	h[1] = hashmap_hash_seeded(s, len, 0xa4093822299f31d0ULL + source);
}

/* A record of the file being read; its id is local to the file. */
uint32_t
source_record(struct source_ctx *ctx, uint64_t line, uint64_t nlines,
    const char *content, size_t len)
{
	struct reader_part	*p = ctx->part;
	struct record		*rec;

	if (p->nrecords == p->caprecords) {
		p->caprecords = p->caprecords * 2 + 1024;
		p->records = xreallocarray(p->records, p->caprecords,
		    sizeof *p->records);
	}
	rec = &p->records[p->nrecords];
	if (ctx->reader->multi[ctx->source->index])
		reader_hash(ctx->source->index, content, len, rec->hash);
	rec->source = ctx->source->index;
	rec->file = ctx->file;
	rec->line = (uint32_t)line;
	rec->nlines = (uint32_t)nlines;
	rec->duplicate = 0;
	ctx->record = (uint32_t)p->nrecords++;
	ctx->stats->used += nlines;
	return ctx->record;
}

/* An event of the record last given to source_record. */
void
source_emit(struct source_ctx *ctx, struct event *ev)
{
	source_emit_from(ctx, ctx->record, ev);
}

/*
 * An event of an earlier record of this file (a decision that waited for
 * more lines); its origin is the record's first line.
 */
void
source_emit_from(struct source_ctx *ctx, uint32_t record, struct event *ev)
{
	struct source_ref	ref = { ctx->file, record };

	source_emit_ref(ctx, ref, ev);
}

/* A record of any file, for formats that emit when every file is read. */
struct source_ref
source_ref(struct source_ctx *ctx, uint32_t record)
{
	struct source_ref	ref = { ctx->file, record };

	return ref;
}

void
source_emit_ref(struct source_ctx *ctx, struct source_ref ref,
    struct event *ev)
{
	struct reader		*r = ctx->reader;
	struct reader_part	*p = ctx->part;
	struct file_stats	*f = &r->files[ref.file];
	const struct record	*rec = &r->parts[ref.file].records[ref.record];
	struct event		**v;
	size_t			*n, *cap;

	v = p != NULL ? &p->events : &r->events;
	n = p != NULL ? &p->nevents : &r->nevents;
	cap = p != NULL ? &p->capevents : &r->capevents;
	if (*n == *cap) {
		*cap = *cap * 2 + 1024;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	ev->source = ctx->source->index;
	ev->record = ref.record;
	ev->origin.file = ref.file;
	ev->origin.line = (uint32_t)rec->line;
	(*v)[(*n)++] = *ev;
	if (!f->has_events || ev->time < f->first_event)
		f->first_event = ev->time;
	if (!f->has_events || ev->time > f->last_event)
		f->last_event = ev->time;
	f->has_events = 1;
}

/* Whether a record is a duplicate (known after reader_dedup). */
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
		reject_add(&ctx->part->rejects, ctx->file, line + i, reason,
		    text, n, i == 0 ? msg : NULL);
		text += nl != NULL ? n + 1 : n;
		len -= nl != NULL ? n + 1 : n;
	}
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

/* Read one whole file through its source. */
void
reader_read(struct reader *r, uint32_t file, struct input *in,
    const struct source *src)
{
	struct source_ctx	 ctx;
	void			*state;
	const char		*line;
	size_t			 len;
	int			 flags, ret;

	memset(&ctx, 0, sizeof ctx);
	ctx.reader = r;
	ctx.part = &r->parts[file];
	ctx.stats = &r->files[file];
	ctx.file = file;
	ctx.source = src;
	state = src->ops->open(src);
	while ((ret = input_line(in, &line, &len, &flags)) == 1) {
		ctx.stats->read++;
		if (flags & INPUT_TRUNCATED)
			source_reject(&ctx, input_lineno(in), 1,
			    REJECT_TRUNCATED, line, len,
			    "line cut short by the end of the data");
		else if (flags & INPUT_TOO_LONG)
			source_reject(&ctx, input_lineno(in), 1,
			    REJECT_TOO_LONG, line, 256,
			    "line longer than %d bytes", INPUT_MAX_LINE);
		else
			src->ops->line(state, &ctx, line, len,
			    input_lineno(in));
	}
	src->ops->close(state, &ctx);
	input_sha256(in, ctx.stats->sha256);
	ctx.stats->size = input_size(in);
	if (input_error(in) != NULL)
		ctx.stats->error = xstrdup(input_error(in));
	if (input_warning(in) != NULL)
		source_warn(&ctx, "%s", input_warning(in));
}

/*
 * One group of identical records: keep as many as the file holding the
 * most has (max(k, m)), the first in file and line order.
 */
static void
reader_dedup_group(struct reader *r, struct record **g, size_t n)
{
	size_t		i, j, most = 0, run;

	for (i = 0; i < n; i = j) {
		for (j = i; j < n && g[j]->file == g[i]->file; j++)
			;
		run = j - i;
		if (run > most)
			most = run;
	}
	for (i = most; i < n; i++) {
		g[i]->duplicate = 1;
		r->files[g[i]->file].used -= g[i]->nlines;
		r->files[g[i]->file].duplicate += g[i]->nlines;
	}
}

/* Sort events in time order (SPEC §5), unless they are already. */
static void
reader_sort(struct event *v, size_t n)
{
	size_t	i;

	for (i = 1; i < n; i++)
		if (event_compare(&v[i - 1], &v[i]) > 0)
			break;
	if (i < n)
		qsort(v, n, sizeof *v, event_compare);
}

/* One file's events in time order: done by the thread that read it. */
void
reader_sort_part(struct reader *r, uint32_t file)
{
	reader_sort(r->parts[file].events, r->parts[file].nevents);
}

/*
 * Merge runs of sorted events (k-way, like sort -m): run i is
 * v[i][0 .. n[i]); the result goes to out.
 */
static void
reader_kmerge(struct event **v, size_t *n, size_t k, struct event *out)
{
	size_t	*at, i, best, o = 0;

	at = xcalloc(k + 1, sizeof *at);
	for (;;) {
		best = k;
		for (i = 0; i < k; i++)
			if (at[i] < n[i] && (best == k || event_compare(
			    &v[i][at[i]], &v[best][at[best]]) < 0))
				best = i;
		if (best == k)
			break;
		out[o++] = v[best][at[best]++];
	}
	free(at);
}

/* The parts' events merged in time order, their rejects in rank order. */
void
reader_merge(struct reader *r)
{
	struct reader_part	*p, *only = NULL;
	struct event		**v;
	size_t			 i, *n, total = 0, runs = 0;

	v = xcalloc(r->nfiles + 1, sizeof *v);
	n = xcalloc(r->nfiles + 1, sizeof *n);
	for (i = 0; i < r->nfiles; i++) {
		v[i] = r->parts[i].events;
		n[i] = r->parts[i].nevents;
		total += n[i];
		if (n[i] > 0) {
			runs++;
			only = &r->parts[i];
		}
	}
	if (runs == 1) {
		/* One file's events: already in order, taken as they are. */
		r->events = only->events;
		r->capevents = only->capevents;
		only->events = NULL;
	} else {
		r->capevents = total + 1024;
		r->events = xreallocarray(NULL, r->capevents,
		    sizeof *r->events);
		reader_kmerge(v, n, r->nfiles, r->events);
	}
	r->nevents = total;
	free(v);
	free(n);
	for (i = 0; i < r->nfiles; i++) {
		p = &r->parts[i];
		free(p->events);
		p->events = NULL;
		p->nevents = p->capevents = 0;
		reject_move(&r->rejects, &p->rejects);
	}
	reject_sort(&r->rejects);
}

static int
reader_same(const struct record *a, const struct record *b)
{
	return a->source == b->source && a->hash[0] == b->hash[0] &&
	    a->hash[1] == b->hash[1];
}

/*
 * Chain identical records (a hash table of first occurrences); records
 * are visited in file rank and line order, so each chain is in that
 * order too.
 */
static void
reader_chain(struct reader *r, struct record **head, struct record **tail,
    size_t mask)
{
	struct record	*rec;
	size_t		 f, k, i;

	for (f = 0; f < r->nfiles; f++) {
		if (!r->multi[r->files[f].source->index])
			continue;
		for (k = 0; k < r->parts[f].nrecords; k++) {
			rec = &r->parts[f].records[k];
			rec->same = NULL;
			for (i = (rec->hash[0] ^ rec->source) & mask;
			    head[i] != NULL && !reader_same(head[i], rec);
			    i = (i + 1) & mask)
				;
			if (head[i] == NULL)
				head[i] = rec;
			else
				tail[i]->same = rec;
			tail[i] = rec;
		}
	}
}

void
reader_dedup(struct reader *r)
{
	struct record	**head, **tail, **g = NULL, *rec;
	size_t		  i, n, kept, total = 0, size = 16;

	for (i = 0; i < r->nfiles; i++)
		if (r->multi[r->files[i].source->index])
			total += r->parts[i].nrecords;
	while (size < 2 * total)
		size *= 2;
	head = xcalloc(size, sizeof *head);
	tail = xcalloc(size, sizeof *tail);
	reader_chain(r, head, tail, size - 1);
	for (i = 0; i < size; i++) {
		if (head[i] == NULL || head[i]->same == NULL)
			continue;
		for (n = 0, rec = head[i]; rec != NULL; rec = rec->same) {
			g = xreallocarray(g, n + 1, sizeof *g);
			g[n++] = rec;
		}
		reader_dedup_group(r, g, n);
	}
	free(g);
	free(head);
	free(tail);
	for (i = kept = 0; i < r->nevents; i++) {
		if (!r->parts[r->events[i].origin.file].records[
		    r->events[i].record].duplicate)
			r->events[kept++] = r->events[i];
	}
	r->nevents = kept;
}

/*
 * Formats that gather across files emit their events now; they are
 * sorted and merged into the others.
 */
void
reader_finish(struct reader *r, struct source *const *sources, size_t n)
{
	struct source_ctx	 ctx;
	struct event		*v[2], *out;
	size_t			 i, len[2], before = r->nevents;

	for (i = 0; i < n; i++) {
		if (sources[i]->ops->finish == NULL)
			continue;
		memset(&ctx, 0, sizeof ctx);
		ctx.reader = r;
		ctx.source = sources[i];
		sources[i]->ops->finish(sources[i], &ctx);
	}
	if (r->nevents == before)
		return;
	reader_sort(r->events + before, r->nevents - before);
	if (before == 0)
		return;
	v[0] = r->events;
	len[0] = before;
	v[1] = r->events + before;
	len[1] = r->nevents - before;
	out = xreallocarray(NULL, r->nevents + 1, sizeof *out);
	reader_kmerge(v, len, 2, out);
	free(r->events);
	r->events = out;
	r->capevents = r->nevents + 1;
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
	size_t	i, j;

	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].error);
		for (j = 0; j < r->files[i].nwarnings; j++)
			free(r->files[i].warnings[j]);
		free(r->files[i].warnings);
	}
	for (i = 0; i < r->nfiles; i++) {
		free(r->parts[i].events);
		free(r->parts[i].records);
		reject_free(&r->parts[i].rejects);
	}
	free(r->parts);
	free(r->files);
	free(r->multi);
	free(r->events);
	reject_free(&r->rejects);
}
