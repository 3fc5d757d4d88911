#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "reject.h"
#include "runs.h"
#include "xmalloc.h"

static const char *reject_names[REJECT_NREASONS] = {
	[REJECT_TRUNCATED] = "truncated",
	[REJECT_TOO_LONG] = "too-long",
	[REJECT_BAD_QUOTE] = "bad-quote",
	[REJECT_MISSING_FIELD] = "missing-field",
	[REJECT_MISSING_TIME] = "missing-time",
	[REJECT_BAD_TIME] = "bad-time",
	[REJECT_MISSING_THREAD] = "missing-thread",
	[REJECT_TIME_ORDER] = "response-before-request",
	[REJECT_OUT_OF_ORDER] = "out-of-order",
};

const char *
reject_name(enum reject_reason reason)
{
	return reject_names[reason];
}

/* Rejects of a file held in memory before a sorted run goes to disk. */
#ifndef REJECT_IN_MEMORY
#define REJECT_IN_MEMORY	16384
#endif

/* Line order; a line's rejects in the order made. */
static int
reject_compare(const void *va, const void *vb)
{
	const struct reject	*a = va, *b = vb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const struct runs_type reject_type = {
	.size = sizeof(struct reject),
	.compare = reject_compare,
	.nstrings = 2,
	.strings = { offsetof(struct reject, text),
	    offsetof(struct reject, message) },
	.lengths = { offsetof(struct reject, len), RUNS_STRLEN },
	.borrowed = 1,
	.owned = 1
};

/* A temporary file's failure (the first is the one told); takes cause. */
static void
reject_error(struct reject_list *list, char *cause)
{
	if (list->error == NULL)
		list->error = cause;
	else
		free(cause);
}

/* Takes the message; copies the text. */
void
reject_add(struct reject_list *list, uint64_t line, enum reject_reason reason,
    const char *text, size_t len, char *message)
{
	struct reject	r;
	char		*cause;

	if (list->runs == NULL)
		list->runs = runs_new(&reject_type, REJECT_IN_MEMORY);
	memset(&r, 0, sizeof r);
	r.line = line;
	r.seq = list->seq++;
	r.reason = reason;
	r.text = xmalloc(len + 1);
	memcpy(r.text, text, len);
	r.text[len] = '\0';
	r.len = len;
	r.message = message;
	if (runs_add(list->runs, &r, &cause) == -1) {
		free(r.text);
		free(r.message);
		reject_error(list, cause);
	}
}

/*
 * The messages of one file's rejects, in line order: at most
 * REJECT_MESSAGES_PER_FILE, then a count of the other rejected lines.
 * A record's later lines have no message of their own.
 */
void
reject_print(struct reject_list *list, const char *name)
{
	struct reject	r;
	size_t		shown = 0, more = 0;
	char		*cause;
	int		showing = 0, got;

	if (list->runs == NULL)
		return;
	if (runs_rewind(list->runs, &cause) == -1) {
		reject_error(list, cause);
		return;
	}
	while ((got = runs_next(list->runs, &r, &cause)) == 1) {
		if (r.message != NULL &&
		    (showing = shown < REJECT_MESSAGES_PER_FILE)) {
			fprintf(stderr, "respstat: %s:%llu: %s\n", name,
			    (unsigned long long)r.line, r.message);
			shown++;
		}
		if (!showing)
			more++;
	}
	if (got == -1)
		reject_error(list, cause);
	if (more > 0)
		fprintf(stderr, "respstat: %s: %zu more rejected lines\n", name,
		    more);
}

/* One file's rejects as rows of the --rejects file. */
int
reject_write(struct reject_list *list, const char *name, FILE *f,
    char **cause)
{
	struct reject	r;
	int		got;

	if (list->error != NULL) {
		*cause = xstrdup(list->error);
		return -1;
	}
	if (list->runs == NULL)
		return 0;
	if (runs_rewind(list->runs, cause) == -1)
		return -1;
	while ((got = runs_next(list->runs, &r, cause)) == 1) {
		escape_tsv(f, name, strlen(name));
		fprintf(f, "\t%llu\t%s\t", (unsigned long long)r.line,
		    reject_names[r.reason]);
		escape_tsv(f, r.text, r.len);
		putc('\n', f);
	}
	return got;
}

void
reject_free(struct reject_list *list)
{
	runs_free(list->runs);
	free(list->error);
	memset(list, 0, sizeof *list);
}
