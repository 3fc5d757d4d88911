/* libFuzzer target: the INI parser and the configuration built on it. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "conf.h"
#include "ini.h"
#include "intern.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ini	*ini;
	struct conf	*c;
	char		*cause = NULL;

	if ((ini = ini_parse("fuzz.conf", (const char *)data, size,
	    &cause)) != NULL) {
		c = conf_build(ini, &cause);
		conf_free(c);
	}
	free(cause);
	intern_free();
	return 0;
}
