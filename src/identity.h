/*
 * Who is who: agents named by sources are resolved through the roster
 * (unknown identities are kept as given, and counted), departments
 * through [departments]; printed names are public names.
 */
#ifndef RESPSTAT_IDENTITY_H
#define RESPSTAT_IDENTITY_H

#include <stddef.h>

struct conf;
struct event;
struct verdict;

size_t	identity_resolve(const struct conf *, struct event *, size_t);
void	identity_complete(const struct conf *, struct verdict *);
const char *identity_name(const struct conf *, const char *);

#endif
