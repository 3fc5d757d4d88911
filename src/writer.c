#include "config.h"

#include <string.h>

#include "writer.h"

static const struct writer_ops *writers[] = {
	&writer_tsv_ops,
	&writer_csv_ops,
	&writer_json_ops,
	&writer_text_ops,
};

/* TSV and CSV: the header and the rows, by separator and escape. */
void
writer_delimited_header(struct writer *w, char sep, writer_escape escape)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc(sep, w->f);
		escape(w->f, w->columns[i].name, strlen(w->columns[i].name));
	}
	putc('\n', w->f);
}

void
writer_delimited_row(struct writer *w, const struct cell *cells, char sep,
    writer_escape escape)
{
	size_t	i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0)
			putc(sep, w->f);
		if (cells[i].type == CELL_NULL)
			putc('-', w->f);
		else
			escape(w->f, cells[i].s, cells[i].len);
	}
	putc('\n', w->f);
}

const struct writer_ops *
writer_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}
