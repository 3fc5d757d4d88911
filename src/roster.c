#include "config.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "intern.h"
#include "roster.h"
#include "xmalloc.h"

struct roster {
	struct agent	*agents;
	size_t		 n;
	struct hashmap	 aliases;	/* "source\0alias" or "\0alias" */
	struct hashmap	 bykey;		/* agent value -> agent */
};

struct roster_parse {
	char		**cells;
	size_t		  ncells;
	char		***rows;
	size_t		 *rowcells;
	size_t		 *rowlines;
	size_t		  nrows;
	size_t		  line;		/* line the current row started on */
	size_t		  lines;	/* newlines seen so far */
};

/*
 * The form an alias is compared in: an Asterisk channel loses its
 * technology prefix, dial string and unique suffix (SIP/201-0000001a,
 * PJSIP/201, Local/201@from-queue-00000012;1 and Agent/201 are all 201);
 * an e-mail address is lowercased.
 */
char *
roster_normalize(const char *s)
{
	const char	*slash = strchr(s, '/'), *p;
	char		*out, *cut;
	size_t		 i, n;

	for (p = s; slash != NULL && p < slash; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			break;
	if (slash != NULL && p == slash && slash > s && slash[1] != '\0') {
		out = xstrdup(slash + 1);
		if ((cut = strpbrk(out, "@;/")) != NULL)
			*cut = '\0';
		/* The unique suffix: a dash and hex digits at the end. */
		if ((cut = strrchr(out, '-')) != NULL && cut > out) {
			n = strlen(cut + 1);
			for (i = 0; i < n && isxdigit((unsigned char)cut[1 + i]);
			    i++)
				;
			if (n >= 4 && i == n)
				*cut = '\0';
		}
		return out;
	}
	out = xstrdup(s);
	if (strchr(out, '@') != NULL)
		for (i = 0; out[i] != '\0'; i++)
			out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}

static void
roster_cb_field(void *s, size_t len, void *arg)
{
	struct roster_parse	*rp = arg;

	rp->cells = xreallocarray(rp->cells, rp->ncells + 1,
	    sizeof *rp->cells);
	rp->cells[rp->ncells++] = xstrndup(s != NULL ? s : "", len);
}

static void
roster_cb_row(int c, void *arg)
{
	struct roster_parse	*rp = arg;
	size_t			 n = rp->nrows;

	(void)c;
	rp->rows = xreallocarray(rp->rows, n + 1, sizeof *rp->rows);
	rp->rowcells = xreallocarray(rp->rowcells, n + 1,
	    sizeof *rp->rowcells);
	rp->rowlines = xreallocarray(rp->rowlines, n + 1,
	    sizeof *rp->rowlines);
	rp->rows[n] = rp->cells;
	rp->rowcells[n] = rp->ncells;
	rp->rowlines[n] = rp->line;
	rp->nrows++;
	rp->cells = NULL;
	rp->ncells = 0;
}

static int
roster_read(const char *path, struct roster_parse *rp, char **cause)
{
	struct csv_parser	 p;
	FILE			*f;
	char			 buf[8192], *nl, *start;
	size_t			 n;
	int			 first = 1;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	csv_init(&p, CSV_APPEND_NULL);
	rp->line = 1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		start = buf;
		if (first && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			start += 3;
			n -= 3;
		}
		first = 0;
		/* Feed line by line to know where each row starts. */
		while (n > 0) {
			size_t	chunk;

			nl = memchr(start, '\n', n);
			chunk = nl != NULL ? (size_t)(nl - start) + 1 : n;
			if (rp->ncells == 0 && p.pstate == 0)
				rp->line = rp->lines + 1;
			csv_parse(&p, start, chunk, roster_cb_field,
			    roster_cb_row, rp);
			if (nl != NULL)
				rp->lines++;
			start += chunk;
			n -= chunk;
		}
	}
	csv_fini(&p, roster_cb_field, roster_cb_row, rp);
	csv_free(&p);
	fclose(f);
	return 0;
}

static int
roster_column(char **header, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(header[i], name) == 0)
			return (int)i;
	return -1;
}

static int
roster_alias(struct roster *r, const char *path, const char *source,
    const char *alias, size_t agent, size_t line, char **cause)
{
	char	*norm, *key;
	size_t	 slen = source != NULL ? strlen(source) : 0, klen;
	void	**slot;
	int	 added;

	norm = roster_normalize(alias);
	klen = slen + 1 + strlen(norm);
	key = xmalloc(klen + 1);
	if (source != NULL)
		memcpy(key, source, slen);
	key[slen] = '\0';
	strcpy(key + slen + 1, norm);
	slot = hashmap_slot(&r->aliases, key, klen, &added);
	if (!added && (size_t)(uintptr_t)*slot - 1 != agent) {
		*cause = xasprintf("%s:%zu: alias \"%s\" also belongs to %s",
		    path, line, alias,
		    r->agents[(uintptr_t)*slot - 1].key);
		free(norm);
		free(key);
		return -1;
	}
	*slot = (void *)(uintptr_t)(agent + 1);
	free(norm);
	free(key);
	return 0;
}

static int
roster_row(struct roster *r, const char *path, struct roster_parse *rp,
    size_t row, const char **sources, size_t nsources, char **cause)
{
	char		**header = rp->rows[0], **cells = rp->rows[row];
	size_t		  nh = rp->rowcells[0], nc = rp->rowcells[row], i, j;
	int		  ca = roster_column(header, nh, "agent");
	int		  cd = roster_column(header, nh, "department");
	int		  cp = roster_column(header, nh, "public_name");
	struct agent	 *a;
	const char	 *source;

	if ((size_t)ca >= nc || *cells[ca] == '\0' || (size_t)cd >= nc) {
		*cause = xasprintf("%s:%zu: row without agent or department",
		    path, rp->rowlines[row]);
		return -1;
	}
	a = &r->agents[r->n];
	a->key = intern_str(cells[ca]);
	a->department = *cells[cd] != '\0' ? intern_str(cells[cd]) : NULL;
	a->name = cp >= 0 && (size_t)cp < nc && *cells[cp] != '\0' ?
	    intern_str(cells[cp]) : a->key;
	*hashmap_slot(&r->bykey, a->key, strlen(a->key), NULL) = a;
	for (i = 0; i < nc && i < nh; i++) {
		if ((int)i == cd || (int)i == cp || *cells[i] == '\0')
			continue;
		source = NULL;
		for (j = 0; j < nsources; j++)
			if (strcmp(header[i], sources[j]) == 0)
				source = sources[j];
		if (roster_alias(r, path, source, cells[i], r->n,
		    rp->rowlines[row], cause) == -1)
			return -1;
	}
	r->n++;
	return 0;
}

static void
roster_parse_free(struct roster_parse *rp)
{
	size_t	i, j;

	for (i = 0; i < rp->nrows; i++) {
		for (j = 0; j < rp->rowcells[i]; j++)
			free(rp->rows[i][j]);
		free(rp->rows[i]);
	}
	for (j = 0; j < rp->ncells; j++)
		free(rp->cells[j]);
	free(rp->cells);
	free(rp->rows);
	free(rp->rowcells);
	free(rp->rowlines);
}

struct roster *
roster_load(const char *path, const char **sources, size_t nsources,
    char **cause)
{
	struct roster		*r;
	struct roster_parse	 rp;
	size_t			 i;
	int			 ok = 0;

	memset(&rp, 0, sizeof rp);
	if (roster_read(path, &rp, cause) == -1)
		return NULL;
	r = xcalloc(1, sizeof *r);
	hashmap_init(&r->aliases);
	hashmap_init(&r->bykey);
	if (rp.nrows == 0 || roster_column(rp.rows[0], rp.rowcells[0],
	    "agent") == -1 || roster_column(rp.rows[0], rp.rowcells[0],
	    "department") == -1)
		*cause = xasprintf("%s:1: the header needs columns agent and "
		    "department", path);
	else {
		r->agents = xcalloc(rp.nrows, sizeof *r->agents);
		ok = 1;
		for (i = 1; i < rp.nrows && ok; i++) {
			if (rp.rowcells[i] == 1 && *rp.rows[i][0] == '\0')
				continue;	/* a blank line */
			ok = roster_row(r, path, &rp, i, sources, nsources,
			    cause) == 0;
		}
	}
	roster_parse_free(&rp);
	if (!ok) {
		roster_free(r);
		return NULL;
	}
	return r;
}

void
roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	hashmap_free(&r->aliases, NULL);
	hashmap_free(&r->bykey, NULL);
	free(r->agents);
	free(r);
}

/* The agent a source's identity names, or NULL. */
const struct agent *
roster_find(const struct roster *r, const char *source, const char *identity)
{
	char		*norm, *key;
	size_t		 slen = strlen(source), nlen, klen;
	void		*v;

	if (r == NULL)
		return NULL;
	norm = roster_normalize(identity);
	nlen = strlen(norm);
	klen = slen + 1 + nlen;
	key = xmalloc(klen + 1);
	memcpy(key, source, slen);
	key[slen] = '\0';
	memcpy(key + slen + 1, norm, nlen + 1);
	if ((v = hashmap_get(&r->aliases, key, klen)) == NULL)
		v = hashmap_get(&r->aliases, key + slen, nlen + 1);
	free(norm);
	free(key);
	return v == NULL ? NULL : &r->agents[(uintptr_t)v - 1];
}

const struct agent *
roster_agent(const struct roster *r, const char *key)
{
	if (r == NULL)
		return NULL;
	return hashmap_get(&r->bykey, key, strlen(key));
}

size_t
roster_size(const struct roster *r)
{
	return r == NULL ? 0 : r->n;
}
