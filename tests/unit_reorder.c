/* The reorder window's queue: in-order events, late ones, ties. */
#include "config.h"

#include <string.h>

#include "reorder.h"
#include "unit.h"

static void
unit_reorder_push(struct reorder *w, int64_t t, int kind, uint32_t line)
{
	struct reorder_event	e;

	memset(&e, 0, sizeof e);
	e.ev.time = t;
	e.ev.kind = (uint8_t)kind;
	e.ev.origin.line = line;
	reorder_push(w, &e);
}

/*
 * The FIFO is a list of blocks of REORDER_BLOCK (512) events: in-order
 * events pushed while others are taken cross from block to block, and
 * it runs empty in the middle of a block.  Times 0..2999 go in; each
 * round of 7 pushes takes 5, and at 1000 it is emptied; every event
 * comes out once, in order.
 */
static void
unit_reorder_ring(void)
{
	struct reorder		w;
	struct reorder_event	e;
	int64_t			pushed = 0, next = 0;
	int			ok = 1, k;

	memset(&w, 0, sizeof w);
	while (pushed < 3000) {
		for (k = 0; k < 7 && pushed < 3000; k++, pushed++)
			unit_reorder_push(&w, pushed, EVENT_REQUEST,
			    (uint32_t)pushed);
		for (k = 0; k < 5 && reorder_pop_before(&w, INT64_MAX, &e);
		    k++)
			ok &= e.ev.time == next++;
		if (pushed == 1001)	/* 1001 = 143 rounds of 7 */
			while (reorder_pop_before(&w, INT64_MAX, &e))
				ok &= e.ev.time == next++;
	}
	while (reorder_pop_before(&w, INT64_MAX, &e))
		ok &= e.ev.time == next++;
	CHECK(ok);
	CHECK(next == 3000);
	CHECK(w.n == 0 && w.nfifo == 0);	/* none went through the heap */
	reorder_free(&w);
}

/* The order the window keeps: event_compare's, then the push order. */
static int
unit_reorder_before(const struct reorder_event *a,
    const struct reorder_event *b)
{
	int	r = event_compare(&a->ev, &b->ev);

	return r < 0 || (r == 0 && a->seq < b->seq);
}

/*
 * Late events go to the heap as keys with their events in slots that
 * are reused.  Against a plain search for the least of the events still
 * in (by event_compare, then push order), pushes in a scrambled order
 * with many ties (time, kind, file, line and all four), taken in
 * rounds, come out one by one as the least.
 */
static void
unit_reorder_heap(void)
{
	static struct reorder_event	in[1200];
	struct reorder			w;
	struct reorder_event		e;
	size_t				n = 0, i, least, round;
	uint32_t			x = 12345;
	int				ok = 1;

	memset(&w, 0, sizeof w);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 300; i++) {
			x = x * 1103515245 + 12345;
			memset(&e, 0, sizeof e);
			e.ev.time = (x >> 8) % 40;
			e.ev.kind = (uint8_t)((x >> 16) % 3);
			e.ev.origin.file = (x >> 20) % 2;
			e.ev.origin.line = (x >> 24) % 4;
			reorder_push(&w, &e);	/* sets e.seq */
			in[n++] = e;
		}
		while (n > (round < 3 ? 150 : 0) &&
		    reorder_pop_before(&w, INT64_MAX, &e)) {
			for (least = 0, i = 1; i < n; i++)
				if (unit_reorder_before(&in[i], &in[least]))
					least = i;
			ok &= e.seq == in[least].seq;
			in[least] = in[--n];
		}
	}
	CHECK(ok);
	CHECK(n == 0 && w.n == 0 && w.nfifo == 0);
	reorder_free(&w);
}

void
unit_reorder(void)
{
	struct reorder		w;
	struct reorder_event	e;
	uint32_t		lines[8];
	int			n = 0;

	memset(&w, 0, sizeof w);
	/* Lines 1-3 in order (the FIFO), 4 and 5 late (the heap), 6 a
	 * response at the same time as line 2's request. */
	unit_reorder_push(&w, 10, EVENT_REQUEST, 1);
	unit_reorder_push(&w, 20, EVENT_REQUEST, 2);
	unit_reorder_push(&w, 30, EVENT_REQUEST, 3);
	unit_reorder_push(&w, 15, EVENT_REQUEST, 4);
	unit_reorder_push(&w, 5, EVENT_REQUEST, 5);
	unit_reorder_push(&w, 20, EVENT_RESPONSE, 6);
	/* Nothing at or after the limit leaves: 5, 10, 15 only. */
	while (reorder_pop_before(&w, 20, &e))
		lines[n++] = e.ev.origin.line;
	CHECK(n == 3);
	CHECK(lines[0] == 5 && lines[1] == 1 && lines[2] == 4);
	/* Then 20 (request before response), 20, 30. */
	unit_reorder_push(&w, 25, EVENT_REQUEST, 7);
	while (reorder_pop_before(&w, INT64_MAX, &e))
		lines[n++] = e.ev.origin.line;
	CHECK(n == 7);
	CHECK(lines[3] == 2 && lines[4] == 6 && lines[5] == 7 &&
	    lines[6] == 3);
	CHECK(!reorder_pop_before(&w, INT64_MAX, &e));
	reorder_free(&w);
	unit_reorder_ring();
	unit_reorder_heap();
}
