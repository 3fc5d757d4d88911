/*
 * Pairing (SPEC §5): per thread, in time order, a request opens the
 * pending request (later ones join it), a response closes it as answered,
 * an abandon as abandoned; what is still pending at the end comes out
 * pending, for the SLA check to call unanswered or open.
 */
#ifndef RESPSTAT_PAIRING_H
#define RESPSTAT_PAIRING_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

enum outcome {
	OUTCOME_ANSWERED,
	OUTCOME_ABANDONED,
	OUTCOME_SHORT_ABANDONED,
	OUTCOME_UNANSWERED,
	OUTCOME_OPEN
};

struct pair {
	int64_t		 requested;
	int64_t		 closed;	/* response or abandon time */
	enum outcome	 outcome;	/* ANSWERED, ABANDONED or OPEN */
	uint32_t	 source;
	const char	*channel;
	const char	*thread;
	const char	*department;
	const char	*customer;
	const char	*priority;
	const char	*agent;		/* who answered */
	struct origin	 origin;
	struct origin	 close_origin;
};

typedef void	(*pairing_cb)(const struct pair *, void *);

struct pairing;

struct pairing	*pairing_new(pairing_cb, void *);
void		 pairing_event(struct pairing *, const struct event *);
void		 pairing_finish(struct pairing *);
size_t		 pairing_peak(const struct pairing *);
void		 pairing_free(struct pairing *);

#endif
