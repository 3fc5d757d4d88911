#include "config.h"

#include <stdlib.h>

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

void
reorder_push(struct reorder *w, struct reorder_event *e)
{
	struct reorder_event	*h;
	size_t			 i, up;

	if (w->n == w->cap) {
		w->cap = w->cap * 2 + 256;
		w->heap = xreallocarray(w->heap, w->cap, sizeof *w->heap);
	}
	e->seq = w->seq++;
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
	free(w->heap);
	w->heap = NULL;
	w->n = w->cap = 0;
}
