/* Pairing per SPEC §5, on hand-made event sequences. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "intern.h"
#include "refstr.h"
#include "pairing.h"
#include "roster.h"
#include "unit.h"

#define SEC	1000000LL
#define MAXPAIRS 16

static struct pair	got[MAXPAIRS];
static int		ngot;

static void
collect(const struct pair *p, void *arg)
{
	(void)arg;
	if (ngot < MAXPAIRS)
		got[ngot++] = *p;
}

static struct event
ev(enum event_kind kind, int64_t sec, const char *thread, const char *agent,
    uint32_t line)
{
	struct event	e;

	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.time = sec * SEC;
	e.channel = intern_str("chat");
	e.thread = refstr_get_str(thread);	/* held to the end */
	e.agent = agent != NULL ? intern_str(agent) : NULL;
	e.origin.line = line;
	return e;
}

static void
run(const struct event *v, size_t n)
{
	struct pairing	*p = pairing_new(collect, NULL);
	size_t		 i;

	ngot = 0;
	for (i = 0; i < n; i++)
		pairing_event(p, &v[i]);
	pairing_finish(p);
	pairing_free(p);
}

/* Roster aliases as SPEC §3 normalises them. */
static void
unit_aliases(void)
{
	static const char	*cases[][2] = {
		{ "SIP/201-0000001a", "201" },
		{ "PJSIP/201", "201" },
		{ "Local/201@from-queue-00000012;1", "201" },
		{ "Local/201@from-queue/n", "201" },
		{ "Agent/201", "201" },
		{ "SIP/trunk-0000000b", "trunk" },
		{ "SIP/office-1", "office-1" },		/* not a unique suffix */
		{ "Ann.Lee@Example.COM", "ann.lee@example.com" },
		{ "Ann Lee", "Ann Lee" },
		{ "201", "201" },
	};
	char	*n;
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = roster_normalize(cases[i][0]);
		CHECK_STR(n, cases[i][1]);
		free(n);
	}
}

void
unit_pairing(void)
{
	unit_aliases();
	/* Two customer messages, then an answer: one pair, timed from the
	 * first (wait 30 s), its origin the first line. */
	struct event	a[] = {
		ev(EVENT_REQUEST, 0, "t1", NULL, 1),
		ev(EVENT_REQUEST, 10, "t1", NULL, 2),
		ev(EVENT_RESPONSE, 30, "t1", "ann", 3),
		ev(EVENT_RESPONSE, 40, "t1", "ann", 4),	/* nothing pending */
	};
	/* An abandon closes; a second thread stays pending. */
	struct event	b[] = {
		ev(EVENT_REQUEST, 0, "t1", NULL, 1),
		ev(EVENT_REQUEST, 5, "t2", NULL, 2),
		ev(EVENT_ABANDON, 20, "t1", NULL, 3),
		ev(EVENT_ABANDON, 25, "t9", NULL, 4),	/* nothing pending */
	};

	run(a, 4);
	CHECK(ngot == 1);
	CHECK(got[0].outcome == OUTCOME_ANSWERED);
	CHECK(got[0].closed - got[0].requested == 30 * SEC);
	CHECK(got[0].origin.line == 1 && got[0].close_origin.line == 3);
	CHECK(strcmp(got[0].agent, "ann") == 0);

	run(b, 4);
	CHECK(ngot == 2);
	CHECK(got[0].outcome == OUTCOME_ABANDONED &&
	    got[0].closed - got[0].requested == 20 * SEC);
	CHECK(got[1].outcome == OUTCOME_OPEN && got[1].origin.line == 2);

	/* Mail: a response with no thread of its own answers the group's
	 * (the customer's) oldest pending request, in any thread. */
	{
		struct event	c[] = {
			ev(EVENT_REQUEST, 0, "m1", NULL, 1),
			ev(EVENT_REQUEST, 10, "m2", NULL, 2),
			ev(EVENT_RESPONSE, 20, "cust", "ann", 3),
			ev(EVENT_RESPONSE, 30, "m2", "bob", 4),
		};
		int	i;

		for (i = 0; i < 4; i++)
			c[i].group = intern_str("cust");
		c[2].any_thread = 1;
		run(c, 4);
		CHECK(ngot == 2);
		CHECK(got[0].origin.line == 1 && got[0].close_origin.line == 3);
		CHECK(got[1].origin.line == 2 && got[1].close_origin.line == 4);
	}

	/* Equal times sort request, abandon, response. */
	CHECK(event_compare(&b[2], &a[2]) != 0);
	b[2].time = a[2].time;
	CHECK(event_compare(&b[2], &a[2]) < 0);
	a[0].time = a[2].time;
	CHECK(event_compare(&a[0], &b[2]) < 0);
}
