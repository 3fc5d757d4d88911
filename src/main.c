/*
 * respstat: response times of an after-sales organisation, from its
 * phone, mail and chat logs, checked against its service commitments.
 * This file reads the command line; run.c does the work.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "run.h"
#include "writer.h"
#include "xmalloc.h"

enum {
	OPT_REJECTS = 256,
	OPT_MANIFEST,
	OPT_NOW,
	OPT_END,
	OPT_STRICT,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_CHECK_CONFIG
};

static const struct option main_longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "month", required_argument, NULL, 'm' },
	{ "report", required_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "source", required_argument, NULL, 's' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "manifest", required_argument, NULL, OPT_MANIFEST },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "end", required_argument, NULL, OPT_END },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
	{ NULL, 0, NULL, 0 }
};

static void
main_usage(FILE *f)
{
	fputs(
"usage: respstat [-c FILE] [-m MONTH] [-r REPORT] [-f FORMAT] [-o FILE]\n"
"                [options] [[-s SOURCE] FILE ...]\n"
"  -c, --config FILE    configuration (default $RESPSTAT_CONFIG,\n"
"                       ./respstat.conf, " SYSCONFDIR "/respstat.conf)\n"
"  -m, --month M        YYYY-MM, YYYY-MM..YYYY-MM or last\n"
"  -r, --report R       agents, departments, pairs, violations, penalties;\n"
"                       repeat -r for several reports in one pass\n"
"  -f, --format F       tsv, csv, json (one object a line) or text\n"
"  -o, --output FILE    write the report there, atomically\n"
"  -s, --source NAME    the config's source for the FILEs that follow\n"
"  --rejects FILE       every rejected line, with file, line and reason\n"
"  --manifest FILE      versions and SHA-256 of config and inputs, as JSON\n"
"  --now TIME, --end TIME  the current time; the end of the data\n"
"  --strict             exit 1 if any line was rejected\n"
"  -j, --jobs N         files read at once (default: the CPUs)\n"
"  --progress, --no-progress, -q (no summary), --check-config\n"
"  -h, --help, -V, --version\n"
"See respstat(1) and respstat.conf(5).\n", f);
}

static void __attribute__((noreturn))
main_usage_error(const char *fmt, const char *arg)
{
	fputs("respstat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'respstat --help'.\n", stderr);
	exit(2);
}

static struct run_report *
main_report(struct run_options *o, int create)
{
	struct run_report	*r;

	if (o->nreports > 0 && !create)
		return &o->reports[o->nreports - 1];
	o->reports = xreallocarray(o->reports, o->nreports + 1,
	    sizeof *o->reports);
	r = &o->reports[o->nreports++];
	memset(r, 0, sizeof *r);
	r->format = &writer_tsv_ops;
	return r;
}

/* -r takes the -f and -o that follow it up to the next -r. */
static void
main_option_report(struct run_options *o, int ch, const char *arg)
{
	struct run_report	*r;

	if (ch == 'r') {
		r = main_report(o, o->nreports == 0 ||
		    o->reports[o->nreports - 1].kind_set);
		if (report_kind(arg, &r->kind) == -1)
			main_usage_error("unknown report \"%s\"", arg);
		r->kind_set = 1;
	} else if (ch == 'f') {
		r = main_report(o, 0);
		if ((r->format = writer_find(arg)) == NULL)
			main_usage_error("unknown format \"%s\"", arg);
	} else {
		r = main_report(o, 0);
		if (r->output != NULL)
			main_usage_error("two -o for one report (%s)", arg);
		r->output = arg;
	}
}

static void
main_file(struct run_options *o, const char *path, const char *source)
{
	o->files = xreallocarray(o->files, o->nfiles + 1, sizeof *o->files);
	o->files[o->nfiles].path = path;
	o->files[o->nfiles].source = source;
	o->nfiles++;
}

int
main(int argc, char **argv)
{
	struct run_options	 o;
	const char		*source = NULL;
	char			*end;
	int			 ch;

	signal(SIGPIPE, SIG_DFL);
	memset(&o, 0, sizeof o);
	o.progress = isatty(STDERR_FILENO);
	while ((ch = getopt_long(argc, argv, "-c:m:r:f:o:s:j:qhV",
	    main_longopts, NULL)) != -1) {
		switch (ch) {
		case 1:
			main_file(&o, optarg, source);
			break;
		case 'c':
			o.config = optarg;
			break;
		case 'm':
			o.month = optarg;
			break;
		case 'r':
		case 'f':
		case 'o':
			main_option_report(&o, ch, optarg);
			break;
		case 's':
			source = optarg;
			break;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (o.jobs < 1 || o.jobs > 1024 || *end != '\0')
				main_usage_error("bad -j \"%s\": want a "
				    "number of threads", optarg);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			main_usage(stdout);
			return 0;
		case 'V':
			puts("respstat " PACKAGE_VERSION);
			return 0;
		case OPT_REJECTS:
			o.rejects = optarg;
			break;
		case OPT_MANIFEST:
			o.manifest = optarg;
			break;
		case OPT_NOW:
			o.now = optarg;
			break;
		case OPT_END:
			o.end = optarg;
			break;
		case OPT_STRICT:
			o.strict = 1;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case OPT_NO_PROGRESS:
			o.progress = 0;
			break;
		case OPT_CHECK_CONFIG:
			o.check_config = 1;
			break;
		default:
			fputs("Try 'respstat --help'.\n", stderr);
			return 2;
		}
	}
	if (o.nfiles == 0 && !o.check_config)
		main_file(&o, "-", source);
	if (o.nreports == 0)
		main_report(&o, 1);
	ch = run(&o);
	free(o.reports);
	free(o.files);
	return ch;
}
