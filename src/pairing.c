#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "pairing.h"
#include "xmalloc.h"

struct pairing {
	struct hashmap	 pending;	/* thread key -> struct pair */
	size_t		 peak;
	pairing_cb	 cb;
	void		*arg;
};

/*
 * Interned strings are compared by address: the key is the pointers.  A
 * thread with a key of its own (a callback's number) is one thread
 * across all sources.
 */
struct pairing_key {
	uint32_t	 source;
	const char	*channel;
	const char	*thread;
};

struct pairing *
pairing_new(pairing_cb cb, void *arg)
{
	struct pairing	*p;

	p = xcalloc(1, sizeof *p);
	hashmap_init(&p->pending);
	p->cb = cb;
	p->arg = arg;
	return p;
}

static void
pairing_key(const struct event *ev, struct pairing_key *key)
{
	memset(key, 0, sizeof *key);
	key->source = ev->key != NULL ? UINT32_MAX : ev->source;
	key->channel = ev->channel;
	key->thread = ev->key != NULL ? ev->key : ev->thread;
}

/* A request joining a pending one fills in what the first lacked. */
static void
pairing_join(struct pair *pair, const struct event *ev)
{
	if (pair->department == NULL)
		pair->department = ev->department;
	if (pair->customer == NULL)
		pair->customer = ev->customer;
	if (pair->priority == NULL)
		pair->priority = ev->priority;
}

static void
pairing_open(struct pair *pair, const struct event *ev)
{
	memset(pair, 0, sizeof *pair);
	pair->requested = ev->time;
	pair->outcome = OUTCOME_OPEN;
	pair->source = ev->source;
	pair->channel = ev->channel;
	pair->thread = ev->thread;
	pair->origin = ev->origin;
	pairing_join(pair, ev);
}

void
pairing_event(struct pairing *p, const struct event *ev)
{
	struct pairing_key	  key;
	struct pair		 *pair;
	void			**slot;
	int			  added;

	if (ev->kind == EVENT_MISSED_RING)
		return;
	pairing_key(ev, &key);
	if (ev->kind == EVENT_REQUEST) {
		slot = hashmap_slot(&p->pending, &key, sizeof key, &added);
		if (added) {
			*slot = pair = xmalloc(sizeof *pair);
			pairing_open(pair, ev);
			if (p->pending.count > p->peak)
				p->peak = p->pending.count;
		} else
			pairing_join(*slot, ev);
		return;
	}
	/* A response or abandon with nothing pending is ignored. */
	if ((pair = hashmap_get(&p->pending, &key, sizeof key)) == NULL)
		return;
	pair->closed = ev->time;
	pair->close_origin = ev->origin;
	if (ev->kind == EVENT_RESPONSE) {
		pair->outcome = OUTCOME_ANSWERED;
		pair->agent = ev->agent;
	} else
		pair->outcome = OUTCOME_ABANDONED;
	p->cb(pair, p->arg);
	hashmap_remove(&p->pending, &key, sizeof key);
	free(pair);
}

/* Everything still pending at the end of the data. */
void
pairing_finish(struct pairing *p)
{
	struct hashmap_slot	*s;
	size_t			 i;

	for (i = 0; hashmap_next(&p->pending, &i, &s);)
		p->cb(s->value, p->arg);
	hashmap_free(&p->pending, free);
	hashmap_init(&p->pending);
}

size_t
pairing_peak(const struct pairing *p)
{
	return p->peak;
}

void
pairing_free(struct pairing *p)
{
	if (p == NULL)
		return;
	hashmap_free(&p->pending, free);
	free(p);
}
