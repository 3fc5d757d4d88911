/* The line reader on gzip members, line ends, a BOM and a truncation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "unit.h"

static char	path[] = "/tmp/respstat-unit-XXXXXX";

static size_t
gz(const char *text, unsigned char *out, size_t cap)
{
	z_stream	z;
	size_t		n;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	n = z.total_out;
	deflateEnd(&z);
	return n;
}

static void
put(const void *data, size_t len)
{
	FILE	*f = fopen(path, "wb");

	fwrite(data, 1, len, f);
	fclose(f);
}

/* All lines joined with |, and the last flags and error. */
static void
lines(char *buf, size_t cap, int *lastflags, int *error)
{
	struct input	*in;
	const char	*line;
	size_t		 len, n = 0;
	char		*cause;
	int		 flags, r;

	*lastflags = 0;
	buf[0] = '\0';
	if ((in = input_open(path, 1, &cause)) == NULL) {
		free(cause);
		*error = 1;
		return;
	}
	while ((r = input_line(in, &line, &len, &flags)) == 1) {
		n += (size_t)snprintf(buf + n, cap - n, "%s%.*s", n > 0 ?
		    "|" : "", (int)len, line);
		*lastflags = flags;
	}
	*error = r == -1;
	input_close(in);
}

void
unit_input(void)
{
	unsigned char	z[512];
	char		buf[256];
	size_t		n1, n2;
	int		flags, err, fd;

	if ((fd = mkstemp(path)) == -1)
		return;
	close(fd);

	put("\xef\xbb\xbf" "a\r\nb\n\nc", 11);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "a|b||c");
	CHECK(!err && flags == 0);

	put("a\rb\rc\r", 6);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "a|b|c");

	/* Two members are one stream, even with a line across them. */
	n1 = gz("one\ntw", z, sizeof z);
	n2 = gz("o\nthree\n", z + n1, sizeof z - n1);
	put(z, n1 + n2);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "one|two|three");
	CHECK(!err);

	/* Without the second member's trailer: every line, the last one
	 * flagged truncated, then an error. */
	n2 = gz("o\nthree", z + n1, sizeof z - n1);
	put(z, n1 + n2 - 8);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "one|two|three");
	CHECK(err && flags == INPUT_TRUNCATED);

	/* A wrong CRC: the lines stay, and it is an error. */
	z[n1 + n2 - 8] ^= 0xff;
	put(z, n1 + n2);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "one|two|three");
	CHECK(err && flags == 0);

	put("", 0);
	lines(buf, sizeof buf, &flags, &err);
	CHECK_STR(buf, "");
	CHECK(!err);
	unlink(path);
}
