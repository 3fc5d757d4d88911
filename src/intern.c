#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "intern.h"
#include "xmalloc.h"

static struct hashmap	intern_map;

const char *
intern(const char *s, size_t len)
{
	if (intern_map.slots == NULL)
		hashmap_init(&intern_map);
	return hashmap_key(&intern_map, s, len);
}

const char *
intern_str(const char *s)
{
	return intern(s, strlen(s));
}

void
intern_free(void)
{
	if (intern_map.slots != NULL)
		hashmap_free(&intern_map, NULL);
}
