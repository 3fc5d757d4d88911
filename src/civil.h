/* Proleptic Gregorian calendar arithmetic on day numbers (0 = 1970-01-01). */
#ifndef RESPSTAT_CIVIL_H
#define RESPSTAT_CIVIL_H

#include <stdint.h>

#define USEC_PER_SEC	1000000LL
#define SEC_PER_DAY	86400LL

int64_t	civil_days(int64_t, int, int);
void	civil_date(int64_t, int64_t *, int *, int *);
int	civil_weekday(int64_t);		/* 0 = Sunday */
int	civil_month_days(int64_t, int);
int64_t	civil_floordiv(int64_t, int64_t);

#endif
