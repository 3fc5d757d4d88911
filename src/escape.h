/* Field encodings shared by the writers and the --rejects file (§7). */
#ifndef RESPSTAT_ESCAPE_H
#define RESPSTAT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

void	escape_tsv(FILE *, const char *, size_t);
void	escape_csv(FILE *, const char *, size_t);
void	escape_json(FILE *, const char *, size_t);
size_t	escape_width(const char *, size_t);

#endif
