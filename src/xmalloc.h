/* Allocation wrappers that never return NULL: out of memory is fatal. */
#ifndef RESPSTAT_XMALLOC_H
#define RESPSTAT_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xcalloc_aligned(size_t, size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
void	*xmemdup(const void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
