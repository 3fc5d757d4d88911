#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "refstr.h"
#include "xmalloc.h"

#define REFSTR_UNUSED	256		/* strings a thread frees at once */
#define REFSTR_LISTED	0x80000000u	/* in a thread's list to free */

struct refstr {
	atomic_uint	 refs;		/* the count, and REFSTR_LISTED */
	size_t		 len;
	char		 s[];
};

static struct hashmap	refstr_map;
static pthread_mutex_t	refstr_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Strings whose count fell to zero, freed a batch at a time so that the
 * thread that reads a file and the one that pairs do not take the lock
 * for each.  A string is in one list at most (REFSTR_LISTED), put there
 * by whoever made its count zero.  It may be taken again meanwhile: it
 * is freed only if its count is still zero under the lock, which
 * refstr_get also takes.
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

/* Free this thread's listed strings that nobody took again. */
void
refstr_flush(void)
{
	struct refstr	*e;
	unsigned	 n;
	size_t		 i;

	if (refstr_nunused == 0)
		return;
	pthread_mutex_lock(&refstr_lock);
	for (i = 0; i < refstr_nunused; i++) {
		e = refstr_unused[i];
		n = atomic_load_explicit(&e->refs, memory_order_acquire);
		while (n != REFSTR_LISTED &&
		    !atomic_compare_exchange_weak_explicit(&e->refs, &n,
		    n & ~REFSTR_LISTED, memory_order_acq_rel,
		    memory_order_acquire))
			;
		if (n == REFSTR_LISTED) {
			hashmap_remove(&refstr_map, e->s, e->len);
			free(e);
		}
	}
	pthread_mutex_unlock(&refstr_lock);
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

	refstr_nunused = 0;
	if (refstr_map.slots == NULL)
		return;
	for (i = 0; hashmap_next(&refstr_map, &i, &slot);)
		free(refstr_of(slot->key));
	hashmap_free(&refstr_map, NULL);
}
