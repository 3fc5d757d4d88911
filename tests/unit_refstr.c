/* Counted strings: one pointer per value while referenced, then freed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "refstr.h"
#include "unit.h"

void
unit_refstr(void)
{
	const char	*a, *b, *c;
	size_t		 base;

	refstr_flush();
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
	refstr_flush();
	CHECK(refstr_live() == base + 1);

	/* Count at zero, then taken again before the batch is freed: it
	 * survives the flush, and is freed by the next one. */
	refstr_unref(a);
	c = refstr_get_str("C0000017");
	CHECK(c == a);
	refstr_flush();
	CHECK(refstr_live() == base + 1);
	refstr_unref(c);
	refstr_flush();
	CHECK(refstr_live() == base);

	/* More than a batch of strings let go of: all freed. */
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
		refstr_flush();
		CHECK(refstr_live() == base);
	}
}
