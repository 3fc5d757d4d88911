#include "config.h"

#include "event.h"

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
	if (a->record != b->record)
		return a->record < b->record ? -1 : 1;
	return 0;
}
