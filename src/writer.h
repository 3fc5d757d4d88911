/*
 * Report writers: a table of columns and rows of cells, written as tsv,
 * csv, json lines or aligned text.  Writers know nothing of what the
 * table means; each is one file and one entry in writer.c.
 */
#ifndef RESPSTAT_WRITER_H
#define RESPSTAT_WRITER_H

#include <stddef.h>
#include <stdio.h>

enum cell_type {
	CELL_STRING,
	CELL_NUMBER,
	CELL_NULL	/* printed as - (null in JSON) */
};

struct cell {
	enum cell_type	 type;
	const char	*s;
	size_t		 len;
};

struct column {
	const char	*name;
	int		 numeric;	/* right-aligned in text */
};

struct writer {
	FILE			*f;
	const struct column	*columns;
	size_t			 ncolumns;
	void			*priv;
};

struct writer_ops {
	const char	*name;
	void		 (*open)(struct writer *);
	void		 (*row)(struct writer *, const struct cell *);
	void		 (*close)(struct writer *);
};

typedef void	(*writer_escape)(FILE *, const char *, size_t);

const struct writer_ops	*writer_find(const char *);
void			 writer_delimited_header(struct writer *, char,
			     writer_escape);
void			 writer_delimited_row(struct writer *,
			     const struct cell *, char, writer_escape);

extern const struct writer_ops	writer_tsv_ops;
extern const struct writer_ops	writer_csv_ops;
extern const struct writer_ops	writer_json_ops;
extern const struct writer_ops	writer_text_ops;

#endif
