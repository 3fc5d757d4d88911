#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "refstr.h"
#include "xmalloc.h"

#define REFSTR_CLASSES	8	/* entries of up to 8 * 16 bytes are kept */

struct refstr {
	union {
		struct refstr_table	*table;
		struct refstr		*next;	/* a spare entry's */
	} link;
	uint64_t		 hash;
	uint64_t		 died;	/* its table's handed, at count zero */
	uint32_t		 refs;
	uint32_t		 dead;	/* listed in its table's dead */
	size_t			 len;
	char			 s[];
};

struct refstr_table {
	struct hashmap		 map;
	int			 deferred;	/* a reading thread's */
	uint64_t		 handed;	/* chunks handed to the merge */
	struct refstr		**dead;		/* at zero, kept for the merge */
	size_t			 ndead;
	size_t			 capdead;
	struct refstr_table	*next;		/* every reading thread's */
	/*
	 * Freed entries by size, to be taken again: names come and go by
	 * the thousand, and each table is one thread's.
	 */
	struct refstr		*spare[REFSTR_CLASSES];
};

static struct refstr_table		 refstr_main;
static _Thread_local struct refstr_table *refstr_here;	/* NULL: main */
static struct refstr_table		*refstr_threads;
static pthread_mutex_t			 refstr_lock = PTHREAD_MUTEX_INITIALIZER;

static struct refstr *
refstr_of(const char *s)
{
	return (struct refstr *)(void *)(s - offsetof(struct refstr, s));
}

static struct refstr_table *
refstr_table(void)
{
	return refstr_here != NULL ? refstr_here : &refstr_main;
}

/* The size class of an entry for len bytes; REFSTR_CLASSES if none. */
static size_t
refstr_class(size_t len)
{
	size_t	k = (sizeof(struct refstr) + len + 1 + 15) / 16 - 1;

	return k < REFSTR_CLASSES ? k : REFSTR_CLASSES;
}

/* The map's key is the string inside a new entry, with no reference. */
static char *
refstr_new(void *arg, const void *s, size_t len)
{
	struct refstr_table	*t = arg;
	struct refstr		*e;
	size_t			 k = refstr_class(len);

	if (k < REFSTR_CLASSES && (e = t->spare[k]) != NULL)
		t->spare[k] = e->link.next;
	else if (k < REFSTR_CLASSES)
		e = xmalloc((k + 1) * 16);
	else
		e = xmalloc(sizeof *e + len + 1);
	e->link.table = t;
	e->refs = 0;
	e->dead = 0;
	e->len = len;
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	return e->s;
}

static const char *
refstr_lookup(const char *s, size_t len, uint64_t h)
{
	struct refstr_table	*t = refstr_table();
	struct refstr		*e;

	if (t->map.slots == NULL) {
		hashmap_init(&t->map);
		t->map.copy = refstr_new;
		t->map.copyarg = t;
	}
	e = refstr_of(hashmap_key(&t->map, s, len, h));
	/*
	 * A new entry (a string at zero otherwise waits in dead): its hash
	 * is written once, as the merge may be reading it in another.
	 */
	if (e->refs == 0 && !e->dead)
		e->hash = h;
	e->refs++;
	return e->s;
}

const char *
refstr_get(const char *s, size_t len)
{
	return refstr_lookup(s, len, hashmap_hash(s, len));
}

const char *
refstr_get_str(const char *s)
{
	return s != NULL ? refstr_get(s, strlen(s)) : NULL;
}

/*
 * A reference, in this thread's table, to the value of another's string
 * (which its thread keeps until refstr_collect says it may go).
 */
const char *
refstr_adopt(const char *s)
{
	const struct refstr	*e;

	if (s == NULL)
		return NULL;
	e = refstr_of(s);
	if (e->link.table == refstr_table())
		return refstr_ref(s);
	return refstr_lookup(e->s, e->len, e->hash);
}

/* Another reference to a string the caller holds one of. */
const char *
refstr_ref(const char *s)
{
	if (s != NULL) {
		assert(refstr_of(s)->link.table == refstr_table());
		refstr_of(s)->refs++;
	}
	return s;
}

static void
refstr_drop(struct refstr_table *t, struct refstr *e)
{
	size_t	k = refstr_class(e->len);

	hashmap_remove_hashed(&t->map, e->s, e->len, e->hash);
	if (k == REFSTR_CLASSES) {
		free(e);
		return;
	}
	e->link.next = t->spare[k];
	t->spare[k] = e;
}

void
refstr_unref(const char *s)
{
	struct refstr_table	*t;
	struct refstr		*e;

	if (s == NULL)
		return;
	e = refstr_of(s);
	t = e->link.table;
	assert(t == refstr_table());
	if (--e->refs > 0)
		return;
	if (!t->deferred) {
		refstr_drop(t, e);
		return;
	}
	/* Chunks handed already may name it: it waits for the merge. */
	e->died = t->handed;
	if (!e->dead) {
		if (t->ndead == t->capdead) {
			t->capdead = t->capdead * 2 + 256;
			t->dead = xreallocarray(t->dead, t->capdead,
			    sizeof *t->dead);
		}
		t->dead[t->ndead++] = e;
		e->dead = 1;
	}
}

/* A new table for the calling thread, which reads a file. */
struct refstr_table *
refstr_thread_begin(void)
{
	struct refstr_table	*t;

	t = xcalloc(1, sizeof *t);
	t->deferred = 1;
	pthread_mutex_lock(&refstr_lock);
	t->next = refstr_threads;
	refstr_threads = t;
	pthread_mutex_unlock(&refstr_lock);
	refstr_here = t;
	return t;
}

/*
 * The thread hands a chunk of events to the merge, then gives back their
 * references: one that falls to zero now may still be named by it.
 */
void
refstr_handed(struct refstr_table *t)
{
	t->handed++;
}

/* The merge has adopted the first `adopted` chunks: free what they held. */
void
refstr_collect(struct refstr_table *t, uint64_t adopted)
{
	struct refstr	*e;
	size_t		 i, kept = 0;

	for (i = 0; i < t->ndead; i++) {
		e = t->dead[i];
		if (e->refs > 0)
			e->dead = 0;		/* taken again */
		else if (e->died <= adopted)
			refstr_drop(t, e);
		else
			t->dead[kept++] = e;
	}
	t->ndead = kept;
}

/* The number of strings alive in this thread's table. */
size_t
refstr_live(void)
{
	return refstr_table()->map.count;
}

static void
refstr_table_free(struct refstr_table *t)
{
	struct hashmap_slot	*slot;
	struct refstr		*e;
	size_t			 i;

	if (t->map.slots != NULL) {
		for (i = 0; hashmap_next(&t->map, &i, &slot);)
			free(refstr_of(slot->key));
		hashmap_free(&t->map, NULL);
	}
	for (i = 0; i < REFSTR_CLASSES; i++) {
		while ((e = t->spare[i]) != NULL) {
			t->spare[i] = e->link.next;
			free(e);
		}
	}
	free(t->dead);
}

/*
 * A reading thread is over and the merge has adopted all it handed: its
 * table goes, with what it still keeps.
 */
void
refstr_thread_end(struct refstr_table *t)
{
	struct refstr_table	**at;

	pthread_mutex_lock(&refstr_lock);
	for (at = &refstr_threads; *at != t; at = &(*at)->next)
		;
	*at = t->next;
	pthread_mutex_unlock(&refstr_lock);
	refstr_table_free(t);
	free(t);
}

/* Free every string of every table, referenced or not: the end of the run. */
void
refstr_free(void)
{
	struct refstr_table	*t;

	refstr_table_free(&refstr_main);
	memset(&refstr_main, 0, sizeof refstr_main);
	pthread_mutex_lock(&refstr_lock);
	while ((t = refstr_threads) != NULL) {
		refstr_threads = t->next;
		refstr_table_free(t);
		free(t);
	}
	pthread_mutex_unlock(&refstr_lock);
}
