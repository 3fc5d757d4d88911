/*
 * Records sorted in bounded memory, as sort(1) does: a batch is sorted
 * in memory and, when full, written as a sorted run to an unlinked file
 * in $TMPDIR; reading merges the runs.  A record is a fixed struct whose
 * pointers are interned strings (their addresses hold for the whole
 * program) except the strings at the offsets given, written as text:
 * counted strings (refstr.h), of which the store takes references of its
 * own, or with `owned` strings from malloc that the store takes over.
 * Read back, they are counted strings again (the reader owns a
 * reference) or, with `borrowed`, point into the store until the next
 * record is read.  A string's length is strlen, or the size_t at the
 * offset in `lengths` (text that may hold NULs).
 */
#ifndef RESPSTAT_RUNS_H
#define RESPSTAT_RUNS_H

#include <stddef.h>

#define RUNS_MAX_STRINGS	4

#define RUNS_STRLEN	((size_t)-1)

struct runs_type {
	size_t		 size;
	int		 (*compare)(const void *, const void *);
	size_t		 nstrings;
	size_t		 strings[RUNS_MAX_STRINGS];	/* offsets */
	size_t		 lengths[RUNS_MAX_STRINGS];	/* or RUNS_STRLEN */
	int		 borrowed;
	int		 owned;
};

struct runs;

struct runs	*runs_new(const struct runs_type *, size_t);
int		 runs_add(struct runs *, const void *, char **);
int		 runs_rewind(struct runs *, char **);
int		 runs_next(struct runs *, void *, char **);
size_t		 runs_count(const struct runs *);
void		 runs_free(struct runs *);

#endif
