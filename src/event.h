/*
 * The canonical form every input is parsed into.  Sources make events;
 * pairing, the SLA check and aggregation see nothing else.
 */
#ifndef RESPSTAT_EVENT_H
#define RESPSTAT_EVENT_H

#include <stddef.h>
#include <stdint.h>

/* In tie order: at equal times a request comes first, then an abandon. */
enum event_kind {
	EVENT_REQUEST,
	EVENT_ABANDON,
	EVENT_RESPONSE,
	EVENT_MISSED_RING
};

struct origin {
	uint32_t	file;	/* rank of the file name, as bytes */
	uint32_t	line;
};

/* Held by the million: the small fields are packed together. */
struct event {
	int64_t		 time;		/* microseconds since the epoch, UTC */
	uint32_t	 source;	/* index of the source section */
	struct origin	 origin;	/* the record it came from */
	uint8_t		 kind;		/* enum event_kind */
	uint8_t		 shared;	/* key matches across sources */
	uint8_t		 any_thread;	/* a response for the group's oldest */
	/*
	 * NULL when the source has none.  thread, key and customer are
	 * counted strings (refstr.h): an event in flight holds a reference
	 * to each, which its consumer gives back.  The others are interned.
	 */
	const char	*channel;
	const char	*thread;	/* as printed */
	const char	*key;		/* matched instead of thread, or NULL */
	const char	*customer;
	const char	*group;		/* e.g. the customer, or NULL */
	const char	*agent;
	const char	*department;
	const char	*priority;
};

#define EVENT_STRINGS	3	/* counted: thread, key, customer */

int	event_compare(const void *, const void *);
size_t	event_strings(struct event *, const char **[EVENT_STRINGS]);
void	event_hold(const struct event *);
void	event_release(const struct event *);

#endif
