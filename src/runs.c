#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refstr.h"
#include "runs.h"
#include "xmalloc.h"

#define RUNS_READ	65536		/* bytes read from a run at once */
#define RUNS_NULL	UINT32_MAX	/* the length written for NULL */

/* A run on disk: [start, end) of the file, read through buf. */
struct runs_run {
	off_t		 start;
	off_t		 end;
	off_t		 pos;		/* of what buf does not hold yet */
	char		*buf;
	size_t		 len;
	size_t		 at;
	size_t		 cap;
	void		*cur;		/* its next record, if has */
	int		 has;
	char		*text;		/* borrowed strings of cur */
	size_t		 textcap;
};

struct runs {
	const struct runs_type	*type;
	unsigned char		*batch;
	size_t			 n;
	size_t			 limit;
	size_t			 at;		/* reading the batch */
	size_t			 total;
	FILE			*tmp;
	off_t			 size;
	struct runs_run		*runs;
	size_t			 nruns;
	struct runs_run		*last;		/* to advance on next */
};

static const char **
runs_string(const struct runs *rs, const void *rec, size_t k)
{
	return (const char **)(uintptr_t)((const char *)rec +
	    rs->type->strings[k]);
}

static size_t
runs_length(const struct runs *rs, const void *rec, size_t k)
{
	const char	*s = *runs_string(rs, rec, k);
	size_t		 len;

	if (rs->type->lengths[k] == RUNS_STRLEN)
		return strlen(s);
	memcpy(&len, (const char *)rec + rs->type->lengths[k], sizeof len);
	return len;
}

static void *
runs_at(const struct runs *rs, size_t i)
{
	return rs->batch + i * rs->type->size;
}

static void
runs_release(const struct runs *rs, void *rec)
{
	size_t	k;

	for (k = 0; k < rs->type->nstrings; k++) {
		if (rs->type->owned)
			free((char *)(uintptr_t)*runs_string(rs, rec, k));
		else
			refstr_unref(*runs_string(rs, rec, k));
	}
}

/* At most limit records are held in memory at once. */
struct runs *
runs_new(const struct runs_type *type, size_t limit)
{
	struct runs	*rs;

	rs = xcalloc(1, sizeof *rs);
	rs->type = type;
	rs->limit = limit > 0 ? limit : 1;
	return rs;
}

/* An unlinked file in $TMPDIR (or /tmp), as sort(1) makes them. */
static FILE *
runs_tmpfile(char **cause)
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

static int
runs_write(struct runs *rs, void *rec)
{
	const char	*s;
	uint32_t	 len;
	size_t		 k;

	if (fwrite(rec, rs->type->size, 1, rs->tmp) != 1)
		return -1;
	rs->size += (off_t)rs->type->size;
	for (k = 0; k < rs->type->nstrings; k++) {
		s = *runs_string(rs, rec, k);
		len = s != NULL ? (uint32_t)runs_length(rs, rec, k) : RUNS_NULL;
		if (fwrite(&len, sizeof len, 1, rs->tmp) != 1 || (s != NULL &&
		    fwrite(s, 1, len, rs->tmp) != len))
			return -1;
		rs->size += (off_t)(sizeof len + (s != NULL ? len : 0));
	}
	return 0;
}

/* The batch, sorted, as a run at the end of the temporary file. */
static int
runs_spill(struct runs *rs, char **cause)
{
	struct runs_run	*run;
	size_t		 i;
	int		 ok = 1;

	if (rs->tmp == NULL && (rs->tmp = runs_tmpfile(cause)) == NULL)
		return -1;
	if (rs->n > 1)
		qsort(rs->batch, rs->n, rs->type->size, rs->type->compare);
	rs->runs = xreallocarray(rs->runs, rs->nruns + 1, sizeof *rs->runs);
	run = &rs->runs[rs->nruns++];
	memset(run, 0, sizeof *run);
	run->start = rs->size;
	for (i = 0; i < rs->n; i++) {
		if (ok && runs_write(rs, runs_at(rs, i)) == -1)
			ok = 0;
		runs_release(rs, runs_at(rs, i));
	}
	rs->n = 0;
	run->end = rs->size;
	if (!ok || fflush(rs->tmp) == EOF) {
		*cause = xasprintf("temporary file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Keep a copy of a record: with references of its own to its counted
 * strings, or taking over its owned ones.
 */
int
runs_add(struct runs *rs, const void *rec, char **cause)
{
	size_t	k;

	if (rs->n == rs->limit && runs_spill(rs, cause) == -1)
		return -1;
	if (rs->batch == NULL)
		rs->batch = xreallocarray(NULL, rs->limit, rs->type->size);
	memcpy(runs_at(rs, rs->n), rec, rs->type->size);
	for (k = 0; k < rs->type->nstrings && !rs->type->owned; k++)
		refstr_ref(*runs_string(rs, runs_at(rs, rs->n), k));
	rs->n++;
	rs->total++;
	return 0;
}

size_t
runs_count(const struct runs *rs)
{
	return rs->total;
}

/* Have n bytes of the run at buf + at; 0 at the run's end. */
static int
runs_need(struct runs *rs, struct runs_run *run, size_t n, char **cause)
{
	size_t	want;
	ssize_t	got;

	if (run->len - run->at >= n)
		return 1;
	if (run->cap < n || run->cap < RUNS_READ) {
		run->cap = n > RUNS_READ ? n : RUNS_READ;
		run->buf = xreallocarray(run->buf, run->cap, 1);
	}
	memmove(run->buf, run->buf + run->at, run->len - run->at);
	run->len -= run->at;
	run->at = 0;
	while (run->len < n && run->pos < run->end) {
		want = run->cap - run->len;
		if ((off_t)want > run->end - run->pos)
			want = (size_t)(run->end - run->pos);
		got = pread(fileno(rs->tmp), run->buf + run->len, want,
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

/*
 * The length of the run's next record: its struct and its strings, all
 * made to be in buf from at (a refill moves what is read, so offsets are
 * kept from the record's start); 0 at the end of the run.
 */
static int
runs_span(struct runs *rs, struct runs_run *run, size_t *span,
    size_t *text, char **cause)
{
	uint32_t	len;
	size_t		k, off = rs->type->size;
	int		r;

	*text = 0;
	if ((r = runs_need(rs, run, off, cause)) <= 0)
		return r;
	for (k = 0; k < rs->type->nstrings; k++) {
		if ((r = runs_need(rs, run, off + sizeof len, cause)) <= 0)
			goto short_;
		memcpy(&len, run->buf + run->at + off, sizeof len);
		off += sizeof len;
		if (len == RUNS_NULL)
			continue;
		if ((r = runs_need(rs, run, off + len, cause)) <= 0)
			goto short_;
		off += len;
		*text += len + 1;
	}
	*span = off;
	return 1;
short_:
	if (r == 0)
		*cause = xstrdup("temporary file: cut short");
	return -1;
}

/* The run's next record into run->cur. */
static int
runs_read(struct runs *rs, struct runs_run *run, char **cause)
{
	const char	*p, *s;
	char		*t;
	uint32_t	 len;
	size_t		 k, span, text, slen;
	int		 r;

	run->has = 0;
	if ((r = runs_span(rs, run, &span, &text, cause)) <= 0)
		return r;
	if (run->cur == NULL)
		run->cur = xmalloc(rs->type->size);
	if (run->textcap < text) {
		run->textcap = text * 2;
		run->text = xreallocarray(run->text, run->textcap, 1);
	}
	p = run->buf + run->at;
	memcpy(run->cur, p, rs->type->size);
	p += rs->type->size;
	t = run->text;
	for (k = 0; k < rs->type->nstrings; k++) {
		memcpy(&len, p, sizeof len);
		p += sizeof len;
		s = NULL;
		if (len != RUNS_NULL && !rs->type->borrowed)
			s = refstr_get(p, len);
		else if (len != RUNS_NULL) {
			memcpy(t, p, len);
			t[len] = '\0';
			s = t;
			t += len + 1;
		}
		if (len != RUNS_NULL)
			p += len;
		*runs_string(rs, run->cur, k) = s;
		slen = len != RUNS_NULL ? len : 0;
		if (rs->type->lengths[k] != RUNS_STRLEN)
			memcpy((char *)run->cur + rs->type->lengths[k], &slen,
			    sizeof slen);
	}
	run->at += span;
	run->has = 1;
	return 1;
}

/*
 * Read from the first: the batch sorted, or the first of every run.
 * Records whose strings are not borrowed are read once only.
 */
int
runs_rewind(struct runs *rs, char **cause)
{
	size_t	i;

	rs->last = NULL;
	rs->at = 0;
	if (rs->nruns == 0) {
		if (rs->n > 1)
			qsort(rs->batch, rs->n, rs->type->size,
			    rs->type->compare);
		return 0;
	}
	if (rs->n > 0 && runs_spill(rs, cause) == -1)
		return -1;
	for (i = 0; i < rs->nruns; i++) {
		if (rs->runs[i].has && !rs->type->borrowed)
			runs_release(rs, rs->runs[i].cur);
		rs->runs[i].pos = rs->runs[i].start;
		rs->runs[i].len = rs->runs[i].at = 0;
		if (runs_read(rs, &rs->runs[i], cause) == -1)
			return -1;
	}
	return 0;
}

/*
 * The next record in order: 1, 0 at the end, -1 on error.  Its counted
 * strings are the caller's, or borrowed until the next call.
 */
int
runs_next(struct runs *rs, void *rec, char **cause)
{
	struct runs_run	*best = NULL;
	size_t		 i;

	if (rs->nruns == 0) {
		if (rs->at == rs->n)
			return 0;
		memcpy(rec, runs_at(rs, rs->at++), rs->type->size);
		return 1;
	}
	if (rs->last != NULL && runs_read(rs, rs->last, cause) == -1)
		return -1;
	for (i = 0; i < rs->nruns; i++)
		if (rs->runs[i].has && (best == NULL || rs->type->compare(
		    rs->runs[i].cur, best->cur) < 0))
			best = &rs->runs[i];
	if ((rs->last = best) == NULL)
		return 0;
	memcpy(rec, best->cur, rs->type->size);
	best->has = rs->type->borrowed;	/* given, unless borrowed */
	return 1;
}

void
runs_free(struct runs *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	/* What was not given: in memory, and each run's next. */
	for (i = rs->type->borrowed || rs->nruns > 0 ? 0 : rs->at; i < rs->n;
	    i++)
		runs_release(rs, runs_at(rs, i));
	for (i = 0; i < rs->nruns; i++) {
		if (rs->runs[i].has && !rs->type->borrowed)
			runs_release(rs, rs->runs[i].cur);
		free(rs->runs[i].cur);
		free(rs->runs[i].buf);
		free(rs->runs[i].text);
	}
	free(rs->runs);
	free(rs->batch);
	if (rs->tmp != NULL)
		fclose(rs->tmp);
	free(rs);
}
