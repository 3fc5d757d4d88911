#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "xmalloc.h"

/* The whole of a file, NUL-terminated, its length in *len; NULL on error. */
char *
file_read(const char *path, size_t *len, char **cause)
{
	FILE	*f;
	char	*text = NULL;
	size_t	 cap = 0, n;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	*len = 0;
	do {
		if (cap - *len < 65536) {
			cap = cap * 2 + 65536;
			text = xreallocarray(text, cap + 1, 1);
		}
		*len += n = fread(text + *len, 1, cap - *len, f);
	} while (n > 0);
	if (ferror(f)) {
		*cause = xasprintf("%s: read error", path);
		free(text);
		text = NULL;
	} else
		text[*len] = '\0';
	fclose(f);
	return text;
}
