#include "config.h"

#include <stdio.h>
#include <string.h>

#include "number.h"

/* a / b rounded half away from zero; b > 0. */
int64_t
number_div_round(__int128 a, __int128 b)
{
	if (a >= 0)
		return (int64_t)((2 * a + b) / (2 * b));
	return (int64_t)-((-2 * a + b) / (2 * b));
}

int64_t
number_div_ceil(int64_t a, int64_t b)
{
	return a / b + (a % b != 0 && (a > 0) == (b > 0));
}

/* Milliseconds as seconds: 42, 42.5, 0.333, -1.25. */
static void
number_milliseconds(char *buf, int64_t ms)
{
	int64_t	whole, frac;
	int	n;
	char	*p;

	whole = (ms < 0 ? -ms : ms) / 1000;
	frac = (ms < 0 ? -ms : ms) % 1000;
	n = snprintf(buf, NUMBER_BUFSIZE, "%s%lld", ms < 0 ? "-" : "",
	    (long long)whole);
	if (frac == 0)
		return;
	snprintf(buf + n, NUMBER_BUFSIZE - n, ".%03lld", (long long)frac);
	for (p = buf + strlen(buf) - 1; *p == '0'; p--)
		*p = '\0';
}

/* Microseconds printed as seconds rounded to 3 decimals. */
void
number_seconds(char *buf, int64_t us)
{
	number_milliseconds(buf, number_div_round(us, 1000));
}

/* An exact fraction of microseconds (a mean) printed as seconds. */
void
number_seconds_ratio(char *buf, __int128 us, int64_t n)
{
	number_milliseconds(buf, number_div_round(us, (__int128)n * 1000));
}

/* num / den as a percentage with one decimal, half away from zero. */
void
number_percent(char *buf, int64_t num, int64_t den)
{
	int64_t	tenths = number_div_round((__int128)num * 1000, den);

	snprintf(buf, NUMBER_BUFSIZE, "%lld.%lld", (long long)(tenths / 10),
	    (long long)(tenths % 10));
}
