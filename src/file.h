/* Small files read whole: the configuration, a holidays calendar. */
#ifndef RESPSTAT_FILE_H
#define RESPSTAT_FILE_H

#include <stddef.h>

char	*file_read(const char *, size_t *, char **);

#endif
