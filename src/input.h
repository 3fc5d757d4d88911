/*
 * The line reader: a file or standard input, plain or gzip (by its magic
 * bytes; concatenated members are one stream), split into lines without
 * their ends.  LF and CRLF end lines; a file whose first line end is a
 * lone CR is read as CR-ended.  A UTF-8 byte order mark is dropped.
 */
#ifndef RESPSTAT_INPUT_H
#define RESPSTAT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define INPUT_MAX_LINE	(16 * 1024 * 1024)

enum input_flag {
	INPUT_TRUNCATED = 1,	/* the stream broke off inside this line */
	INPUT_TOO_LONG = 2	/* cut at INPUT_MAX_LINE bytes */
};

struct input;

struct input	*input_open(const char *, int, char **);
int		 input_line(struct input *, const char **, size_t *, int *);
uint64_t	 input_lineno(const struct input *);
uint64_t	 input_size(const struct input *);
void		 input_sha256(struct input *, uint8_t *);
const char	*input_error(const struct input *);
const char	*input_warning(const struct input *);
void		 input_close(struct input *);

#endif
