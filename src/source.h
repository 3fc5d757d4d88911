/*
 * Sources turn the records of one input format into events.  Each format
 * is one file with one table of functions, listed in source.c; the
 * driver (reader.c) feeds it lines and takes events, records, rejects and
 * the accounting of every line through the source_* calls below.
 */
#ifndef RESPSTAT_SOURCE_H
#define RESPSTAT_SOURCE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "reject.h"
#include "timestamp.h"

struct ini_section;
struct source;
struct source_ctx;
struct tz;

/* Counted strings a part holds, at most: no more than an event. */
#define SOURCE_STRINGS	EVENT_STRINGS

struct source_ops {
	const char	*format;
	const char	*channel;	/* fixed channel; NULL: `channel =` */
	/* Read the format's keys; *cause on error ("key: what"). */
	int		 (*configure)(struct source *, struct ini_section *,
			     char **);
	void		*(*open)(const struct source *);
	void		 (*line)(void *, struct source_ctx *, const char *,
			     size_t, uint64_t);
	void		 (*close)(void *, struct source_ctx *);
	void		 (*describe)(const struct source *, FILE *);
	void		 (*free)(struct source *);
	/*
	 * Optional, for formats that assemble records across files (mail):
	 * a file's records become parts (source_emit_part), which the
	 * driver merges from every file of the source in time order, drops
	 * as duplicates or frees with drop, and feeds to assemble.  That
	 * emits events (source_emit_at) as what it assembles is complete;
	 * horizon is the earliest time an event it still emits can have;
	 * finish, after the last part, emits the rest.
	 */
	void		 (*assemble)(const struct source *, struct source_ctx *,
			     struct origin, void *);
	void		 (*drop)(void *);
	/* The addresses of a part's counted strings (refstr.h). */
	size_t		 (*strings)(void *, const char **[SOURCE_STRINGS]);
	int64_t		 (*horizon)(const struct source *);
	void		 (*finish)(const struct source *, struct source_ctx *);
	void		 (*summary)(const struct source *, FILE *);
};

struct source {
	char			*name;
	uint32_t		 index;
	const struct source_ops	*ops;
	char			*files;		/* glob on base names */
	struct tz		*tz;		/* for times without offset */
	int			 owntz;
	const char		*channel;	/* interned */
	int64_t			 reorder_window;
	int			 sort;
	void			*priv;
	/* Files may be read in parallel: guards state shared by them. */
	pthread_mutex_t		 lock;
};

/*
 * A record as the driver knows it.  source_record gives it; a format
 * that emits from a record after reading more lines keeps it until then.
 */
struct record_id {
	uint64_t	hash[2];	/* of its content (duplicates) */
	uint32_t	line;		/* its first */
	uint32_t	nlines;
};

/* What the run knows that some formats need (the syslog year). */
struct source_env {
	int		has_window;	/* -m given */
	int64_t		window_start;	/* [start, end) */
	int64_t		window_end;
	int64_t		now;
};

struct source	*source_create(struct ini_section *, const char *, uint32_t,
		     struct tz *, char **);
void		 source_free(struct source *);
void		 source_describe(const struct source *, FILE *);
void		 source_summary(const struct source *, FILE *);
int		 source_matches(const struct source *, const char *);

/*
 * Called by sources while reading; implemented by the driver.  An event
 * emitted is copied with references of its own to its counted strings
 * (event.h): the source keeps, and gives back, those it holds.
 */
struct record_id source_record(struct source_ctx *, uint64_t, uint64_t,
		     const char *, size_t);
void		 source_emit(struct source_ctx *, struct event *);
void		 source_emit_from(struct source_ctx *,
		     const struct record_id *, struct event *);
void		 source_emit_part(struct source_ctx *,
		     const struct record_id *, int64_t, void *);
void		 source_emit_at(struct source_ctx *, struct origin,
		     struct event *);
void		 source_ignore(struct source_ctx *, uint64_t);
void		 source_reject(struct source_ctx *, uint64_t, uint64_t,
		     enum reject_reason, const char *, size_t, const char *,
		     ...) __attribute__((format(printf, 7, 8)));

void		 source_warn(struct source_ctx *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
const struct source_env *source_env(struct source_ctx *);
const char	*source_file(struct source_ctx *);

/* Helpers shared by formats. */
int		 source_key_time_format(struct ini_section *,
		     enum timestamp_format *, char **, char **);
int		 source_key_yesno(struct ini_section *, const char *, int *,
		     char **);
int		 source_key_year(struct ini_section *, int *, char **);
const char	*source_intern_lower(const char *, size_t);

extern const struct source_ops	source_csv_ops;
extern const struct source_ops	source_queuelog_ops;
extern const struct source_ops	source_cdr_ops;
extern const struct source_ops	source_syslog_ops;
extern const struct source_ops	source_postfix_ops;
extern const struct source_ops	source_exchange_ops;

#endif
