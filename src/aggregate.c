#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "conf.h"
#include "hashmap.h"
#include "number.h"
#include "sla.h"
#include "xmalloc.h"

struct aggregate_level_data {
	struct hashmap	  map;
	struct group	**rows;
	size_t		  n;
};

struct aggregate {
	const struct conf		*conf;
	struct aggregate_level_data	 level[2];
};

struct group_key {
	int		 month;
	const char	*department;
	const char	*agent;
	const char	*channel;
};

struct aggregate *
aggregate_new(const struct conf *c)
{
	struct aggregate	*a;

	a = xcalloc(1, sizeof *a);
	a->conf = c;
	hashmap_init(&a->level[AGGREGATE_AGENTS].map);
	hashmap_init(&a->level[AGGREGATE_DEPARTMENTS].map);
	return a;
}

static struct group *
aggregate_group(struct aggregate *a, enum aggregate_level level, int month,
    const char *department, const char *agent, const char *agent_name,
    const char *channel)
{
	struct group_key	  key;
	struct group		 *g;
	void			**slot;
	int			  added;

	memset(&key, 0, sizeof key);
	key.month = month;
	key.department = department;
	key.agent = level == AGGREGATE_AGENTS ? agent : NULL;
	key.channel = channel;
	slot = hashmap_slot(&a->level[level].map, &key, sizeof key, &added);
	if (!added)
		return *slot;
	*slot = g = xcalloc(1, sizeof *g);
	g->month = month;
	g->department = department;
	g->agent = key.agent;
	g->agent_name = level == AGGREGATE_AGENTS ? agent_name : NULL;
	g->channel = channel;
	g->compensation = xcalloc(a->conf->compensation.n + 1,
	    sizeof *g->compensation);
	/* Found once, not looked up again for every pair. */
	if (level == AGGREGATE_AGENTS)
		g->total = aggregate_group(a, AGGREGATE_DEPARTMENTS, month,
		    department, NULL, NULL, channel);
	return g;
}

static void
aggregate_count(struct group *g, const struct verdict *v)
{
	g->requests++;
	switch (v->pair.outcome) {
	case OUTCOME_ANSWERED:
		g->answered++;
		g->within += v->within;
		g->late += v->violation;
		histogram_add(&g->waits, v->wait);
		g->sum += v->wait;
		if (v->peak) {
			g->sum_peak += v->wait;
			g->n_peak++;
		}
		break;
	case OUTCOME_ABANDONED:
		g->abandoned++;
		break;
	case OUTCOME_SHORT_ABANDONED:
		g->short_abandoned++;
		break;
	case OUTCOME_UNANSWERED:
		g->unanswered++;
		break;
	case OUTCOME_OPEN:
		g->open++;
		break;
	}
	g->violations += v->violation;
	if (v->compensation >= 0)
		g->compensation[v->compensation]++;
}

void
aggregate_add(struct aggregate *a, const struct verdict *v)
{
	const char	*agent = v->pair.outcome == OUTCOME_ANSWERED ?
			    v->pair.agent : NULL;
	struct group	*g;

	g = aggregate_group(a, AGGREGATE_AGENTS, v->month, v->department,
	    agent, v->agent_name, v->pair.channel);
	aggregate_count(g, v);
	aggregate_count(g->total, v);
}

void
aggregate_ring(struct aggregate *a, int month, const char *department,
    const char *agent, const char *agent_name, const char *channel)
{
	struct group	*g;

	g = aggregate_group(a, AGGREGATE_AGENTS, month, department, agent,
	    agent_name, channel);
	g->missed_rings++;
	g->total->missed_rings++;
}

/*
 * The mean target: met when the mean of the waits of requests made
 * outside peak windows is at most mean_within and the mean of those made
 * inside at most peak_mean_within (a side with no waits is met).
 * Compared exactly: sum <= target * count.
 */
enum mean_met
aggregate_mean_met(const struct group *g, int64_t mean, int64_t peak_mean)
{
	uint64_t	n_off = g->waits.total - g->n_peak;

	if (mean < 0 || g->waits.total == 0)
		return MEAN_MET_NONE;
	if (n_off > 0 && g->sum - g->sum_peak > (__int128)mean * n_off)
		return MEAN_MET_NO;
	if (g->n_peak > 0 && g->sum_peak > (__int128)peak_mean * g->n_peak)
		return MEAN_MET_NO;
	return MEAN_MET_YES;
}

static int
aggregate_row_compare(const void *va, const void *vb)
{
	const struct group	*a = *(struct group *const *)va;
	const struct group	*b = *(struct group *const *)vb;
	int			 r;

	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if ((r = strcmp(a->department, b->department)) != 0)
		return r;
	if (a->agent_name != NULL &&
	    (r = strcmp(a->agent_name, b->agent_name)) != 0)
		return r;
	if ((r = strcmp(a->channel, b->channel)) != 0)
		return r;
	/* Same printed name: the roster's agent value decides. */
	if (a->agent != b->agent)
		return a->agent == NULL ? -1 : b->agent == NULL ? 1 :
		    strcmp(a->agent, b->agent);
	return 0;
}

static void
aggregate_level_finish(struct aggregate *a, struct aggregate_level_data *l)
{
	const struct conf_channel	*ch;
	struct hashmap_slot		*s;
	struct group			*g;
	size_t				 i;

	l->rows = xreallocarray(NULL, l->map.count, sizeof *l->rows);
	for (i = 0, l->n = 0; hashmap_next(&l->map, &i, &s);) {
		g = l->rows[l->n++] = s->value;
		histogram_finish(&g->waits);
		ch = conf_channel(a->conf, g->channel);
		g->mean_met = aggregate_mean_met(g, ch->mean_within,
		    ch->peak_mean_within);
	}
	if (l->n > 1)
		qsort(l->rows, l->n, sizeof *l->rows, aggregate_row_compare);
}

void
aggregate_finish(struct aggregate *a)
{
	aggregate_level_finish(a, &a->level[AGGREGATE_AGENTS]);
	aggregate_level_finish(a, &a->level[AGGREGATE_DEPARTMENTS]);
}

struct group *const *
aggregate_rows(const struct aggregate *a, enum aggregate_level level,
    size_t *n)
{
	*n = a->level[level].n;
	return a->level[level].rows;
}

static void
aggregate_group_free(void *v)
{
	struct group	*g = v;

	histogram_free(&g->waits);
	free(g->compensation);
	free(g);
}

void
aggregate_free(struct aggregate *a)
{
	int	i;

	if (a == NULL)
		return;
	for (i = 0; i < 2; i++) {
		hashmap_free(&a->level[i].map, aggregate_group_free);
		free(a->level[i].rows);
	}
	free(a);
}
