/*
 * Counted strings: the names of which there are as many as requests
 * (thread ids, pairing keys, customers).  Interned names (intern.h) live
 * for the whole run; these are freed as soon as no event in flight, no
 * pending request and no source's state refers to them, so memory does
 * not grow with the input.  While a string lives, equal strings of one
 * table are one pointer, compared by address like interned names.
 *
 * Each holder owns one reference: refstr_get and refstr_ref give one,
 * refstr_unref gives one back.  All three accept NULL.
 *
 * Each thread has a table of its own and touches no other's, so that
 * threads reading files in parallel share no lock and no count.  The
 * merge's table is the main thread's.  A thread reading a file hands its
 * events to the merge a chunk at a time: the merge takes its own
 * reference to the same value (refstr_adopt) and the reader gives back
 * the chunk's (refstr_handed); strings that fall to zero wait until the
 * merge has adopted every chunk that may name them (refstr_collect).
 */
#ifndef RESPSTAT_REFSTR_H
#define RESPSTAT_REFSTR_H

#include <stddef.h>
#include <stdint.h>

struct refstr_table;

const char	*refstr_get(const char *, size_t);
const char	*refstr_get_str(const char *);
const char	*refstr_ref(const char *);
void		 refstr_unref(const char *);
const char	*refstr_adopt(const char *);
size_t		 refstr_live(void);
void		 refstr_free(void);

struct refstr_table *refstr_thread_begin(void);
void		 refstr_thread_end(struct refstr_table *);
void		 refstr_handed(struct refstr_table *);
void		 refstr_collect(struct refstr_table *, uint64_t);

#endif
