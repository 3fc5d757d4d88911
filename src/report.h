/*
 * Reports (SPEC §7): the agents, departments, pairs, violations and
 * penalties tables, built from aggregates and verdicts and handed to a
 * writer.
 */
#ifndef RESPSTAT_REPORT_H
#define RESPSTAT_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct aggregate;
struct conf;
struct verdict;
struct runs;
struct writer_ops;

enum report_kind {
	REPORT_AGENTS,
	REPORT_DEPARTMENTS,
	REPORT_PAIRS,
	REPORT_VIOLATIONS,
	REPORT_PENALTIES
};

struct report_data {
	const struct conf	*conf;
	const struct aggregate	*aggregate;
	struct runs		*pairs;		/* NULL: not kept (pairstore.h) */
	const char		**names;	/* file names by rank */
};

int	report_kind(const char *, enum report_kind *);
int	report_write(enum report_kind, const struct writer_ops *, FILE *,
	    const struct report_data *, char **);

#endif
