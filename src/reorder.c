#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reorder.h"
#include "xmalloc.h"

/* Time order (SPEC §5), then the order the source gave them. */
int
reorder_compare(const struct reorder_event *a, const struct reorder_event *b)
{
	int	r;

	if ((r = event_compare(&a->ev, &b->ev)) != 0)
		return r;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static struct reorder_event *
reorder_fifo_at(const struct reorder *w, size_t i)
{
	return &w->fifo[(w->head + i) % w->capfifo];
}

/* The FIFO is a ring: it grows only when full, copied in order. */
static void
reorder_fifo_push(struct reorder *w, const struct reorder_event *e)
{
	struct reorder_event	*v;
	size_t			 cap, i;

	if (w->nfifo == w->capfifo) {
		cap = w->capfifo + w->capfifo / 2 + 256;
		v = xreallocarray(NULL, cap, sizeof *v);
		for (i = 0; i < w->nfifo; i++)
			v[i] = *reorder_fifo_at(w, i);
		free(w->fifo);
		w->fifo = v;
		w->capfifo = cap;
		w->head = 0;
	}
	*reorder_fifo_at(w, w->nfifo++) = *e;
}

void
reorder_push(struct reorder *w, struct reorder_event *e)
{
	struct reorder_event	*h;
	size_t			 i, up;

	e->seq = w->seq++;
	if (w->nfifo == 0 ||
	    reorder_compare(reorder_fifo_at(w, w->nfifo - 1), e) <= 0) {
		reorder_fifo_push(w, e);
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap * 2 + 256;
		w->heap = xreallocarray(w->heap, w->cap, sizeof *w->heap);
	}
	h = w->heap;
	for (i = w->n++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (reorder_compare(&h[up], e) <= 0)
			break;
		h[i] = h[up];
	}
	h[i] = *e;
}

/* Take the earliest event if it is before limit. */
int
reorder_pop_before(struct reorder *w, int64_t limit, struct reorder_event *out)
{
	struct reorder_event	*h = w->heap, last;
	size_t			 i, child;

	if (w->nfifo > 0 && (w->n == 0 ||
	    reorder_compare(&w->fifo[w->head], &h[0]) < 0)) {
		if (w->fifo[w->head].ev.time >= limit)
			return 0;
		*out = w->fifo[w->head];
		w->head = (w->head + 1) % w->capfifo;
		w->nfifo--;
		return 1;
	}
	if (w->n == 0 || h[0].ev.time >= limit)
		return 0;
	*out = h[0];
	last = h[--w->n];
	for (i = 0; (child = 2 * i + 1) < w->n; i = child) {
		if (child + 1 < w->n &&
		    reorder_compare(&h[child + 1], &h[child]) < 0)
			child++;
		if (reorder_compare(&last, &h[child]) <= 0)
			break;
		h[i] = h[child];
	}
	h[i] = last;
	return 1;
}

void
reorder_free(struct reorder *w)
{
	free(w->fifo);
	free(w->heap);
	memset(w, 0, sizeof *w);
}
