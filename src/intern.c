#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "intern.h"
#include "xmalloc.h"

static struct hashmap	intern_map;
static pthread_mutex_t	intern_lock = PTHREAD_MUTEX_INITIALIZER;

/* Files are read in parallel: one lock guards the one table. */
const char *
intern(const char *s, size_t len)
{
	const char	*v;

	pthread_mutex_lock(&intern_lock);
	if (intern_map.slots == NULL)
		hashmap_init(&intern_map);
	v = hashmap_key(&intern_map, s, len);
	pthread_mutex_unlock(&intern_lock);
	return v;
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
