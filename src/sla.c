#include "config.h"

#include <string.h>

#include "calendar.h"
#include "conf.h"
#include "sla.h"
#include "timestamp.h"

/*
 * The threshold of a request: off_hours_within if it came while the
 * business was closed, else its priority's own, else respond_within;
 * inside a peak window, extended by the percentage and rounded half away
 * from zero to the microsecond.
 */
static int64_t
sla_threshold(const struct conf *c, const struct conf_channel *ch,
    int64_t requested, const char *priority, int peak)
{
	int64_t	within = ch->respond_within;
	size_t	i;

	for (i = 0; priority != NULL && i < ch->npriorities; i++)
		if (ch->priorities[i].name == priority)
			within = ch->priorities[i].within;
	if (ch->off_hours_within >= 0 && !calendar_open_at(c->calendar,
	    requested))
		within = ch->off_hours_within;
	return peak ? conf_extend(c, within) : within;
}

/* The highest tier reached (at >= its mark), or -1. */
int
sla_tier(const struct conf_tier *v, size_t n, int64_t value)
{
	int	tier = -1;
	size_t	i;

	for (i = 0; i < n; i++)
		if (value >= v[i].at)
			tier = (int)i;
	return tier;
}

/* Time between two instants on the channel's clock. */
static int64_t
sla_elapsed(const struct conf *c, const struct conf_channel *ch, int64_t a,
    int64_t b)
{
	if (ch->clock == CLOCK_BUSINESS)
		return calendar_between(c->calendar, a, b);
	return b - a;
}

static int64_t
sla_deadline(const struct conf *c, const struct conf_channel *ch, int64_t a,
    int64_t threshold)
{
	if (ch->clock == CLOCK_BUSINESS)
		return calendar_add(c->calendar, a, threshold);
	return a + threshold;
}

static void
sla_late(struct verdict *v, int64_t wait)
{
	v->has_wait = 1;
	v->wait = wait;
	v->violation = wait > v->threshold;
	if (v->violation) {
		v->has_delay = 1;
		v->delay = wait - v->threshold;
	}
}

void
sla_judge(const struct conf *c, const struct pair *p, int64_t end,
    struct verdict *v)
{
	const struct conf_channel	*ch = conf_channel(c, p->channel);

	memset(v, 0, sizeof *v);
	v->pair = *p;
	v->compensation = -1;
	v->month = timestamp_month(p->requested, c->tz);
	v->peak = conf_in_peak(c, p->requested);
	v->threshold = sla_threshold(c, ch, p->requested, p->priority,
	    v->peak);
	switch (p->outcome) {
	case OUTCOME_ANSWERED:
		sla_late(v, sla_elapsed(c, ch, p->requested, p->closed));
		v->within = !v->violation;
		if (v->violation)
			v->compensation = sla_tier(c->compensation.v,
			    c->compensation.n, v->delay);
		break;
	case OUTCOME_ABANDONED:
	case OUTCOME_SHORT_ABANDONED:
		sla_late(v, sla_elapsed(c, ch, p->requested, p->closed));
		if (ch->short_abandon > 0 && v->wait < ch->short_abandon) {
			v->pair.outcome = OUTCOME_SHORT_ABANDONED;
			v->violation = v->has_delay = 0;
		}
		break;
	case OUTCOME_UNANSWERED:
	case OUTCOME_OPEN:
		/* Unanswered once the deadline is before the end of data. */
		if (sla_deadline(c, ch, p->requested, v->threshold) < end) {
			v->pair.outcome = OUTCOME_UNANSWERED;
			v->violation = 1;
			v->compensation = (int)c->compensation.n - 1;
		} else
			v->pair.outcome = OUTCOME_OPEN;
		break;
	}
}
