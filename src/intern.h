/*
 * Interned strings: one copy of each distinct value, compared by pointer.
 * Events carry interned names so that grouping and pairing never copy.
 * intern() may be called from several threads at once.
 */
#ifndef RESPSTAT_INTERN_H
#define RESPSTAT_INTERN_H

#include <stddef.h>

const char	*intern(const char *, size_t);
const char	*intern_str(const char *);
void		 intern_free(void);

#endif
