#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "source.h"
#include "syslog.h"
#include "timestamp.h"
#include "tz.h"

static const char *syslog_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* The year rule's inputs: the year = key, the report window, now. */
void
syslog_year_init(struct syslog_year *y, int fixed,
    const struct source_env *env)
{
	memset(y, 0, sizeof *y);
	y->fixed = fixed;
	y->has_window = env->has_window;
	y->window_start = env->window_start;
	y->window_end = env->window_end;
	y->now = env->now;
}

/* One warning per file names the year its first line was given. */
void
syslog_year_warn(const struct syslog_year *y, struct source_ctx *ctx)
{
	if (y->fixed == 0 && y->chosen != 0)
		source_warn(ctx, "%s: its timestamps have no year: read as %d "
		    "(set year = to choose)", source_file(ctx), y->chosen);
}

/* 1 to 12 for a three-letter month name, else 0 (compared as words). */
static int
syslog_month(const char *s)
{
	uint32_t	w, m;
	int		i;

	w = (uint32_t)(unsigned char)s[0] << 16 |
	    (uint32_t)(unsigned char)s[1] << 8 | (unsigned char)s[2];
	for (i = 0; i < 12; i++) {
		m = (uint32_t)(unsigned char)syslog_months[i][0] << 16 |
		    (uint32_t)(unsigned char)syslog_months[i][1] << 8 |
		    (unsigned char)syslog_months[i][2];
		if (w == m)
			return i + 1;
	}
	return 0;
}

static int
syslog_num(const char *s, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The instant of a year-less local time in year y; -1 if it is none. */
static int
syslog_instant(int64_t y, int mon, int d, int64_t tod, const struct tz *zone,
    int64_t *t)
{
	if (d > civil_month_days(y, mon))
		return -1;
	*t = tz_to_utc(zone, civil_days(y, mon, d) * SEC_PER_DAY + tod) *
	    USEC_PER_SEC;
	return 0;
}

static int64_t
syslog_distance(const struct syslog_year *y, int64_t t)
{
	if (t < y->window_start)
		return y->window_start - t;
	if (t >= y->window_end)
		return t - y->window_end + 1;
	return 0;
}

/* The year rule (see syslog.h); returns the instant. */
static int
syslog_resolve(struct syslog_year *y, int mon, int d, int64_t tod,
    const struct tz *zone, int64_t *out)
{
	int64_t	base, cand, t, best = 0, bestd = -1;
	int	found = 0;

	if (y->fixed != 0)
		return syslog_instant(y->fixed, mon, d, tod, zone, out);
	if (y->has_window) {
		base = timestamp_month(y->window_start, zone) / 12;
		for (cand = base - 1; cand <= base + 1; cand++) {
			if (syslog_instant(cand, mon, d, tod, zone, &t) == -1)
				continue;
			if (!found || syslog_distance(y, t) < bestd) {
				best = t;
				bestd = syslog_distance(y, t);
				found = 1;
			}
		}
	} else {
		base = timestamp_month(y->now, zone) / 12;
		for (cand = base; cand >= base - 4 && !found; cand--) {
			if (syslog_instant(cand, mon, d, tod, zone, &t) == 0 &&
			    t <= y->now) {
				best = t;
				found = 1;
			}
		}
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}

/* "Oct  3 09:15:02" or "Oct 03 09:15:02": 15 bytes. */
static int
syslog_3164(const char *s, size_t len, struct syslog_year *y,
    const struct tz *zone, int64_t *t)
{
	int	mon, d, h, m, sec, year;

	if (len >= 16 && y->last[0] != '\0' && s[15] == ' ' &&
	    memcmp(s, y->last, sizeof y->last) == 0) {
		*t = y->last_t;
		return 16;
	}
	if (len < 16 || (mon = syslog_month(s)) == 0 || s[3] != ' ' ||
	    s[9] != ':' || s[12] != ':' || s[15] != ' ')
		return -1;
	d = s[4] == ' ' ? syslog_num(s + 5, 1) : syslog_num(s + 4, 2);
	h = syslog_num(s + 7, 2);
	m = syslog_num(s + 10, 2);
	sec = syslog_num(s + 13, 2);
	if (d < 1 || d > 31 || h < 0 || h > 23 || m < 0 || m > 59 ||
	    sec < 0 || sec > 60)
		return -1;
	if (syslog_resolve(y, mon, d, h * 3600 + m * 60 + sec, zone, t) ==
	    -1)
		return -1;
	if (y->chosen == 0) {
		year = timestamp_month(*t, zone) / 12;
		y->chosen = year;
	}
	memcpy(y->last, s, sizeof y->last);
	y->last_t = *t;
	return 16;
}

static size_t
syslog_word(const char *s, size_t len)
{
	size_t	n = 0;

	while (n < len && s[n] != ' ')
		n++;
	return n;
}

/* "prog[pid]: msg", "prog: msg"; the tag is what precedes [ or :. */
static int
syslog_tag(const char *s, size_t len, struct syslog_line *l)
{
	size_t	n = 0;

	while (n < len && s[n] != '[' && s[n] != ':' && s[n] != ' ')
		n++;
	if (n == 0 || n == len)
		return -1;
	l->tag = s;
	l->taglen = n;
	if (s[n] == '[') {
		while (n < len && s[n] != ']')
			n++;
		if (n == len)
			return -1;
		n++;
	}
	if (n < len && s[n] == ':')
		n++;
	while (n < len && s[n] == ' ')
		n++;
	l->msg = s + n;
	l->msglen = len - n;
	return 0;
}

/* RFC 5424 after the version: host app procid msgid sd msg. */
static int
syslog_5424(const char *s, size_t len, struct syslog_line *l)
{
	const char	*f[4];
	size_t		 fl[4], i, n = 0, depth = 0;

	for (i = 0; i < 4; i++) {
		f[i] = s + n;
		fl[i] = syslog_word(s + n, len - n);
		n += fl[i];
		if (n >= len)
			return -1;
		n++;
	}
	l->host = f[0];
	l->hostlen = fl[0];
	l->tag = f[1];
	l->taglen = fl[1];
	if (s[n] == '-')
		n++;
	else
		for (; n < len; n++) {
			if (s[n] == '[')
				depth++;
			else if (s[n] == ']' && depth > 0 && --depth == 0 &&
			    (n + 1 == len || s[n + 1] != '['))
				break;
			else if (s[n] == '\\')
				n++;
		}
	if (n < len)
		n++;
	if (n < len && s[n] == ' ')
		n++;
	l->msg = s + n;
	l->msglen = n < len ? len - n : 0;
	return 0;
}

/* Parse a line; 0, or -1 if it is not a syslog line with a valid time. */
int
syslog_parse(const char *s, size_t len, struct syslog_year *y,
    const struct tz *zone, struct syslog_line *l)
{
	size_t	n, w;
	int	v5424 = 0, r;

	memset(l, 0, sizeof *l);
	if (len > 0 && s[0] == '<') {
		for (n = 1; n < len && n < 5 && isdigit((unsigned char)s[n]); n++)
			;
		if (n == len || s[n] != '>')
			return -1;
		s += n + 1;
		len -= n + 1;
		if (len > 2 && s[0] == '1' && s[1] == ' ') {
			v5424 = 1;
			s += 2;
			len -= 2;
		}
	}
	if (len > 0 && isdigit((unsigned char)s[0])) {
		w = syslog_word(s, len);
		if (timestamp_parse_iso8601(s, w, zone, &l->t) == -1 ||
		    w == len)
			return -1;
		n = w + 1;
	} else if ((r = syslog_3164(s, len, y, zone, &l->t)) == -1)
		return -1;
	else
		n = (size_t)r;
	if (v5424)
		return syslog_5424(s + n, len - n, l);
	l->host = s + n;
	l->hostlen = syslog_word(s + n, len - n);
	n += l->hostlen;
	if (n >= len)
		return -1;
	n++;
	return syslog_tag(s + n, len - n, l);
}
