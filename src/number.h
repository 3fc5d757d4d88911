/* Exact integer arithmetic and the printed forms of numbers (SPEC §7). */
#ifndef RESPSTAT_NUMBER_H
#define RESPSTAT_NUMBER_H

#include <stdint.h>

#define NUMBER_BUFSIZE	32

int64_t	number_div_round(__int128, __int128);
int64_t	number_div_ceil(int64_t, int64_t);
void	number_seconds(char *, int64_t);
void	number_seconds_ratio(char *, __int128, int64_t);
void	number_percent(char *, int64_t, int64_t);

#endif
