/*
 * Counts of waits per distinct millisecond, for exact nearest-rank
 * percentiles in memory that grows with the spread of the waits, not
 * with their number.  A wait is counted at its value rounded to the
 * millisecond as it is printed (half away from zero): rounding never
 * reorders values, so every printed percentile is the same as from the
 * sorted list of exact waits (SPEC §7).
 */
#ifndef RESPSTAT_HISTOGRAM_H
#define RESPSTAT_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

struct histogram_bin {
	int64_t		ms;
	uint64_t	count;
};

struct histogram {
	struct histogram_bin	*bins;	/* open addressing; packed and
					   sorted by histogram_finish */
	size_t			 size;	/* a power of two, or 0 */
	size_t			 used;
	uint64_t		 total;
};

void	histogram_add(struct histogram *, int64_t);
void	histogram_finish(struct histogram *);
int64_t	histogram_percentile(const struct histogram *, int);
void	histogram_free(struct histogram *);

#endif
