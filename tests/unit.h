/* A minimal unit-test harness: CHECK records a failure and goes on. */
#ifndef RESPSTAT_UNIT_H
#define RESPSTAT_UNIT_H

#include <stdio.h>

extern int	unit_passed;
extern int	unit_failed;

#define CHECK(cond) do {						\
	if (cond)							\
		unit_passed++;						\
	else {								\
		unit_failed++;						\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *unit_a_ = (a), *unit_b_ = (b);			\
	if (strcmp(unit_a_, unit_b_) == 0)				\
		unit_passed++;						\
	else {								\
		unit_failed++;						\
		printf("FAIL %s:%d: \"%s\" != \"%s\"\n", __FILE__,	\
		    __LINE__, unit_a_, unit_b_);			\
	}								\
} while (0)

void	unit_time(void);
void	unit_numbers(void);
void	unit_pairing(void);
void	unit_input(void);
void	unit_calendar(void);
void	unit_reorder(void);
void	unit_refstr(void);
void	unit_pairstore(void);
void	unit_runs_counted(void);
void	unit_hashmap(void);
void	unit_csvrow(void);

#endif
