/* Hashes of keys of every tail length, and the map over them. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hashmap.h"
#include "unit.h"

/*
 * Keys of 0 to 40 bytes, each also with only its last byte changed:
 * every one hashes apart from the others (the tail is read in pieces
 * that depend on the length), and the same bytes at another address
 * hash the same.  hashmap_hash2's two lanes likewise.
 */
static void
unit_hashmap_tails(void)
{
	char		 key[48], copy[64];
	uint64_t	 h[82], f[2], g[2];
	size_t		 len, i, j, n = 0;
	int		 apart = 1, same = 1;

	for (i = 0; i < sizeof key; i++)
		key[i] = (char)('a' + i % 26);
	for (len = 0; len <= 40; len++) {
		memcpy(copy + 3, key, len);
		same &= hashmap_hash(copy + 3, len) == hashmap_hash(key, len);
		hashmap_hash2(key, len, 7, f);
		hashmap_hash2(copy + 3, len, 7, g);
		same &= f[0] == g[0] && f[1] == g[1];
		h[n++] = hashmap_hash(key, len);
		if (len > 0) {
			copy[3 + len - 1] ^= 1;
			h[n++] = hashmap_hash(copy + 3, len);
			hashmap_hash2(copy + 3, len, 7, g);
			apart &= f[0] != g[0] && f[1] != g[1];
		}
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			apart &= h[i] != h[j];
	CHECK(same);
	CHECK(apart);
}

/* 1000 keys in, every other one out, the rest still found. */
static void
unit_hashmap_remove(void)
{
	struct hashmap	 map;
	char		 key[16];
	int		 i, ok = 1;

	hashmap_init(&map);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		*hashmap_slot(&map, key, strlen(key), NULL) = &map;
	}
	for (i = 0; i < 1000; i += 2) {
		snprintf(key, sizeof key, "k%d", i);
		ok &= hashmap_remove(&map, key, strlen(key));
	}
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		ok &= (hashmap_get(&map, key, strlen(key)) != NULL) == (i % 2);
	}
	CHECK(ok);
	CHECK(map.count == 500);
	hashmap_free(&map, NULL);
}

void
unit_hashmap(void)
{
	unit_hashmap_tails();
	unit_hashmap_remove();
}
