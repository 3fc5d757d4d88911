#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "histogram.h"
#include "number.h"
#include "xmalloc.h"

#define HISTOGRAM_EMPTY	INT64_MIN

static size_t
histogram_index(int64_t ms, size_t mask)
{
	uint64_t	h = (uint64_t)ms * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & mask;
}

static struct histogram_bin *
histogram_find(struct histogram_bin *bins, size_t size, int64_t ms)
{
	size_t	i;

	for (i = histogram_index(ms, size - 1); bins[i].ms != HISTOGRAM_EMPTY &&
	    bins[i].ms != ms; i = (i + 1) & (size - 1))
		;
	return &bins[i];
}

static void
histogram_grow(struct histogram *h)
{
	struct histogram_bin	*old = h->bins, *b;
	size_t			 oldsize = h->size, i;

	h->size = oldsize == 0 ? 16 : oldsize * 2;
	h->bins = xreallocarray(NULL, h->size, sizeof *h->bins);
	for (i = 0; i < h->size; i++)
		h->bins[i].ms = HISTOGRAM_EMPTY;
	for (i = 0; i < oldsize; i++) {
		if (old[i].ms == HISTOGRAM_EMPTY)
			continue;
		b = histogram_find(h->bins, h->size, old[i].ms);
		*b = old[i];
	}
	free(old);
}

/* A wait in microseconds (never negative). */
void
histogram_add(struct histogram *h, int64_t us)
{
	struct histogram_bin	*b;
	int64_t			 ms = number_div_round(us, 1000);

	if (4 * (h->used + 1) > 3 * h->size)
		histogram_grow(h);
	b = histogram_find(h->bins, h->size, ms);
	if (b->ms == HISTOGRAM_EMPTY) {
		b->ms = ms;
		b->count = 0;
		h->used++;
	}
	b->count++;
	h->total++;
}

static int
histogram_bin_compare(const void *va, const void *vb)
{
	const struct histogram_bin	*a = va, *b = vb;

	return a->ms < b->ms ? -1 : a->ms > b->ms;
}

/* The bins packed and sorted by value; no more adds. */
void
histogram_finish(struct histogram *h)
{
	size_t	i, n = 0;

	for (i = 0; i < h->size; i++)
		if (h->bins[i].ms != HISTOGRAM_EMPTY)
			h->bins[n++] = h->bins[i];
	if (n > 1)
		qsort(h->bins, n, sizeof *h->bins, histogram_bin_compare);
}

/*
 * Nearest rank, in microseconds as printed: the smallest value with at
 * least p % of the waits <= it (p = 100: the largest).
 */
int64_t
histogram_percentile(const struct histogram *h, int p)
{
	int64_t		rank = number_div_ceil((int64_t)p * (int64_t)h->total,
			    100);
	uint64_t	seen = 0;
	size_t		i;

	if (rank < 1)
		rank = 1;
	for (i = 0; i + 1 < h->used; i++) {
		seen += h->bins[i].count;
		if (seen >= (uint64_t)rank)
			break;
	}
	return h->bins[i].ms * 1000;
}

void
histogram_free(struct histogram *h)
{
	free(h->bins);
	memset(h, 0, sizeof *h);
}
