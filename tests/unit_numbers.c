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
	struct histogram	h, three, one, round;
	int			i;

	memset(&h, 0, sizeof h);
	memset(&three, 0, sizeof three);
	memset(&one, 0, sizeof one);
	memset(&round, 0, sizeof round);
	/* 10 s down to 1 s, added out of order. */
	for (i = 10; i >= 1; i--)
		histogram_add(&h, (int64_t)i * 1000000);
	for (i = 1; i <= 3; i++)
		histogram_add(&three, (int64_t)i * 1000000);
	histogram_add(&one, 7000000);
	/* 1.0004 s twice, 1.0005 s (rounds up to 1.001), 0.9996 s: the
	 * bins are 1.000 (x2), 1.001 and 1.000 (0.9996 rounds to 1.000). */
	histogram_add(&round, 1000400);
	histogram_add(&round, 1000400);
	histogram_add(&round, 1000500);
	histogram_add(&round, 999600);
	histogram_finish(&h);
	histogram_finish(&three);
	histogram_finish(&one);
	histogram_finish(&round);
	/* Rank = ceil(p * n / 100): p50 of 10 is the 5th, p95 the 10th. */
	CHECK(histogram_percentile(&h, 50) == 5000000);
	CHECK(histogram_percentile(&h, 90) == 9000000);
	CHECK(histogram_percentile(&h, 95) == 10000000);
	CHECK(histogram_percentile(&h, 100) == 10000000);
	CHECK(histogram_percentile(&three, 50) == 2000000); /* ceil(1.5) */
	CHECK(histogram_percentile(&one, 50) == 7000000);
	CHECK(histogram_percentile(&one, 95) == 7000000);
	/* Ranks 1-3 of 4 are 1.000 s, rank 4 is 1.001 s. */
	CHECK(round.used == 2);
	CHECK(histogram_percentile(&round, 50) == 1000000);
	CHECK(histogram_percentile(&round, 75) == 1000000);
	CHECK(histogram_percentile(&round, 95) == 1001000);
	histogram_free(&h);
	histogram_free(&three);
	histogram_free(&one);
	histogram_free(&round);
}

static void
unit_mean_target(void)
{
	struct group	g;

	memset(&g, 0, sizeof g);
	CHECK(aggregate_mean_met(&g, 180000000, 270000000) == MEAN_MET_NONE);
	/* Mean (60 + 300.000001) / 2 = 180.0000005 s > 180 s, by 0.5 us:
	 * printed as 180, but not met. */
	g.waits.total = 2;
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
