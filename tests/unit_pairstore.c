/*
 * The pairs reports' store: with room for 2 verdicts in memory, 7 go to
 * disk as runs of 2, 2, 2 and 1, and come back merged in report order,
 * their threads (counted strings, given back when a run is written)
 * read back from the file; twice, for a pairs and a violations report.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "pairstore.h"
#include "refstr.h"
#include "sla.h"
#include "unit.h"

static void
unit_pairstore_add(struct pairstore *ps, const char *department,
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
	CHECK(pairstore_add(ps, &v, &cause) == 0);
	refstr_unref(v.pair.thread);
}

void
unit_pairstore(void)
{
	struct pairstore	*ps = pairstore_new(2);
	struct verdict		 v;
	char			*cause, got[128];
	int			 pass, n;
	size_t			 live;

	refstr_flush();
	live = refstr_live();	/* what the tests before hold */

	/* Added out of order: Sales before Support, then by time. */
	unit_pairstore_add(ps, "Support", 30, "t3");
	unit_pairstore_add(ps, "Sales", 20, "t2");
	unit_pairstore_add(ps, "Support", 10, "t1");
	unit_pairstore_add(ps, "Sales", 5, "a-long-thread-id-of-a-mail");
	unit_pairstore_add(ps, "Support", 10, "t0");
	unit_pairstore_add(ps, "Support", 40, "t4");
	unit_pairstore_add(ps, "Sales", 20, "t1");
	CHECK(pairstore_count(ps) == 7);
	for (pass = 0; pass < 2; pass++) {
		CHECK(pairstore_rewind(ps, &cause) == 0);
		got[0] = '\0';
		for (n = 0; pairstore_next(ps, &v, &cause) == 1; n++) {
			strcat(got, v.pair.thread);
			strcat(got, " ");
		}
		CHECK(n == 7);
		/* Sales: 5, 20 (t1 < t2); Support: 10 (t0 < t1), 30, 40. */
		CHECK_STR(got, "a-long-thread-id-of-a-mail t1 t2 t0 t1 t3 t4 ");
	}
	pairstore_free(ps);
	/* Every thread was given back when its run was written. */
	refstr_flush();
	CHECK(refstr_live() == live);
}
