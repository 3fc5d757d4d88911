/*
 * Missed-call callbacks (SPEC §4): a phone request abandoned (not a
 * short abandon) opens a callback request for the caller's number; an
 * answered outbound call from an agent to that number answers it.
 * Numbers match on their last 9 digits, other characters ignored.
 */
#ifndef RESPSTAT_CALLBACK_H
#define RESPSTAT_CALLBACK_H

struct event;
struct verdict;

#define CALLBACK_CHANNEL	"callback"
#define CALLBACK_FROM		"phone"

const char	*callback_key(const char *);
int		 callback_request(const struct verdict *, struct event *);

#endif
