#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "intern.h"
#include "xmalloc.h"

#define INTERN_CACHE	4096	/* entries per thread, a power of two */

struct intern_seen {
	const char	*s;
	size_t		 len;
};

static struct hashmap			intern_map;
static pthread_mutex_t			intern_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local struct intern_seen	intern_cache[INTERN_CACHE];

/*
 * Files are read in parallel: one lock guards the one table, and each
 * thread remembers what it interned lately so that repeated values (an
 * agent, a department) do not take the lock.
 */
const char *
intern(const char *s, size_t len)
{
	struct intern_seen	*seen;
	uint64_t		 h = hashmap_hash(s, len);
	const char		*v;

	seen = &intern_cache[h & (INTERN_CACHE - 1)];
	if (seen->s != NULL && seen->len == len && memcmp(seen->s, s, len) == 0)
		return seen->s;
	pthread_mutex_lock(&intern_lock);
	if (intern_map.slots == NULL)
		hashmap_init(&intern_map);
	v = hashmap_key(&intern_map, s, len, h);
	pthread_mutex_unlock(&intern_lock);
	seen->s = v;
	seen->len = len;
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
	memset(intern_cache, 0, sizeof intern_cache);
}
