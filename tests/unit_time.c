/* Calendar, zones, timestamps and durations, each value worked by hand. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "duration.h"
#include "source.h"
#include "syslog.h"
#include "timestamp.h"
#include "tz.h"
#include "unit.h"

#define SEC	1000000LL

static int64_t
parse(const char *s, const struct tz *zone)
{
	int64_t	t = -1;

	if (timestamp_parse_iso8601(s, strlen(s), zone, &t) == -1)
		return -1;
	return t;
}

static void
unit_civil(void)
{
	int64_t	y;
	int	m, d;

	CHECK(civil_days(1970, 1, 1) == 0);
	/* 30 years of 365 days + 7 leap days (72..96) + Jan + Feb 2000. */
	CHECK(civil_days(2000, 3, 1) == 30 * 365 + 7 + 31 + 29);
	CHECK(civil_days(1969, 12, 31) == -1);
	civil_date(civil_days(2024, 2, 29), &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	CHECK(civil_weekday(0) == 4);			/* a Thursday */
	CHECK(civil_weekday(civil_days(2026, 11, 23)) == 1);	/* Monday */
	CHECK(civil_weekday(-1) == 3);
	CHECK(civil_month_days(2100, 2) == 28);
	CHECK(civil_month_days(2000, 2) == 29);
}

static void
unit_zones(void)
{
	struct tz	*sh, *ny, *utc;
	char		*cause = NULL;
	char		 buf[TIMESTAMP_BUFSIZE];

	sh = tz_load("Asia/Shanghai", &cause);
	ny = tz_load("America/New_York", &cause);
	utc = tz_load("UTC", &cause);
	CHECK(sh != NULL && ny != NULL && utc != NULL);
	CHECK(tz_load("Mars/Olympus", &cause) == NULL);
	free(cause);
	if (sh == NULL || ny == NULL || utc == NULL)
		return;
	/* 2026-10-01 00:00 in Shanghai is 2026-09-30 16:00 UTC. */
	CHECK(parse("2026-10-01 00:00:00", sh) ==
	    parse("2026-09-30T16:00:00Z", utc));
	/* DST starts 2026-03-08 02:00 EST: 02:30 does not exist and moves
	 * forward by the hour to 03:30 EDT = 07:30 UTC. */
	CHECK(parse("2026-03-08 02:30", ny) == parse("2026-03-08T07:30Z", utc));
	CHECK(parse("2026-03-08 01:59:59", ny) ==
	    parse("2026-03-08T06:59:59Z", utc));
	CHECK(parse("2026-03-08 03:00", ny) == parse("2026-03-08T07:00Z", utc));
	/* DST ends 2026-11-01 02:00 EDT: 01:30 happens twice; the first,
	 * EDT (-4), is 05:30 UTC. */
	CHECK(parse("2026-11-01 01:30", ny) == parse("2026-11-01T05:30Z", utc));
	CHECK(parse("2026-11-01 02:30", ny) == parse("2026-11-01T07:30Z", utc));
	timestamp_format(buf, parse("2026-11-01T06:30Z", utc), ny);
	CHECK_STR(buf, "2026-11-01T01:30:00-05:00");
	timestamp_format(buf, parse("2026-07-01T12:00Z", utc), ny);
	CHECK_STR(buf, "2026-07-01T08:00:00-04:00");
	/* A month boundary: 2026-10-31 16:30 UTC is November in Shanghai. */
	CHECK(timestamp_month(parse("2026-10-31T16:30:00Z", utc), sh) ==
	    2026 * 12 + 10);
	CHECK(timestamp_month(parse("2026-10-31T15:59:59Z", utc), sh) ==
	    2026 * 12 + 9);
	CHECK(timestamp_month_start(2026 * 12 + 10, sh) ==
	    parse("2026-10-31T16:00:00Z", utc));
	tz_free(sh);
	tz_free(ny);
	tz_free(utc);
}

static void
unit_timestamps(void)
{
	struct tz	*utc;
	char		*cause, buf[TIMESTAMP_BUFSIZE];
	int64_t		 t;

	if ((utc = tz_load("UTC", &cause)) == NULL)
		return;
	/* 1 s after the epoch, with 7 fraction digits: the 7th truncates. */
	CHECK(parse("1970-01-01T00:00:01.1234567Z", utc) == SEC + 123456);
	CHECK(parse("1970-01-01T08:00:00+08:00", utc) == 0);
	CHECK(parse("1970-01-01T00:00:00-0130", utc) == 5400 * SEC);
	CHECK(parse("2026-02-30 12:00:01", utc) == -1);
	CHECK(parse("2026-13-01 12:00", utc) == -1);
	CHECK(parse("2026-10-03 24:00", utc) == -1);
	CHECK(parse("2026-10-03 09:15:02 junk", utc) == -1);
	CHECK(parse("", utc) == -1);
	/* The common layout's shortcut: same rules as the general parser.
	 * 2026-10-03 is day 56 * 365 + 14 leap days (1972..2024) + 273
	 * (Jan..Sep) + 2 = 20729 of the epoch; 09:15:02 is 33302 s. */
	CHECK(parse("2026-10-03T09:15:02Z", utc) ==
	    (20729 * 86400LL + 33302) * SEC);
	CHECK(parse("2026-10-03 09:15:02", utc) ==
	    parse("2026-10-03T09:15:02Z", utc));
	CHECK(parse(" 2026-10-03t09:15:02z ", utc) ==
	    parse("2026-10-03T09:15:02Z", utc));
	CHECK(parse("2026-02-29T12:00:00Z", utc) == -1);
	CHECK(parse("2026-10-03T09:61:00Z", utc) == -1);
	CHECK(parse("2026-10-03T09:15:0xZ", utc) == -1);
	CHECK(parse("2026-1a-03T09:15:02Z", utc) == -1);
	CHECK(parse("2026-10-03T09:15:02X", utc) == -1);
	/* The date kept from the time before: its day, the time checked
	 * still (23:59:60 is 86400 s into the day); another date replaces
	 * it, and the first comes back right. */
	CHECK(parse("2026-10-03T09:15:02Z", utc) > 0);
	CHECK(parse("2026-10-03T24:00:00Z", utc) == -1);
	CHECK(parse("2026-10-03T09:60:00Z", utc) == -1);
	CHECK(parse("2026-10-03T23:59:60Z", utc) == 20730 * 86400LL * SEC);
	CHECK(parse("2026-10-04T00:00:01Z", utc) ==
	    (20730 * 86400LL + 1) * SEC);
	CHECK(parse("2026-10-03T00:00:01Z", utc) ==
	    (20729 * 86400LL + 1) * SEC);
	CHECK(timestamp_parse(TIMESTAMP_EPOCH, NULL, "1543527289", 10, utc,
	    &t) == 0 && t == 1543527289 * SEC);
	CHECK(timestamp_parse(TIMESTAMP_EPOCH, NULL, "1.5", 3, utc, &t) == 0 &&
	    t == SEC + SEC / 2);
	CHECK(timestamp_parse(TIMESTAMP_EPOCH_MS, NULL, "1500", 4, utc,
	    &t) == 0 && t == SEC + SEC / 2);
	CHECK(timestamp_parse(TIMESTAMP_EPOCH, NULL, "12a", 3, utc, &t) == -1);
	/* Found by fuzzing: 13 digits of seconds overflowed microseconds. */
	CHECK(timestamp_parse(TIMESTAMP_EPOCH, NULL, "9242612060222", 13, utc,
	    &t) == -1);
	CHECK(timestamp_parse(TIMESTAMP_EPOCH_MS, NULL, "9242612060222", 13,
	    utc, &t) == 0 && t == 9242612060222000LL);
	/* Day-first with a comma, as a CRM exports it. */
	CHECK(timestamp_parse(TIMESTAMP_PATTERN, "%d/%m/%Y, %H:%M",
	    "20/05/2026, 07:12", 17, utc, &t) == 0 &&
	    t == parse("2026-05-20T07:12Z", utc));
	CHECK(timestamp_parse(TIMESTAMP_PATTERN, "%d/%m/%Y", "31/02/2026", 10,
	    utc, &t) == -1);
	timestamp_format(buf, SEC + 133000, utc);
	CHECK_STR(buf, "1970-01-01T00:00:01.133+00:00");
	timestamp_format(buf, -1, utc);
	CHECK_STR(buf, "1969-12-31T23:59:59.999999+00:00");
	timestamp_month_format(buf, 2026 * 12 + 9);
	CHECK_STR(buf, "2026-10");
	tz_free(utc);
}

static void
unit_durations(void)
{
	char	buf[DURATION_BUFSIZE];
	int64_t	us;

	CHECK(duration_parse("45s", &us) == 0 && us == 45 * SEC);
	CHECK(duration_parse("1h30m", &us) == 0 && us == 5400 * SEC);
	CHECK(duration_parse("2d", &us) == 0 && us == 172800 * SEC);
	CHECK(duration_parse("1.5s", &us) == 0 && us == SEC + SEC / 2);
	CHECK(duration_parse("250ms", &us) == 0 && us == 250000);
	CHECK(duration_parse("0s", &us) == 0 && us == 0);
	CHECK(duration_parse("5", &us) == -1);
	CHECK(duration_parse("10x", &us) == -1);
	CHECK(duration_parse("", &us) == -1);
	CHECK(duration_parse("3m junk", &us) == -1);
	duration_format(buf, 5400 * SEC);
	CHECK_STR(buf, "1h30m");
	duration_format(buf, 90 * SEC + 500000);
	CHECK_STR(buf, "1m30.5s");
	duration_format(buf, 0);
	CHECK_STR(buf, "0s");
}

static int64_t
unit_syslog_time(struct syslog_year *y, const struct tz *utc,
    const char *s, size_t len)
{
	struct syslog_line	l;

	return syslog_parse(s, len, y, utc, &l) == -1 ? -1 : l.t;
}

/*
 * A year-less time with year = 2026: Oct 3 is day 20729 (see above),
 * 09:15:02 is 33302 s.  The time of the line before is kept: the same
 * header again gives the same instant, never one that only matches the
 * empty memory of a new file.
 */
static void
unit_syslog(void)
{
	static const char	 line[] = "Oct  3 09:15:02 mx postfix/smtpd[1]: x";
	static const char	 nuls[] = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0 mx a: b";
	struct source_env	 env;
	struct syslog_year	 y;
	struct tz		*utc;
	char			*cause;
	int64_t			 t = (20729 * 86400LL + 33302) * SEC;

	if ((utc = tz_load("UTC", &cause)) == NULL)
		return;
	memset(&env, 0, sizeof env);
	syslog_year_init(&y, 2026, &env);
	CHECK(unit_syslog_time(&y, utc, nuls, sizeof nuls - 1) == -1);
	CHECK(unit_syslog_time(&y, utc, line, sizeof line - 1) == t);
	CHECK(unit_syslog_time(&y, utc, line, sizeof line - 1) == t);
	CHECK(unit_syslog_time(&y, utc, "Oct  3 09:15:03 mx a: b", 23) ==
	    t + SEC);
	CHECK(unit_syslog_time(&y, utc, "Oct  3 09:15:03:mx a: b", 23) == -1);
	tz_free(utc);
}

void
unit_time(void)
{
	unit_civil();
	unit_zones();
	unit_timestamps();
	unit_durations();
	unit_syslog();
}
