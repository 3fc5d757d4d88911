#include "config.h"

#include "escape.h"
#include "writer.h"

static void
csv_open(struct writer *w)
{
	writer_delimited_header(w, ',', escape_csv);
}

static void
csv_row(struct writer *w, const struct cell *cells)
{
	writer_delimited_row(w, cells, ',', escape_csv);
}

static void
csv_close(struct writer *w)
{
	(void)w;
}

const struct writer_ops writer_csv_ops = {
	"csv", csv_open, csv_row, csv_close
};
