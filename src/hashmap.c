#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "xmalloc.h"

static uint64_t
hashmap_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * The last len % 8 bytes of a key (the loop takes the rest) in a word,
 * without a memcpy of variable length: a key of 8 bytes or more gives
 * its last 8 (some hashed already), a shorter one overlapping halves.
 */
static uint64_t
hashmap_tail(const unsigned char *key, size_t len)
{
	const unsigned char	*p = key + (len & ~(size_t)7);
	size_t			 r = len & 7;
	uint64_t		 w;
	uint32_t		 lo, hi;

	if (r == 0)
		return 0;
	if (len >= 8) {
		memcpy(&w, key + len - 8, 8);
		return w;
	}
	if (r >= 4) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + r - 4, 4);
		return (uint64_t)hi << 32 | lo;
	}
	return (uint64_t)p[0] | (uint64_t)p[r / 2] << 8 |
	    (uint64_t)p[r - 1] << 16;
}

/*
 * Eight bytes at a time: each word is folded in by a multiply and a
 * rotation; the tail, with the length, the same way; a final mix
 * spreads the bits.
 */
uint64_t
hashmap_hash(const void *key, size_t len)
{
	const unsigned char	*p = key;
	uint64_t		 h = 0x243f6a8885a308d3ULL ^
				    (len * 0x9e3779b97f4a7c15ULL), w;
	size_t			 i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h ^= w * 0x87c37b91114253d5ULL;
		h = (h << 31 | h >> 33) * 0x4cf5ad432745937fULL;
	}
	w = hashmap_tail(p, len);
	h ^= (w ^ ((uint64_t)len << 56)) * 0x87c37b91114253d5ULL;
	return hashmap_mix(h);
}

/*
 * Two hashes of the same bytes in one pass, for a 128-bit fingerprint:
 * each lane has its own seed, multipliers and rotation.
 */
void
hashmap_hash2(const void *key, size_t len, uint64_t seed, uint64_t h[2])
{
	const unsigned char	*p = key;
	uint64_t		 a, b, w;
	size_t			 i;

	a = (seed ^ 0x13198a2e03707344ULL) ^ (len * 0x9e3779b97f4a7c15ULL);
	b = (seed + 0xa4093822299f31d0ULL) ^ (len * 0xc2b2ae3d27d4eb4fULL);
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		a ^= w * 0x87c37b91114253d5ULL;
		a = (a << 31 | a >> 33) * 0x4cf5ad432745937fULL;
		b ^= w * 0x165667b19e3779f9ULL;
		b = (b << 27 | b >> 37) * 0x94d049bb133111ebULL;
	}
	w = hashmap_tail(p, len) ^ (uint64_t)len << 56;
	h[0] = hashmap_mix(a ^ w * 0x87c37b91114253d5ULL);
	h[1] = hashmap_mix(b ^ w * 0x165667b19e3779f9ULL);
}

/*
 * Empty slots, written before anything reads them: a large table fresh
 * from the system, read first, maps a shared page of zeros that each
 * first write must then replace, which costs every other core running
 * the process a TLB flush.
 */
static struct hashmap_slot *
hashmap_slots(size_t size)
{
	struct hashmap_slot	*v;

	v = xreallocarray(NULL, size, sizeof *v);
	memset(v, 0, size * sizeof *v);
	return v;
}

void
hashmap_init(struct hashmap *map)
{
	map->size = 16;
	map->count = 0;
	map->copy = NULL;
	map->copyarg = NULL;
	map->slots = hashmap_slots(map->size);
}

void
hashmap_free(struct hashmap *map, void (*freevalue)(void *))
{
	size_t	i;

	for (i = 0; i < map->size; i++) {
		if (map->slots[i].key == NULL)
			continue;
		if (map->copy == NULL)
			free(map->slots[i].key);
		if (freevalue != NULL)
			freevalue(map->slots[i].value);
	}
	free(map->slots);
	map->slots = NULL;
	map->size = map->count = 0;
}

static struct hashmap_slot *
hashmap_find(const struct hashmap *map, const void *key, size_t len,
    uint64_t h)
{
	struct hashmap_slot	*s;
	size_t			 i;

	for (i = h & (map->size - 1);; i = (i + 1) & (map->size - 1)) {
		s = &map->slots[i];
		if (s->key == NULL)
			return s;
		if (s->hash == h && s->keylen == len &&
		    memcmp(s->key, key, len) == 0)
			return s;
	}
}

static void
hashmap_grow(struct hashmap *map)
{
	struct hashmap_slot	*old = map->slots, *s;
	size_t			 oldsize = map->size, i;

	map->size *= 2;
	map->slots = hashmap_slots(map->size);
	for (i = 0; i < oldsize; i++) {
		if (old[i].key == NULL)
			continue;
		s = hashmap_find(map, old[i].key, old[i].keylen, old[i].hash);
		*s = old[i];
	}
	free(old);
}

void *
hashmap_get(const struct hashmap *map, const void *key, size_t len)
{
	struct hashmap_slot	*s;

	s = hashmap_find(map, key, len, hashmap_hash(key, len));
	return s->key == NULL ? NULL : s->value;
}

/* The slot of key, added (with a NULL value) if it is not there. */
static struct hashmap_slot *
hashmap_lookup_add(struct hashmap *map, const void *key, size_t len,
    uint64_t h, int *added)
{
	struct hashmap_slot	*s;

	s = hashmap_find(map, key, len, h);
	*added = s->key == NULL;
	if (!*added)
		return s;
	if ((map->count + 1) * 4 > map->size * 3) {
		hashmap_grow(map);
		s = hashmap_find(map, key, len, h);
	}
	s->hash = h;
	s->key = map->copy != NULL ? map->copy(map->copyarg, key, len) :
	    xstrndup(key, len);
	s->keylen = len;
	s->value = NULL;
	map->count++;
	return s;
}

/*
 * Return the address of the value for key, adding the key with a NULL
 * value if it is not there; *added tells which.
 */
void **
hashmap_slot(struct hashmap *map, const void *key, size_t len, int *added)
{
	int	dummy;

	return &hashmap_lookup_add(map, key, len, hashmap_hash(key, len),
	    added != NULL ? added : &dummy)->value;
}

/*
 * The map's own copy of a key (NUL-terminated, never moved), added if it
 * is not there: a set of strings.
 */
const char *
hashmap_key(struct hashmap *map, const void *key, size_t len, uint64_t h)
{
	int	added;

	return hashmap_lookup_add(map, key, len, h, &added)->key;
}

int
hashmap_remove(struct hashmap *map, const void *key, size_t len)
{
	return hashmap_remove_hashed(map, key, len, hashmap_hash(key, len));
}

/* Backward-shift deletion keeps probe sequences intact. */
int
hashmap_remove_hashed(struct hashmap *map, const void *key, size_t len,
    uint64_t h)
{
	struct hashmap_slot	*s;
	size_t			 i, j, home, mask = map->size - 1;

	s = hashmap_find(map, key, len, h);
	if (s->key == NULL)
		return 0;
	if (map->copy == NULL)
		free(s->key);
	i = (size_t)(s - map->slots);
	for (j = (i + 1) & mask; map->slots[j].key != NULL; j = (j + 1) & mask) {
		home = map->slots[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			map->slots[i] = map->slots[j];
			i = j;
		}
	}
	map->slots[i].key = NULL;
	map->count--;
	return 1;
}

int
hashmap_next(const struct hashmap *map, size_t *i, struct hashmap_slot **slot)
{
	for (; *i < map->size; (*i)++) {
		if (map->slots[*i].key != NULL) {
			*slot = &map->slots[(*i)++];
			return 1;
		}
	}
	return 0;
}
