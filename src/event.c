#include "config.h"

#include "event.h"
#include "refstr.h"

/* Time order; ties: request, abandon, response; then file and line. */
int
event_compare(const void *va, const void *vb)
{
	const struct event	*a = va, *b = vb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->origin.file != b->origin.file)
		return a->origin.file < b->origin.file ? -1 : 1;
	if (a->origin.line != b->origin.line)
		return a->origin.line < b->origin.line ? -1 : 1;
	return 0;
}

/* The addresses of an event's counted strings (those event_hold takes). */
size_t
event_strings(struct event *ev, const char **v[EVENT_STRINGS])
{
	v[0] = &ev->thread;
	v[1] = &ev->key;
	v[2] = &ev->customer;
	return EVENT_STRINGS;
}

/* Take a reference to each counted string of a copy of an event. */
void
event_hold(const struct event *ev)
{
	refstr_ref(ev->thread);
	refstr_ref(ev->key);
	refstr_ref(ev->customer);
}

/* Give back what event_hold took, when the copy is done with. */
void
event_release(const struct event *ev)
{
	refstr_unref(ev->thread);
	refstr_unref(ev->key);
	refstr_unref(ev->customer);
}
