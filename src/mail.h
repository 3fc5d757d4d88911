/*
 * Mail semantics shared by the postfix and exchange sources (SPEC §4):
 * who is a support address, who is an agent, and how assembled messages
 * become requests (a customer's mail delivered to a support address) and
 * responses (an agent's mail delivered to customers), threaded by
 * In-Reply-To / References, else by the customer's address.
 */
#ifndef RESPSTAT_MAIL_H
#define RESPSTAT_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "source.h"

struct ini_section;

struct mail_support {
	const char	*address;	/* interned, lowercase */
	const char	*department;
};

struct mail_conf {
	struct mail_support	*support;
	size_t			 nsupport;
	char			**agents;	/* @domain or address */
	size_t			 nagents;
};

/* A message as the log shows it, its lines gathered. */
struct mail_msg {
	int64_t		 t;		/* its first line */
	int64_t		 last;
	struct source_ref ref;		/* the record of its first line */
	const char	*msgid;
	const char	*sender;	/* lowercase; NULL: not logged */
	const char	**refs;
	size_t		 nrefs;
	const char	**to;		/* delivered recipients, lowercase */
	size_t		 nto;
	int		 tried;		/* any delivery line at all */
	struct mail_msg	*merged;	/* into this one (same message-id) */
};

int		 mail_configure(struct mail_conf *, struct ini_section *,
		     char **);
void		 mail_conf_free(struct mail_conf *);
void		 mail_describe(const struct mail_conf *, FILE *);
void		 mail_push(const char ***, size_t *, const char *);
void		 mail_merge(struct mail_msg **, size_t);
void		 mail_emit(const struct mail_conf *, struct source_ctx *,
		     const struct source *, struct mail_msg **, size_t);
void		 mail_msg_free(struct mail_msg *);

#endif
