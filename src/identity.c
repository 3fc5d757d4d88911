#include "config.h"

#include <string.h>

#include "conf.h"
#include "event.h"
#include "hashmap.h"
#include "identity.h"
#include "intern.h"
#include "roster.h"
#include "sla.h"
#include "source.h"

void
identity_init(struct identity *id, const struct conf *c)
{
	id->conf = c;
	hashmap_init(&id->cache);
	hashmap_init(&id->unknown);
}

/*
 * Resolve an event's agent to its roster key and its department through
 * [departments]; identities the roster does not know are kept as given.
 */
void
identity_resolve(struct identity *id, struct event *ev)
{
	const struct conf	 *c = id->conf;
	const struct agent	 *a;
	const char		 *key[2];
	void			**slot;
	int			  added;

	ev->department = conf_department(c, ev->department);
	if (ev->agent == NULL)
		return;
	key[0] = c->sources[ev->source]->name;
	key[1] = ev->agent;
	slot = hashmap_slot(&id->cache, key, sizeof key, &added);
	if (added) {
		a = roster_find(c->roster, key[0], ev->agent);
		*slot = (void *)(a != NULL ? a->key : NULL);
		if (a == NULL)
			hashmap_slot(&id->unknown, ev->agent,
			    strlen(ev->agent), NULL);
	}
	if (*slot != NULL)
		ev->agent = *slot;
}

/* How many distinct identities the roster does not know. */
size_t
identity_unknown(const struct identity *id)
{
	return id->unknown.count;
}

void
identity_free(struct identity *id)
{
	hashmap_free(&id->cache, NULL);
	hashmap_free(&id->unknown, NULL);
}

const char *
identity_name(const struct conf *c, const char *key)
{
	const struct agent	*a;

	if (key == NULL)
		return intern_str("-");
	a = roster_agent(c->roster, key);
	return a != NULL ? a->name : key;
}

/* The final department and the printed agent name of a verdict. */
void
identity_complete(const struct conf *c, struct verdict *v)
{
	const struct agent	*a = NULL;

	if (v->pair.outcome == OUTCOME_ANSWERED && v->pair.agent != NULL)
		a = roster_agent(c->roster, v->pair.agent);
	v->department = v->pair.department;
	if (v->department == NULL)
		v->department = a != NULL && a->department != NULL ?
		    a->department : intern_str("-");
	v->agent_name = v->pair.outcome == OUTCOME_ANSWERED ?
	    identity_name(c, v->pair.agent) : intern_str("-");
}
