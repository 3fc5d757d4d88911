/*
 * The configuration as understood: report zone, roster, channels and
 * their thresholds, department names, peak windows, penalty and
 * compensation tiers, and the sources.  Everything is checked on load;
 * a mistake is "FILE:LINE: what is wrong" and exit status 2.
 */
#ifndef RESPSTAT_CONF_H
#define RESPSTAT_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hashmap.h"

struct calendar;
struct roster;
struct source;
struct tz;

enum conf_clock {
	CLOCK_WALL,
	CLOCK_BUSINESS
};

struct conf_priority {
	const char	*name;		/* interned, lowercase */
	int64_t		 within;
};

struct conf_channel {
	const char		*name;	/* interned */
	int64_t			 respond_within;
	struct conf_priority	*priorities;
	size_t			 npriorities;
	int64_t			 off_hours_within;	/* -1: none */
	int64_t			 short_abandon;		/* 0: none */
	int64_t			 mean_within;		/* -1: none */
	int64_t			 peak_mean_within;	/* -1: none */
	enum conf_clock	 clock;
};

struct conf_window {
	int64_t		start;		/* [start, end) in microseconds */
	int64_t		end;
};

struct conf_tier {
	int64_t		 at;		/* a count, or microseconds */
	char		*name;
};

struct conf_tiers {
	struct conf_tier	*v;
	size_t			 n;
};

struct conf {
	char			*path;
	unsigned char		 sha256[32];	/* of the file */
	struct tz		*tz;
	struct calendar		*calendar;	/* NULL: always open */
	struct roster		*roster;
	char			*roster_path;
	struct conf_channel	*channels;
	size_t			 nchannels;
	struct hashmap		 departments;	/* raw -> interned name */
	struct conf_window	*peaks;
	size_t			 npeaks;
	int64_t			 extension;	/* millionths of a percent */
	struct conf_tiers	 agent_penalties;
	struct conf_tiers	 department_penalties;
	struct conf_tiers	 compensation;
	int			 has_penalties;
	struct source		**sources;
	size_t			 nsources;
};

struct ini;

struct conf		*conf_load(const char *, char **);
struct conf		*conf_build(struct ini *, char **);
void			 conf_free(struct conf *);
const struct conf_channel *conf_channel(const struct conf *,
			     const char *);
struct source		*conf_source(const struct conf *, const char *);
const char		*conf_department(const struct conf *,
			     const char *);
int			 conf_in_peak(const struct conf *, int64_t);
int64_t			 conf_extend(const struct conf *, int64_t);
void			 conf_print(const struct conf *, FILE *);

#endif
