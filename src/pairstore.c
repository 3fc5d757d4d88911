#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pairstore.h"
#include "refstr.h"
#include "sla.h"
#include "xmalloc.h"

#define PAIRSTORE_READ	65536	/* bytes read from a run at once */

/*
 * A run on disk: records of a struct verdict as it is in memory (its
 * strings are interned, so their addresses hold for the whole run of the
 * program), then the thread's length and bytes (a counted string may be
 * gone by the time the run is read back).
 */
struct pairstore_run {
	off_t		 start;
	off_t		 end;
	off_t		 pos;		/* of what buf does not hold yet */
	char		*buf;
	size_t		 len;
	size_t		 at;
	size_t		 cap;
	struct verdict	 cur;
	int		 has;		/* cur is the run's next */
};

struct pairstore {
	struct verdict		*batch;
	size_t			 n;
	size_t			 limit;
	size_t			 at;		/* reading the batch */
	uint64_t		 total;
	FILE			*tmp;
	off_t			 size;
	struct pairstore_run	*runs;
	size_t			 nruns;
	struct pairstore_run	*last;		/* to advance on next */
};

/* The order of the pairs report (SPEC §7). */
static int
pairstore_compare(const void *va, const void *vb)
{
	const struct verdict	*a = va, *b = vb;
	int			 r;

	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if ((r = strcmp(a->department, b->department)) != 0)
		return r;
	if ((r = strcmp(a->agent_name, b->agent_name)) != 0)
		return r;
	if ((r = strcmp(a->pair.channel, b->pair.channel)) != 0)
		return r;
	if (a->pair.agent != b->pair.agent && a->pair.agent != NULL &&
	    b->pair.agent != NULL &&
	    (r = strcmp(a->pair.agent, b->pair.agent)) != 0)
		return r;
	if (a->pair.requested != b->pair.requested)
		return a->pair.requested < b->pair.requested ? -1 : 1;
	if ((r = strcmp(a->pair.thread, b->pair.thread)) != 0)
		return r;
	if (a->pair.origin.file != b->pair.origin.file)
		return a->pair.origin.file < b->pair.origin.file ? -1 : 1;
	return a->pair.origin.line < b->pair.origin.line ? -1 :
	    a->pair.origin.line > b->pair.origin.line;
}

/* At most limit verdicts are held in memory at once. */
struct pairstore *
pairstore_new(size_t limit)
{
	struct pairstore	*ps;

	ps = xcalloc(1, sizeof *ps);
	ps->limit = limit > 0 ? limit : 1;
	return ps;
}

/* An unlinked file in $TMPDIR (or /tmp), as sort(1) makes them. */
static FILE *
pairstore_tmpfile(char **cause)
{
	const char	*dir = getenv("TMPDIR");
	char		*path;
	FILE		*f;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/respstat.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	unlink(path);
	free(path);
	if ((f = fdopen(fd, "w+")) == NULL) {
		*cause = xasprintf("temporary file: %s", strerror(errno));
		close(fd);
	}
	return f;
}

/* The batch, sorted, as a run at the end of the temporary file. */
static int
pairstore_spill(struct pairstore *ps, char **cause)
{
	struct pairstore_run	*run;
	const struct verdict	*v;
	uint32_t		 len;
	size_t			 i;

	if (ps->tmp == NULL && (ps->tmp = pairstore_tmpfile(cause)) == NULL)
		return -1;
	if (ps->n > 1)
		qsort(ps->batch, ps->n, sizeof *ps->batch, pairstore_compare);
	ps->runs = xreallocarray(ps->runs, ps->nruns + 1, sizeof *ps->runs);
	run = &ps->runs[ps->nruns++];
	memset(run, 0, sizeof *run);
	run->start = ps->size;
	for (i = 0; i < ps->n; i++) {
		v = &ps->batch[i];
		len = (uint32_t)strlen(v->pair.thread);
		if (fwrite(v, sizeof *v, 1, ps->tmp) != 1 ||
		    fwrite(&len, sizeof len, 1, ps->tmp) != 1 ||
		    fwrite(v->pair.thread, 1, len, ps->tmp) != len)
			break;
		ps->size += (off_t)(sizeof *v + sizeof len + len);
		refstr_unref(v->pair.thread);
	}
	run->end = ps->size;
	if (i < ps->n || fflush(ps->tmp) == EOF) {
		*cause = xasprintf("temporary file: %s", strerror(errno));
		for (; i < ps->n; i++)
			refstr_unref(ps->batch[i].pair.thread);
		ps->n = 0;
		return -1;
	}
	ps->n = 0;
	return 0;
}

/* Keep a verdict (its thread is held; its customer is not printed). */
int
pairstore_add(struct pairstore *ps, const struct verdict *v, char **cause)
{
	if (ps->n == ps->limit && pairstore_spill(ps, cause) == -1)
		return -1;
	if (ps->batch == NULL)
		ps->batch = xreallocarray(NULL, ps->limit, sizeof *ps->batch);
	ps->batch[ps->n] = *v;
	ps->batch[ps->n].pair.customer = NULL;
	refstr_ref(v->pair.thread);
	ps->n++;
	ps->total++;
	return 0;
}

size_t
pairstore_count(const struct pairstore *ps)
{
	return (size_t)ps->total;
}

/* Have n bytes of the run at buf + at; 0 at the run's end. */
static int
pairstore_need(struct pairstore *ps, struct pairstore_run *run, size_t n,
    char **cause)
{
	size_t	want;
	ssize_t	got;

	if (run->len - run->at >= n)
		return 1;
	if (run->cap < n || run->cap < PAIRSTORE_READ) {
		run->cap = n > PAIRSTORE_READ ? n : PAIRSTORE_READ;
		run->buf = xreallocarray(run->buf, run->cap, 1);
	}
	memmove(run->buf, run->buf + run->at, run->len - run->at);
	run->len -= run->at;
	run->at = 0;
	while (run->len < n && run->pos < run->end) {
		want = run->cap - run->len;
		if ((off_t)want > run->end - run->pos)
			want = (size_t)(run->end - run->pos);
		got = pread(fileno(ps->tmp), run->buf + run->len, want,
		    run->pos);
		if (got <= 0) {
			*cause = xasprintf("temporary file: %s", got == 0 ?
			    "cut short" : strerror(errno));
			return -1;
		}
		run->len += (size_t)got;
		run->pos += got;
	}
	return run->len >= n;
}

/* The run's next record into run->cur; its thread points into buf. */
static int
pairstore_read(struct pairstore *ps, struct pairstore_run *run,
    char **cause)
{
	uint32_t	len;
	int		r;

	run->has = 0;
	if ((r = pairstore_need(ps, run, sizeof run->cur + sizeof len,
	    cause)) <= 0)
		return r;
	memcpy(&run->cur, run->buf + run->at, sizeof run->cur);
	memcpy(&len, run->buf + run->at + sizeof run->cur, sizeof len);
	if ((r = pairstore_need(ps, run, sizeof run->cur + sizeof len + len,
	    cause)) <= 0) {
		if (r == 0)
			*cause = xstrdup("temporary file: cut short");
		return -1;
	}
	/* One byte back, over the length read, to end it with a NUL. */
	run->at += sizeof run->cur + sizeof len;
	memmove(run->buf + run->at - 1, run->buf + run->at, len);
	run->buf[run->at - 1 + len] = '\0';
	run->cur.pair.thread = run->buf + run->at - 1;
	run->at += len;
	run->has = 1;
	return 1;
}

/* Read from the first: the batch sorted, or the first of every run. */
int
pairstore_rewind(struct pairstore *ps, char **cause)
{
	size_t	i;

	ps->last = NULL;
	ps->at = 0;
	if (ps->nruns == 0) {
		if (ps->n > 1)
			qsort(ps->batch, ps->n, sizeof *ps->batch,
			    pairstore_compare);
		return 0;
	}
	if (ps->n > 0 && pairstore_spill(ps, cause) == -1)
		return -1;
	for (i = 0; i < ps->nruns; i++) {
		ps->runs[i].pos = ps->runs[i].start;
		ps->runs[i].len = ps->runs[i].at = 0;
		if (pairstore_read(ps, &ps->runs[i], cause) == -1)
			return -1;
	}
	return 0;
}

/*
 * The next verdict in order: 1, 0 at the end, -1 on error.  Its thread
 * is good until the next call.
 */
int
pairstore_next(struct pairstore *ps, struct verdict *v, char **cause)
{
	struct pairstore_run	*best = NULL;
	size_t			 i;

	if (ps->nruns == 0) {
		if (ps->at == ps->n)
			return 0;
		*v = ps->batch[ps->at++];
		return 1;
	}
	if (ps->last != NULL && pairstore_read(ps, ps->last, cause) == -1)
		return -1;
	for (i = 0; i < ps->nruns; i++)
		if (ps->runs[i].has && (best == NULL || pairstore_compare(
		    &ps->runs[i].cur, &best->cur) < 0))
			best = &ps->runs[i];
	if ((ps->last = best) == NULL)
		return 0;
	*v = best->cur;
	return 1;
}

void
pairstore_free(struct pairstore *ps)
{
	size_t	i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++)
		refstr_unref(ps->batch[i].pair.thread);
	for (i = 0; i < ps->nruns; i++)
		free(ps->runs[i].buf);
	free(ps->runs);
	free(ps->batch);
	if (ps->tmp != NULL)
		fclose(ps->tmp);
	free(ps);
}
