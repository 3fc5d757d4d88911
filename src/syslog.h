/*
 * Syslog lines: RFC 3164 ("Oct  3 09:15:02 host prog[pid]: msg", also
 * postlogd's "Oct 03"), RFC 3339 timestamps in the traditional layout
 * (rsyslog's default: "2026-10-03T09:15:02.123456+02:00 host prog: msg")
 * and RFC 5424 ("<34>1 2026-10-03T09:15:02Z host app procid msgid sd
 * msg"), with or without a <PRI> prefix.
 *
 * RFC 3164 has no year: a configured one, else the year that puts the
 * line nearest to the report window, else the latest that does not put
 * it after the current time.  Ties take the earlier year.
 */
#ifndef RESPSTAT_SYSLOG_H
#define RESPSTAT_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

struct tz;

struct syslog_year {
	int		 fixed;		/* a year = key, or 0 */
	int		 has_window;
	int64_t		 window_start;	/* [start, end) in microseconds */
	int64_t		 window_end;
	int64_t		 now;
	int		 chosen;	/* the year of the first line, or 0 */
	/* The last year-less time read ("" if none), and its instant:
	 * lines of one second come together. */
	char		 last[15];
	int64_t		 last_t;
};

struct syslog_line {
	int64_t		 t;
	const char	*host;
	size_t		 hostlen;
	const char	*tag;		/* the program: postfix/smtpd */
	size_t		 taglen;
	const char	*msg;		/* after "tag[pid]: " */
	size_t		 msglen;
};

struct source_ctx;
struct source_env;

void	syslog_year_init(struct syslog_year *, int, const struct source_env *);
void	syslog_year_warn(const struct syslog_year *, struct source_ctx *);
int	syslog_parse(const char *, size_t, struct syslog_year *,
	    const struct tz *, struct syslog_line *);

#endif
