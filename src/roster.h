/*
 * The roster: agents, their departments and public names, and the
 * aliases by which sources name them.  Asterisk channels are matched by
 * their device (SIP/201-0000001a is 201), e-mail addresses without
 * regard to case; a column named after a source holds aliases for that
 * source only.
 */
#ifndef RESPSTAT_ROSTER_H
#define RESPSTAT_ROSTER_H

#include <stddef.h>

struct agent {
	const char	*key;		/* the roster's agent value, interned */
	const char	*department;	/* interned */
	const char	*name;		/* public name, else key; interned */
};

struct roster;

struct roster		*roster_load(const char *, const char **, size_t,
			     char **);
void			 roster_free(struct roster *);
const struct agent	*roster_find(const struct roster *, const char *,
			     const char *);
const struct agent	*roster_agent(const struct roster *, const char *);
size_t			 roster_size(const struct roster *);
char			*roster_normalize(const char *);

#endif
