#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "output.h"
#include "xmalloc.h"

struct output {
	char	*path;		/* NULL: standard output */
	char	*tmp;
	FILE	*f;
	int	 direct;	/* not a regular file: no rename */
	char	 name[256];	/* for messages */
};

static int
output_gz_ends(const char *path)
{
	size_t	len = strlen(path);

	return len > 3 && strcmp(path + len - 3, ".gz") == 0;
}

static ssize_t
output_gz_write(void *cookie, const char *buf, size_t size)
{
	if (size == 0)
		return 0;
	if (gzwrite(cookie, buf, (unsigned)size) != (int)size) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)size;
}

static int
output_gz_close(void *cookie)
{
	if (gzclose(cookie) != Z_OK) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static FILE *
output_gzip(int fd)
{
	cookie_io_functions_t	 io = { NULL, output_gz_write, NULL,
				    output_gz_close };
	gzFile			 gz;

	if ((gz = gzdopen(fd, "wb")) == NULL)
		return NULL;
	return fopencookie(gz, "w", io);
}

struct output *
output_open(const char *path, char **cause)
{
	struct output	*o;
	struct stat	 sb;
	mode_t		 mask;
	int		 fd;

	o = xcalloc(1, sizeof *o);
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = stdout;
		return o;
	}
	/* A device or a pipe (/dev/stdout, a FIFO) is written directly. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((o->f = fopen(path, "w")) == NULL) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			free(o);
			return NULL;
		}
		o->direct = 1;
		snprintf(o->name, sizeof o->name, "%s", path);
		return o;
	}
	o->path = xstrdup(path);
	o->tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(o->tmp);
		free(o->path);
		free(o);
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->f = output_gz_ends(path) ? output_gzip(fd) : fdopen(fd, "w");
	if (o->f == NULL)
		fatalx("%s: cannot set up the output stream", path);
	return o;
}

FILE *
output_file(struct output *o)
{
	return o->f;
}

/* Finish: rename into place, or remove the temporary file on error. */
int
output_commit(struct output *o, char **cause)
{
	int	ok, saved;

	if (o->path == NULL) {
		ok = fflush(o->f) == 0 && !ferror(o->f);
		if (o->direct && fclose(o->f) != 0)
			ok = 0;
		if (!ok)
			*cause = xasprintf("%s: %s", o->direct ? o->name :
			    "standard output", strerror(errno));
		free(o);
		return ok ? 0 : -1;
	}
	ok = fflush(o->f) == 0 && !ferror(o->f);
	saved = errno;
	if (fclose(o->f) != 0 && ok) {
		ok = 0;
		saved = errno;
	}
	if (ok && rename(o->tmp, o->path) == -1) {
		ok = 0;
		saved = errno;
	}
	if (!ok) {
		*cause = xasprintf("%s: %s", o->path, strerror(saved));
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	free(o);
	return ok ? 0 : -1;
}

/* A report that could not be made: the target is left as it was. */
void
output_discard(struct output *o)
{
	if (o->path == NULL) {
		fflush(o->f);
		if (o->direct)
			fclose(o->f);
		free(o);
		return;
	}
	fclose(o->f);
	unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	free(o);
}
