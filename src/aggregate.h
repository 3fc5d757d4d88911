/*
 * Aggregation (SPEC §7): verdicts folded into groups per month,
 * department, agent and channel (and per month, department and channel),
 * with exact nearest-rank percentiles, means and the mean target.
 */
#ifndef RESPSTAT_AGGREGATE_H
#define RESPSTAT_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "histogram.h"

struct conf;
struct verdict;

enum aggregate_level {
	AGGREGATE_AGENTS,
	AGGREGATE_DEPARTMENTS
};

enum mean_met {
	MEAN_MET_NONE,
	MEAN_MET_YES,
	MEAN_MET_NO
};

struct group {
	int		 month;
	const char	*department;
	const char	*agent;		/* roster key or raw; NULL: nobody */
	const char	*agent_name;
	const char	*channel;
	uint64_t	 requests;
	uint64_t	 answered;
	uint64_t	 abandoned;
	uint64_t	 short_abandoned;
	uint64_t	 unanswered;
	uint64_t	 open;
	uint64_t	 within;
	uint64_t	 violations;
	uint64_t	 late;
	uint64_t	 missed_rings;
	uint64_t	*compensation;	/* pairs per tier */
	struct histogram waits;		/* answered waits */
	__int128	 sum;
	__int128	 sum_peak;
	uint64_t	 n_peak;
	enum mean_met	 mean_met;
	struct group	*total;		/* an agent row's department row */
};

struct aggregate;

struct aggregate	*aggregate_new(const struct conf *);
void			 aggregate_add(struct aggregate *,
			     const struct verdict *);
void			 aggregate_ring(struct aggregate *, int, const char *,
			     const char *, const char *, const char *);
void			 aggregate_finish(struct aggregate *);
struct group *const	*aggregate_rows(const struct aggregate *,
			     enum aggregate_level, size_t *);
enum mean_met		 aggregate_mean_met(const struct group *, int64_t,
			     int64_t);
void			 aggregate_free(struct aggregate *);

#endif
