#include "config.h"

#include <ctype.h>
#include <string.h>

#include "callback.h"
#include "event.h"
#include "intern.h"
#include "refstr.h"
#include "sla.h"

#define CALLBACK_DIGITS	9

/*
 * The last 9 digits of a number, a counted string the caller holds a
 * reference to; NULL if it has none.
 */
const char *
callback_key(const char *number)
{
	char	digits[CALLBACK_DIGITS];
	size_t	n = 0;

	if (number == NULL)
		return NULL;
	for (; *number != '\0'; number++) {
		if (!isdigit((unsigned char)*number))
			continue;
		if (n == CALLBACK_DIGITS) {
			memmove(digits, digits + 1, CALLBACK_DIGITS - 1);
			n--;
		}
		digits[n++] = *number;
	}
	return n > 0 ? refstr_get(digits, n) : NULL;
}

/*
 * The callback request an abandoned phone call opens, if it opens one:
 * at the abandon, in the call's department, its thread the caller's
 * number as logged, its origin the abandon's line.
 */
int
callback_request(const struct verdict *v, struct event *ev)
{
	const struct pair	*p = &v->pair;
	const char		*key;

	if (p->outcome != OUTCOME_ABANDONED ||
	    strcmp(p->channel, CALLBACK_FROM) != 0 ||
	    (key = callback_key(p->customer)) == NULL)
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->kind = EVENT_REQUEST;
	ev->time = p->closed;
	ev->source = p->source;
	ev->channel = intern_str(CALLBACK_CHANNEL);
	ev->thread = refstr_ref(p->customer);
	ev->key = key;
	ev->shared = 1;
	ev->department = v->department;
	ev->customer = refstr_ref(p->customer);
	ev->origin = p->close_origin;
	return 1;
}
