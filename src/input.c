#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include <zlib.h>
#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "input.h"
#include "xmalloc.h"

#define INPUT_CHUNK	(64 * 1024)

struct input {
	char		*name;
	int		 fd;
	int		 gzip;
#ifdef HAVE_ISAL
	struct inflate_state *isal;
#else
	z_stream	 z;
	int		 zinit;
#endif
	unsigned char	*next_in;	/* compressed bytes not yet inflated */
	size_t		 avail_in;

	unsigned char	*raw;		/* compressed bytes read ahead */
	size_t		 rawlen;
	uint64_t	 rawoff;	/* file offset of raw[0] */
	uint64_t	 member;	/* file offset of this gzip member */
	int		 raweof;
	uint64_t	 size;		/* bytes read from the file */
	struct sha256_ctx sha;		/* of those bytes */
	int		 digest;	/* sha is kept (--manifest) */

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
	if (in->digest)
		sha256_update(&in->sha, (size_t)r, p);
	return r;
}

static int
input_fill_raw(struct input *in)
{
	ssize_t	r;

	if (in->avail_in > 0 && in->next_in != in->raw) {
		memmove(in->raw, in->next_in, in->avail_in);
	}
	in->rawoff += in->rawlen - in->avail_in;
	in->rawlen = in->avail_in;
	if ((r = input_read(in, in->raw + in->rawlen, INPUT_CHUNK -
	    in->rawlen)) == -1)
		return -1;
	if (r == 0)
		in->raweof = 1;
	in->rawlen += (size_t)r;
	in->next_in = in->raw;
	in->avail_in = in->rawlen;
	return 0;
}

static uint64_t
input_rawpos(const struct input *in)
{
	return in->rawoff + (in->rawlen - in->avail_in);
}

enum input_inflated {
	INFLATED_MORE,		/* output made, or more input needed */
	INFLATED_MEMBER_END,
	INFLATED_CHECKSUM,	/* a CRC or length mismatch: data complete */
	INFLATED_CORRUPT
};

#ifdef HAVE_ISAL
/* ISA-L's inflate, several times faster than zlib's (--with-isal). */
static void
input_backend_init(struct input *in)
{
	in->isal = xcalloc(1, sizeof *in->isal);
	isal_inflate_init(in->isal);
	in->isal->crc_flag = ISAL_GZIP;
}

static void
input_backend_reset(struct input *in)
{
	isal_inflate_reset(in->isal);
	in->isal->crc_flag = ISAL_GZIP;
}

static void
input_backend_free(struct input *in)
{
	free(in->isal);
}

static enum input_inflated
input_backend_run(struct input *in, unsigned char *out, size_t outlen,
    size_t *produced)
{
	struct inflate_state	*st = in->isal;
	int			 ret;

	st->next_in = in->next_in;
	st->avail_in = (uint32_t)in->avail_in;
	st->next_out = out;
	st->avail_out = (uint32_t)outlen;
	ret = isal_inflate(st);
	*produced = outlen - st->avail_out;
	in->next_in = st->next_in;
	in->avail_in = st->avail_in;
	if (ret == ISAL_INCORRECT_CHECKSUM)
		return INFLATED_CHECKSUM;
	if (ret < 0 || ret == ISAL_NEED_DICT)
		return INFLATED_CORRUPT;
	if (st->block_state == ISAL_BLOCK_FINISH)
		return INFLATED_MEMBER_END;
	return INFLATED_MORE;
}
#else
static void
input_backend_init(struct input *in)
{
	if (inflateInit2(&in->z, 15 + 16) != Z_OK)
		fatalx("zlib initialisation failed");
	in->zinit = 1;
}

static void
input_backend_reset(struct input *in)
{
	inflateReset(&in->z);
}

static void
input_backend_free(struct input *in)
{
	if (in->zinit)
		inflateEnd(&in->z);
}

static enum input_inflated
input_backend_run(struct input *in, unsigned char *out, size_t outlen,
    size_t *produced)
{
	int	ret;

	in->z.next_in = in->next_in;
	in->z.avail_in = (uInt)in->avail_in;
	in->z.next_out = out;
	in->z.avail_out = (uInt)outlen;
	ret = inflate(&in->z, Z_NO_FLUSH);
	*produced = outlen - in->z.avail_out;
	in->next_in = in->z.next_in;
	in->avail_in = in->z.avail_in;
	if (ret == Z_STREAM_END)
		return INFLATED_MEMBER_END;
	if (ret == Z_DATA_ERROR && in->z.msg != NULL &&
	    strstr(in->z.msg, "check") != NULL)
		return INFLATED_CHECKSUM;	/* data or length check */
	if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_MEM_ERROR)
		return INFLATED_CORRUPT;
	return INFLATED_MORE;
}
#endif

/*
 * After the end of a member: another member, NUL padding (a warning), or
 * other trailing bytes (also a warning: gzip(1) ignores them too).
 */
static int
input_next_member(struct input *in)
{
	size_t	i;

	for (;;) {
		if (in->avail_in == 0) {
			if (in->raweof)
				return 0;
			if (input_fill_raw(in) == -1)
				return -1;
			continue;
		}
		if (in->avail_in < 2 && !in->raweof) {
			if (input_fill_raw(in) == -1)
				return -1;
			continue;
		}
		break;
	}
	if (in->avail_in >= 2 && in->next_in[0] == 0x1f &&
	    in->next_in[1] == 0x8b) {
		in->member = input_rawpos(in);
		input_backend_reset(in);
		return 1;
	}
	for (i = 0; i < in->avail_in && in->next_in[i] == 0; i++)
		;
	in->warning = xasprintf("%s: %s after the last gzip member at byte "
	    "%llu ignored", in->name, i == in->avail_in ? "NUL padding" :
	    "trailing garbage", (unsigned long long)input_rawpos(in));
	in->avail_in = 0;
	in->raweof = 1;
	return 0;
}

/*
 * The message names the member's offset only, so that it is the same
 * with zlib and with ISA-L.
 */
static void
input_gzip_error(struct input *in, const char *what)
{
	in->error = xasprintf("%s: %s gzip member at byte %llu", in->name,
	    what, (unsigned long long)in->member);
}

/* Inflate into buf[end..cap); returns bytes produced, 0 at end, -1. */
static ssize_t
input_inflate(struct input *in)
{
	size_t			produced;
	enum input_inflated	ret;

	for (;;) {
		if (in->avail_in == 0 && !in->raweof &&
		    input_fill_raw(in) == -1)
			return -1;
		ret = input_backend_run(in, (unsigned char *)in->buf + in->end,
		    in->cap - in->end, &produced);
		switch (ret) {
		case INFLATED_MEMBER_END:
			switch (input_next_member(in)) {
			case -1:
				return -1;
			case 0:
				in->eof = 1;
				return (ssize_t)produced;
			}
			break;
		case INFLATED_CHECKSUM:
		case INFLATED_CORRUPT:
			/* What was inflated before the error is kept. */
			in->cut = ret == INFLATED_CORRUPT;
			input_gzip_error(in, in->cut ? "corrupt" :
			    "checksum mismatch in");
			in->failed = 1;
			return (ssize_t)produced;
		case INFLATED_MORE:
			if (produced == 0 && in->avail_in == 0 &&
			    in->raweof) {
				input_gzip_error(in, "truncated");
				in->failed = in->cut = 1;
				return 0;
			}
			break;
		}
		if (produced > 0)
			return (ssize_t)produced;
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

/*
 * Open path ("-" is stdin).  With digest, the file's SHA-256 is kept as
 * it is read: it costs as much as inflating, so only --manifest asks.
 */
struct input *
input_open(const char *path, int digest, char **cause)
{
	struct input	*in;

	in = xcalloc(1, sizeof *in);
	in->name = xstrdup(path);
	in->cr = -1;
	in->digest = digest;
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
		input_backend_init(in);
		in->next_in = in->raw;
		in->avail_in = in->rawlen;
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

/*
 * The SHA-256 of the file and its size: it is read to its end first.
 * Without a digest asked for at input_open, nothing is done.
 */
void
input_sha256(struct input *in, uint8_t *digest)
{
	char	buf[65536];

	if (!in->digest)
		return;
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
	if (in->gzip)
		input_backend_free(in);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in->name);
	free(in->error);
	free(in->warning);
	free(in);
}
