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

/* A field's value copied to the row's buffer, "" read as ". */
static void
csvrow_field_unquote(struct csvrow *row, struct csvrow_field *f,
    const char *s, size_t len)
{
	size_t	i;

	if (row->flen + len + 1 > row->fcap) {
		row->fcap = (row->flen + len + 1) * 2;
		row->fbuf = xreallocarray(row->fbuf, row->fcap, 1);
	}
	f->s = NULL;
	f->off = row->flen;
	for (i = 0; i < len; i++) {
		row->fbuf[row->flen++] = s[i];
		if (s[i] == '"')
			i++;
	}
	f->len = row->flen - f->off;
	row->fbuf[row->flen++] = '\0';
}

/*
 * A quoted field at p (after its blanks): "...", with "" for a quote,
 * then blanks to the delimiter or the end.  Returns the delimiter or
 * end, or NULL if the field is not so simple (libcsv then reads the
 * record).
 */
static const char *
csvrow_quoted(struct csvrow *row, const char *p, const char *end)
{
	struct csvrow_field	*f;
	const char		*start = ++p;
	int			 escaped = 0;

	while ((p = memchr(p, '"', (size_t)(end - p))) != NULL &&
	    p + 1 < end && p[1] == '"') {
		escaped = 1;
		p += 2;
	}
	if (p == NULL)
		return NULL;
	f = csvrow_field_new(row);
	if (escaped)
		csvrow_field_unquote(row, f, start, (size_t)(p - start));
	else {
		f->s = start;
		f->len = (size_t)(p - start);
	}
	for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (p < end && *p != row->delimiter)
		return NULL;
	return p;
}

/*
 * Split a record in place where it is simple: unquoted fields without a
 * quote, quoted ones as csvrow_quoted reads them.  0 if it is not (with
 * a blank delimiter, blanks before a quote would be ambiguous: never).
 */
static int
csvrow_split_simple(struct csvrow *row, const char *s, size_t len)
{
	const char		*p = s, *end = s + len, *q, *d;
	struct csvrow_field	*f;
	size_t			 i;
	int			 blankdelim;

	blankdelim = row->delimiter == ' ' || row->delimiter == '\t';
	for (;; p = d + 1) {
		for (q = p; !blankdelim && q < end && (*q == ' ' ||
		    *q == '\t'); q++)
			;
		if (q < end && *q == '"') {
			if (blankdelim || (d = csvrow_quoted(row, q, end)) == NULL)
				return 0;
		} else {
			if ((d = memchr(p, row->delimiter,
			    (size_t)(end - p))) == NULL)
				d = end;
			if (memchr(p, '"', (size_t)(d - p)) != NULL)
				return 0;
			f = csvrow_field_new(row);
			f->s = p;
			f->len = (size_t)(d - p);
		}
		if (d == end)
			break;
	}
	for (i = 0; i < row->nfields; i++)
		if (row->fields[i].s == NULL)
			row->fields[i].s = row->fbuf + row->fields[i].off;
	return 1;
}

/*
 * Split one record into fields.  Rows without a quote, or with simply
 * quoted fields, are split in place (a field with "" is copied); others
 * go through libcsv.
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
	if (csvrow_split_simple(row, s, len))
		return;
	row->nfields = 0;
	row->flen = 0;
	csv_parse(&row->parser, s, len, csvrow_cb_field, csvrow_cb_row, row);
	csv_fini(&row->parser, csvrow_cb_field, csvrow_cb_row, row);
	for (i = 0; i < row->nfields; i++)
		row->fields[i].s = row->fbuf + row->fields[i].off;
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
 * (after blanks); inside, "" is a quote and a lone quote closes.  The
 * scan jumps from quote to quote and from delimiter to delimiter.
 */
static int
csvrow_scan(const char *s, size_t len, char delimiter, int inquote)
{
	const char	*p = s, *end = s + len;

	for (;;) {
		if (inquote) {
			while ((p = memchr(p, '"', (size_t)(end - p))) != NULL &&
			    p + 1 < end && p[1] == '"')
				p += 2;
			if (p == NULL)
				return 1;
			inquote = 0;
			/* The rest of the field, to its delimiter. */
			if ((p = memchr(p + 1, delimiter,
			    (size_t)(end - p - 1))) == NULL)
				return 0;
			p++;
		}
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '"') {
			inquote = 1;
			p++;
			continue;
		}
		if ((p = memchr(p, delimiter, (size_t)(end - p))) == NULL)
			return 0;
		p++;
	}
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
