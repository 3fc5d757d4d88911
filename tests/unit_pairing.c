#include "config.h"
#include "unit.h"
void unit_pairing(void) {}
