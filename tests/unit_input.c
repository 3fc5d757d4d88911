#include "config.h"
#include "unit.h"
void unit_input(void) {}
