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
	struct file_stats	*stats;
	uint32_t		 file;
	const struct source	*source;
	uint32_t		 record;	/* of the events emitted next */
	uint64_t		 line;
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

uint32_t
source_record(struct source_ctx *ctx, uint64_t line, uint64_t nlines,
    const char *content, size_t len)
{
	struct reader	*r = ctx->reader;
	struct record	*rec;

	if (r->nrecords == r->caprecords) {
		r->caprecords = r->caprecords * 2 + 1024;
		r->records = xreallocarray(r->records, r->caprecords,
		    sizeof *r->records);
	}
	rec = &r->records[r->nrecords];
	if (r->multi[ctx->source->index])
		reader_hash(ctx->source->index, content, len, rec->hash);
	rec->source = ctx->source->index;
	rec->file = ctx->file;
	rec->line = line;
	rec->nlines = nlines;
	rec->duplicate = 0;
	ctx->record = (uint32_t)r->nrecords++;
	ctx->line = line;
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
 * An event of an earlier record (a decision that waited for more lines);
 * its origin is the record's first line.
 */
void
source_emit_from(struct source_ctx *ctx, uint32_t record, struct event *ev)
{
	struct reader		*r = ctx->reader;
	struct file_stats	*f = &r->files[r->records[record].file];

	if (r->nevents == r->capevents) {
		r->capevents = r->capevents * 2 + 1024;
		r->events = xreallocarray(r->events, r->capevents,
		    sizeof *r->events);
	}
	ev->source = ctx->source->index;
	ev->record = record;
	ev->origin.file = r->records[record].file;
	ev->origin.line = (uint32_t)r->records[record].line;
	r->events[r->nevents++] = *ev;
	if (!f->has_events || ev->time < f->first_event)
		f->first_event = ev->time;
	if (!f->has_events || ev->time > f->last_event)
		f->last_event = ev->time;
	f->has_events = 1;
}

/* Whether a record is a duplicate (known after reader_dedup). */
int
source_duplicate(struct source_ctx *ctx, uint32_t record)
{
	return ctx->reader->records[record].duplicate;
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
		reject_add(&ctx->reader->rejects, ctx->file, line + i, reason,
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

static int
reader_record_compare(const void *va, const void *vb)
{
	const struct record	*a = *(struct record *const *)va;
	const struct record	*b = *(struct record *const *)vb;

	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->hash[0] != b->hash[0])
		return a->hash[0] < b->hash[0] ? -1 : 1;
	if (a->hash[1] != b->hash[1])
		return a->hash[1] < b->hash[1] ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return 0;
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

void
reader_dedup(struct reader *r)
{
	struct record	**order;
	size_t		  i, j, n = 0, kept;

	order = xreallocarray(NULL, r->nrecords, sizeof *order);
	for (i = 0; i < r->nrecords; i++)
		if (r->multi[r->records[i].source])
			order[n++] = &r->records[i];
	if (n > 1)
		qsort(order, n, sizeof *order, reader_record_compare);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n &&
		    order[j]->source == order[i]->source &&
		    order[j]->hash[0] == order[i]->hash[0] &&
		    order[j]->hash[1] == order[i]->hash[1]; j++)
			;
		if (j - i > 1)
			reader_dedup_group(r, order + i, j - i);
	}
	free(order);
	for (i = kept = 0; i < r->nevents; i++) {
		if (!r->records[r->events[i].record].duplicate)
			r->events[kept++] = r->events[i];
	}
	r->nevents = kept;
}

/* Formats that gather across files emit their events now. */
void
reader_finish(struct reader *r, struct source *const *sources, size_t n)
{
	struct source_ctx	ctx;
	size_t			i;

	for (i = 0; i < n; i++) {
		if (sources[i]->ops->finish == NULL)
			continue;
		memset(&ctx, 0, sizeof ctx);
		ctx.reader = r;
		ctx.source = sources[i];
		sources[i]->ops->finish(sources[i], &ctx);
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
	free(r->files);
	free(r->multi);
	free(r->events);
	free(r->records);
	reject_free(&r->rejects);
}
