#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "timestamp.h"
#include "tz.h"

#define TIMESTAMP_MAX_SECONDS	253402300799LL	/* 9999-12-31T23:59:59Z */

struct cursor {
	const char	*p;
	const char	*end;
};

/* An ASCII digit, whatever the locale says (isdigit is a call). */
static int
is_digit(char ch)
{
	return (unsigned)(ch - '0') <= 9;
}

static int
cursor_digits(struct cursor *c, int min, int max, int64_t *value)
{
	int	n = 0;

	*value = 0;
	while (c->p < c->end && n < max && is_digit(*c->p)) {
		*value = *value * 10 + (*c->p++ - '0');
		n++;
	}
	return n >= min;
}

static int
cursor_char(struct cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/* Up to six digits of a fraction of a second; finer digits truncate. */
static int
cursor_fraction(struct cursor *c, int64_t *usec)
{
	int	n = 0;

	*usec = 0;
	if (c->p >= c->end || !is_digit(*c->p))
		return 0;
	while (c->p < c->end && is_digit(*c->p)) {
		if (n < 6) {
			*usec = *usec * 10 + (*c->p - '0');
			n++;
		}
		c->p++;
	}
	for (; n < 6; n++)
		*usec *= 10;
	return 1;
}

/* isspace in the C locale, without a call. */
static int
is_space(char ch)
{
	return ch == ' ' || (unsigned)(ch - '\t') <= '\r' - '\t';
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

static int
date_valid(int64_t y, int64_t mon, int64_t d, int64_t h, int64_t min,
    int64_t sec)
{
	return mon >= 1 && mon <= 12 && d >= 1 &&
	    d <= civil_month_days(y, (int)mon) && h <= 23 && min <= 59 &&
	    sec <= 60;
}

/* Z, +HH, +HHMM or +HH:MM; returns 0 if there is none, -1 if malformed. */
static int
cursor_offset(struct cursor *c, int64_t *offset)
{
	int64_t	h, m = 0;
	int	sign;

	if (cursor_char(c, 'Z') || cursor_char(c, 'z')) {
		*offset = 0;
		return 1;
	}
	if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
		return 0;
	sign = *c->p++ == '-' ? -1 : 1;
	if (!cursor_digits(c, 2, 2, &h))
		return -1;
	cursor_char(c, ':');
	if (c->p < c->end && !cursor_digits(c, 2, 2, &m))
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*offset = sign * (h * 3600 + m * 60);
	return 1;
}

static int
two_digits(const char *p, int64_t *value)
{
	if (!is_digit(p[0]) || !is_digit(p[1]))
		return 0;
	*value = (p[0] - '0') * 10 + (p[1] - '0');
	return 1;
}

/*
 * The layout nearly every export writes, YYYY-MM-DDTHH:MM:SS with a Z or
 * nothing after it, read without the general parser's cursor: 1 if s
 * has it, 0 if not (the general parser decides).
 */
static int
iso8601_common(const char *s, size_t len, int64_t f[6], int *zulu)
{
	int64_t	cc, yy;

	if (len != 19 && (len != 20 || s[19] != 'Z'))
		return 0;
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	if (!two_digits(s, &cc) || !two_digits(s + 2, &yy) ||
	    !two_digits(s + 5, &f[1]) || !two_digits(s + 8, &f[2]) ||
	    !two_digits(s + 11, &f[3]) || !two_digits(s + 14, &f[4]) ||
	    !two_digits(s + 17, &f[5]))
		return 0;
	f[0] = cc * 100 + yy;
	*zulu = len == 20;
	return 1;
}

/*
 * Any ISO 8601 layout the SPEC accepts, into year, month, day, hour,
 * minute, second: 1 with an offset, 0 without, -1 if malformed.
 */
static int
iso8601_fields(const char *s, size_t len, int64_t f[6], int64_t *usec,
    int64_t *off)
{
	struct cursor	c;
	int		has_offset;

	trim(&s, &len);
	c.p = s;
	c.end = s + len;
	if (!cursor_digits(&c, 4, 4, &f[0]) || !cursor_char(&c, '-') ||
	    !cursor_digits(&c, 1, 2, &f[1]) || !cursor_char(&c, '-') ||
	    !cursor_digits(&c, 1, 2, &f[2]))
		return -1;
	if (cursor_char(&c, 'T') || cursor_char(&c, 't') ||
	    cursor_char(&c, ' ')) {
		if (!cursor_digits(&c, 1, 2, &f[3]) || !cursor_char(&c, ':') ||
		    !cursor_digits(&c, 2, 2, &f[4]))
			return -1;
		if (cursor_char(&c, ':')) {
			if (!cursor_digits(&c, 2, 2, &f[5]))
				return -1;
			if ((cursor_char(&c, '.') || cursor_char(&c, ',')) &&
			    !cursor_fraction(&c, usec))
				return -1;
		}
	}
	while (c.p < c.end && *c.p == ' ')
		c.p++;
	if ((has_offset = cursor_offset(&c, off)) == -1 || c.p != c.end)
		return -1;
	return has_offset;
}

/*
 * The date of the last time read in the common layout, and its day: a
 * log's times come in order, most of a day's with the same date.
 */
static _Thread_local char	iso8601_date[10];
static _Thread_local int64_t	iso8601_days;

int
timestamp_parse_iso8601(const char *s, size_t len, const struct tz *zone,
    int64_t *out)
{
	int64_t	f[6] = { 0 }, usec = 0, off = 0, local, days;
	int	has_offset, common;

	if (!(common = iso8601_common(s, len, f, &has_offset)) &&
	    (has_offset = iso8601_fields(s, len, f, &usec, &off)) == -1)
		return -1;
	if (common && memcmp(s, iso8601_date, sizeof iso8601_date) == 0 &&
	    f[3] <= 23 && f[4] <= 59 && f[5] <= 60)
		days = iso8601_days;
	else {
		if (!date_valid(f[0], f[1], f[2], f[3], f[4], f[5]))
			return -1;
		days = civil_days(f[0], (int)f[1], (int)f[2]);
		if (common) {
			memcpy(iso8601_date, s, sizeof iso8601_date);
			iso8601_days = days;
		}
	}
	local = days * SEC_PER_DAY + f[3] * 3600 + f[4] * 60 + f[5];
	local = has_offset ? local - off : tz_to_utc(zone, local);
	*out = local * USEC_PER_SEC + usec;
	return 0;
}

static int
timestamp_parse_epoch(const char *s, size_t len, int64_t unit, int64_t *out)
{
	struct cursor	c;
	int64_t		whole, frac = 0;
	int		neg;

	trim(&s, &len);
	c.p = s;
	c.end = s + len;
	neg = cursor_char(&c, '-');
	if (!cursor_digits(&c, 1, 15, &whole))
		return -1;
	/* Up to the year 9999, whichever the unit: no overflow. */
	if (whole > TIMESTAMP_MAX_SECONDS * (USEC_PER_SEC / unit))
		return -1;
	if (cursor_char(&c, '.') && !cursor_fraction(&c, &frac))
		return -1;
	if (c.p != c.end)
		return -1;
	/* frac is in millionths of the unit. */
	*out = whole * unit + frac * unit / USEC_PER_SEC;
	if (neg)
		*out = -*out;
	return 0;
}

static int
timestamp_parse_pattern(const char *pattern, const char *s, size_t len,
    const struct tz *zone, int64_t *out)
{
	char		 buf[256];
	const char	*end;
	struct tm	 tm;
	int64_t		 local;

	trim(&s, &len);
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = 1;
	if ((end = strptime(buf, pattern, &tm)) == NULL)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return -1;
	if (!date_valid(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec))
		return -1;
	local = civil_days(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) *
	    SEC_PER_DAY + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	if (strstr(pattern, "%z") != NULL)
		local -= tm.tm_gmtoff;
	else
		local = tz_to_utc(zone, local);
	*out = local * USEC_PER_SEC;
	return 0;
}

/* Parse a timestamp field; 0 on success, -1 if it is not a valid time. */
int
timestamp_parse(enum timestamp_format format, const char *pattern,
    const char *s, size_t len, const struct tz *zone, int64_t *out)
{
	switch (format) {
	case TIMESTAMP_ISO8601:
		return timestamp_parse_iso8601(s, len, zone, out);
	case TIMESTAMP_EPOCH:
		return timestamp_parse_epoch(s, len, USEC_PER_SEC, out);
	case TIMESTAMP_EPOCH_MS:
		return timestamp_parse_epoch(s, len, 1000, out);
	case TIMESTAMP_PATTERN:
		return timestamp_parse_pattern(pattern, s, len, zone, out);
	}
	return -1;
}

/* 2026-10-03T09:15:02.133+08:00: fraction only when there is one. */
void
timestamp_format(char *buf, int64_t us, const struct tz *zone)
{
	int64_t	sec = civil_floordiv(us, USEC_PER_SEC), frac, local, days, y;
	int32_t	off = tz_offset(zone, sec);
	int	mon, d, n, digits;
	int64_t	tod;

	frac = us - sec * USEC_PER_SEC;
	local = sec + off;
	days = civil_floordiv(local, SEC_PER_DAY);
	tod = local - days * SEC_PER_DAY;
	civil_date(days, &y, &mon, &d);
	n = snprintf(buf, TIMESTAMP_BUFSIZE, "%04lld-%02d-%02dT%02d:%02d:%02d",
	    (long long)y, mon, d, (int)(tod / 3600), (int)(tod / 60 % 60),
	    (int)(tod % 60));
	if (frac != 0) {
		for (digits = 6; frac % 10 == 0; digits--)
			frac /= 10;
		n += snprintf(buf + n, TIMESTAMP_BUFSIZE - n, ".%0*lld", digits,
		    (long long)frac);
	}
	snprintf(buf + n, TIMESTAMP_BUFSIZE - n, "%c%02d:%02d",
	    off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
	    (off < 0 ? -off : off) / 60 % 60);
}

/*
 * Months are numbered year * 12 + month - 1.  Times come mostly in
 * order: the month of the last local day asked is kept.
 */
int
timestamp_month(int64_t us, const struct tz *zone)
{
	static _Thread_local int64_t	lastday = INT64_MIN;
	static _Thread_local int	lastmonth;
	int64_t				sec = civil_floordiv(us, USEC_PER_SEC);
	int64_t				day, y;
	int				mon, d;

	day = civil_floordiv(sec + tz_offset(zone, sec), SEC_PER_DAY);
	if (day != lastday) {
		civil_date(day, &y, &mon, &d);
		lastday = day;
		lastmonth = (int)(y * 12 + mon - 1);
	}
	return lastmonth;
}

int64_t
timestamp_month_start(int month, const struct tz *zone)
{
	int64_t	local;

	local = civil_days(month / 12, month % 12 + 1, 1) * SEC_PER_DAY;
	return tz_to_utc(zone, local) * USEC_PER_SEC;
}

void
timestamp_month_format(char *buf, int month)
{
	snprintf(buf, TIMESTAMP_MONTH_BUFSIZE, "%04d-%02d", month / 12 % 10000,
	    month % 12 + 1);
}

int
timestamp_month_parse(const char *s, int *month)
{
	struct cursor	c;
	int64_t		y, m;

	c.p = s;
	c.end = s + strlen(s);
	if (!cursor_digits(&c, 4, 4, &y) || !cursor_char(&c, '-') ||
	    !cursor_digits(&c, 2, 2, &m) || c.p != c.end || m < 1 || m > 12)
		return -1;
	*month = (int)(y * 12 + m - 1);
	return 0;
}
