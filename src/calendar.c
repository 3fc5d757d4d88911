#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "calendar.h"
#include "civil.h"
#include "file.h"
#include "tz.h"
#include "xmalloc.h"

#define CALENDAR_MAX_DAYS	3700	/* give up a search after ten years */

struct calendar_range {
	int32_t	open;		/* seconds after local midnight */
	int32_t	close;		/* up to 86400 (24:00) */
};

struct calendar_day {
	struct calendar_range	*v;
	size_t			 n;
};

struct calendar_span {		/* local day numbers, inclusive */
	int64_t	first;
	int64_t	last;
};

struct calendar_workday {
	int64_t	day;
	int	as;		/* the weekday whose hours it has */
};

struct calendar {
	const struct tz		*tz;
	struct calendar_day	 week[7];	/* 0 = Sunday */
	struct calendar_span	*holidays;
	size_t			 nholidays;
	struct calendar_workday	*workdays;
	size_t			 nworkdays;
};

static const char *calendar_daynames[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

struct calendar *
calendar_new(const struct tz *tz)
{
	struct calendar	*cal;

	cal = xcalloc(1, sizeof *cal);
	cal->tz = tz;
	return cal;
}

void
calendar_free(struct calendar *cal)
{
	int	i;

	if (cal == NULL)
		return;
	for (i = 0; i < 7; i++)
		free(cal->week[i].v);
	free(cal->holidays);
	free(cal->workdays);
	free(cal);
}

static int
calendar_dayname(const char *s, size_t len)
{
	int	i;

	for (i = 0; i < 7; i++)
		if (len == 3 && strncasecmp(s, calendar_daynames[i], 3) == 0)
			return i;
	return -1;
}

/* HH:MM, 00:00 to 24:00, as seconds. */
static int
calendar_clock(const char **p, int32_t *out)
{
	int	h, m;

	if (!isdigit((unsigned char)(*p)[0]) || !isdigit((unsigned char)(*p)[1])
	    || (*p)[2] != ':' || !isdigit((unsigned char)(*p)[3]) ||
	    !isdigit((unsigned char)(*p)[4]))
		return -1;
	h = ((*p)[0] - '0') * 10 + (*p)[1] - '0';
	m = ((*p)[3] - '0') * 10 + (*p)[4] - '0';
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*p += 5;
	*out = h * 3600 + m * 60;
	return 0;
}

static void
calendar_skip(const char **p)
{
	while (isspace((unsigned char)**p))
		(*p)++;
}

/* "09:00-12:00, 13:30-18:00" into a day's ranges, in order. */
static int
calendar_ranges(struct calendar_day *day, const char *value)
{
	const char		*p = value;
	struct calendar_range	 r;

	for (;;) {
		calendar_skip(&p);
		if (calendar_clock(&p, &r.open) == -1 || *p++ != '-' ||
		    calendar_clock(&p, &r.close) == -1 || r.close <= r.open)
			return -1;
		if (day->n > 0 && r.open < day->v[day->n - 1].close)
			return -1;
		day->v = xreallocarray(day->v, day->n + 1, sizeof *day->v);
		day->v[day->n++] = r;
		calendar_skip(&p);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

/*
 * A key names days: "mon-fri", "sat", "sat,sun", "mon-wed,fri"; the
 * value gives their hours (or "closed").
 */
int
calendar_hours(struct calendar *cal, const char *key, const char *value,
    char **cause)
{
	const char	*p = key, *end, *dash;
	int		 from, to, d, set[7] = { 0 };

	while (*p != '\0') {
		end = p + strcspn(p, ",");
		dash = memchr(p, '-', (size_t)(end - p));
		from = calendar_dayname(p, (size_t)((dash != NULL ? dash : end) -
		    p));
		to = dash != NULL ? calendar_dayname(dash + 1,
		    (size_t)(end - dash - 1)) : from;
		if (from == -1 || to == -1) {
			*cause = xasprintf("unknown days \"%s\" (want e.g. "
			    "mon-fri, sat)", key);
			return -1;
		}
		for (d = from;; d = (d + 1) % 7) {
			set[d] = 1;
			if (d == to)
				break;
		}
		p = *end == ',' ? end + 1 : end;
	}
	for (d = 0; d < 7; d++) {
		if (!set[d])
			continue;
		if (cal->week[d].n > 0) {
			*cause = xasprintf("the hours of %s are given twice",
			    calendar_daynames[d]);
			return -1;
		}
		if (strcmp(value, "closed") == 0)
			continue;
		if (calendar_ranges(&cal->week[d], value) == -1) {
			*cause = xasprintf("bad hours \"%s\" (want e.g. "
			    "09:00-12:00, 13:30-18:00)", value);
			return -1;
		}
	}
	return 0;
}

/* YYYY-MM-DD as a day number. */
static int
calendar_date(const char **p, int64_t *day)
{
	int	y, m, d, n = 0;

	calendar_skip(p);
	if (sscanf(*p, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > civil_month_days(y, m))
		return -1;
	*p += n;
	*day = civil_days(y, m, d);
	return 0;
}

static void
calendar_add_holiday(struct calendar *cal, int64_t first, int64_t last)
{
	cal->holidays = xreallocarray(cal->holidays, cal->nholidays + 1,
	    sizeof *cal->holidays);
	cal->holidays[cal->nholidays].first = first;
	cal->holidays[cal->nholidays++].last = last;
}

/* "2026-10-01..2026-10-08" or "2026-12-25", several by commas. */
int
calendar_holiday(struct calendar *cal, const char *value, char **cause)
{
	const char	*p = value;
	int64_t		 first, last;

	for (;;) {
		if (calendar_date(&p, &first) == -1)
			goto bad;
		last = first;
		calendar_skip(&p);
		if (strncmp(p, "..", 2) == 0) {
			p += 2;
			if (calendar_date(&p, &last) == -1 || last < first)
				goto bad;
		}
		calendar_add_holiday(cal, first, last);
		calendar_skip(&p);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	*cause = xasprintf("bad holiday \"%s\" (want YYYY-MM-DD or "
	    "YYYY-MM-DD..YYYY-MM-DD)", value);
	return -1;
}

/* A date given again takes its last definition. */
static void
calendar_add_workday(struct calendar *cal, int64_t day, int as)
{
	size_t	i;

	for (i = 0; i < cal->nworkdays; i++)
		if (cal->workdays[i].day == day) {
			cal->workdays[i].as = as;
			return;
		}
	cal->workdays = xreallocarray(cal->workdays, cal->nworkdays + 1,
	    sizeof *cal->workdays);
	cal->workdays[cal->nworkdays].day = day;
	cal->workdays[cal->nworkdays++].as = as;
}

/* "2026-09-27, 2026-10-11" (Monday's hours) or "2026-10-11 as fri". */
int
calendar_workday(struct calendar *cal, const char *value, char **cause)
{
	const char	*p = value;
	int64_t		 day;
	int		 as;

	for (;;) {
		if (calendar_date(&p, &day) == -1)
			goto bad;
		calendar_skip(&p);
		as = 1;
		if (strncmp(p, "as ", 3) == 0) {
			p += 3;
			calendar_skip(&p);
			if ((as = calendar_dayname(p, 3)) == -1)
				goto bad;
			p += 3;
			calendar_skip(&p);
		}
		calendar_add_workday(cal, day, as);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			goto bad;
	}
bad:
	*cause = xasprintf("bad workday \"%s\" (want YYYY-MM-DD [as DAY], "
	    "...)", value);
	return -1;
}

/* The days an event covers: DTSTART to DTEND, exclusive; at least one. */
static int64_t
calendar_ics_days(icalcomponent *ev)
{
	struct icaltimetype	start = icalcomponent_get_dtstart(ev);
	struct icaltimetype	end = icalcomponent_get_dtend(ev);
	int64_t			first, last;

	if (icaltime_is_null_time(end))
		return 1;
	if (icaltime_is_date(start)) {
		first = civil_days(start.year, start.month, start.day);
		last = civil_days(end.year, end.month, end.day) - 1;
	} else {
		first = civil_floordiv((int64_t)icaltime_as_timet(start), 86400);
		last = civil_floordiv((int64_t)icaltime_as_timet(end) - 1, 86400);
	}
	return last >= first ? last - first + 1 : 1;
}

/* One occurrence of a holiday event, from the day it starts. */
static void
calendar_ics_span(icalcomponent *ev, struct icaltime_span *span, void *arg)
{
	struct calendar	*cal = arg;
	int64_t		 first = civil_floordiv((int64_t)span->start, 86400);

	calendar_add_holiday(cal, first, first + calendar_ics_days(ev) - 1);
}

/*
 * Holidays from an iCalendar file (libical): each VEVENT from DTSTART to
 * DTEND (exclusive; one day without it), with its recurrences (RRULE,
 * RDATE, less EXDATE) from 1970 to 2100.  A day is a holiday in UTC
 * terms, which all-day events (VALUE=DATE) are.
 */
int
calendar_ics(struct calendar *cal, const char *path, char **cause)
{
	icalcomponent		*root, *ev;
	struct icaltimetype	 from = icaltime_from_day_of_year(1, 1970);
	struct icaltimetype	 to = icaltime_from_day_of_year(1, 2100);
	char			*text;
	size_t			 len;
	int			 n = 0;

	if ((text = file_read(path, &len, cause)) == NULL)
		return -1;
	icalerror_set_errors_are_fatal(0);
	root = icalparser_parse_string(text);
	free(text);
	if (root == NULL || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		*cause = xasprintf("%s: not an iCalendar file (no VCALENDAR)",
		    path);
		if (root != NULL)
			icalcomponent_free(root);
		return -1;
	}
	for (ev = icalcomponent_get_first_component(root,
	    ICAL_VEVENT_COMPONENT); ev != NULL; ev =
	    icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		n++;
		if (icaltime_is_null_time(icalcomponent_get_dtstart(ev))) {
			*cause = xasprintf("%s: event %d (%s) has no DTSTART",
			    path, n, icalcomponent_get_summary(ev) != NULL ?
			    icalcomponent_get_summary(ev) : "no SUMMARY");
			icalcomponent_free(root);
			return -1;
		}
		icalcomponent_foreach_recurrence(ev, from, to,
		    calendar_ics_span, cal);
	}
	icalcomponent_free(root);
	return 0;
}

static int
calendar_span_compare(const void *va, const void *vb)
{
	const struct calendar_span	*a = va, *b = vb;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->last < b->last ? -1 : a->last > b->last;
}

/* Holidays sorted, those that overlap or touch made one. */
static void
calendar_merge_holidays(struct calendar *cal)
{
	struct calendar_span	*h = cal->holidays;
	size_t			 i, n = 0;

	if (cal->nholidays == 0)
		return;
	qsort(h, cal->nholidays, sizeof *h, calendar_span_compare);
	for (i = 1; i < cal->nholidays; i++) {
		if (h[i].first <= h[n].last + 1) {
			if (h[i].last > h[n].last)
				h[n].last = h[i].last;
		} else
			h[++n] = h[i];
	}
	cal->nholidays = n + 1;
}

/* Every key read: the holidays sorted, the week checked. */
int
calendar_finish(struct calendar *cal, char **cause)
{
	int	d;

	calendar_merge_holidays(cal);
	for (d = 0; d < 7; d++)
		if (cal->week[d].n > 0)
			return 0;
	*cause = xasprintf("[hours] opens on no day of the week");
	return -1;
}

/* Binary search of the sorted, disjoint holidays. */
static int
calendar_is_holiday(const struct calendar *cal, int64_t day)
{
	size_t	lo = 0, hi = cal->nholidays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (day < cal->holidays[mid].first)
			hi = mid;
		else if (day > cal->holidays[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* The hours of a local day: a make-up day's, a holiday's (none), or its
 * weekday's. */
static const struct calendar_day *
calendar_day(const struct calendar *cal, int64_t day)
{
	static const struct calendar_day	closed;
	size_t					i;

	for (i = 0; i < cal->nworkdays; i++)
		if (cal->workdays[i].day == day)
			return &cal->week[cal->workdays[i].as];
	if (calendar_is_holiday(cal, day))
		return &closed;
	return &cal->week[civil_weekday(day)];
}

static int64_t
calendar_local_day(const struct calendar *cal, int64_t us)
{
	int64_t	sec = civil_floordiv(us, USEC_PER_SEC);

	return civil_floordiv(sec + tz_offset(cal->tz, sec), SEC_PER_DAY);
}

/* The instant of a local day's second, in microseconds. */
static int64_t
calendar_instant(const struct calendar *cal, int64_t day, int32_t sec)
{
	return tz_to_utc(cal->tz, day * SEC_PER_DAY + sec) * USEC_PER_SEC;
}

int
calendar_open_at(const struct calendar *cal, int64_t t)
{
	const struct calendar_day	*d;
	int64_t				 day;
	size_t				 i;

	if (cal == NULL)
		return 1;
	day = calendar_local_day(cal, t);
	d = calendar_day(cal, day);
	for (i = 0; i < d->n; i++)
		if (t >= calendar_instant(cal, day, d->v[i].open) &&
		    t < calendar_instant(cal, day, d->v[i].close))
			return 1;
	return 0;
}

/* Business time in [a, b), microseconds; 0 if b <= a. */
int64_t
calendar_between(const struct calendar *cal, int64_t a, int64_t b)
{
	const struct calendar_day	*d;
	int64_t				 day, last, open, close, total = 0;
	size_t				 i;

	if (b <= a)
		return 0;
	if (cal == NULL)
		return b - a;
	last = calendar_local_day(cal, b);
	for (day = calendar_local_day(cal, a); day <= last; day++) {
		d = calendar_day(cal, day);
		for (i = 0; i < d->n; i++) {
			open = calendar_instant(cal, day, d->v[i].open);
			close = calendar_instant(cal, day, d->v[i].close);
			if (open < a)
				open = a;
			if (close > b)
				close = b;
			if (close > open)
				total += close - open;
		}
	}
	return total;
}

/*
 * The instant when d of business time has passed since a: a deadline.
 * One that runs out at a closing time is that closing instant.
 */
int64_t
calendar_add(const struct calendar *cal, int64_t a, int64_t d)
{
	const struct calendar_day	*cd;
	int64_t				 day, first, open, close;
	size_t				 i;

	if (cal == NULL || d <= 0)
		return a + (d > 0 ? d : 0);
	first = calendar_local_day(cal, a);
	for (day = first; day < first + CALENDAR_MAX_DAYS; day++) {
		cd = calendar_day(cal, day);
		for (i = 0; i < cd->n; i++) {
			open = calendar_instant(cal, day, cd->v[i].open);
			close = calendar_instant(cal, day, cd->v[i].close);
			if (open < a)
				open = a;
			if (close <= open)
				continue;
			if (d <= close - open)
				return open + d;
			d -= close - open;
		}
	}
	return INT64_MAX;
}

static void
calendar_print_date(FILE *f, int64_t day)
{
	int64_t	y;
	int	m, d;

	civil_date(day, &y, &m, &d);
	fprintf(f, "%04lld-%02d-%02d", (long long)y, m, d);
}

void
calendar_print(const struct calendar *cal, FILE *f)
{
	const struct calendar_day	*d;
	size_t				 i;
	int				 w;

	fprintf(f, "\n[hours]\n");
	for (w = 1; w <= 7; w++) {
		d = &cal->week[w % 7];
		fprintf(f, "%s = ", calendar_daynames[w % 7]);
		if (d->n == 0)
			fputs("closed", f);
		for (i = 0; i < d->n; i++)
			fprintf(f, "%s%02d:%02d-%02d:%02d", i > 0 ? ", " : "",
			    d->v[i].open / 3600, d->v[i].open / 60 % 60,
			    d->v[i].close / 3600, d->v[i].close / 60 % 60);
		fputc('\n', f);
	}
	for (i = 0; i < cal->nholidays; i++) {
		fputs("holiday = ", f);
		calendar_print_date(f, cal->holidays[i].first);
		if (cal->holidays[i].last != cal->holidays[i].first) {
			fputs("..", f);
			calendar_print_date(f, cal->holidays[i].last);
		}
		fputc('\n', f);
	}
	for (i = 0; i < cal->nworkdays; i++) {
		fputs("workday = ", f);
		calendar_print_date(f, cal->workdays[i].day);
		fprintf(f, " as %s\n", calendar_daynames[cal->workdays[i].as]);
	}
}
