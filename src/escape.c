#include "config.h"

#include <string.h>

#include "escape.h"

/* Backslash, TAB, LF and CR as \\, \t, \n, \r. */
void
escape_tsv(FILE *f, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\':
			fputs("\\\\", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			putc(s[i], f);
		}
	}
}

/* RFC 4180: quoted only when it holds a comma, a quote, CR or LF. */
void
escape_csv(FILE *f, const char *s, size_t len)
{
	size_t	i;

	if (strcspn(s, ",\"\r\n") >= len && memchr(s, '\0', len) == NULL) {
		fwrite(s, 1, len, f);
		return;
	}
	putc('"', f);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			putc('"', f);
		putc(s[i], f);
	}
	putc('"', f);
}

/*
 * The length of a valid UTF-8 sequence at s (shortest form, no
 * surrogates, at most U+10FFFF), or 0.
 */
static size_t
utf8_sequence(const unsigned char *s, size_t len)
{
	size_t		n, i;
	unsigned int	cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string; invalid UTF-8 becomes U+FFFD, byte by byte. */
void
escape_json(FILE *f, const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n;

	putc('"', f);
	while (i < len) {
		if (s[i] == '"' || s[i] == '\\') {
			putc('\\', f);
			putc(s[i++], f);
		} else if (s[i] == '\n') {
			fputs("\\n", f);
			i++;
		} else if (s[i] == '\t') {
			fputs("\\t", f);
			i++;
		} else if (s[i] == '\r') {
			fputs("\\r", f);
			i++;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			fprintf(f, "\\u%04x", s[i++]);
		} else if ((n = utf8_sequence(s + i, len - i)) == 0) {
			fputs("\xef\xbf\xbd", f);
			i++;
		} else {
			fwrite(s + i, 1, n, f);
			i += n;
		}
	}
	putc('"', f);
}

/* Characters, for aligning text columns: one per UTF-8 sequence. */
size_t
escape_width(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, width = 0;

	while (i < len) {
		n = utf8_sequence(s + i, len - i);
		i += n == 0 ? 1 : n;
		width++;
	}
	return width;
}
