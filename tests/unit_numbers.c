/* Printed numbers, percentiles and the mean target, worked by hand. */
#include "config.h"

#include <string.h>

#include "aggregate.h"
#include "number.h"
#include "unit.h"

static void
unit_printing(void)
{
	char	buf[NUMBER_BUFSIZE];

	number_seconds(buf, 42000000);
	CHECK_STR(buf, "42");
	number_seconds(buf, 42500000);
	CHECK_STR(buf, "42.5");
	number_seconds(buf, 333333);
	CHECK_STR(buf, "0.333");
	/* 1.2345 s: 1234.5 ms rounds half away from zero to 1235. */
	number_seconds(buf, 1234500);
	CHECK_STR(buf, "1.235");
	number_seconds(buf, 1234499);
	CHECK_STR(buf, "1.234");
	/* -1.5 ms rounds away from zero to -2 ms. */
	number_seconds(buf, -1500);
	CHECK_STR(buf, "-0.002");
	number_seconds(buf, 0);
	CHECK_STR(buf, "0");
	/* The mean of 1, 1 and 2 s is 4/3 s = 1333.33 ms. */
	number_seconds_ratio(buf, 4000000, 3);
	CHECK_STR(buf, "1.333");
	/* 2/3 = 66.66..% -> 66.7; 1/16 = 6.25% -> 6.3 (half away). */
	number_percent(buf, 2, 3);
	CHECK_STR(buf, "66.7");
	number_percent(buf, 1, 16);
	CHECK_STR(buf, "6.3");
	number_percent(buf, 1, 1);
	CHECK_STR(buf, "100.0");
	number_percent(buf, 0, 7);
	CHECK_STR(buf, "0.0");
	CHECK(number_div_ceil(95 * 10, 100) == 10);
	CHECK(number_div_ceil(900, 100) == 9);
}

static void
unit_percentiles(void)
{
	int64_t	v[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	int64_t	one[1] = { 7 };

	/* Rank = ceil(p * n / 100): p50 of 10 is the 5th, p95 the 10th. */
	CHECK(aggregate_percentile(v, 10, 50) == 5);
	CHECK(aggregate_percentile(v, 10, 90) == 9);
	CHECK(aggregate_percentile(v, 10, 95) == 10);
	CHECK(aggregate_percentile(v, 10, 100) == 10);
	CHECK(aggregate_percentile(v, 3, 50) == 2);	/* ceil(1.5) = 2 */
	CHECK(aggregate_percentile(one, 1, 50) == 7);
	CHECK(aggregate_percentile(one, 1, 95) == 7);
}

static void
unit_mean_target(void)
{
	struct group	g;
	int64_t		waits[2] = { 60000000, 300000001 };

	memset(&g, 0, sizeof g);
	CHECK(aggregate_mean_met(&g, 180000000, 270000000) == MEAN_MET_NONE);
	/* Mean (60 + 300.000001) / 2 = 180.0000005 s > 180 s, by 0.5 us:
	 * printed as 180, but not met. */
	g.waits = waits;
	g.nwaits = 2;
	g.sum = 60000000 + 300000001;
	CHECK(aggregate_mean_met(&g, 180000000, 270000000) == MEAN_MET_NO);
	CHECK(aggregate_mean_met(&g, 180000001, 270000000) == MEAN_MET_YES);
	CHECK(aggregate_mean_met(&g, -1, -1) == MEAN_MET_NONE);
	/* The 300 s wait was in a peak window (target 270 s): not met; the
	 * 60 s one alone meets 180 s. */
	g.sum_peak = 300000001;
	g.n_peak = 1;
	CHECK(aggregate_mean_met(&g, 180000000, 270000000) == MEAN_MET_NO);
	CHECK(aggregate_mean_met(&g, 180000000, 300000001) == MEAN_MET_YES);
}

void
unit_numbers(void)
{
	unit_printing();
	unit_percentiles();
	unit_mean_target();
}
