/*
 * The evidence of a run (--manifest): respstat's version, the config's
 * SHA-256, the options that shape the output, and per input file its
 * name, size, SHA-256, line accounting and first and last event time,
 * so that an auditor can reproduce a published report.
 */
#ifndef RESPSTAT_MANIFEST_H
#define RESPSTAT_MANIFEST_H

#include <stdint.h>
#include <stdio.h>

struct conf;
struct reader;

struct manifest_run {
	const char	*month;		/* -m as given, or NULL */
	int64_t		 now;
	int64_t		 end;
};

void	manifest_write(FILE *, const struct conf *, const struct reader *,
	    const struct manifest_run *);

#endif
