/* Durations in the config: 45s, 3m, 24h, 2d, 1h30m, 1.5s, 250ms. */
#ifndef RESPSTAT_DURATION_H
#define RESPSTAT_DURATION_H

#include <stdint.h>

#define DURATION_BUFSIZE	64

int	duration_parse(const char *, int64_t *);
void	duration_format(char *, int64_t);

#endif
