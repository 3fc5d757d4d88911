/*
 * The SLA check (SPEC §6): the threshold of a request, and the verdict
 * on a pair: outcome, wait, violation, delay, compensation tier.
 */
#ifndef RESPSTAT_SLA_H
#define RESPSTAT_SLA_H

#include <stdint.h>

#include "pairing.h"

struct conf;
struct conf_channel;
struct conf_tier;

struct verdict {
	struct pair	 pair;
	const char	*department;	/* final: mapped, or the agent's */
	const char	*agent_name;	/* printed name of who answered */
	int		 month;
	int		 peak;		/* requested inside a peak window */
	int		 has_wait;
	int64_t		 wait;
	int64_t		 threshold;
	int		 violation;
	int		 within;
	int		 has_delay;
	int64_t		 delay;
	int		 compensation;	/* tier index, -1: none */
};

void	sla_judge(const struct conf *, const struct pair *, int64_t,
	    struct verdict *);
int	sla_tier(const struct conf_tier *, size_t, int64_t);

#endif
