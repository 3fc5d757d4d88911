/*
 * Aligned text for people: all rows are kept until the end to size the
 * columns; numeric columns are right-aligned; widths count characters.
 * Control characters are escaped as in TSV so that a row stays a line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "writer.h"
#include "xmalloc.h"

struct text {
	char	**cells;	/* rows x columns, escaped */
	size_t	  nrows;
	size_t	  cap;
	size_t	 *width;
};

static char *
text_escape(const char *s, size_t len)
{
	char	*buf;
	size_t	 size;
	FILE	*f;

	if ((f = open_memstream(&buf, &size)) == NULL)
		fatalx("out of memory");
	escape_tsv(f, s, len);
	fclose(f);
	return buf;
}

static void
text_add(struct writer *w, char **row)
{
	struct text	*t = w->priv;
	size_t		 i, n;

	if (t->nrows == t->cap) {
		t->cap = t->cap * 2 + 64;
		t->cells = xreallocarray(t->cells, t->cap * w->ncolumns,
		    sizeof *t->cells);
	}
	for (i = 0; i < w->ncolumns; i++) {
		t->cells[t->nrows * w->ncolumns + i] = row[i];
		n = escape_width(row[i], strlen(row[i]));
		if (n > t->width[i])
			t->width[i] = n;
	}
	t->nrows++;
}

static void
text_open(struct writer *w)
{
	struct text	*t;
	char		**row;
	size_t		  i;

	w->priv = t = xcalloc(1, sizeof *t);
	t->width = xcalloc(w->ncolumns, sizeof *t->width);
	row = xcalloc(w->ncolumns, sizeof *row);
	for (i = 0; i < w->ncolumns; i++)
		row[i] = xstrdup(w->columns[i].name);
	text_add(w, row);
	free(row);
}

static void
text_row(struct writer *w, const struct cell *cells)
{
	char	**row;
	size_t	  i;

	row = xcalloc(w->ncolumns, sizeof *row);
	for (i = 0; i < w->ncolumns; i++)
		row[i] = cells[i].type == CELL_NULL ? xstrdup("-") :
		    text_escape(cells[i].s, cells[i].len);
	text_add(w, row);
	free(row);
}

static void
text_pad(FILE *f, size_t n)
{
	while (n-- > 0)
		putc(' ', f);
}

static void
text_close(struct writer *w)
{
	struct text	*t = w->priv;
	size_t		 r, i, n;
	char		*s;

	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < w->ncolumns; i++) {
			s = t->cells[r * w->ncolumns + i];
			n = t->width[i] - escape_width(s, strlen(s));
			if (i > 0)
				fputs("  ", w->f);
			if (w->columns[i].numeric)
				text_pad(w->f, n);
			fputs(s, w->f);
			if (!w->columns[i].numeric && i + 1 < w->ncolumns)
				text_pad(w->f, n);
			free(s);
		}
		putc('\n', w->f);
	}
	free(t->cells);
	free(t->width);
	free(t);
}

const struct writer_ops writer_text_ops = {
	"text", text_open, text_row, text_close
};
