/*
 * The verdicts the pairs and violations reports print, in their order
 * (month, department, agent, channel, requested, thread, origin), as
 * records of sorted runs (runs.h): bounded memory, SPEC §8.  Read back,
 * a verdict's strings are good until the next is read.
 */
#ifndef RESPSTAT_PAIRSTORE_H
#define RESPSTAT_PAIRSTORE_H

#include "runs.h"

extern const struct runs_type	pairstore_type;

#endif
