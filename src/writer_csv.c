#include "config.h"

#include <string.h>

#include "escape.h"
#include "writer.h"

static void
csv_open(struct writer *w)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc(',', w->f);
		escape_csv(w->f, w->columns[i].name,
		    strlen(w->columns[i].name));
	}
	putc('\n', w->f);
}

static void
csv_row(struct writer *w, const struct cell *cells)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc(',', w->f);
		if (cells[i].type == CELL_NULL)
			putc('-', w->f);
		else
			escape_csv(w->f, cells[i].s, cells[i].len);
	}
	putc('\n', w->f);
}

static void
csv_close(struct writer *w)
{
	(void)w;
}

const struct writer_ops writer_csv_ops = {
	"csv", csv_open, csv_row, csv_close
};
