/*
 * CSV records for the sources that read CSV (csv, asterisk-cdr, the
 * queue_log database export): lines assembled into records (a quoted
 * field may hold line ends), records split into fields.  Rows without a
 * quote are split in place, without libcsv's per-byte callbacks; quoted
 * rows go through libcsv.  A record is complete when no quoted field is
 * open at the end of a line, scanning quotes the way libcsv reads them.
 */
#ifndef RESPSTAT_CSVROW_H
#define RESPSTAT_CSVROW_H

#include <csv.h>
#include <stddef.h>
#include <stdint.h>

struct source_ctx;

#define CSVROW_MAX_LINES	256
#define CSVROW_MAX_BYTES	(1024 * 1024)

typedef void	(*csvrow_cb)(void *, struct source_ctx *, const char *, size_t,
		    uint64_t, uint64_t);

/* A field: in the record itself, or (quoted) in the row's buffer. */
struct csvrow_field {
	const char	*s;
	size_t		 off;
	size_t		 len;
};

struct csvrow {
	char			 delimiter;
	struct csv_parser	 parser;
	csvrow_cb		 record;
	void			*arg;

	/* The record being assembled over several lines. */
	char			*rec;
	size_t			 reclen;
	size_t			 reccap;
	size_t			*linestart;
	size_t			 nlines;
	uint64_t		 firstline;

	/* The fields of the last record split. */
	struct csvrow_field	*fields;
	size_t			 nfields;
	size_t			 capfields;
	char			*fbuf;
	size_t			 flen;
	size_t			 fcap;
};

void		 csvrow_init(struct csvrow *, char, csvrow_cb, void *);
void		 csvrow_free(struct csvrow *);
void		 csvrow_line(struct csvrow *, struct source_ctx *, const char *,
		     size_t, uint64_t);
void		 csvrow_close(struct csvrow *, struct source_ctx *);
void		 csvrow_split(struct csvrow *, const char *, size_t);
const char	*csvrow_field(const struct csvrow *, size_t, size_t *);
int		 csvrow_blank(const char *, size_t, char);
int		 csvrow_column(const struct csvrow *, const char *, int);

/* Blanks (spaces, tabs) around a field; inline, once per field. */
static inline void
csvrow_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

#endif
