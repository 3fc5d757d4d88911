#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tz.h"
#include "xmalloc.h"

/* Transitions are looked for between these instants (1900 .. 2200). */
#define TZ_FIRST	(-2208988800LL)
#define TZ_LAST		(7258118400LL)
#define TZ_STEP		(7 * 86400LL)	/* zones never change twice a week */

struct tz {
	char		*name;
	int64_t		*start;		/* UTC second each segment starts */
	int32_t		*offset;	/* seconds east of UTC */
	size_t		 n;
};

static int32_t
tz_probe(int64_t t)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

static void
tz_add(struct tz *tz, int64_t start, int32_t offset)
{
	tz->start = xreallocarray(tz->start, tz->n + 1, sizeof *tz->start);
	tz->offset = xreallocarray(tz->offset, tz->n + 1, sizeof *tz->offset);
	tz->start[tz->n] = start;
	tz->offset[tz->n] = offset;
	tz->n++;
}

/* The first second in (lo, hi] whose offset differs from lo's. */
static int64_t
tz_bisect(int64_t lo, int64_t hi)
{
	int32_t	off = tz_probe(lo);
	int64_t	mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz_probe(mid) == off)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/*
 * Sample the C library's view of the zone week by week and locate each
 * change to the second.  Only a change undone within the same week would
 * go unseen; no zone has done that since 1900.
 */
static void
tz_sample(struct tz *tz)
{
	int64_t	t, at;
	int32_t	prev, cur;

	prev = tz_probe(TZ_FIRST);
	tz_add(tz, INT64_MIN, prev);
	for (t = TZ_FIRST; t < TZ_LAST; t += TZ_STEP) {
		cur = tz_probe(t + TZ_STEP);
		if (cur == prev)
			continue;
		at = t;
		do {
			at = tz_bisect(at, t + TZ_STEP);
			tz_add(tz, at, tz_probe(at));
		} while (tz_probe(at) != cur);
		prev = cur;
	}
}

static int
tz_exists(const char *name)
{
	const char	*dir = getenv("TZDIR");
	char		*path;
	int		 ok;

	if (*name == '\0' || *name == '/' || strstr(name, "..") != NULL)
		return 0;
	path = xasprintf("%s/%s", dir != NULL ? dir : "/usr/share/zoneinfo",
	    name);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

struct tz *
tz_load(const char *name, char **cause)
{
	struct tz	*tz;
	char		*saved, *spec;
	const char	*old;

	if (!tz_exists(name)) {
		*cause = xasprintf("unknown time zone \"%s\"", name);
		return NULL;
	}
	tz = xcalloc(1, sizeof *tz);
	tz->name = xstrdup(name);

	old = getenv("TZ");
	saved = old != NULL ? xstrdup(old) : NULL;
	spec = xasprintf(":%s", name);
	setenv("TZ", spec, 1);
	tzset();
	tz_sample(tz);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	free(spec);
	return tz;
}

void
tz_free(struct tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->name);
	free(tz->start);
	free(tz->offset);
	free(tz);
}

const char *
tz_name(const struct tz *tz)
{
	return tz->name;
}

static size_t
tz_segment(const struct tz *tz, int64_t t)
{
	size_t	lo = 0, hi = tz->n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->start[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int32_t
tz_offset(const struct tz *tz, int64_t t)
{
	return tz->offset[tz_segment(tz, t)];
}

static int
tz_valid(const struct tz *tz, size_t i, int64_t t)
{
	return t >= tz->start[i] && (i + 1 == tz->n || t < tz->start[i + 1]);
}

/*
 * A local time (seconds, as if it were UTC) to UTC.  A local time that
 * occurs twice is the first of the two instants; one that does not exist
 * (skipped when clocks go forward) is moved forward by the gap, which is
 * what reading it with the offset in force before the gap gives.
 */
int64_t
tz_to_utc(const struct tz *tz, int64_t local)
{
	size_t	i, first, last, guess;
	int64_t	t, best = 0;
	int	found = 0;

	guess = tz_segment(tz, local - tz_offset(tz, local));
	first = guess >= 2 ? guess - 2 : 0;
	last = guess + 2 < tz->n ? guess + 2 : tz->n - 1;
	for (i = first; i <= last; i++) {
		t = local - tz->offset[i];
		if (tz_valid(tz, i, t) && (!found || t < best)) {
			best = t;
			found = 1;
		}
	}
	if (found)
		return best;
	for (i = first; i < last; i++) {
		if (local - tz->offset[i] >= tz->start[i + 1] &&
		    local - tz->offset[i + 1] < tz->start[i + 1])
			return local - tz->offset[i];
	}
	return local - tz->offset[guess];
}
