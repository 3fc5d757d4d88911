#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "pairing.h"
#include "refstr.h"
#include "xmalloc.h"

/*
 * Interned strings are compared by address: the key is the pointers.  A
 * shared key (a callback's number) is one thread across all sources.
 */
struct pairing_key {
	uint32_t	 source;
	const char	*channel;
	const char	*thread;
};

/* A pending request, and where to find it again. */
struct pending {
	struct pair		 pair;
	struct pairing_key	 key;
	const char		*group;
};

/*
 * The pending requests of a group (a mail customer), oldest first: a
 * response with no thread of its own answers the oldest.
 */
struct pairing_group {
	uint32_t	 source;
	const char	*group;
};

struct pairing {
	struct hashmap	 pending;	/* pairing_key -> struct pending */
	struct pending	*spare;		/* allocated, not used */
	struct hashmap	 groups;	/* pairing_group -> struct grouplist */
	size_t		 peak;
	pairing_cb	 cb;
	void		*arg;
};

struct grouplist {
	struct pending	**v;
	size_t		  n;
};

/* The map's key is the one inside the pending request: no copy. */
static char *
pairing_own_key(void *arg, const void *key, size_t len)
{
	(void)key;
	(void)len;
	return (char *)&((struct pending *)arg)->key;
}

static void
pairing_init_pending(struct pairing *p)
{
	hashmap_init(&p->pending);
	p->pending.copy = pairing_own_key;
}

struct pairing *
pairing_new(pairing_cb cb, void *arg)
{
	struct pairing	*p;

	p = xcalloc(1, sizeof *p);
	pairing_init_pending(p);
	hashmap_init(&p->groups);
	p->cb = cb;
	p->arg = arg;
	return p;
}

static void
pairing_key(const struct event *ev, struct pairing_key *key)
{
	memset(key, 0, sizeof *key);
	key->source = ev->shared ? UINT32_MAX : ev->source;
	key->channel = ev->channel;
	key->thread = ev->key != NULL ? ev->key : ev->thread;
}

static struct grouplist *
pairing_group(struct pairing *p, uint32_t source, const char *group,
    int create)
{
	struct pairing_group	  g;
	void			**slot;

	memset(&g, 0, sizeof g);
	g.source = source;
	g.group = group;
	if (!create)
		return hashmap_get(&p->groups, &g, sizeof g);
	slot = hashmap_slot(&p->groups, &g, sizeof g, NULL);
	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(struct grouplist));
	return *slot;
}

/*
 * A request joining a pending one fills in what the first lacked.  A
 * pending request holds its own references to its counted strings.
 */
static void
pairing_join(struct pair *pair, const struct event *ev)
{
	if (pair->department == NULL)
		pair->department = ev->department;
	if (pair->customer == NULL)
		pair->customer = refstr_ref(ev->customer);
	if (pair->priority == NULL)
		pair->priority = ev->priority;
}

static void
pairing_open(struct pairing *p, struct pending *pd, const struct event *ev)
{
	struct grouplist	*gl;

	memset(pd, 0, sizeof *pd);
	pairing_key(ev, &pd->key);
	pd->pair.requested = ev->time;
	pd->pair.outcome = OUTCOME_OPEN;
	pd->pair.source = ev->source;
	pd->pair.channel = ev->channel;
	pd->pair.thread = refstr_ref(ev->thread);
	refstr_ref(pd->key.thread);
	pd->pair.origin = ev->origin;
	pairing_join(&pd->pair, ev);
	if ((pd->group = ev->group) != NULL) {
		gl = pairing_group(p, ev->source, ev->group, 1);
		gl->v = xreallocarray(gl->v, gl->n + 1, sizeof *gl->v);
		gl->v[gl->n++] = pd;
	}
}

static void
pairing_forget(void *v)
{
	struct pending	*pd = v;

	refstr_unref(pd->pair.thread);
	refstr_unref(pd->key.thread);
	refstr_unref(pd->pair.customer);
	free(pd);
}

/* Report a pending request closed, and forget it. */
static void
pairing_close(struct pairing *p, struct pending *pd)
{
	struct grouplist	*gl;
	size_t			 i;

	p->cb(&pd->pair, p->arg);
	if (pd->group != NULL &&
	    (gl = pairing_group(p, pd->pair.source, pd->group, 0)) != NULL) {
		for (i = 0; i < gl->n && gl->v[i] != pd; i++)
			;
		if (i < gl->n) {
			memmove(gl->v + i, gl->v + i + 1,
			    (gl->n - i - 1) * sizeof *gl->v);
			gl->n--;
		}
	}
	hashmap_remove(&p->pending, &pd->key, sizeof pd->key);
	pairing_forget(pd);
}

/* The pending request a response or abandon closes, if any. */
static struct pending *
pairing_find(struct pairing *p, const struct event *ev)
{
	struct pairing_key	 key;
	struct grouplist	*gl;

	if (ev->any_thread && ev->group != NULL &&
	    (gl = pairing_group(p, ev->source, ev->group, 0)) != NULL &&
	    gl->n > 0)
		return gl->v[0];
	pairing_key(ev, &key);
	return hashmap_get(&p->pending, &key, sizeof key);
}

void
pairing_event(struct pairing *p, const struct event *ev)
{
	struct pending		 *pd;
	void			**slot;
	int			  added;

	if (ev->kind == EVENT_MISSED_RING)
		return;
	if (ev->kind == EVENT_REQUEST) {
		pd = p->spare != NULL ? p->spare : xmalloc(sizeof *pd);
		p->spare = NULL;
		pairing_key(ev, &pd->key);
		p->pending.copyarg = pd;
		slot = hashmap_slot(&p->pending, &pd->key, sizeof pd->key,
		    &added);
		if (added) {
			*slot = pd;
			pairing_open(p, pd, ev);
			if (p->pending.count > p->peak)
				p->peak = p->pending.count;
		} else {
			p->spare = pd;
			pairing_join(&((struct pending *)*slot)->pair, ev);
		}
		return;
	}
	/* A response or abandon with nothing pending is ignored. */
	if ((pd = pairing_find(p, ev)) == NULL)
		return;
	pd->pair.closed = ev->time;
	pd->pair.close_origin = ev->origin;
	if (ev->kind == EVENT_RESPONSE) {
		pd->pair.outcome = OUTCOME_ANSWERED;
		pd->pair.agent = ev->agent;
	} else
		pd->pair.outcome = OUTCOME_ABANDONED;
	pairing_close(p, pd);
}

static void
pairing_grouplist_free(void *v)
{
	struct grouplist	*gl = v;

	free(gl->v);
	free(gl);
}

/* Everything still pending at the end of the data. */
void
pairing_finish(struct pairing *p)
{
	struct hashmap_slot	*s;
	size_t			 i;

	for (i = 0; hashmap_next(&p->pending, &i, &s);)
		p->cb(&((struct pending *)s->value)->pair, p->arg);
	hashmap_free(&p->pending, pairing_forget);
	pairing_init_pending(p);
	hashmap_free(&p->groups, pairing_grouplist_free);
	hashmap_init(&p->groups);
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
	hashmap_free(&p->pending, pairing_forget);
	hashmap_free(&p->groups, pairing_grouplist_free);
	free(p->spare);
	free(p);
}
