/*
 * Rejected lines: the fixed list of reasons, the collection of rejects
 * from every file, the capped messages on standard error and the
 * --rejects file, all in file and line order.
 */
#ifndef RESPSTAT_REJECT_H
#define RESPSTAT_REJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
	uint32_t		 file;
	uint64_t		 line;
	enum reject_reason	 reason;
	char			*text;
	size_t			 len;
	char			*message;
};

struct reject_list {
	struct reject	*v;
	size_t		 n;
	size_t		 cap;
};

const char	*reject_name(enum reject_reason);
void		 reject_add(struct reject_list *, uint32_t, uint64_t,
		     enum reject_reason, const char *, size_t, char *);
void		 reject_move(struct reject_list *, struct reject_list *);
void		 reject_sort(struct reject_list *);
void		 reject_print(const struct reject_list *, size_t *, uint32_t,
		     const char *);
int		 reject_write(const struct reject_list *, const char **,
		     FILE *);
void		 reject_free(struct reject_list *);

#endif
