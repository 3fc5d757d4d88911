/*
 * The driver of the input stage (SPEC §8).  Each file becomes a stream
 * of events in time order: its lines go through its source and its
 * events through a bounded reorder window.  The streams are merged by
 * time (k-way, like sort -m) and records seen in several files are
 * counted once (SPEC §5) as they meet in the merge.  Formats that
 * assemble records across files (mail) make parts of records instead:
 * the parts of all the source's files are merged the same way and fed
 * to the source's assembler, whose events join the merge as one more
 * stream.  Every line is accounted: used, ignored, duplicate or rejected.
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
struct reader_assembler;
struct reader_file;

/* Aligned: each file's thread counts in its own, apart from the others'. */
struct file_stats {
	_Alignas(64) const char *name;
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

/*
 * Files by their next event, or a sleeping file's least: a heap, so that
 * each event costs log(files) comparisons, not one a file (a month of
 * daily logs is 31 files).
 */
struct reader_heap {
	struct reader_file	**v;
	size_t			  n;
	int			(*less)(const struct reader_file *,
				    const struct reader_file *);
};

struct reader {
	struct reader_file	*parts;		/* by file rank */
	struct file_stats	*files;
	size_t			 nfiles;
	const char		**names;	/* by file rank */
	const struct source_env	*env;
	uint8_t			*multi;		/* by source: several files */
	size_t			 nsources;
	/* The merge's, apart from what the files' threads read above. */
	_Alignas(64) uint64_t	 nevents;	/* passed on by reader_next */
	int64_t			 latest;	/* of them */
	/* The sources that assemble parts across files (mail). */
	struct reader_assembler	*assemblers;
	size_t			 nassemblers;
	/* The files of sources that do not assemble, by next event. */
	struct reader_heap	 heap;
	int			 heaped;	/* filled once, at the start */
	/* The same files by their bounds: with threads, the next to read. */
	struct reader_file	**sleepers;
	size_t			 nsleepers;
	size_t			 atsleepers;
	size_t			 reading;	/* files read ahead of the merge */
	/* Events of one time, between the merge and reader_next. */
	struct reorder_event	*batch;
	size_t			 nbatch;
	size_t			 capbatch;
	size_t			 atbatch;
	struct hashmap		*counted;	/* duplicate records counted */
	int			 threads;	/* files read at once, or 0 */
	void			(*progress)(const char *, size_t, size_t);
	size_t			 ndone;
};

void	reader_init(struct reader *, const char **,
	    const struct source *const *, size_t, const struct source_env *);
void	reader_start(struct reader *, struct input **, int);
int	reader_next(struct reader *, struct event *);
void	reader_end(struct reader *);
void	reader_summary(const struct reader *, FILE *);
struct reject_list *reader_rejects(struct reader *, size_t);
void	reader_free(struct reader *);

#endif
