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

#define INTERN_BLOCK	(256 * 1024)

/* Strings are packed into large blocks: no allocation per string. */
struct intern_block {
	struct intern_block	*prev;
	size_t			 used;
	char			 data[];	/* INTERN_BLOCK, or one string */
};

static struct hashmap			intern_map;
static struct intern_block		*intern_blocks;
static pthread_mutex_t			intern_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local struct intern_seen	intern_cache[INTERN_CACHE];

static char *
intern_copy(void *arg, const void *s, size_t len)
{
	struct intern_block	*b = intern_blocks, *big;
	char			*p;

	(void)arg;
	if (len + 1 > INTERN_BLOCK) {
		/* A long string gets a block of its own, marked full. */
		big = xmalloc(sizeof *big + len + 1);
		memcpy(big->data, s, len);
		big->data[len] = '\0';
		big->used = INTERN_BLOCK;
		big->prev = b != NULL ? b->prev : NULL;
		if (b != NULL)
			b->prev = big;
		else
			intern_blocks = big;
		return big->data;
	}
	if (b == NULL || b->used + len + 1 > INTERN_BLOCK) {
		b = xmalloc(sizeof *b + INTERN_BLOCK);
		b->prev = intern_blocks;
		b->used = 0;
		intern_blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

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
	if (intern_map.slots == NULL) {
		hashmap_init(&intern_map);
		intern_map.copy = intern_copy;
	}
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
	struct intern_block	*b;

	if (intern_map.slots != NULL)
		hashmap_free(&intern_map, NULL);
	while ((b = intern_blocks) != NULL) {
		intern_blocks = b->prev;
		free(b);
	}
	memset(intern_cache, 0, sizeof intern_cache);
}
