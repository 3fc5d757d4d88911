#include "config.h"

#include <stddef.h>
#include <string.h>

#include "pairstore.h"
#include "runs.h"
#include "sla.h"

/* The order of the pairs report (SPEC §7). */
static int
pairstore_compare(const void *va, const void *vb)
{
	const struct verdict	*a = va, *b = vb;
	int			 r;

	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if ((r = strcmp(a->department, b->department)) != 0)
		return r;
	if ((r = strcmp(a->agent_name, b->agent_name)) != 0)
		return r;
	if ((r = strcmp(a->pair.channel, b->pair.channel)) != 0)
		return r;
	if (a->pair.agent != b->pair.agent && a->pair.agent != NULL &&
	    b->pair.agent != NULL &&
	    (r = strcmp(a->pair.agent, b->pair.agent)) != 0)
		return r;
	if (a->pair.requested != b->pair.requested)
		return a->pair.requested < b->pair.requested ? -1 : 1;
	if ((r = strcmp(a->pair.thread, b->pair.thread)) != 0)
		return r;
	if (a->pair.origin.file != b->pair.origin.file)
		return a->pair.origin.file < b->pair.origin.file ? -1 : 1;
	return a->pair.origin.line < b->pair.origin.line ? -1 :
	    a->pair.origin.line > b->pair.origin.line;
}

/* Verdicts in runs: their thread and customer are counted strings. */
const struct runs_type pairstore_type = {
	.size = sizeof(struct verdict),
	.compare = pairstore_compare,
	.nstrings = 2,
	.strings = { offsetof(struct verdict, pair.thread),
	    offsetof(struct verdict, pair.customer) },
	.lengths = { RUNS_STRLEN, RUNS_STRLEN },
	.borrowed = 1
};
