/*
 * INI files: [section], key = value, ; and # comments (at the start of a
 * line or after white space), double-quoted values, repeated keys kept in
 * order.  Every entry remembers its line for messages, and whether a
 * consumer read it, so that unknown keys can be reported.
 */
#ifndef RESPSTAT_INI_H
#define RESPSTAT_INI_H

#include <stddef.h>

struct ini_entry {
	char	*key;
	char	*value;
	int	 line;
	int	 used;
};

struct ini_section {
	char			*name;
	int			 line;
	struct ini_entry	*entries;
	size_t			 n;
};

struct ini {
	char			*path;
	unsigned char		 sha256[32];	/* of the file's bytes */
	struct ini_section	*sections;
	size_t			 n;
};

struct ini		*ini_load(const char *, char **);
struct ini		*ini_parse(const char *, const char *, size_t, char **);
void			 ini_free(struct ini *);
struct ini_section	*ini_section(struct ini *, const char *);
struct ini_entry	*ini_entry(struct ini_section *, const char *);
struct ini_entry	*ini_next(struct ini_section *, const char *,
			     struct ini_entry *);
char			*ini_unused(const struct ini *);

#endif
