/*
 * libFuzzer target: the line reader (plain or gzip) and every source
 * format (csv in both row modes, asterisk-queue-log, asterisk-cdr,
 * syslog, postfix, exchange), through the driver that accounts for
 * lines, duplicates and the formats that assemble parts across files.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "ini.h"
#include "input.h"
#include "intern.h"
#include "refstr.h"
#include "reader.h"
#include "source.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_conf[] =
"[report]\ntimezone = Europe/Berlin\n"
"[channel chat]\nrespond_within = 1m\n"
"[source roles]\nformat = csv\nchannel = chat\ntime = time\n"
"thread = thread\nrole = role\nagent = agent\ndepartment = department\n"
"priority = 6\nrequest = customer\nresponse = agent\nabandon = left\n"
"[source rows]\nformat = csv\nchannel = chat\nheader = no\n"
"delimiter = \";\"\ntime = 1 + 2\ntime_format = %d/%m/%Y %H:%M\n"
"response_time = 3\nabandon_time = 4\nthread = 5\nagent = 6\n"
"[source pbx]\nformat = asterisk-queue-log\n"
"[source cdr]\nformat = asterisk-cdr\ninbound_contexts = from-*\n"
"agent_channels = SIP/*\n"
"[source log]\nformat = syslog\nchannel = chat\n"
"rule = request in (?<thread>\\S+)\nrule = response out (?<thread>\\S+) "
"(?<agent>\\S+)\n"
"[source mail]\nformat = postfix\nsupport = s@x\nagents = @y\n"
"[source ex]\nformat = exchange\nsupport = s@x\nagents = @y\n"
"[channel phone]\nrespond_within = 30s\n"
"[channel email]\nrespond_within = 1h\n";

static struct conf *
fuzz_setup(void)
{
	struct ini	*ini;
	char		*cause;

	ini = ini_parse("fuzz.conf", fuzz_conf, sizeof fuzz_conf - 1, &cause);
	if (ini == NULL)
		abort();
	return conf_build(ini, &cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf	*c;
	static char		 path[] = "/tmp/respstat-fuzz-XXXXXX";
	static int		 fd = -1;
	const char		*names[1] = { path };
	/* The syslog year rule needs a current time: 2026-11-23. */
	static const struct source_env env = { 0, 0, 0, 1795392000000000LL };
	struct reader		 r;
	struct input		*in;
	struct event		 ev;
	char			*cause;
	size_t			 i;

	if (c == NULL && (c = fuzz_setup()) == NULL)
		abort();
	if (fd == -1 && (fd = mkstemp(path)) == -1)
		abort();
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	for (i = 0; i < c->nsources; i++) {
		if ((in = input_open(path, 1, &cause)) == NULL)
			abort();
		reader_init(&r, names,
		    (const struct source *const *)&c->sources[i], 1, &env);
		reader_start(&r, &in, 0);
		while (reader_next(&r, &ev))
			event_release(&ev);
		reader_end(&r);
		if (r.files[0].read != r.files[0].used + r.files[0].ignored +
		    r.files[0].duplicate + r.files[0].rejected)
			abort();
		reader_free(&r);
		/* Every counted string was given back. */
		if (refstr_live() != 0)
			abort();
	}
	return 0;
}
