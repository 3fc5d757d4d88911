#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	fputs("respstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *
xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		fatalx("out of memory allocating %zu bytes", size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Zeroed memory for n objects aligned to align (a power of two). */
void *
xcalloc_aligned(size_t n, size_t size, size_t align)
{
	void	*p;
	size_t	 total;

	if (size != 0 && n > SIZE_MAX / size)
		fatalx("allocation of %zu x %zu bytes overflows", n, size);
	/* aligned_alloc wants a multiple of align, and not 0. */
	if ((total = (n * size + align - 1) & ~(align - 1)) == 0)
		total = align;
	if ((p = aligned_alloc(align, total)) == NULL)
		fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return memset(p, 0, total);
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		fatalx("allocation of %zu x %zu bytes overflows", n, size);
	if ((p = realloc(old, n * size == 0 ? 1 : n * size)) == NULL)
		fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *
xmemdup(const void *p, size_t len)
{
	return memcpy(xmalloc(len), p, len);
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		fatalx("out of memory formatting a message");
	va_end(ap);
	return s;
}
