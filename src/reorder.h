/*
 * The reorder window of one file (SPEC §8): events come out of a source
 * nearly in time order; they wait in a heap until no later line can
 * come before them, then go on in order.
 */
#ifndef RESPSTAT_REORDER_H
#define RESPSTAT_REORDER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* An event on its way from a file to the merge. */
struct reorder_event {
	struct event	ev;
	uint64_t	hash[2];	/* of its record, if duplicates can be */
	uint64_t	seq;		/* emission order: the last tie */
	void		*part;		/* instead of an event: source_emit_part */
	uint32_t	nlines;		/* of its record */
	uint32_t	dropped;	/* a duplicate, dropped in the merge */
};

/*
 * A late event's place in the heap: its order (reorder_compare's, by
 * value) and the slot that keeps it.  The heap moves these 32 bytes, not
 * whole events.
 */
struct reorder_key {
	int64_t		time;
	uint32_t	kind;
	uint32_t	file;
	uint32_t	line;
	uint32_t	slot;
	uint64_t	seq;
};

/*
 * Events that come in order (most) queue in a FIFO; only those that
 * come before the FIFO's last go into the heap.  The FIFO is a list of
 * blocks: it holds a whole reorder window of events (6 h of a busy mail
 * server's), and grows and shrinks a block at a time, never copied.
 */
#define REORDER_BLOCK	512

struct reorder_block {
	struct reorder_block	*next;
	struct reorder_event	 v[REORDER_BLOCK];
};

struct reorder {
	struct reorder_block	*first;
	struct reorder_block	*last;
	struct reorder_block	*spare;		/* the last one emptied */
	size_t			 head;		/* in first */
	size_t			 tail;		/* in last */
	size_t			 nfifo;
	struct reorder_key	*heap;
	size_t			 n;
	size_t			 cap;
	struct reorder_event	*late;		/* the heap's events, by slot */
	uint32_t		*free;		/* slots free in late */
	size_t			 nfree;
	size_t			 caplate;
	uint64_t		 seq;
};

int	reorder_compare(const struct reorder_event *,
	    const struct reorder_event *);
void	reorder_push(struct reorder *, struct reorder_event *);
int	reorder_pop_before(struct reorder *, int64_t, struct reorder_event *);
void	reorder_free(struct reorder *);

#endif
