#include "config.h"

#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "conf.h"
#include "duration.h"
#include "ini.h"
#include "intern.h"
#include "number.h"
#include "roster.h"
#include "source.h"
#include "timestamp.h"
#include "tz.h"
#include "xmalloc.h"

#define CONF_EXTENSION_UNIT	1000000LL	/* per percent */

static char *
conf_path(const char *confpath, const char *value)
{
	char	*copy, *dir, *path;

	if (*value == '/')
		return xstrdup(value);
	copy = xstrdup(confpath);
	dir = dirname(copy);
	path = xasprintf("%s/%s", dir, value);
	free(copy);
	return path;
}

static char *
conf_err(const struct ini *ini, int line, const char *fmt, const char *arg)
{
	char	*msg = xasprintf(fmt, arg), *out;

	out = xasprintf("%s:%d: %s", ini->path, line, msg);
	free(msg);
	return out;
}

static int
conf_duration(const struct ini *ini, struct ini_entry *e, int64_t *out,
    char **cause)
{
	if (duration_parse(e->value, out) == -1) {
		*cause = conf_err(ini, e->line, "bad duration \"%s\" (e.g. 45s, "
		    "3m, 24h, 2d, 1h30m)", e->value);
		return -1;
	}
	return 0;
}

/* "N:name, M:name": counts (penalties) or durations (compensation). */
static int
conf_tiers(const struct ini *ini, struct ini_entry *e, int durations,
    struct conf_tiers *tiers, char **cause)
{
	char	*copy = xstrdup(e->value), *item, *next, *colon, *end;
	int64_t	 at;

	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		while (isspace((unsigned char)*item))
			item++;
		if ((colon = strchr(item, ':')) == NULL)
			goto bad;
		*colon = '\0';
		if (durations) {
			if (duration_parse(item, &at) == -1)
				goto bad;
		} else {
			at = strtoll(item, &end, 10);
			if (end == item || *end != '\0' || at < 1)
				goto bad;
		}
		for (end = colon + 1; isspace((unsigned char)*end); end++)
			;
		if (*end == '\0' || (tiers->n > 0 && at <= tiers->v[tiers->n -
		    1].at))
			goto bad;
		tiers->v = xreallocarray(tiers->v, tiers->n + 1,
		    sizeof *tiers->v);
		tiers->v[tiers->n].at = at;
		tiers->v[tiers->n].name = xstrdup(end);
		colon = tiers->v[tiers->n].name + strlen(end);
		while (isspace((unsigned char)colon[-1]))
			*--colon = '\0';
		tiers->n++;
	}
	free(copy);
	return 0;
bad:
	free(copy);
	*cause = conf_err(ini, e->line, "bad tiers \"%s\": want ascending "
	    "AT:NAME, ...", e->value);
	return -1;
}

static int
conf_channel_section(struct conf *c, struct ini *ini, struct ini_section *sec,
    const char *name, char **cause)
{
	struct conf_channel	*ch;
	struct ini_entry	*e;
	size_t			 i;

	c->channels = xreallocarray(c->channels, c->nchannels + 1,
	    sizeof *c->channels);
	ch = &c->channels[c->nchannels++];
	memset(ch, 0, sizeof *ch);
	ch->name = intern_str(name);
	ch->off_hours_within = ch->mean_within = ch->peak_mean_within = -1;
	if ((e = ini_entry(sec, "respond_within")) == NULL) {
		*cause = conf_err(ini, sec->line, "[channel %s] needs "
		    "respond_within", name);
		return -1;
	}
	if (conf_duration(ini, e, &ch->respond_within, cause) == -1)
		return -1;
	if (((e = ini_entry(sec, "off_hours_within")) != NULL &&
	    conf_duration(ini, e, &ch->off_hours_within, cause) == -1) ||
	    ((e = ini_entry(sec, "short_abandon")) != NULL &&
	    conf_duration(ini, e, &ch->short_abandon, cause) == -1) ||
	    ((e = ini_entry(sec, "mean_within")) != NULL &&
	    conf_duration(ini, e, &ch->mean_within, cause) == -1) ||
	    ((e = ini_entry(sec, "peak_mean_within")) != NULL &&
	    conf_duration(ini, e, &ch->peak_mean_within, cause) == -1))
		return -1;
	/* [peak] is read before the channels: its extension is known. */
	if (ch->mean_within >= 0 && ch->peak_mean_within < 0)
		ch->peak_mean_within = conf_extend(c, ch->mean_within);
	if ((e = ini_entry(sec, "clock")) != NULL) {
		if (strcmp(e->value, "business") == 0)
			ch->clock = CLOCK_BUSINESS;
		else if (strcmp(e->value, "wall") != 0) {
			*cause = conf_err(ini, e->line, "clock must be wall or "
			    "business, not \"%s\"", e->value);
			return -1;
		}
	}
	for (i = 0; i < sec->n; i++) {
		e = &sec->entries[i];
		if (strncmp(e->key, "priority.", 9) != 0 || e->key[9] == '\0')
			continue;
		e->used = 1;
		ch->priorities = xreallocarray(ch->priorities,
		    ch->npriorities + 1, sizeof *ch->priorities);
		ch->priorities[ch->npriorities].name = source_intern_lower(
		    e->key + 9, strlen(e->key + 9));
		if (conf_duration(ini, e,
		    &ch->priorities[ch->npriorities++].within, cause) == -1)
			return -1;
	}
	return 0;
}

/* 50%, 12.5%: millionths of a percent. */
static int
conf_percent(const char *s, int64_t *out)
{
	int64_t	whole = 0, frac = 0, scale = CONF_EXTENSION_UNIT;
	char	*end;

	whole = strtoll(s, &end, 10);
	if (end == s || whole < 0 || whole > 10000)
		return -1;
	if (*end == '.') {
		for (end++; isdigit((unsigned char)*end); end++) {
			scale /= 10;
			frac += (*end - '0') * scale;
		}
	}
	if (strcmp(end, "%") != 0)
		return -1;
	*out = whole * CONF_EXTENSION_UNIT + frac;
	return 0;
}

/* 2026-11-11 00:00 .. 2026-11-13 23:59, the end minute included. */
static int
conf_window(struct conf *c, const char *value, struct conf_window *w)
{
	const char	*dots = strstr(value, "..");

	if (dots == NULL || timestamp_parse_iso8601(value, (size_t)(dots -
	    value), c->tz, &w->start) == -1 || timestamp_parse_iso8601(dots + 2,
	    strlen(dots + 2), c->tz, &w->end) == -1)
		return -1;
	w->end += 60 * 1000000LL;
	return w->end > w->start ? 0 : -1;
}

static int
conf_peak(struct conf *c, struct ini *ini, char **cause)
{
	struct ini_section	*sec = ini_section(ini, "peak");
	struct ini_entry	*e;

	if (sec == NULL)
		return 0;
	for (e = NULL; (e = ini_next(sec, "window", e)) != NULL;) {
		c->peaks = xreallocarray(c->peaks, c->npeaks + 1,
		    sizeof *c->peaks);
		if (conf_window(c, e->value, &c->peaks[c->npeaks++]) == -1) {
			*cause = conf_err(ini, e->line, "bad window \"%s\" "
			    "(want YYYY-MM-DD HH:MM .. YYYY-MM-DD HH:MM)",
			    e->value);
			return -1;
		}
	}
	if ((e = ini_entry(sec, "extension")) != NULL &&
	    conf_percent(e->value, &c->extension) == -1) {
		*cause = conf_err(ini, e->line, "bad extension \"%s\" (want "
		    "a percentage such as 50%%)", e->value);
		return -1;
	}
	return 0;
}

static int
conf_report(struct conf *c, struct ini *ini, char **cause)
{
	struct ini_section	*sec = ini_section(ini, "report");
	struct ini_entry	*e;
	char			*why;

	e = sec != NULL ? ini_entry(sec, "timezone") : NULL;
	if ((c->tz = tz_load(e != NULL ? e->value : "UTC", &why)) == NULL) {
		*cause = conf_err(ini, e != NULL ? e->line : 0, "%s", why);
		free(why);
		return -1;
	}
	if (sec != NULL && (e = ini_entry(sec, "roster")) != NULL)
		c->roster_path = conf_path(ini->path, e->value);
	return 0;
}

/* [hours]: day specs with their ranges, holidays, make-up days. */
static int
conf_hours(struct conf *c, struct ini *ini, char **cause)
{
	struct ini_section	*sec = ini_section(ini, "hours");
	struct ini_entry	*e;
	char			*why = NULL, *path;
	size_t			 i;
	int			 ok;

	if (sec == NULL)
		return 0;
	c->calendar = calendar_new(c->tz);
	for (i = 0; i < sec->n; i++) {
		e = &sec->entries[i];
		e->used = 1;
		if (strcmp(e->key, "holiday") == 0)
			ok = calendar_holiday(c->calendar, e->value, &why);
		else if (strcmp(e->key, "workday") == 0)
			ok = calendar_workday(c->calendar, e->value, &why);
		else if (strcmp(e->key, "holidays") == 0) {
			path = conf_path(ini->path, e->value);
			ok = calendar_ics(c->calendar, path, &why);
			free(path);
		} else
			ok = calendar_hours(c->calendar, e->key, e->value,
			    &why);
		if (ok == -1) {
			*cause = conf_err(ini, e->line, "%s", why);
			free(why);
			return -1;
		}
	}
	if (calendar_finish(c->calendar, &why) == -1) {
		*cause = conf_err(ini, sec->line, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

static int
conf_simple_sections(struct conf *c, struct ini *ini, char **cause)
{
	struct ini_section	*sec;
	struct ini_entry	*e;
	size_t			 i;

	if ((sec = ini_section(ini, "departments")) != NULL) {
		for (i = 0; i < sec->n; i++) {
			e = &sec->entries[i];
			e->used = 1;
			*hashmap_slot(&c->departments, e->key, strlen(e->key),
			    NULL) = (void *)intern_str(e->value);
		}
	}
	if ((sec = ini_section(ini, "penalties")) != NULL) {
		c->has_penalties = 1;
		if (((e = ini_entry(sec, "agent")) != NULL && conf_tiers(ini, e,
		    0, &c->agent_penalties, cause) == -1) ||
		    ((e = ini_entry(sec, "department")) != NULL &&
		    conf_tiers(ini, e, 0, &c->department_penalties, cause) ==
		    -1))
			return -1;
	}
	if ((sec = ini_section(ini, "compensation")) != NULL &&
	    (e = ini_entry(sec, "late")) != NULL &&
	    conf_tiers(ini, e, 1, &c->compensation, cause) == -1)
		return -1;
	return 0;
}

static int
conf_sections(struct conf *c, struct ini *ini, char **cause)
{
	struct ini_section	*sec;
	struct source		*src;
	size_t			 i;
	char			*why;
	static const char	*plain[] = { "report", "hours", "peak",
				    "departments", "penalties", "compensation" };
	size_t			 k;

	for (i = 0; i < ini->n; i++) {
		sec = &ini->sections[i];
		if (strncmp(sec->name, "channel ", 8) == 0) {
			if (conf_channel_section(c, ini, sec, sec->name + 8,
			    cause) == -1)
				return -1;
		} else if (strncmp(sec->name, "source ", 7) == 0) {
			if ((src = source_create(sec, sec->name + 7,
			    (uint32_t)c->nsources, c->tz, &why)) == NULL) {
				*cause = xasprintf("%s:%s", ini->path, why);
				free(why);
				return -1;
			}
			c->sources = xreallocarray(c->sources, c->nsources + 1,
			    sizeof *c->sources);
			c->sources[c->nsources++] = src;
		} else {
			for (k = 0; k < sizeof plain / sizeof plain[0]; k++)
				if (strcmp(sec->name, plain[k]) == 0)
					break;
			if (k == sizeof plain / sizeof plain[0]) {
				*cause = conf_err(ini, sec->line, "unknown "
				    "section [%s]", sec->name);
				return -1;
			}
		}
	}
	return 0;
}

static int
conf_check(struct conf *c, struct ini *ini, char **cause)
{
	size_t	i;
	char   **names;

	for (i = 0; i < c->nchannels; i++) {
		if (c->calendar == NULL && (c->channels[i].clock ==
		    CLOCK_BUSINESS || c->channels[i].off_hours_within >= 0)) {
			*cause = xasprintf("%s: [channel %s]: clock = business "
			    "and off_hours_within need an [hours] section",
			    ini->path, c->channels[i].name);
			return -1;
		}
	}
	for (i = 0; i < c->nsources; i++) {
		if (conf_channel(c, c->sources[i]->channel) == NULL) {
			*cause = xasprintf("%s: [source %s] feeds channel %s, "
			    "which has no [channel %s] section", ini->path,
			    c->sources[i]->name, c->sources[i]->channel,
			    c->sources[i]->channel);
			return -1;
		}
	}
	if (c->roster_path != NULL) {
		names = xreallocarray(NULL, c->nsources + 1, sizeof *names);
		for (i = 0; i < c->nsources; i++)
			names[i] = c->sources[i]->name;
		c->roster = roster_load(c->roster_path, (const char **)names,
		    c->nsources, cause);
		free(names);
		if (c->roster == NULL)
			return -1;
	}
	if ((*cause = ini_unused(ini)) != NULL)
		return -1;
	return 0;
}

/* The configuration from a parsed INI file, which it consumes. */
struct conf *
conf_build(struct ini *ini, char **cause)
{
	struct conf	*c;
	int		 ok;

	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(ini->path);
	memcpy(c->sha256, ini->sha256, sizeof c->sha256);
	hashmap_init(&c->departments);
	ok = conf_report(c, ini, cause) == 0 &&
	    conf_peak(c, ini, cause) == 0 &&
	    conf_hours(c, ini, cause) == 0 &&
	    conf_simple_sections(c, ini, cause) == 0 &&
	    conf_sections(c, ini, cause) == 0 &&
	    conf_check(c, ini, cause) == 0;
	ini_free(ini);
	if (!ok) {
		conf_free(c);
		return NULL;
	}
	return c;
}

struct conf *
conf_load(const char *path, char **cause)
{
	struct ini	*ini;

	if ((ini = ini_load(path, cause)) == NULL)
		return NULL;
	return conf_build(ini, cause);
}

static void
conf_tiers_free(struct conf_tiers *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
}

void
conf_free(struct conf *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nsources; i++)
		source_free(c->sources[i]);
	free(c->sources);
	for (i = 0; i < c->nchannels; i++)
		free(c->channels[i].priorities);
	free(c->channels);
	free(c->peaks);
	conf_tiers_free(&c->agent_penalties);
	conf_tiers_free(&c->department_penalties);
	conf_tiers_free(&c->compensation);
	hashmap_free(&c->departments, NULL);
	roster_free(c->roster);
	calendar_free(c->calendar);
	free(c->roster_path);
	tz_free(c->tz);
	free(c->path);
	free(c);
}

const struct conf_channel *
conf_channel(const struct conf *c, const char *name)
{
	size_t	i;

	/* Names are interned: the pointer usually decides (hot path). */
	for (i = 0; i < c->nchannels; i++)
		if (c->channels[i].name == name)
			return &c->channels[i];
	for (i = 0; i < c->nchannels; i++)
		if (strcmp(c->channels[i].name, name) == 0)
			return &c->channels[i];
	return NULL;
}

struct source *
conf_source(const struct conf *c, const char *name)
{
	size_t	i;

	for (i = 0; i < c->nsources; i++)
		if (strcmp(c->sources[i]->name, name) == 0)
			return c->sources[i];
	return NULL;
}

/* A raw department name as [departments] maps it. */
const char *
conf_department(const struct conf *c, const char *raw)
{
	const char	*mapped;

	if (raw == NULL || c->departments.count == 0)
		return raw;
	mapped = hashmap_get(&c->departments, raw, strlen(raw));
	return mapped != NULL ? mapped : raw;
}

/* A duration × (1 + extension), rounded half away from zero to 1 µs. */
int64_t
conf_extend(const struct conf *c, int64_t us)
{
	return number_div_round((__int128)us * (100 * CONF_EXTENSION_UNIT +
	    c->extension), 100 * CONF_EXTENSION_UNIT);
}

int
conf_in_peak(const struct conf *c, int64_t t)
{
	size_t	i;

	for (i = 0; i < c->npeaks; i++)
		if (t >= c->peaks[i].start && t < c->peaks[i].end)
			return 1;
	return 0;
}

static void
conf_print_tiers(FILE *f, const char *key, const struct conf_tiers *t,
    int durations)
{
	char	buf[DURATION_BUFSIZE];
	size_t	i;

	if (t->n == 0)
		return;
	fprintf(f, "%s = ", key);
	for (i = 0; i < t->n; i++) {
		if (durations)
			duration_format(buf, t->v[i].at);
		else
			snprintf(buf, sizeof buf, "%lld",
			    (long long)t->v[i].at);
		fprintf(f, "%s%s:%s", i > 0 ? ", " : "", buf, t->v[i].name);
	}
	fputc('\n', f);
}

static void
conf_print_duration(FILE *f, const char *key, int64_t us)
{
	char	buf[DURATION_BUFSIZE];

	duration_format(buf, us);
	fprintf(f, "%s = %s\n", key, buf);
}

static void
conf_print_channel(const struct conf_channel *ch, FILE *f)
{
	size_t	i;

	fprintf(f, "\n[channel %s]\n", ch->name);
	conf_print_duration(f, "respond_within", ch->respond_within);
	for (i = 0; i < ch->npriorities; i++) {
		fprintf(f, "priority.");
		conf_print_duration(f, ch->priorities[i].name,
		    ch->priorities[i].within);
	}
	if (ch->off_hours_within >= 0)
		conf_print_duration(f, "off_hours_within",
		    ch->off_hours_within);
	if (ch->short_abandon > 0)
		conf_print_duration(f, "short_abandon", ch->short_abandon);
	if (ch->mean_within >= 0) {
		conf_print_duration(f, "mean_within", ch->mean_within);
		conf_print_duration(f, "peak_mean_within",
		    ch->peak_mean_within);
	}
	fprintf(f, "clock = %s\n", ch->clock == CLOCK_BUSINESS ? "business" :
	    "wall");
}

static int
conf_slot_compare(const void *a, const void *b)
{
	return strcmp((*(struct hashmap_slot *const *)a)->key,
	    (*(struct hashmap_slot *const *)b)->key);
}

static void
conf_print_departments(const struct conf *c, FILE *f)
{
	struct hashmap_slot	**v, *s;
	size_t			  i, n = 0;

	v = xreallocarray(NULL, c->departments.count, sizeof *v);
	for (i = 0; hashmap_next(&c->departments, &i, &s);)
		v[n++] = s;
	qsort(v, n, sizeof *v, conf_slot_compare);
	fprintf(f, "\n[departments]\n");
	for (i = 0; i < n; i++)
		fprintf(f, "%s = %s\n", v[i]->key, (const char *)v[i]->value);
	free(v);
}

static void
conf_print_percent(FILE *f, int64_t ext)
{
	char	buf[32];
	int	n;

	n = snprintf(buf, sizeof buf, "%lld.%06lld",
	    (long long)(ext / CONF_EXTENSION_UNIT),
	    (long long)(ext % CONF_EXTENSION_UNIT));
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	fprintf(f, "extension = %s%%\n", buf);
}

/* What --check-config prints: the configuration as understood. */
void
conf_print(const struct conf *c, FILE *f)
{
	char		 from[TIMESTAMP_BUFSIZE], to[TIMESTAMP_BUFSIZE];
	size_t		 i;

	fprintf(f, "; %s\n[report]\ntimezone = %s\n", c->path, tz_name(c->tz));
	if (c->roster_path != NULL)
		fprintf(f, "roster = %s ; %zu agents\n", c->roster_path,
		    roster_size(c->roster));
	fprintf(f, "; service_level = within / (answered + abandoned + "
	    "unanswered) x 100\n");
	if (c->calendar != NULL)
		calendar_print(c->calendar, f);
	if (c->npeaks > 0 || c->extension > 0) {
		fprintf(f, "\n[peak]\n");
		for (i = 0; i < c->npeaks; i++) {
			timestamp_format(from, c->peaks[i].start, c->tz);
			timestamp_format(to, c->peaks[i].end, c->tz);
			fprintf(f, "window = %s .. %s ; end excluded\n", from,
			    to);
		}
		conf_print_percent(f, c->extension);
	}
	for (i = 0; i < c->nchannels; i++)
		conf_print_channel(&c->channels[i], f);
	if (c->departments.count > 0)
		conf_print_departments(c, f);
	if (c->has_penalties) {
		fprintf(f, "\n[penalties]\n");
		conf_print_tiers(f, "agent", &c->agent_penalties, 0);
		conf_print_tiers(f, "department", &c->department_penalties, 0);
	}
	if (c->compensation.n > 0) {
		fprintf(f, "\n[compensation]\n");
		conf_print_tiers(f, "late", &c->compensation, 1);
	}
	for (i = 0; i < c->nsources; i++) {
		fputc('\n', f);
		source_describe(c->sources[i], f);
	}
}
