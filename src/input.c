#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include "input.h"
#include "xmalloc.h"

#define INPUT_CHUNK	(256 * 1024)

struct input {
	char		*name;
	int		 fd;
	int		 gzip;
	z_stream	 z;
	int		 zinit;

	unsigned char	*raw;		/* compressed bytes read ahead */
	size_t		 rawlen;
	uint64_t	 rawoff;	/* file offset of raw[0] */
	uint64_t	 member;	/* file offset of this gzip member */
	int		 raweof;
	uint64_t	 size;		/* bytes read from the file */
	struct sha256_ctx sha;		/* of those bytes */

	char		*buf;		/* data not yet returned: [start, end) */
	size_t		 cap;
	size_t		 start;
	size_t		 end;
	int		 eof;		/* no more data will come */
	int		 bomchecked;
	int		 cr;		/* -1 unknown, 0 LF ends, 1 CR ends */
	int		 skipping;	/* dropping the rest of a long line */
	uint64_t	 lineno;
	char		*error;
	char		*warning;
	int		 failed;	/* error set: return -1 after the data */
	int		 cut;		/* and data is missing after it */
};

static ssize_t
input_read(struct input *in, void *p, size_t n)
{
	ssize_t	r;

	do
		r = read(in->fd, p, n);
	while (r == -1 && errno == EINTR);
	if (r == -1) {
		in->error = xasprintf("%s: read error: %s", in->name,
		    strerror(errno));
		return -1;
	}
	in->size += (size_t)r;
	sha256_update(&in->sha, (size_t)r, p);
	return r;
}

static int
input_fill_raw(struct input *in)
{
	ssize_t	r;

	if (in->z.avail_in > 0 && in->z.next_in != in->raw) {
		memmove(in->raw, in->z.next_in, in->z.avail_in);
	}
	in->rawoff += in->rawlen - in->z.avail_in;
	in->rawlen = in->z.avail_in;
	if ((r = input_read(in, in->raw + in->rawlen, INPUT_CHUNK -
	    in->rawlen)) == -1)
		return -1;
	if (r == 0)
		in->raweof = 1;
	in->rawlen += (size_t)r;
	in->z.next_in = in->raw;
	in->z.avail_in = (uInt)in->rawlen;
	return 0;
}

static uint64_t
input_rawpos(const struct input *in)
{
	return in->rawoff + (in->rawlen - in->z.avail_in);
}

/*
 * After the end of a member: another member, NUL padding (a warning), or
 * other trailing bytes (also a warning: gzip(1) ignores them too).
 */
static int
input_next_member(struct input *in)
{
	size_t	i;

	for (;;) {
		if (in->z.avail_in == 0) {
			if (in->raweof)
				return 0;
			if (input_fill_raw(in) == -1)
				return -1;
			continue;
		}
		if (in->z.avail_in < 2 && !in->raweof) {
			if (input_fill_raw(in) == -1)
				return -1;
			continue;
		}
		break;
	}
	if (in->z.avail_in >= 2 && in->z.next_in[0] == 0x1f &&
	    in->z.next_in[1] == 0x8b) {
		in->member = input_rawpos(in);
		inflateReset(&in->z);
		return 1;
	}
	for (i = 0; i < in->z.avail_in && in->z.next_in[i] == 0; i++)
		;
	in->warning = xasprintf("%s: %s after the last gzip member at byte "
	    "%llu ignored", in->name, i == in->z.avail_in ? "NUL padding" :
	    "trailing garbage", (unsigned long long)input_rawpos(in));
	in->z.avail_in = 0;
	in->raweof = 1;
	return 0;
}

static void
input_gzip_error(struct input *in, const char *what)
{
	in->error = xasprintf("%s: %s gzip member at byte %llu%s%s", in->name,
	    what, (unsigned long long)in->member, in->z.msg != NULL ? ": " : "",
	    in->z.msg != NULL ? in->z.msg : "");
}

/* Inflate into buf[end..cap); returns bytes produced, 0 at end, -1. */
static ssize_t
input_inflate(struct input *in)
{
	int	ret;
	size_t	before;

	for (;;) {
		if (in->z.avail_in == 0 && !in->raweof &&
		    input_fill_raw(in) == -1)
			return -1;
		in->z.next_out = (Bytef *)in->buf + in->end;
		in->z.avail_out = (uInt)(in->cap - in->end);
		before = in->z.avail_out;
		ret = inflate(&in->z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			if ((ret = input_next_member(in)) == -1)
				return -1;
			if (ret == 0) {
				in->eof = 1;
				return (ssize_t)(before - in->z.avail_out);
			}
		} else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT ||
		    ret == Z_MEM_ERROR) {
			/* What was inflated before the error is kept. */
			in->cut = strstr(in->z.msg != NULL ? in->z.msg : "",
			    "check") == NULL;
			input_gzip_error(in, in->cut ? "corrupt" :
			    "checksum mismatch in");
			in->failed = 1;
			return (ssize_t)(before - in->z.avail_out);
		} else if (ret == Z_BUF_ERROR && in->z.avail_in == 0 &&
		    in->raweof) {
			input_gzip_error(in, "truncated");
			in->failed = in->cut = 1;
			return (ssize_t)(before - in->z.avail_out);
		}
		if (before != in->z.avail_out)
			return (ssize_t)(before - in->z.avail_out);
	}
}

static int
input_fill(struct input *in)
{
	ssize_t	n;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end < INPUT_CHUNK) {
		in->cap = in->cap * 2;
		in->buf = xreallocarray(in->buf, in->cap, 1);
	}
	if (in->gzip)
		n = input_inflate(in);
	else {
		n = input_read(in, in->buf + in->end, in->cap - in->end);
		if (n == 0)
			in->eof = 1;
	}
	if (n == -1)
		in->failed = in->cut = 1;
	else
		in->end += (size_t)n;
	if (in->failed)
		in->eof = 1;
	return in->failed ? -1 : 0;
}

struct input *
input_open(const char *path, char **cause)
{
	struct input	*in;

	in = xcalloc(1, sizeof *in);
	in->name = xstrdup(path);
	in->cr = -1;
	sha256_init(&in->sha);
	if (strcmp(path, "-") == 0)
		in->fd = STDIN_FILENO;
	else if ((in->fd = open(path, O_RDONLY)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(in->name);
		free(in);
		return NULL;
	}
	in->raw = xmalloc(INPUT_CHUNK);
	in->cap = 2 * INPUT_CHUNK;
	in->buf = xmalloc(in->cap);
	/* Sniff the magic bytes; what was read is used either way. */
	while (in->rawlen < 2) {
		ssize_t	r = input_read(in, in->raw + in->rawlen, 2 - in->rawlen);
		if (r <= 0)
			break;
		in->rawlen += (size_t)r;
	}
	if (in->rawlen == 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gzip = 1;
		if (inflateInit2(&in->z, 15 + 16) != Z_OK)
			fatalx("zlib initialisation failed");
		in->zinit = 1;
		in->z.next_in = in->raw;
		in->z.avail_in = (uInt)in->rawlen;
	} else {
		memcpy(in->buf, in->raw, in->rawlen);
		in->end = in->rawlen;
	}
	return in;
}

static void
input_bom(struct input *in)
{
	while (in->end < 3 && !in->eof && input_fill(in) == 0)
		;
	if (in->end >= 3 && memcmp(in->buf, "\xef\xbb\xbf", 3) == 0)
		in->start = 3;
	in->bomchecked = 1;
}

/* Where the line starting at buf[start] ends, or NULL if not yet read. */
static char *
input_line_end(struct input *in)
{
	char	*p = in->buf + in->start, *end = in->buf + in->end, *lf, *cr;

	if (in->cr == 1)
		return memchr(p, '\r', end - p);
	lf = memchr(p, '\n', end - p);
	if (in->cr == 0)
		return lf;
	cr = memchr(p, '\r', (lf != NULL ? lf : end) - p);
	if (cr == NULL || (lf != NULL && cr + 1 == lf)) {
		if (lf != NULL)
			in->cr = 0;
		return lf;
	}
	if (cr + 1 == end && !in->eof)
		return NULL;	/* CR LF split across reads: decide later */
	in->cr = 1;
	return cr;
}

/*
 * The next line: 1 and the line, 0 at the end, -1 after an error (see
 * input_error); *flags says whether the line is cut short.
 */
int
input_line(struct input *in, const char **line, size_t *len, int *flags)
{
	char	*nl, *p;
	size_t	 n;

	if (!in->bomchecked)
		input_bom(in);
	*flags = 0;
	while (in->skipping) {
		/* Drop the rest of a line already returned cut short. */
		if ((nl = input_line_end(in)) != NULL) {
			in->start = (size_t)(nl - in->buf) + 1;
			in->skipping = 0;
		} else if (in->eof) {
			in->start = in->end;
			in->skipping = 0;
		} else {
			in->start = in->end;
			input_fill(in);
		}
	}
	for (;;) {
		nl = input_line_end(in);
		if (nl != NULL || in->eof)
			break;
		if (in->end - in->start > INPUT_MAX_LINE) {
			*flags = INPUT_TOO_LONG;
			break;
		}
		input_fill(in);
	}
	p = in->buf + in->start;
	if (nl == NULL && *flags == 0) {
		if (in->start == in->end)
			return in->failed ? -1 : 0;
		if (in->cut)
			*flags = INPUT_TRUNCATED;
		nl = in->buf + in->end;
	}
	if (*flags == INPUT_TOO_LONG) {
		n = INPUT_MAX_LINE;
		in->start += n;
		in->skipping = 1;
	} else {
		n = (size_t)(nl - p);
		in->start = nl < in->buf + in->end ? (size_t)(nl - in->buf) + 1 :
		    in->end;
	}
	if (in->cr == 0 && n > 0 && p[n - 1] == '\r')
		n--;
	*line = p;
	*len = n;
	in->lineno++;
	return 1;
}

uint64_t
input_lineno(const struct input *in)
{
	return in->lineno;
}

uint64_t
input_size(const struct input *in)
{
	return in->size;
}

/* The SHA-256 of the bytes read; the file is read to its end first. */
void
input_sha256(struct input *in, uint8_t *digest)
{
	char	buf[65536];

	if (!in->failed)
		while (input_read(in, buf, sizeof buf) > 0)
			;
	sha256_digest(&in->sha, SHA256_DIGEST_SIZE, digest);
}

const char *
input_error(const struct input *in)
{
	return in->error;
}

const char *
input_warning(const struct input *in)
{
	return in->warning;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->zinit)
		inflateEnd(&in->z);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in->name);
	free(in->error);
	free(in->warning);
	free(in);
}
