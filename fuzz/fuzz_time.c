/* libFuzzer target: timestamps, durations and their printed forms. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "timestamp.h"
#include "tz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tz	*zone;
	char			 buf[TIMESTAMP_BUFSIZE], *s, *cause;
	int64_t			 t, d;
	int			 f;

	if (zone == NULL && (zone = tz_load("America/New_York", &cause)) ==
	    NULL)
		abort();
	for (f = TIMESTAMP_ISO8601; f <= TIMESTAMP_PATTERN; f++) {
		if (timestamp_parse(f, "%d/%m/%Y %H:%M:%S %z",
		    (const char *)data, size, zone, &t) == 0)
			timestamp_format(buf, t, zone);
	}
	s = strndup((const char *)data, size);
	if (s != NULL && duration_parse(s, &d) == 0) {
		char	out[DURATION_BUFSIZE];

		duration_format(out, d);
		if (duration_parse(out, &t) != 0 || t != d)
			abort();
	}
	free(s);
	return 0;
}
