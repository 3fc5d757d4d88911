#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "duration.h"

static const struct {
	const char	*name;
	int64_t		 us;
} duration_units[] = {
	{ "ms", 1000LL },	/* before "m" so that "ms" wins */
	{ "d", 86400LL * USEC_PER_SEC },
	{ "h", 3600LL * USEC_PER_SEC },
	{ "m", 60LL * USEC_PER_SEC },
	{ "s", USEC_PER_SEC },
};

static int
duration_unit(const char **p, int64_t *us)
{
	size_t	i, n;

	for (i = 0; i < sizeof duration_units / sizeof duration_units[0];
	    i++) {
		n = strlen(duration_units[i].name);
		if (strncmp(*p, duration_units[i].name, n) == 0) {
			*p += n;
			*us = duration_units[i].us;
			return 0;
		}
	}
	return -1;
}

/*
 * One or more NUMBER UNIT terms, each number an integer or a decimal;
 * a bare number is refused (seconds or minutes?).  Returns -1 if
 * malformed or longer than a century.
 */
int
duration_parse(const char *s, int64_t *out)
{
	const char	*p = s;
	int64_t		 whole, num, den, unit, total = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return -1;
	while (*p != '\0' && !isspace((unsigned char)*p)) {
		if (!isdigit((unsigned char)*p))
			return -1;
		for (whole = 0; isdigit((unsigned char)*p); p++) {
			whole = whole * 10 + (*p - '0');
			if (whole > 100000000)
				return -1;
		}
		num = 0;
		den = 1;
		if (*p == '.') {
			for (p++; isdigit((unsigned char)*p); p++) {
				if (den < USEC_PER_SEC) {
					num = num * 10 + (*p - '0');
					den *= 10;
				}
			}
		}
		if (duration_unit(&p, &unit) == -1)
			return -1;
		total += whole * unit + num * unit / den;
		if (total > 36500LL * 86400 * USEC_PER_SEC)
			return -1;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		return -1;
	*out = total;
	return 0;
}

/* The shortest exact form: 1d2h, 90s is 1m30s, 1.5s, 0s. */
void
duration_format(char *buf, int64_t us)
{
	static const struct {
		char	 unit;
		int64_t	 us;
	} parts[] = {
		{ 'd', 86400LL * USEC_PER_SEC },
		{ 'h', 3600LL * USEC_PER_SEC },
		{ 'm', 60LL * USEC_PER_SEC },
	};
	size_t	i, n = 0;
	int64_t	rest = us;

	buf[0] = '\0';
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (rest >= parts[i].us) {
			n += snprintf(buf + n, DURATION_BUFSIZE - n, "%lld%c",
			    (long long)(rest / parts[i].us), parts[i].unit);
			rest %= parts[i].us;
		}
	}
	if (rest == 0 && n > 0)
		return;
	if (rest % USEC_PER_SEC == 0)
		snprintf(buf + n, DURATION_BUFSIZE - n, "%llds",
		    (long long)(rest / USEC_PER_SEC));
	else {
		n += snprintf(buf + n, DURATION_BUFSIZE - n, "%lld.%06lld",
		    (long long)(rest / USEC_PER_SEC),
		    (long long)(rest % USEC_PER_SEC));
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		snprintf(buf + n, DURATION_BUFSIZE - n, "s");
	}
}
