/* Business-time arithmetic, each case worked by hand in the comment. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "timestamp.h"
#include "tz.h"
#include "unit.h"

#define MIN	(60 * 1000000LL)
#define HOUR	(60 * MIN)

static const struct tz	*zone;

static int64_t
at(const char *s)
{
	int64_t	t = 0;

	timestamp_parse_iso8601(s, strlen(s), zone, &t);
	return t;
}

static int64_t
between(const struct calendar *cal, const char *a, const char *b)
{
	return calendar_between(cal, at(a), at(b));
}

/*
 * Shanghai (no DST): mon-fri 09:00-12:00 and 13:30-18:00, sat
 * 09:00-12:00; 1-8 October 2026 a holiday; Sunday 27 September a make-up
 * day with Monday's hours, Sunday 11 October one with Friday's.
 * 2026-10-12 is a Monday.
 */
static void
unit_calendar_shanghai(void)
{
	struct calendar	*cal;
	struct tz	*tz;
	char		*cause = NULL;

	if ((tz = tz_load("Asia/Shanghai", &cause)) == NULL)
		return;
	zone = tz;
	cal = calendar_new(tz);
	CHECK(calendar_hours(cal, "mon-fri", "09:00-12:00, 13:30-18:00",
	    &cause) == 0);
	CHECK(calendar_hours(cal, "sat", "09:00-12:00", &cause) == 0);
	CHECK(calendar_holiday(cal, "2026-10-01..2026-10-08", &cause) == 0);
	CHECK(calendar_workday(cal, "2026-09-27, 2026-10-11 as fri",
	    &cause) == 0);
	CHECK(calendar_hours(cal, "sat", "10:00-11:00", &cause) == -1);
	free(cause);
	cause = NULL;
	CHECK(calendar_hours(cal, "sun", "12:00-09:00", &cause) == -1);
	free(cause);
	cause = NULL;

	/* A lunch break: 11:50-12:00 and 13:30-13:40 = 20 min. */
	CHECK(between(cal, "2026-10-12 11:50", "2026-10-12 13:40") == 20 * MIN);
	/* A night: Tue 17:50-18:00 and Wed 09:00-09:10 = 20 min. */
	CHECK(between(cal, "2026-10-13 17:50", "2026-10-14 09:10") == 20 * MIN);
	/* A weekend: Fri 17-18, Sat 9-12, Mon 9-9:30 = 4 h 30 min. */
	CHECK(between(cal, "2026-10-16 17:00", "2026-10-19 09:30") ==
	    4 * HOUR + 30 * MIN);
	/* The holiday: Wed 30 Sep 17-18 and Fri 9 Oct 9-10 = 2 h. */
	CHECK(between(cal, "2026-09-30 17:00", "2026-10-09 10:00") == 2 * HOUR);
	/* A make-up Sunday: Sat 26 Sep 11-12 and Sun 27 Sep 9-10 = 2 h. */
	CHECK(between(cal, "2026-09-26 11:00", "2026-09-27 10:00") == 2 * HOUR);
	/* Sunday 11 Oct has Friday's hours: 13:30-18:00 = 4 h 30 min. */
	CHECK(between(cal, "2026-10-11 13:00", "2026-10-11 20:00") ==
	    4 * HOUR + 30 * MIN);
	/* Asked on a holiday (Sat 3 Oct), answered Fri 9 Oct 09:05: 5 min. */
	CHECK(between(cal, "2026-10-03 10:00", "2026-10-09 09:05") == 5 * MIN);
	/* Answered before the clock started: 0. */
	CHECK(between(cal, "2026-10-12 07:00", "2026-10-12 08:00") == 0);
	CHECK(between(cal, "2026-10-12 10:00", "2026-10-12 09:00") == 0);

	/* Deadlines: 11:00 + 2 h is 11:00-12:00 then 13:30-14:30. */
	CHECK(calendar_add(cal, at("2026-10-12 11:00"), 2 * HOUR) ==
	    at("2026-10-12 14:30"));
	/* Running out at a closing time is that closing instant. */
	CHECK(calendar_add(cal, at("2026-10-12 17:00"), HOUR) ==
	    at("2026-10-12 18:00"));
	/* From a closed Saturday afternoon: Monday 09:30. */
	CHECK(calendar_add(cal, at("2026-10-17 13:00"), 30 * MIN) ==
	    at("2026-10-19 09:30"));
	CHECK(calendar_add(cal, at("2026-09-30 17:30"), HOUR) ==
	    at("2026-10-09 09:30"));

	CHECK(calendar_open_at(cal, at("2026-10-12 11:59:59")));
	CHECK(!calendar_open_at(cal, at("2026-10-12 12:00")));	/* [open, close) */
	CHECK(!calendar_open_at(cal, at("2026-10-01 10:00")));	/* holiday */
	CHECK(calendar_open_at(cal, at("2026-09-27 10:00")));	/* make-up */
	CHECK(!calendar_open_at(cal, at("2026-10-18 10:00")));	/* Sunday */
	calendar_free(cal);
	tz_free(tz);
}

/*
 * New York, open only on Sundays, all day: 8 March 2026 (DST starts) has
 * 23 hours, 1 November (DST ends) 25.
 */
static void
unit_calendar_dst(void)
{
	struct calendar	*cal;
	struct tz	*tz;
	char		*cause = NULL;

	if ((tz = tz_load("America/New_York", &cause)) == NULL)
		return;
	zone = tz;
	cal = calendar_new(tz);
	CHECK(calendar_hours(cal, "sun", "00:00-24:00", &cause) == 0);
	CHECK(between(cal, "2026-03-07 12:00", "2026-03-09 12:00") == 23 * HOUR);
	CHECK(between(cal, "2026-10-31 12:00", "2026-11-02 12:00") == 25 * HOUR);
	CHECK(between(cal, "2026-03-14 12:00", "2026-03-16 12:00") == 24 * HOUR);
	/* Sunday 8 March 01:00 + 2 h: 02:00-03:00 does not exist: 04:00. */
	CHECK(calendar_add(cal, at("2026-03-08 01:00"), 2 * HOUR) ==
	    at("2026-03-08 04:00"));
	calendar_free(cal);
	tz_free(tz);
}

/*
 * UTC, mon-fri 09:00-17:00, Saturday 10 October 2026 a make-up day (with
 * Monday's hours): Fri 16:00 to Mon 10:00 is Fri 1 h + Sat 8 h + Mon 1 h.
 */
static void
unit_calendar_makeup_saturday(void)
{
	struct calendar	*cal;
	struct tz	*tz;
	char		*cause = NULL;

	if ((tz = tz_load("UTC", &cause)) == NULL)
		return;
	zone = tz;
	cal = calendar_new(tz);
	CHECK(calendar_hours(cal, "mon-fri", "09:00-17:00", &cause) == 0);
	CHECK(calendar_workday(cal, "2026-10-10", &cause) == 0);
	CHECK(between(cal, "2026-10-09 16:00", "2026-10-12 10:00") ==
	    10 * HOUR);
	/* Without it, the same span is 2 h. */
	CHECK(between(cal, "2026-10-16 16:00", "2026-10-19 10:00") == 2 * HOUR);
	CHECK(calendar_open_at(cal, at("2026-10-10 12:00")));
	CHECK(!calendar_open_at(cal, at("2026-10-17 12:00")));
	calendar_free(cal);
	tz_free(tz);
}

void
unit_calendar(void)
{
	unit_calendar_shanghai();
	unit_calendar_dst();
	unit_calendar_makeup_saturday();
}
