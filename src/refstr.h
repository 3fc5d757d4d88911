/*
 * Counted strings: the names of which there are as many as requests
 * (thread ids, pairing keys, customers).  Interned names (intern.h) live
 * for the whole run; these are freed as soon as no event in flight, no
 * pending request and no source's state refers to them, so memory does
 * not grow with the input.  While a string lives, equal strings are one
 * pointer, compared by address like interned names.
 *
 * Each holder owns one reference: refstr_get and refstr_ref give one,
 * refstr_unref gives one back.  All three accept NULL and may be called
 * from several threads at once.  A thread frees what it gave back last
 * a batch at a time, and at the latest at refstr_flush.
 */
#ifndef RESPSTAT_REFSTR_H
#define RESPSTAT_REFSTR_H

#include <stddef.h>

const char	*refstr_get(const char *, size_t);
const char	*refstr_get_str(const char *);
const char	*refstr_ref(const char *);
void		 refstr_unref(const char *);
void		 refstr_flush(void);
size_t		 refstr_live(void);
void		 refstr_free(void);

#endif
