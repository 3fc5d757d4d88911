/*
 * Counted strings: one pointer per value while referenced, then freed;
 * a reading thread's table, whose strings outlive their last reference
 * until the merge has adopted the chunks that may name them.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "refstr.h"
#include "unit.h"

/* What a reading thread does with two chunks, and what it sees. */
struct unit_reading {
	const char	*chunk[2];	/* one event's thread per chunk */
	size_t		 live[6];
};

static void *
unit_refstr_reader(void *arg)
{
	struct unit_reading	*r = arg;
	struct refstr_table	*t = refstr_thread_begin();
	const char		*s;

	refstr_unref(refstr_get_str("C3"));	/* named by no chunk */
	/* Chunk 0 names "C1"; "C2" dies, then chunk 1 names it. */
	r->chunk[0] = refstr_get_str("C1");
	refstr_unref(refstr_get_str("C2"));
	refstr_handed(t);
	refstr_unref(r->chunk[0]);	/* given back at the hand-over */
	r->chunk[1] = refstr_get_str("C2");
	refstr_handed(t);
	refstr_unref(r->chunk[1]);
	r->live[0] = refstr_live();	/* nothing freed: 3 */
	refstr_collect(t, 0);
	r->live[1] = refstr_live();	/* "C3" only: 2 */
	refstr_collect(t, 1);
	r->live[2] = refstr_live();	/* "C1"; chunk 1 may name "C2": 1 */
	refstr_collect(t, 2);
	r->live[3] = refstr_live();	/* both adopted: 0 */
	/* Dead, then taken again: it stays, and dies later. */
	refstr_unref(refstr_get_str("C5"));
	s = refstr_get_str("C5");
	refstr_collect(t, 9);
	r->live[4] = refstr_live();	/* 1 */
	refstr_unref(s);
	refstr_collect(t, 2);
	r->live[5] = refstr_live();	/* 0 */
	return NULL;
}

static void
unit_refstr_thread(void)
{
	struct unit_reading	r;
	pthread_t		th;
	size_t			base = refstr_live();
	const char		*mine, *adopted;

	memset(&r, 0, sizeof r);
	CHECK(pthread_create(&th, NULL, unit_refstr_reader, &r) == 0);
	pthread_join(th, NULL);
	CHECK(r.live[0] == 3 && r.live[1] == 2 && r.live[2] == 1 &&
	    r.live[3] == 0 && r.live[4] == 1 && r.live[5] == 0);
	/* The main thread's table is another: same value, another pointer. */
	CHECK(refstr_live() == base);
	mine = refstr_get_str("C1");
	CHECK(mine != r.chunk[0] && strcmp(mine, "C1") == 0);
	refstr_unref(mine);
	/* Adopting one of its own is a plain reference. */
	mine = refstr_get_str("X9");
	adopted = refstr_adopt(mine);
	CHECK(adopted == mine && refstr_live() == base + 1);
	refstr_unref(mine);
	refstr_unref(adopted);
	CHECK(refstr_live() == base && refstr_adopt(NULL) == NULL);
}

void
unit_refstr(void)
{
	const char	*a, *b, *c;
	size_t		 base;

	base = refstr_live();

	/* Equal values are one pointer, from a string of any length. */
	a = refstr_get("C0000017xyz", 8);
	b = refstr_get_str("C0000017");
	CHECK(a == b && strcmp(a, "C0000017") == 0);
	CHECK(refstr_live() == base + 1);
	CHECK(refstr_get_str(NULL) == NULL && refstr_ref(NULL) == NULL);
	refstr_unref(NULL);

	/* Two references (a, b) and a third: alive until all three go. */
	CHECK(refstr_ref(a) == a);
	refstr_unref(a);
	refstr_unref(b);
	CHECK(refstr_live() == base + 1);
	refstr_unref(a);
	CHECK(refstr_live() == base);

	/* Freed, then made again: a new string of the same value. */
	c = refstr_get_str("C0000017");
	CHECK(strcmp(c, "C0000017") == 0 && refstr_live() == base + 1);
	refstr_unref(c);
	CHECK(refstr_live() == base);

	/* A long value (no size class), and short ones reused after it. */
	{
		char	long_value[201];

		memset(long_value, 'x', 200);
		long_value[200] = '\0';
		a = refstr_get_str(long_value);
		b = refstr_get(long_value, 200);
		CHECK(a == b && strlen(a) == 200 && refstr_live() == base + 1);
		refstr_unref(a);
		refstr_unref(b);
		CHECK(refstr_live() == base);
	}

	/* Many strings let go of: all freed. */
	{
		const char	*v[300];
		char		 s[16];
		int		 i;

		for (i = 0; i < 300; i++) {
			snprintf(s, sizeof s, "id%d", i);
			v[i] = refstr_get_str(s);
		}
		CHECK(refstr_live() == base + 300);
		for (i = 0; i < 300; i++)
			refstr_unref(v[i]);
		CHECK(refstr_live() == base);
		/* Made again from the freed entries: the right values. */
		for (i = 0; i < 300; i++) {
			snprintf(s, sizeof s, "id%d", 299 - i);
			v[i] = refstr_get_str(s);
			if (strcmp(v[i], s) != 0)
				break;
		}
		CHECK(i == 300 && refstr_live() == base + 300);
		for (i = 0; i < 300; i++)
			refstr_unref(v[i]);
		CHECK(refstr_live() == base);
	}
	unit_refstr_thread();
}
