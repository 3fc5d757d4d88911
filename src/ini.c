#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "file.h"
#include "ini.h"
#include "xmalloc.h"

static char *
ini_trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Cut a comment: ; or # at the start or after white space. */
static void
ini_uncomment(char *s)
{
	char	*p;

	for (p = s; *p != '\0'; p++) {
		if ((*p == ';' || *p == '#') &&
		    (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

/* A double-quoted value, with \" and \\; nothing but a comment after. */
static int
ini_unquote(char *s, char **out)
{
	char	*r = s + 1, *w = s;

	for (; *r != '"'; r++) {
		if (*r == '\0')
			return -1;
		if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r;
	}
	*w = '\0';
	r++;
	ini_uncomment(r);
	if (*ini_trim(r) != '\0')
		return -1;
	*out = s;
	return 0;
}

static struct ini_section *
ini_add_section(struct ini *ini, const char *name, int line)
{
	struct ini_section	*sec;

	ini->sections = xreallocarray(ini->sections, ini->n + 1,
	    sizeof *ini->sections);
	sec = &ini->sections[ini->n++];
	sec->name = xstrdup(name);
	sec->line = line;
	sec->entries = NULL;
	sec->n = 0;
	return sec;
}

static void
ini_add_entry(struct ini_section *sec, const char *key, const char *value,
    int line)
{
	struct ini_entry	*e;

	sec->entries = xreallocarray(sec->entries, sec->n + 1,
	    sizeof *sec->entries);
	e = &sec->entries[sec->n++];
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
	e->used = 0;
}

/* Collapse runs of white space in a section name: [channel   phone]. */
static void
ini_squeeze(char *s)
{
	char	*w = s, *r;

	for (r = s; *r != '\0'; r++) {
		if (isspace((unsigned char)*r)) {
			if (w > s && w[-1] != ' ')
				*w++ = ' ';
		} else
			*w++ = *r;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

static char *
ini_line(struct ini *ini, struct ini_section **sec, char *s, int line)
{
	char	*eq, *key, *value, *end;

	s = ini_trim(s);
	if (*s == '\0' || *s == ';' || *s == '#')
		return NULL;
	if (*s == '[') {
		ini_uncomment(s);
		s = ini_trim(s);
		end = s + strlen(s) - 1;
		if (*end != ']' || end == s + 1)
			return xasprintf("malformed section header");
		*end = '\0';
		ini_squeeze(s + 1);
		if (ini_section(ini, s + 1) != NULL)
			return xasprintf("section [%s] given twice", s + 1);
		*sec = ini_add_section(ini, s + 1, line);
		return NULL;
	}
	if ((eq = strchr(s, '=')) == NULL)
		return xasprintf("expected key = value");
	*eq = '\0';
	key = ini_trim(s);
	value = ini_trim(eq + 1);
	if (*key == '\0')
		return xasprintf("missing key before =");
	if (*sec == NULL)
		return xasprintf("key \"%s\" outside any section", key);
	if (*value == '"') {
		if (ini_unquote(value, &value) == -1)
			return xasprintf("unterminated quoted value");
	} else {
		ini_uncomment(value);
		value = ini_trim(value);
	}
	ini_add_entry(*sec, key, value, line);
	return NULL;
}

struct ini *
ini_parse(const char *path, const char *text, size_t len, char **cause)
{
	struct ini		*ini;
	struct ini_section	*sec = NULL;
	const char		*p = text, *end = text + len, *nl;
	char			*copy, *err;
	int			 line = 0;
	struct sha256_ctx	 sha;

	ini = xcalloc(1, sizeof *ini);
	ini->path = xstrdup(path);
	sha256_init(&sha);
	sha256_update(&sha, len, (const uint8_t *)text);
	sha256_digest(&sha, SHA256_DIGEST_SIZE, ini->sha256);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		copy = xstrndup(p, nl - p);
		if (memchr(p, '\0', nl - p) != NULL)
			err = xasprintf("NUL byte in line");
		else
			err = ini_line(ini, &sec, copy, line);
		free(copy);
		if (err != NULL) {
			*cause = xasprintf("%s:%d: %s", path, line, err);
			free(err);
			ini_free(ini);
			return NULL;
		}
	}
	return ini;
}

struct ini *
ini_load(const char *path, char **cause)
{
	char		*text;
	size_t		 len;
	struct ini	*ini;

	if ((text = file_read(path, &len, cause)) == NULL)
		return NULL;
	ini = ini_parse(path, text, len, cause);
	free(text);
	return ini;
}

void
ini_free(struct ini *ini)
{
	size_t	i, j;

	if (ini == NULL)
		return;
	for (i = 0; i < ini->n; i++) {
		for (j = 0; j < ini->sections[i].n; j++) {
			free(ini->sections[i].entries[j].key);
			free(ini->sections[i].entries[j].value);
		}
		free(ini->sections[i].entries);
		free(ini->sections[i].name);
	}
	free(ini->sections);
	free(ini->path);
	free(ini);
}

struct ini_section *
ini_section(struct ini *ini, const char *name)
{
	size_t	i;

	for (i = 0; i < ini->n; i++) {
		if (strcmp(ini->sections[i].name, name) == 0)
			return &ini->sections[i];
	}
	return NULL;
}

/* The entry after prev (NULL: the first) with this key, marked used. */
struct ini_entry *
ini_next(struct ini_section *sec, const char *key, struct ini_entry *prev)
{
	size_t	i = prev == NULL ? 0 : (size_t)(prev - sec->entries) + 1;

	for (; i < sec->n; i++) {
		if (strcmp(sec->entries[i].key, key) == 0) {
			sec->entries[i].used = 1;
			return &sec->entries[i];
		}
	}
	return NULL;
}

struct ini_entry *
ini_entry(struct ini_section *sec, const char *key)
{
	return ini_next(sec, key, NULL);
}

/* "FILE:LINE: unknown key K in [S]" for the first entry nobody read. */
char *
ini_unused(const struct ini *ini)
{
	size_t	i, j;

	for (i = 0; i < ini->n; i++) {
		for (j = 0; j < ini->sections[i].n; j++) {
			if (!ini->sections[i].entries[j].used)
				return xasprintf("%s:%d: unknown key \"%s\" in "
				    "[%s]", ini->path,
				    ini->sections[i].entries[j].line,
				    ini->sections[i].entries[j].key,
				    ini->sections[i].name);
		}
	}
	return NULL;
}
