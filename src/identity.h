/*
 * Who is who: agents named by sources are resolved through the roster
 * (unknown identities are kept as given, and counted), departments
 * through [departments]; printed names are public names.
 */
#ifndef RESPSTAT_IDENTITY_H
#define RESPSTAT_IDENTITY_H

#include <stddef.h>

#include "hashmap.h"

struct conf;
struct event;
struct verdict;

/* What a run has resolved so far. */
struct identity {
	const struct conf	*conf;
	struct hashmap		 cache;		/* (source, alias) -> key */
	struct hashmap		 unknown;	/* aliases not in the roster */
};

void	identity_init(struct identity *, const struct conf *);
void	identity_resolve(struct identity *, struct event *);
size_t	identity_unknown(const struct identity *);
void	identity_free(struct identity *);
void	identity_complete(const struct conf *, struct verdict *);
const char *identity_name(const struct conf *, const char *);

#endif
