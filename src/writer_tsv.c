#include "config.h"

#include "escape.h"
#include "writer.h"

static void
tsv_open(struct writer *w)
{
	writer_delimited_header(w, '\t', escape_tsv);
}

static void
tsv_row(struct writer *w, const struct cell *cells)
{
	writer_delimited_row(w, cells, '\t', escape_tsv);
}

static void
tsv_close(struct writer *w)
{
	(void)w;
}

const struct writer_ops writer_tsv_ops = {
	"tsv", tsv_open, tsv_row, tsv_close
};
