/*
 * The driver of the input stage: each file's lines go through its
 * source; what comes out (events, the records they came from, rejects,
 * and the accounting of every line) is collected here, and records seen
 * in several files are counted once (SPEC §5).
 */
#ifndef RESPSTAT_READER_H
#define RESPSTAT_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "reject.h"

struct input;
struct source;
struct source_env;

struct file_stats {
	const char	*name;
	const struct source *source;
	uint64_t	 size;
	uint64_t	 read;
	uint64_t	 used;
	uint64_t	 ignored;
	uint64_t	 duplicate;
	uint64_t	 rejected;
	uint64_t	 reasons[REJECT_NREASONS];
	char		*error;
	char		**warnings;
	size_t		 nwarnings;
	uint8_t		 sha256[32];
	int		 has_events;
	int64_t		 first_event;
	int64_t		 last_event;
};

/* An input record; events point to it by its id within its file. */
struct record {
	uint64_t	hash[2];
	uint32_t	source;
	uint32_t	file;
	uint32_t	line;		/* as struct origin holds it */
	uint32_t	nlines;
	struct record	*same;		/* the next identical one (dedup) */
	uint8_t		duplicate;
};

/* What one file gave; files may be read in parallel, one part each. */
struct reader_part {
	struct event		*events;
	size_t			 nevents;
	size_t			 capevents;
	struct record		*records;	/* ids are local to the file */
	size_t			 nrecords;
	size_t			 caprecords;
	struct reject_list	 rejects;
};

struct reader {
	struct reader_part	*parts;		/* by file rank */
	struct event		*events;	/* all, after reader_merge */
	size_t			 nevents;
	size_t			 capevents;
	struct reject_list	 rejects;	/* all, after reader_merge */
	struct file_stats	*files;
	size_t			 nfiles;
	const char		**names;	/* by file rank */
	const struct source_env	*env;
	uint8_t			*multi;	/* by source: read several files */
	size_t			 nsources;
};

void	reader_init(struct reader *, const char **,
	    const struct source *const *, size_t, const struct source_env *);
void	reader_read(struct reader *, uint32_t, struct input *,
	    const struct source *);
void	reader_sort_part(struct reader *, uint32_t);
void	reader_merge(struct reader *);
void	reader_dedup(struct reader *);
void	reader_finish(struct reader *, struct source *const *, size_t);
void	reader_summary(const struct reader *, FILE *);
void	reader_free(struct reader *);

#endif
