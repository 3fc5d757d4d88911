/*
 * The verdicts the pairs and violations reports print, in their order
 * (month, department, agent, channel, requested, thread, origin), in
 * bounded memory (SPEC §8): a batch is sorted in memory and, when full,
 * written to a temporary file as a sorted run; the runs are merged when
 * read, as sort(1) does.
 */
#ifndef RESPSTAT_PAIRSTORE_H
#define RESPSTAT_PAIRSTORE_H

#include <stddef.h>

struct pairstore;
struct verdict;

struct pairstore *pairstore_new(size_t);
int		 pairstore_add(struct pairstore *, const struct verdict *,
		     char **);
int		 pairstore_rewind(struct pairstore *, char **);
int		 pairstore_next(struct pairstore *, struct verdict *, char **);
size_t		 pairstore_count(const struct pairstore *);
void		 pairstore_free(struct pairstore *);

#endif
