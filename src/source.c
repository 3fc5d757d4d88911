#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "ini.h"
#include "intern.h"
#include "source.h"
#include "tz.h"
#include "xmalloc.h"

#define SOURCE_REORDER_WINDOW	(6 * 3600 * 1000000LL)

/* Every input format: a new format is one file and one line here. */
static const struct source_ops *source_formats[] = {
	&source_csv_ops,
	&source_queuelog_ops,
	&source_cdr_ops,
	&source_syslog_ops,
	&source_postfix_ops,
	&source_exchange_ops,
};

static const struct source_ops *
source_find_format(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof source_formats / sizeof source_formats[0];
	    i++) {
		if (strcmp(source_formats[i]->format, name) == 0)
			return source_formats[i];
	}
	return NULL;
}

static int
source_yesno(const char *value, int *out)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
	    strcmp(value, "1") == 0)
		*out = 1;
	else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
source_common(struct source *src, struct ini_section *sec, struct tz *report,
    char **cause)
{
	struct ini_entry	*e;
	char			*why;

	if ((e = ini_entry(sec, "files")) != NULL)
		src->files = xstrdup(e->value);
	src->tz = report;
	if ((e = ini_entry(sec, "timezone")) != NULL) {
		if ((src->tz = tz_load(e->value, &why)) == NULL) {
			*cause = xasprintf("%d: %s", e->line, why);
			free(why);
			return -1;
		}
		src->owntz = 1;
	}
	src->reorder_window = SOURCE_REORDER_WINDOW;
	if ((e = ini_entry(sec, "reorder_window")) != NULL &&
	    duration_parse(e->value, &src->reorder_window) == -1) {
		*cause = xasprintf("%d: bad duration \"%s\"", e->line,
		    e->value);
		return -1;
	}
	if (source_key_yesno(sec, "sort", &src->sort, cause) == -1)
		return -1;
	if (src->ops->channel != NULL)
		src->channel = intern_str(src->ops->channel);
	else if ((e = ini_entry(sec, "channel")) != NULL && *e->value != '\0')
		src->channel = intern_str(e->value);
	else {
		*cause = xasprintf("%d: format %s needs a channel = key",
		    sec->line, src->ops->format);
		return -1;
	}
	return 0;
}

/*
 * A source from its [source NAME] section.  On error, *cause is
 * "LINE: what is wrong" for the caller to prefix with the file.
 */
struct source *
source_create(struct ini_section *sec, const char *name, uint32_t index,
    struct tz *report, char **cause)
{
	struct source		*src;
	struct ini_entry	*e;

	if ((e = ini_entry(sec, "format")) == NULL) {
		*cause = xasprintf("%d: [source %s] has no format = key",
		    sec->line, name);
		return NULL;
	}
	src = xcalloc(1, sizeof *src);
	pthread_mutex_init(&src->lock, NULL);
	src->name = xstrdup(name);
	src->index = index;
	if ((src->ops = source_find_format(e->value)) == NULL) {
		*cause = xasprintf("%d: unknown format \"%s\"", e->line,
		    e->value);
		free(src->name);
		free(src);
		return NULL;
	}
	if (source_common(src, sec, report, cause) == -1 ||
	    src->ops->configure(src, sec, cause) == -1) {
		source_free(src);
		return NULL;
	}
	return src;
}

void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	if (src->priv != NULL)
		src->ops->free(src);
	if (src->owntz)
		tz_free(src->tz);
	pthread_mutex_destroy(&src->lock);
	free(src->files);
	free(src->name);
	free(src);
}

void
source_describe(const struct source *src, FILE *f)
{
	char	buf[DURATION_BUFSIZE];

	fprintf(f, "[source %s]\nformat = %s\n", src->name, src->ops->format);
	if (src->files != NULL)
		fprintf(f, "files = %s\n", src->files);
	fprintf(f, "channel = %s\ntimezone = %s\n", src->channel,
	    tz_name(src->tz));
	duration_format(buf, src->reorder_window);
	fprintf(f, "reorder_window = %s\nsort = %s\n", buf,
	    src->sort ? "yes" : "no");
	src->ops->describe(src, f);
}

void
source_summary(const struct source *src, FILE *f)
{
	if (src->ops->summary != NULL)
		src->ops->summary(src, f);
}

/* Does this file's base name match the source's files glob? */
int
source_matches(const struct source *src, const char *path)
{
	const char	*base = strrchr(path, '/');

	if (src->files == NULL)
		return 0;
	base = base == NULL ? path : base + 1;
	return fnmatch(src->files, base, 0) == 0;
}

static int
source_time_format(const char *value, enum timestamp_format *format,
    char **pattern)
{
	*pattern = NULL;
	if (strcmp(value, "iso8601") == 0)
		*format = TIMESTAMP_ISO8601;
	else if (strcmp(value, "epoch") == 0)
		*format = TIMESTAMP_EPOCH;
	else if (strcmp(value, "epoch_ms") == 0)
		*format = TIMESTAMP_EPOCH_MS;
	else if (strchr(value, '%') != NULL) {
		*format = TIMESTAMP_PATTERN;
		*pattern = xstrdup(value);
	} else
		return -1;
	return 0;
}

/*
 * The time_format = key: 1 if given, 0 if not (ISO 8601), -1 if bad
 * (*cause "LINE: what").
 */
int
source_key_time_format(struct ini_section *sec, enum timestamp_format *format,
    char **pattern, char **cause)
{
	struct ini_entry	*e;

	*format = TIMESTAMP_ISO8601;
	*pattern = NULL;
	if ((e = ini_entry(sec, "time_format")) == NULL)
		return 0;
	if (source_time_format(e->value, format, pattern) == -1) {
		*cause = xasprintf("%d: time_format must be iso8601, epoch, "
		    "epoch_ms or a strptime pattern", e->line);
		return -1;
	}
	return 1;
}

/* A yes/no key, left as it is when absent; -1 if bad. */
int
source_key_yesno(struct ini_section *sec, const char *key, int *out,
    char **cause)
{
	struct ini_entry	*e;

	if ((e = ini_entry(sec, key)) != NULL &&
	    source_yesno(e->value, out) == -1) {
		*cause = xasprintf("%d: %s must be yes or no", e->line, key);
		return -1;
	}
	return 0;
}

/* The year = key of formats with year-less timestamps; -1 if bad. */
int
source_key_year(struct ini_section *sec, int *year, char **cause)
{
	struct ini_entry	*e;

	*year = 0;
	if ((e = ini_entry(sec, "year")) != NULL &&
	    ((*year = atoi(e->value)) < 1970 || *year > 9999)) {
		*cause = xasprintf("%d: bad year \"%s\"", e->line, e->value);
		return -1;
	}
	return 0;
}

/* Interned in lowercase: priorities, e-mail addresses. */
const char *
source_intern_lower(const char *s, size_t len)
{
	char		 buf[256], *low = len < sizeof buf ? buf : xmalloc(len);
	const char	*v;
	size_t		 i;

	buf[0] = '\0';
	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	v = intern(low, len);
	if (low != buf)
		free(low);
	return v;
}
