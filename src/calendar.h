/*
 * The business calendar: opening hours per weekday (several ranges a
 * day), holidays, and make-up working days, in the report's time zone.
 * Business time counts only while open; ranges are [open, close).
 */
#ifndef RESPSTAT_CALENDAR_H
#define RESPSTAT_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ini_section;
struct tz;

struct calendar;

struct calendar	*calendar_new(const struct tz *);
void		 calendar_free(struct calendar *);
int		 calendar_hours(struct calendar *, const char *, const char *,
		     char **);
int		 calendar_holiday(struct calendar *, const char *, char **);
int		 calendar_workday(struct calendar *, const char *, char **);
int		 calendar_ics(struct calendar *, const char *, char **);
int		 calendar_finish(struct calendar *, char **);
int		 calendar_open_at(const struct calendar *, int64_t);
int64_t		 calendar_between(const struct calendar *, int64_t, int64_t);
int64_t		 calendar_add(const struct calendar *, int64_t, int64_t);
void		 calendar_print(const struct calendar *, FILE *);

#endif
