#include "config.h"

#include <string.h>

#include "escape.h"
#include "writer.h"

static void
tsv_open(struct writer *w)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc('\t', w->f);
		fputs(w->columns[i].name, w->f);
	}
	putc('\n', w->f);
}

static void
tsv_row(struct writer *w, const struct cell *cells)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc('\t', w->f);
		if (cells[i].type == CELL_NULL)
			putc('-', w->f);
		else
			escape_tsv(w->f, cells[i].s, cells[i].len);
	}
	putc('\n', w->f);
}

static void
tsv_close(struct writer *w)
{
	(void)w;
}

const struct writer_ops writer_tsv_ops = {
	"tsv", tsv_open, tsv_row, tsv_close
};
