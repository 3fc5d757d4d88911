#include "config.h"

#include "civil.h"

/*
 * Day numbers from and to civil dates, by shifting the year to start in
 * March so that the leap day is the last day of the shifted year; eras
 * of 400 years repeat exactly.
 */
int64_t
civil_floordiv(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t
civil_days(int64_t year, int month, int day)
{
	int64_t	y = year - (month <= 2), era, yoe, doy, doe;

	era = civil_floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_date(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t	z = days + 719468, era, doe, yoe, doy, mp;

	era = civil_floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

int
civil_weekday(int64_t days)
{
	return (int)(civil_floordiv(days + 4, 7) * -7 + days + 4);
}

int
civil_month_days(int64_t year, int month)
{
	static const int	len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			leap;

	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : len[month - 1];
}
