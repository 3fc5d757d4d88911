#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvrow.h"
#include "source.h"
#include "xmalloc.h"

void
csvrow_init(struct csvrow *row, char delimiter, csvrow_cb record, void *arg)
{
	memset(row, 0, sizeof *row);
	row->delimiter = delimiter;
	row->record = record;
	row->arg = arg;
	if (csv_init(&row->parser, 0) != 0)
		fatalx("libcsv initialisation failed");
	csv_set_delim(&row->parser, (unsigned char)delimiter);
}

void
csvrow_free(struct csvrow *row)
{
	csv_free(&row->parser);
	free(row->rec);
	free(row->linestart);
	free(row->fields);
	free(row->fbuf);
}

static struct csvrow_field *
csvrow_field_new(struct csvrow *row)
{
	if (row->nfields == row->capfields) {
		row->capfields = row->capfields * 2 + 32;
		row->fields = xreallocarray(row->fields, row->capfields,
		    sizeof *row->fields);
	}
	return &row->fields[row->nfields++];
}

/* A field libcsv unquoted: copied, its address fixed after the row. */
static void
csvrow_field_add(struct csvrow *row, const char *s, size_t len)
{
	struct csvrow_field	*f = csvrow_field_new(row);

	if (row->flen + len + 1 > row->fcap) {
		row->fcap = (row->flen + len + 1) * 2;
		row->fbuf = xreallocarray(row->fbuf, row->fcap, 1);
	}
	memcpy(row->fbuf + row->flen, s, len);
	f->off = row->flen;
	f->len = len;
	row->flen += len;
	row->fbuf[row->flen++] = '\0';
}

static void
csvrow_cb_field(void *s, size_t len, void *arg)
{
	csvrow_field_add(arg, s != NULL ? s : "", len);
}

static void
csvrow_cb_row(int c, void *arg)
{
	(void)c;
	(void)arg;
}

/*
 * Split one record into fields.  Without a quote the fields stay in the
 * record (which must outlive their use); quoted rows go through libcsv.
 */
void
csvrow_split(struct csvrow *row, const char *s, size_t len)
{
	struct csvrow_field	*f;
	const char		*p = s, *end = s + len, *d;
	size_t			 i;

	row->nfields = 0;
	row->flen = 0;
	if (memchr(s, '"', len) == NULL) {
		for (;;) {
			d = memchr(p, row->delimiter, (size_t)(end - p));
			f = csvrow_field_new(row);
			f->s = p;
			f->len = (size_t)((d != NULL ? d : end) - p);
			if (d == NULL)
				break;
			p = d + 1;
		}
		return;
	}
	csv_parse(&row->parser, s, len, csvrow_cb_field, csvrow_cb_row, row);
	csv_fini(&row->parser, csvrow_cb_field, csvrow_cb_row, row);
	for (i = 0; i < row->nfields; i++)
		row->fields[i].s = row->fbuf + row->fields[i].off;
}

void
csvrow_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Field i of the last split, trimmed of blanks; NULL if there is none. */
const char *
csvrow_field(const struct csvrow *row, size_t i, size_t *len)
{
	const char	*s;

	if (i >= row->nfields)
		return NULL;
	s = row->fields[i].s;
	*len = row->fields[i].len;
	csvrow_trim(&s, len);
	return s;
}

/* The index of the field (of a header) named so, or -1. */
int
csvrow_column(const struct csvrow *row, const char *name, int ignorecase)
{
	const char	*v;
	size_t		 len, f;

	for (f = 0; (v = csvrow_field(row, f, &len)) != NULL; f++)
		if (len == strlen(name) && (ignorecase ? strncasecmp(v, name,
		    len) : memcmp(v, name, len)) == 0)
			return (int)f;
	return -1;
}

/* Blank: nothing but white space and delimiters (a spreadsheet's ,,,). */
int
csvrow_blank(const char *s, size_t len, char delimiter)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]) && s[i] != delimiter)
			return 0;
	return 1;
}

/*
 * Whether a quoted field is still open after s, scanning as libcsv
 * reads: a quote opens a quoted field only at the start of a field
 * (after blanks); inside, "" is a quote and a lone quote closes.
 */
static int
csvrow_scan(const char *s, size_t len, char delimiter, int inquote)
{
	size_t	i;
	int	fieldstart = !inquote;

	for (i = 0; i < len; i++) {
		if (inquote) {
			if (s[i] != '"')
				continue;
			if (i + 1 < len && s[i + 1] == '"')
				i++;
			else
				inquote = 0;
		} else if (s[i] == delimiter)
			fieldstart = 1;
		else if (fieldstart && s[i] == '"') {
			inquote = 1;
			fieldstart = 0;
		} else if (!(fieldstart && (s[i] == ' ' || s[i] == '\t')))
			fieldstart = 0;
	}
	return inquote;
}

static void
csvrow_pending_add(struct csvrow *row, const char *s, size_t len)
{
	if (row->reclen + len + 1 > row->reccap) {
		row->reccap = (row->reclen + len + 1) * 2;
		row->rec = xreallocarray(row->rec, row->reccap, 1);
	}
	if (row->nlines > 0)
		row->rec[row->reclen++] = '\n';
	row->linestart = xreallocarray(row->linestart, row->nlines + 1,
	    sizeof *row->linestart);
	row->linestart[row->nlines++] = row->reclen;
	memcpy(row->rec + row->reclen, s, len);
	row->reclen += len;
}

/*
 * A quote opened and never closed: reject the first line and read the
 * lines after it again, each on its own.
 */
static void
csvrow_unbalanced(struct csvrow *row, struct source_ctx *ctx)
{
	char		*rec = row->rec;
	size_t		*starts = row->linestart, n = row->nlines, i, end;
	size_t		 reclen = row->reclen;
	uint64_t	 first = row->firstline;

	row->rec = NULL;
	row->linestart = NULL;
	row->reclen = row->reccap = row->nlines = 0;
	end = n > 1 ? starts[1] - 1 : reclen;
	source_reject(ctx, first, 1, REJECT_BAD_QUOTE, rec, end,
	    "quoted field not closed");
	for (i = 1; i < n; i++) {
		end = i + 1 < n ? starts[i + 1] - 1 : reclen;
		csvrow_line(row, ctx, rec + starts[i], end - starts[i],
		    first + i);
	}
	free(rec);
	free(starts);
}

/* One line: a whole record, or part of one being assembled. */
void
csvrow_line(struct csvrow *row, struct source_ctx *ctx, const char *s,
    size_t len, uint64_t lineno)
{
	size_t	n;

	if (row->nlines == 0) {
		if (memchr(s, '"', len) == NULL ||
		    !csvrow_scan(s, len, row->delimiter, 0)) {
			row->record(row->arg, ctx, s, len, lineno, 1);
			return;
		}
		row->firstline = lineno;
		csvrow_pending_add(row, s, len);
		return;
	}
	csvrow_pending_add(row, s, len);
	if (!csvrow_scan(s, len, row->delimiter, 1)) {
		n = row->nlines;
		row->nlines = 0;
		row->record(row->arg, ctx, row->rec, row->reclen,
		    row->firstline, n);
		row->reclen = 0;
	} else if (row->nlines >= CSVROW_MAX_LINES ||
	    row->reclen >= CSVROW_MAX_BYTES)
		csvrow_unbalanced(row, ctx);
}

/* The end of the file: a record still open is unbalanced. */
void
csvrow_close(struct csvrow *row, struct source_ctx *ctx)
{
	while (row->nlines > 0)
		csvrow_unbalanced(row, ctx);
}
