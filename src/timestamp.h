/*
 * Instants are integer microseconds since 1970-01-01 UTC.  Parsing a
 * time without an offset reads it in a given zone; printing uses the
 * report zone, always with a +HH:MM offset.
 */
#ifndef RESPSTAT_TIMESTAMP_H
#define RESPSTAT_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

struct tz;

enum timestamp_format {
	TIMESTAMP_ISO8601,
	TIMESTAMP_EPOCH,
	TIMESTAMP_EPOCH_MS,
	TIMESTAMP_PATTERN
};

#define TIMESTAMP_BUFSIZE	48
#define TIMESTAMP_MONTH_BUFSIZE	16

int	timestamp_parse(enum timestamp_format, const char *, const char *,
	    size_t, const struct tz *, int64_t *);
int	timestamp_parse_iso8601(const char *, size_t, const struct tz *,
	    int64_t *);
void	timestamp_format(char *, int64_t, const struct tz *);
int	timestamp_month(int64_t, const struct tz *);
int64_t	timestamp_month_start(int, const struct tz *);
void	timestamp_month_format(char *, int);
int	timestamp_month_parse(const char *, int *);

#endif
