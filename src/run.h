/*
 * One run of respstat, the stages wired in order: open every input,
 * read each through its source, drop duplicate records, resolve
 * identities, pair, judge, aggregate, write the reports and the summary.
 */
#ifndef RESPSTAT_RUN_H
#define RESPSTAT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

struct writer_ops;

struct run_report {
	enum report_kind	 kind;
	int			 kind_set;
	const struct writer_ops	*format;
	const char		*output;
};

struct run_file {
	const char	*path;
	const char	*source;	/* -s NAME, or NULL */
};

struct run_options {
	const char		*config;
	const char		*month;
	struct run_report	*reports;
	size_t			 nreports;
	struct run_file		*files;
	size_t			 nfiles;
	const char		*rejects;
	const char		*manifest;
	const char		*now;
	const char		*end;
	int			 strict;
	int			 jobs;		/* 0: the number of CPUs */
	int			 quiet;
	int			 progress;
	int			 check_config;
};

int	run(const struct run_options *);

#endif
