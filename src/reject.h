/*
 * Rejected lines: the fixed list of reasons, each file's rejects (in
 * sorted runs on disk beyond a batch in memory, runs.h), the capped
 * messages on standard error and the --rejects file, in line order.
 */
#ifndef RESPSTAT_REJECT_H
#define RESPSTAT_REJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct runs;

enum reject_reason {
	REJECT_TRUNCATED,
	REJECT_TOO_LONG,
	REJECT_BAD_QUOTE,
	REJECT_MISSING_FIELD,
	REJECT_MISSING_TIME,
	REJECT_BAD_TIME,
	REJECT_MISSING_THREAD,
	REJECT_TIME_ORDER,
	REJECT_OUT_OF_ORDER,
	REJECT_NREASONS
};

#define REJECT_MESSAGES_PER_FILE	10

struct reject {
	uint64_t		 line;
	uint64_t		 seq;		/* the order made */
	enum reject_reason	 reason;
	char			*text;
	size_t			 len;
	char			*message;	/* NULL: a record's later line */
};

/* One file's. */
struct reject_list {
	struct runs	*runs;
	uint64_t	 seq;
	char		*error;		/* its temporary file failed */
};

const char	*reject_name(enum reject_reason);
void		 reject_add(struct reject_list *, uint64_t, enum reject_reason,
		     const char *, size_t, char *);
void		 reject_print(struct reject_list *, const char *);
int		 reject_write(struct reject_list *, const char *, FILE *,
		     char **);
void		 reject_free(struct reject_list *);

#endif
