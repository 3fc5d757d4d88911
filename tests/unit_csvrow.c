/*
 * Records split in place (plain or simply quoted) against libcsv on the
 * same bytes: the same fields, trimmed the same way.
 */
#include "config.h"

#include <csv.h>
#include <string.h>

#include "csvrow.h"
#include "unit.h"

struct unit_fields {
	char	v[16][64];
	size_t	n;
};

static void
unit_csv_field(void *s, size_t len, void *arg)
{
	struct unit_fields	*u = arg;
	const char		*p = s != NULL ? s : "";

	csvrow_trim(&p, &len);
	if (u->n < 16 && len < 64) {
		memcpy(u->v[u->n], p, len);
		u->v[u->n][len] = '\0';
	}
	u->n++;
}

static void
unit_csv_row(int c, void *arg)
{
	(void)c;
	(void)arg;
}

/* 1 if csvrow_split and libcsv give the same fields for s. */
static int
unit_same_split(const char *s, char delimiter)
{
	struct csv_parser	p;
	struct unit_fields	want;
	struct csvrow		row;
	const char		*v;
	size_t			i, len;
	int			same;

	memset(&want, 0, sizeof want);
	csv_init(&p, 0);
	csv_set_delim(&p, (unsigned char)delimiter);
	csv_parse(&p, s, strlen(s), unit_csv_field, unit_csv_row, &want);
	csv_fini(&p, unit_csv_field, unit_csv_row, &want);
	csv_free(&p);
	csvrow_init(&row, delimiter, NULL, NULL);
	csvrow_split(&row, s, strlen(s));
	same = row.nfields == want.n;
	for (i = 0; same && i < want.n; i++) {
		v = csvrow_field(&row, i, &len);
		same = len == strlen(want.v[i]) && memcmp(v, want.v[i], len) == 0;
	}
	csvrow_free(&row);
	return same;
}

void
unit_csvrow(void)
{
	static const char	*rows[] = {
		"a,b,c",
		"\"a\",\"b\",\"c\"",
		"\"a,1\",b,\"c\"",
		"\"say \"\"hi\"\"\",x",
		"\"\",\"\"\"\",\"\"\"\"\"\"",
		"  \"a\"  , b ,\"c\"\t",
		"a,\"b\",",
		"\"a\",",
		"\"line\none\",two",
		/* Not simple: libcsv reads these, the result is the same. */
		"ab\"c,d",
		"\"a\"b,c",
		"\"open,c",
		"x, \"y\" z ,w",
	};
	size_t			 i;
	int			 ok = 1;

	for (i = 0; i < sizeof rows / sizeof *rows; i++)
		ok &= unit_same_split(rows[i], ',');
	CHECK(ok);
	/* Tab-separated: blanks before a quote are the delimiter. */
	CHECK(unit_same_split("\"a\"\t\"b\"\t c", '\t'));
	CHECK(unit_same_split("\t\"a\"\t", '\t'));
	CHECK(unit_same_split("a;\"b;c\";\"d\"\"e\"", ';'));
}
