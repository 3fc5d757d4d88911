#include "config.h"

#include <string.h>

#include "conf.h"
#include "escape.h"
#include "manifest.h"
#include "reader.h"
#include "source.h"
#include "timestamp.h"

static void
manifest_hex(FILE *f, const unsigned char *digest)
{
	int	i;

	putc('"', f);
	for (i = 0; i < 32; i++)
		fprintf(f, "%02x", digest[i]);
	putc('"', f);
}

static void
manifest_string(FILE *f, const char *key, const char *value)
{
	fprintf(f, "\"%s\":", key);
	if (value == NULL)
		fputs("null", f);
	else
		escape_json(f, value, strlen(value));
}

static void
manifest_time(FILE *f, const char *key, int has, int64_t t,
    const struct conf *c)
{
	char	buf[TIMESTAMP_BUFSIZE];

	if (has)
		timestamp_format(buf, t, c->tz);
	manifest_string(f, key, has ? buf : NULL);
}

static void
manifest_file(FILE *f, const struct file_stats *s, const struct conf *c)
{
	putc('{', f);
	manifest_string(f, "name", s->name);
	putc(',', f);
	manifest_string(f, "source", s->source->name);
	fprintf(f, ",\"size\":%llu,\"sha256\":", (unsigned long long)s->size);
	manifest_hex(f, s->sha256);
	fprintf(f, ",\"lines\":%llu,\"used\":%llu,\"ignored\":%llu,"
	    "\"duplicate\":%llu,\"rejected\":%llu,",
	    (unsigned long long)s->read, (unsigned long long)s->used,
	    (unsigned long long)s->ignored, (unsigned long long)s->duplicate,
	    (unsigned long long)s->rejected);
	manifest_time(f, "first_event", s->has_events, s->first_event, c);
	putc(',', f);
	manifest_time(f, "last_event", s->has_events, s->last_event, c);
	putc(',', f);
	manifest_string(f, "error", s->error);
	putc('}', f);
}

void
manifest_write(FILE *f, const struct conf *c, const struct reader *r,
    const struct manifest_run *run)
{
	size_t	i;

	fputs("{\"respstat\":\"" PACKAGE_VERSION "\",\"config\":{", f);
	manifest_string(f, "path", c->path);
	fputs(",\"sha256\":", f);
	manifest_hex(f, c->sha256);
	fputs("},", f);
	manifest_string(f, "month", run->month);
	putc(',', f);
	manifest_time(f, "now", 1, run->now, c);
	putc(',', f);
	manifest_time(f, "end", 1, run->end, c);
	fputs(",\"files\":[", f);
	for (i = 0; i < r->nfiles; i++) {
		if (i > 0)
			putc(',', f);
		manifest_file(f, &r->files[i], c);
	}
	fputs("]}\n", f);
}
