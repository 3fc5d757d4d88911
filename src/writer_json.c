#include "config.h"

#include <string.h>

#include "escape.h"
#include "writer.h"

static void
json_open(struct writer *w)
{
	(void)w;
}

/* One object per line, keys in column order. */
static void
json_row(struct writer *w, const struct cell *cells)
{
	size_t	i;

	putc('{', w->f);
	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc(',', w->f);
		escape_json(w->f, w->columns[i].name,
		    strlen(w->columns[i].name));
		putc(':', w->f);
		if (cells[i].type == CELL_NULL)
			fputs("null", w->f);
		else if (cells[i].type == CELL_NUMBER)
			fwrite(cells[i].s, 1, cells[i].len, w->f);
		else
			escape_json(w->f, cells[i].s, cells[i].len);
	}
	fputs("}\n", w->f);
}

static void
json_close(struct writer *w)
{
	(void)w;
}

const struct writer_ops writer_json_ops = {
	"json", json_open, json_row, json_close
};
