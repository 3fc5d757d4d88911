#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "refstr.h"
#include "xmalloc.h"

#define REFSTR_UNUSED	256		/* strings a thread frees at once */
#define REFSTR_LISTED	0x80000000u	/* in a thread's list to free */
#define REFSTR_SHARDS	16		/* threads reading files meet less */

struct refstr {
	atomic_uint	 refs;		/* the count, and REFSTR_LISTED */
	uint32_t	 shard;
	size_t		 len;
	char		 s[];
};

/* The table is split by hash, each part with its own lock. */
static struct refstr_shard {
	_Alignas(64) pthread_mutex_t	 lock;
	struct hashmap			 map;
} refstr_shards[REFSTR_SHARDS];
static pthread_once_t	refstr_once = PTHREAD_ONCE_INIT;

/*
 * Strings whose count fell to zero, freed a batch at a time so that the
 * thread that reads a file and the one that pairs do not take the lock
 * for each.  A string is in one list at most (REFSTR_LISTED), put there
 * by whoever made its count zero.  It may be taken again meanwhile: it
 * is freed only if its count is still zero under its shard's lock,
 * which refstr_get also takes.
 */
static _Thread_local struct refstr	*refstr_unused[REFSTR_UNUSED];
static _Thread_local size_t		 refstr_nunused;

static struct refstr *
refstr_of(const char *s)
{
	return (struct refstr *)(void *)(s - offsetof(struct refstr, s));
}

/* The map's key is the string inside a new entry, with no reference. */
static char *
refstr_new(void *arg, const void *s, size_t len)
{
	struct refstr	*e;

	e = xmalloc(sizeof *e + len + 1);
	atomic_init(&e->refs, 0);
	e->shard = (uint32_t)((struct refstr_shard *)arg - refstr_shards);
	e->len = len;
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	return e->s;
}

static void
refstr_init(void)
{
	size_t	i;

	for (i = 0; i < REFSTR_SHARDS; i++)
		pthread_mutex_init(&refstr_shards[i].lock, NULL);
}

const char *
refstr_get(const char *s, size_t len)
{
	uint64_t		 h = hashmap_hash(s, len);
	struct refstr_shard	*sh = &refstr_shards[h >> 60];
	const char		*v;

	pthread_once(&refstr_once, refstr_init);
	pthread_mutex_lock(&sh->lock);
	if (sh->map.slots == NULL) {
		hashmap_init(&sh->map);
		sh->map.copy = refstr_new;
		sh->map.copyarg = sh;
	}
	v = hashmap_key(&sh->map, s, len, h);
	atomic_fetch_add_explicit(&refstr_of(v)->refs, 1,
	    memory_order_relaxed);
	pthread_mutex_unlock(&sh->lock);
	return v;
}

const char *
refstr_get_str(const char *s)
{
	return s != NULL ? refstr_get(s, strlen(s)) : NULL;
}

/* Another reference to a string the caller holds one of. */
const char *
refstr_ref(const char *s)
{
	if (s != NULL)
		atomic_fetch_add_explicit(&refstr_of(s)->refs, 1,
		    memory_order_relaxed);
	return s;
}

/* Free this thread's listed strings that nobody took again. */
void
refstr_flush(void)
{
	struct refstr		*e;
	struct refstr_shard	*sh;
	unsigned		 n;
	size_t			 i;

	for (i = 0; i < refstr_nunused; i++) {
		e = refstr_unused[i];
		sh = &refstr_shards[e->shard];
		pthread_mutex_lock(&sh->lock);
		n = atomic_load_explicit(&e->refs, memory_order_acquire);
		while (n != REFSTR_LISTED &&
		    !atomic_compare_exchange_weak_explicit(&e->refs, &n,
		    n & ~REFSTR_LISTED, memory_order_acq_rel,
		    memory_order_acquire))
			;
		if (n == REFSTR_LISTED) {
			hashmap_remove(&sh->map, e->s, e->len);
			free(e);
		}
		pthread_mutex_unlock(&sh->lock);
	}
	refstr_nunused = 0;
}

void
refstr_unref(const char *s)
{
	struct refstr	*e;
	unsigned	 zero = 0;

	if (s == NULL)
		return;
	e = refstr_of(s);
	/* Listed already, or taken again: not this thread's to free. */
	if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) != 1 ||
	    !atomic_compare_exchange_strong_explicit(&e->refs, &zero,
	    REFSTR_LISTED, memory_order_acq_rel, memory_order_relaxed))
		return;
	if (refstr_nunused == REFSTR_UNUSED)
		refstr_flush();
	refstr_unused[refstr_nunused++] = e;
}

/* The number of strings alive (unused ones count until flushed). */
size_t
refstr_live(void)
{
	size_t	i, n = 0;

	pthread_once(&refstr_once, refstr_init);
	for (i = 0; i < REFSTR_SHARDS; i++) {
		pthread_mutex_lock(&refstr_shards[i].lock);
		n += refstr_shards[i].map.count;
		pthread_mutex_unlock(&refstr_shards[i].lock);
	}
	return n;
}

/* Free every string, referenced or not: the end of the run. */
void
refstr_free(void)
{
	struct hashmap_slot	*slot;
	struct hashmap		*map;
	size_t			 i, k;

	refstr_nunused = 0;
	pthread_once(&refstr_once, refstr_init);
	for (k = 0; k < REFSTR_SHARDS; k++) {
		map = &refstr_shards[k].map;
		if (map->slots == NULL)
			continue;
		for (i = 0; hashmap_next(map, &i, &slot);)
			free(refstr_of(slot->key));
		hashmap_free(map, NULL);
	}
}
