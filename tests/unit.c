#include "config.h"

#include <stdio.h>

#include "unit.h"

int	unit_passed;
int	unit_failed;

int
main(void)
{
	unit_time();
	unit_numbers();
	unit_pairing();
	unit_input();
	unit_calendar();
	unit_reorder();
	unit_refstr();
	unit_pairstore();
	unit_runs_counted();
	unit_hashmap();
	unit_csvrow();
	printf("unit: %d checks passed, %d failed\n", unit_passed,
	    unit_failed);
	return unit_failed != 0;
}
