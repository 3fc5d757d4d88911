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
	void	**value;
	int	  added;

	if (intern_map.slots == NULL)
		hashmap_init(&intern_map);
	value = hashmap_slot(&intern_map, s, len, &added);
	if (added)
		*value = xstrndup(s, len);
	return *value;
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
		hashmap_free(&intern_map, free);
}
