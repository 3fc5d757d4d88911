#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "reject.h"
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

/* Takes the message; copies the text. */
void
reject_add(struct reject_list *list, uint32_t file, uint64_t line,
    enum reject_reason reason, const char *text, size_t len, char *message)
{
	struct reject	*r;

	if (list->n == list->cap) {
		list->cap = list->cap * 2 + 64;
		list->v = xreallocarray(list->v, list->cap, sizeof *list->v);
	}
	r = &list->v[list->n++];
	r->file = file;
	r->line = line;
	r->reason = reason;
	r->text = xstrndup(text, len);
	r->len = len;
	r->message = message;
}

/* Append the rejects of one list to another, which takes them over. */
void
reject_move(struct reject_list *to, struct reject_list *from)
{
	if (to->n + from->n > to->cap) {
		to->cap = to->n + from->n + 64;
		to->v = xreallocarray(to->v, to->cap, sizeof *to->v);
	}
	if (from->n > 0)
		memcpy(to->v + to->n, from->v, from->n * sizeof *from->v);
	to->n += from->n;
	free(from->v);
	memset(from, 0, sizeof *from);
}

static int
reject_compare(const void *va, const void *vb)
{
	const struct reject	*a = va, *b = vb;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return 0;
}

void
reject_sort(struct reject_list *list)
{
	if (list->n > 0)
		qsort(list->v, list->n, sizeof *list->v, reject_compare);
}

/*
 * The messages of one file's rejects, starting at *i (the list is
 * sorted): at most REJECT_MESSAGES_PER_FILE, then a count of the other
 * rejected lines.  A record's later lines have no message of their own.
 */
void
reject_print(const struct reject_list *list, size_t *i, uint32_t file,
    const char *name)
{
	size_t	shown = 0, more = 0;
	int	showing = 0;

	for (; *i < list->n && list->v[*i].file == file; (*i)++) {
		if (list->v[*i].message != NULL &&
		    (showing = shown < REJECT_MESSAGES_PER_FILE)) {
			fprintf(stderr, "respstat: %s:%llu: %s\n", name,
			    (unsigned long long)list->v[*i].line,
			    list->v[*i].message);
			shown++;
		}
		if (!showing)
			more++;
	}
	if (more > 0)
		fprintf(stderr, "respstat: %s: %zu more rejected lines\n", name,
		    more);
}

int
reject_write(const struct reject_list *list, const char **names, FILE *f)
{
	size_t	i;

	fputs("file\tline\treason\ttext\n", f);
	for (i = 0; i < list->n; i++) {
		escape_tsv(f, names[list->v[i].file],
		    strlen(names[list->v[i].file]));
		fprintf(f, "\t%llu\t%s\t", (unsigned long long)list->v[i].line,
		    reject_names[list->v[i].reason]);
		escape_tsv(f, list->v[i].text, list->v[i].len);
		putc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

void
reject_free(struct reject_list *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].text);
		free(list->v[i].message);
	}
	free(list->v);
	memset(list, 0, sizeof *list);
}
