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

#include "hashmap.h"
#include "source.h"

struct ini_section;
struct mail_known;

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

/*
 * A message as the log shows it, its lines assembled.  A format makes
 * it (embedded first in its own struct), fills it as its lines come, in
 * time order, and adds it to the source's box.
 */
struct mail_msg {
	int64_t		 t;		/* its first line */
	int64_t		 last;
	struct origin	 origin;	/* its first line */
	const char	*msgid;		/* counted (refstr.h) */
	const char	*sender;	/* lowercase; NULL: not logged */
	const char	**refs;		/* counted */
	size_t		 nrefs;
	const char	**to;		/* delivered recipients, lowercase */
	size_t		 nto;
	int		 tried;		/* any delivery line at all */
	int		 done;		/* its last line is logged */
	int		 gone;		/* its events are made */
	int64_t		 done_at;
	struct mail_msg	*merged;	/* into this one (same message-id) */
	struct mail_msg	**copies;	/* merged into this one */
	size_t		 ncopies;
	struct mail_msg	*next;		/* in the box, by first line */
	uint64_t	 seq;		/* the order it was made in */
};

/*
 * The messages of a source, by first line.  The first goes (becomes
 * events) when it and its copies are done, or when no line came for
 * `idle`; so events go in time order, and memory holds only the
 * messages of that span and the message-ids threads refer to.
 */
struct mail_box {
	struct mail_msg	*first;
	struct mail_msg	*last;
	int64_t		 front;		/* the time of the latest line */
	int64_t		 idle;
	int		 count_unfinished;
	uint64_t	 unfinished;	/* gone after `idle` with no delivery */
	void		 (*forget)(struct mail_box *, struct mail_msg *);
	void		*arg;		/* the format's */
	struct hashmap	 bymsgid;	/* a message-id's first message */
	struct mail_known *known;	/* threads by message-id */
	size_t		 knownsize;	/* a power of two */
	size_t		 nknown;
	int64_t		 now;		/* the time of the last message gone */
	uint64_t	 seq;
};

int		 mail_configure(struct mail_conf *, struct ini_section *,
		     char **);
void		 mail_conf_free(struct mail_conf *);
void		 mail_describe(const struct mail_conf *, FILE *);
int		 mail_push(const char ***, size_t *, const char *);
void		 mail_push_ref(const char ***, size_t *, const char *);
void		 mail_add(struct mail_box *, struct mail_msg *);
struct mail_msg	*mail_find(struct mail_box *, const char *);
void		 mail_msgid(struct mail_box *, struct mail_msg *, const char *);
void		 mail_release(struct mail_box *, const struct mail_conf *,
		     struct source_ctx *, const struct source *, int);
int64_t		 mail_horizon(const struct mail_box *);
void		 mail_msg_clear(struct mail_msg *);

#endif
