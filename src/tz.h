/*
 * IANA time zones as a table of UTC offsets, so that conversions never
 * depend on the process's TZ and cost a binary search.
 */
#ifndef RESPSTAT_TZ_H
#define RESPSTAT_TZ_H

#include <stdint.h>

struct tz;

struct tz	*tz_load(const char *, char **);
void		 tz_free(struct tz *);
const char	*tz_name(const struct tz *);
int32_t		 tz_offset(const struct tz *, int64_t);
int64_t		 tz_to_utc(const struct tz *, int64_t);

#endif
