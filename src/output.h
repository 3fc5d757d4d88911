/*
 * Report files written atomically: into a temporary file beside the
 * target, renamed over it only when complete (gzip'd when the name ends
 * in .gz).  Standard output is written directly.
 */
#ifndef RESPSTAT_OUTPUT_H
#define RESPSTAT_OUTPUT_H

#include <stdio.h>

struct output;

struct output	*output_open(const char *, char **);
FILE		*output_file(struct output *);
int		 output_commit(struct output *, char **);
void		 output_discard(struct output *);

#endif
