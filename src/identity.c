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

/*
 * Resolve every event's agent to its roster key and its department
 * through [departments]; return how many distinct identities the roster
 * does not know.
 */
size_t
identity_resolve(const struct conf *c, struct event *ev, size_t n)
{
	struct hashmap		 unknown, cache;
	const struct agent	*a;
	size_t			 i, count;
	const char		*key[2];
	void			**slot;
	int			 added;

	hashmap_init(&unknown);
	hashmap_init(&cache);
	for (i = 0; i < n; i++) {
		ev[i].department = conf_department(c, ev[i].department);
		if (ev[i].agent == NULL)
			continue;
		key[0] = c->sources[ev[i].source]->name;
		key[1] = ev[i].agent;
		slot = hashmap_slot(&cache, key, sizeof key, &added);
		if (added) {
			a = roster_find(c->roster, key[0], ev[i].agent);
			*slot = (void *)(a != NULL ? a->key : NULL);
			if (a == NULL)
				hashmap_slot(&unknown, ev[i].agent,
				    strlen(ev[i].agent), NULL);
		}
		if (*slot != NULL)
			ev[i].agent = *slot;
	}
	count = unknown.count;
	hashmap_free(&unknown, NULL);
	hashmap_free(&cache, NULL);
	return count;
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
