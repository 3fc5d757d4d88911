#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "refstr.h"
#include "xmalloc.h"

struct refstr {
	atomic_uint	 refs;
	size_t		 len;
	char		 s[];
};

static struct hashmap	refstr_map;
static pthread_mutex_t	refstr_lock = PTHREAD_MUTEX_INITIALIZER;

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

	(void)arg;
	e = xmalloc(sizeof *e + len + 1);
	atomic_init(&e->refs, 0);
	e->len = len;
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	return e->s;
}

const char *
refstr_get(const char *s, size_t len)
{
	const char	*v;

	pthread_mutex_lock(&refstr_lock);
	if (refstr_map.slots == NULL) {
		hashmap_init(&refstr_map);
		refstr_map.copy = refstr_new;
	}
	v = hashmap_key(&refstr_map, s, len, hashmap_hash(s, len));
	atomic_fetch_add_explicit(&refstr_of(v)->refs, 1,
	    memory_order_relaxed);
	pthread_mutex_unlock(&refstr_lock);
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

/*
 * The last reference is given back under the lock that refstr_get
 * takes, so that no one can find an entry that is being freed; others
 * are given back without it.
 */
void
refstr_unref(const char *s)
{
	struct refstr	*e;
	unsigned	 n;

	if (s == NULL)
		return;
	e = refstr_of(s);
	n = atomic_load_explicit(&e->refs, memory_order_relaxed);
	while (n > 1) {
		if (atomic_compare_exchange_weak_explicit(&e->refs, &n, n - 1,
		    memory_order_release, memory_order_relaxed))
			return;
	}
	pthread_mutex_lock(&refstr_lock);
	if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) ==
	    1) {
		hashmap_remove(&refstr_map, e->s, e->len);
		free(e);
	}
	pthread_mutex_unlock(&refstr_lock);
}

/* The number of strings alive. */
size_t
refstr_live(void)
{
	size_t	n;

	pthread_mutex_lock(&refstr_lock);
	n = refstr_map.count;
	pthread_mutex_unlock(&refstr_lock);
	return n;
}

/* Free every string, referenced or not: the end of the run. */
void
refstr_free(void)
{
	struct hashmap_slot	*slot;
	size_t			 i;

	if (refstr_map.slots == NULL)
		return;
	for (i = 0; hashmap_next(&refstr_map, &i, &slot);)
		free(refstr_of(slot->key));
	hashmap_free(&refstr_map, NULL);
}
