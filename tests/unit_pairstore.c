/*
 * Sorted runs on disk (runs.c), for the pairs reports' store: with room for 2 verdicts in memory, 7 go to
 * disk as runs of 2, 2, 2 and 1, and come back merged in report order,
 * their threads (counted strings, given back when a run is written)
 * read back from the file; twice, for a pairs and a violations report.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "pairstore.h"
#include "refstr.h"
#include "sla.h"
#include "unit.h"

static void
unit_pairstore_add(struct runs *ps, const char *department,
    int64_t requested, const char *thread)
{
	struct verdict	v;
	char		*cause;

	memset(&v, 0, sizeof v);
	v.month = 2026 * 12 + 9;
	v.department = intern_str(department);
	v.agent_name = intern_str("ann");
	v.pair.channel = intern_str("chat");
	v.pair.requested = requested;
	v.pair.thread = refstr_get_str(thread);
	CHECK(runs_add(ps, &v, &cause) == 0);
	refstr_unref(v.pair.thread);
}

void
unit_pairstore(void)
{
	struct runs		*ps = runs_new(&pairstore_type, 2);
	struct verdict		 v;
	char			*cause, got[128];
	int			 pass, n;
	size_t			 live;

	live = refstr_live();	/* what the tests before hold */

	/* Added out of order: Sales before Support, then by time. */
	unit_pairstore_add(ps, "Support", 30, "t3");
	unit_pairstore_add(ps, "Sales", 20, "t2");
	unit_pairstore_add(ps, "Support", 10, "t1");
	unit_pairstore_add(ps, "Sales", 5, "a-long-thread-id-of-a-mail");
	unit_pairstore_add(ps, "Support", 10, "t0");
	unit_pairstore_add(ps, "Support", 40, "t4");
	unit_pairstore_add(ps, "Sales", 20, "t1");
	CHECK(runs_count(ps) == 7);
	for (pass = 0; pass < 2; pass++) {
		CHECK(runs_rewind(ps, &cause) == 0);
		got[0] = '\0';
		for (n = 0; runs_next(ps, &v, &cause) == 1; n++) {
			strcat(got, v.pair.thread);
			strcat(got, " ");
		}
		CHECK(n == 7);
		/* Sales: 5, 20 (t1 < t2); Support: 10 (t0 < t1), 30, 40. */
		CHECK_STR(got, "a-long-thread-id-of-a-mail t1 t2 t0 t1 t3 t4 ");
	}
	runs_free(ps);
	/* Every thread was given back when its run was written. */
	CHECK(refstr_live() == live);
}

struct unit_rec {
	int64_t		 t;
	const char	*s;		/* counted */
};

static int
unit_rec_compare(const void *va, const void *vb)
{
	const struct unit_rec	*a = va, *b = vb;

	return a->t < b->t ? -1 : a->t > b->t;
}

/*
 * Records whose strings come back as counted strings (sort = yes):
 * read once, each the caller's, the same pointer as the string still
 * held elsewhere; runs of 2 for 5 records, merged in time order.
 */
void
unit_runs_counted(void)
{
	static const struct runs_type	 type = {
		.size = sizeof(struct unit_rec),
		.compare = unit_rec_compare,
		.nstrings = 1,
		.strings = { offsetof(struct unit_rec, s) },
		.lengths = { RUNS_STRLEN }
	};
	static const int64_t		 t[] = { 50, 10, 40, 20, 30 };
	struct runs			*rs = runs_new(&type, 2);
	struct unit_rec			 r;
	const char			*held;
	char				*cause, name[8];
	size_t				 live, i;
	int				 ok = 1, n = 0;

	live = refstr_live();
	held = refstr_get_str("t10");
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "t%lld", (long long)t[i]);
		r.t = t[i];
		r.s = refstr_get_str(name);
		CHECK(runs_add(rs, &r, &cause) == 0);
		refstr_unref(r.s);
	}
	CHECK(runs_rewind(rs, &cause) == 0);
	while (runs_next(rs, &r, &cause) == 1) {
		snprintf(name, sizeof name, "t%lld", (long long)r.t);
		ok &= r.t == 10 * (n + 1) && strcmp(r.s, name) == 0;
		if (r.t == 10)
			ok &= r.s == held;
		refstr_unref(r.s);
		n++;
	}
	CHECK(ok);
	CHECK(n == 5);
	runs_free(rs);
	refstr_unref(held);
	CHECK(refstr_live() == live);
}
