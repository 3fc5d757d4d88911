#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reorder.h"
#include "xmalloc.h"

static struct reorder_key
reorder_key(const struct reorder_event *e, uint32_t slot)
{
	struct reorder_key	k;

	k.time = e->ev.time;
	k.kind = e->ev.kind;
	k.file = e->ev.origin.file;
	k.line = e->ev.origin.line;
	k.slot = slot;
	k.seq = e->seq;
	return k;
}

/* Time order (SPEC §5: event_compare), then the order the source gave. */
static int
reorder_key_compare(const struct reorder_key *a, const struct reorder_key *b)
{
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int
reorder_compare(const struct reorder_event *a, const struct reorder_event *b)
{
	struct reorder_key	ka = reorder_key(a, 0), kb = reorder_key(b, 0);

	return reorder_key_compare(&ka, &kb);
}

static void
reorder_fifo_push(struct reorder *w, const struct reorder_event *e)
{
	struct reorder_block	*b;

	if (w->last == NULL || w->tail == REORDER_BLOCK) {
		if ((b = w->spare) != NULL)
			w->spare = NULL;
		else
			b = xmalloc(sizeof *b);
		b->next = NULL;
		if (w->last != NULL)
			w->last->next = b;
		else
			w->first = b;
		w->last = b;
		w->tail = 0;
	}
	w->last->v[w->tail++] = *e;
	w->nfifo++;
}

static void
reorder_fifo_pop(struct reorder *w, struct reorder_event *out)
{
	struct reorder_block	*b;

	*out = w->first->v[w->head++];
	if (--w->nfifo == 0)
		w->head = w->tail = 0;	/* the one block, from its start */
	else if (w->head == REORDER_BLOCK) {
		b = w->first;
		w->first = b->next;
		w->head = 0;
		free(w->spare);
		w->spare = b;
	}
}

/* A slot for a late event: one freed, or a new one. */
static uint32_t
reorder_slot(struct reorder *w)
{
	size_t	i, cap;

	if (w->nfree == 0) {
		cap = w->caplate * 2 + 256;
		w->late = xreallocarray(w->late, cap, sizeof *w->late);
		w->free = xreallocarray(w->free, cap, sizeof *w->free);
		for (i = cap; i > w->caplate; i--)
			w->free[w->nfree++] = (uint32_t)(i - 1);
		w->caplate = cap;
	}
	return w->free[--w->nfree];
}

void
reorder_push(struct reorder *w, struct reorder_event *e)
{
	struct reorder_key	*h, k;
	size_t			 i, up;

	e->seq = w->seq++;
	if (w->nfifo == 0 ||
	    reorder_compare(&w->last->v[w->tail - 1], e) <= 0) {
		reorder_fifo_push(w, e);
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap * 2 + 256;
		w->heap = xreallocarray(w->heap, w->cap, sizeof *w->heap);
	}
	k = reorder_key(e, reorder_slot(w));
	w->late[k.slot] = *e;
	h = w->heap;
	for (i = w->n++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (reorder_key_compare(&h[up], &k) <= 0)
			break;
		h[i] = h[up];
	}
	h[i] = k;
}

/* Take the heap's first event. */
static void
reorder_heap_pop(struct reorder *w, struct reorder_event *out)
{
	struct reorder_key	*h = w->heap, last;
	size_t			 i, child;

	*out = w->late[h[0].slot];
	w->free[w->nfree++] = h[0].slot;
	last = h[--w->n];
	for (i = 0; (child = 2 * i + 1) < w->n; i = child) {
		if (child + 1 < w->n &&
		    reorder_key_compare(&h[child + 1], &h[child]) < 0)
			child++;
		if (reorder_key_compare(&last, &h[child]) <= 0)
			break;
		h[i] = h[child];
	}
	h[i] = last;
}

/* Take the earliest event if it is before limit. */
int
reorder_pop_before(struct reorder *w, int64_t limit, struct reorder_event *out)
{
	struct reorder_key	 first;

	if (w->nfifo > 0) {
		first = reorder_key(&w->first->v[w->head], 0);
		if (w->n == 0 || reorder_key_compare(&first, &w->heap[0]) < 0) {
			if (first.time >= limit)
				return 0;
			reorder_fifo_pop(w, out);
			return 1;
		}
	}
	if (w->n == 0 || w->heap[0].time >= limit)
		return 0;
	reorder_heap_pop(w, out);
	return 1;
}

void
reorder_free(struct reorder *w)
{
	struct reorder_block	*b;

	while ((b = w->first) != NULL) {
		w->first = b->next;
		free(b);
	}
	free(w->spare);
	free(w->heap);
	free(w->late);
	free(w->free);
	memset(w, 0, sizeof *w);
}
