/*
 * An open-addressing hash map from byte strings to pointers.  Keys are
 * copied; values belong to the caller.  Iteration order is unspecified:
 * callers that print sort first.
 */
#ifndef RESPSTAT_HASHMAP_H
#define RESPSTAT_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_slot {
	uint64_t	 hash;
	char		*key;		/* NULL: empty slot */
	size_t		 keylen;
	void		*value;
};

struct hashmap {
	struct hashmap_slot	*slots;
	size_t			 size;		/* a power of two */
	size_t			 count;
	/* Where keys are copied; NULL: malloc (and free). */
	char			*(*copy)(void *, const void *, size_t);
	void			*copyarg;
};

uint64_t	 hashmap_hash(const void *, size_t);
void		 hashmap_hash2(const void *, size_t, uint64_t, uint64_t[2]);
void		 hashmap_init(struct hashmap *);
void		 hashmap_free(struct hashmap *, void (*)(void *));
void		*hashmap_get(const struct hashmap *, const void *, size_t);
void		**hashmap_slot(struct hashmap *, const void *, size_t, int *);
int		 hashmap_remove(struct hashmap *, const void *, size_t);
int		 hashmap_remove_hashed(struct hashmap *, const void *, size_t,
		     uint64_t);
const char	*hashmap_key(struct hashmap *, const void *, size_t, uint64_t);

/* Iterate: for (i = 0; hashmap_next(map, &i, &slot);) */
int		 hashmap_next(const struct hashmap *, size_t *,
		     struct hashmap_slot **);

#endif
