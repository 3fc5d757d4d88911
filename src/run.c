#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "callback.h"
#include "conf.h"
#include "identity.h"
#include "input.h"
#include "intern.h"
#include "refstr.h"
#include "manifest.h"
#include "output.h"
#include "pairing.h"
#include "pairstore.h"
#include "reader.h"
#include "run.h"
#include "sla.h"
#include "source.h"
#include "timestamp.h"
#include "tz.h"
#include "writer.h"
#include "xmalloc.h"

/*
 * Verdicts of the pairs reports held in memory before a sorted run goes
 * to a temporary file (about 200 bytes each).
 */
#ifndef RUN_PAIRS_IN_MEMORY
#define RUN_PAIRS_IN_MEMORY	65536
#endif

struct run_state {
	const struct run_options *opt;
	struct conf		*conf;
	int			 month_first;	/* -1: every month */
	int			 month_last;
	int64_t			 now;
	int64_t			 end;
	struct source		**sources;	/* by argument */
	struct input		**inputs;
	size_t			*rank;		/* argument -> rank */
	const char		**names;	/* by rank */
	struct reader		 reader;
	struct source_env	 env;
	struct aggregate	*aggregate;
	struct runs		*pairs;		/* NULL: no pairs report */
	int			 pairs_failed;
	int			 callbacks;	/* [channel callback] exists */
	struct event		*queued;	/* callback requests to feed */
	size_t			 nqueued;
	uint64_t		 answered;
	uint64_t		 open;
	uint64_t		 requests_in_months;
	uint64_t		*month_requests;	/* by -m month */
	size_t			 unknown;
	size_t			 peak;
	int			 status;
};

static void
run_error(struct run_state *rs, int status, const char *fmt, const char *arg)
{
	fputs("respstat: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	if (status > rs->status)
		rs->status = status;
}

static const char *
run_config_path(const struct run_options *o)
{
	const char	*env = getenv("RESPSTAT_CONFIG");

	if (o->config != NULL)
		return o->config;
	if (env != NULL && *env != '\0')
		return env;
	if (access("respstat.conf", F_OK) == 0)
		return "respstat.conf";
	return SYSCONFDIR "/respstat.conf";
}

static int
run_time_option(struct run_state *rs, const char *opt, const char *value,
    int64_t *out)
{
	if (timestamp_parse_iso8601(value, strlen(value), rs->conf->tz, out) ==
	    -1) {
		fprintf(stderr, "respstat: %s \"%s\": want an ISO 8601 time "
		    "such as 2026-11-01T00:00:00+08:00\n", opt, value);
		return -1;
	}
	return 0;
}

/* -m YYYY-MM, YYYY-MM..YYYY-MM or last (the month before --now). */
static int
run_months(struct run_state *rs)
{
	const char	*m = rs->opt->month, *dots;
	char		*first;
	int		 bad;

	rs->month_first = rs->month_last = -1;
	if (m == NULL)
		return 0;
	if (strcmp(m, "last") == 0) {
		rs->month_first = rs->month_last =
		    timestamp_month(rs->now, rs->conf->tz) - 1;
		rs->month_requests = xcalloc(1, sizeof *rs->month_requests);
		return 0;
	}
	if ((dots = strstr(m, "..")) != NULL) {
		first = xstrndup(m, (size_t)(dots - m));
		bad = timestamp_month_parse(first, &rs->month_first) == -1 ||
		    timestamp_month_parse(dots + 2, &rs->month_last) == -1 ||
		    rs->month_last < rs->month_first;
		free(first);
	} else {
		bad = timestamp_month_parse(m, &rs->month_first) == -1;
		rs->month_last = rs->month_first;
	}
	if (!bad)
		rs->month_requests = xcalloc((size_t)(rs->month_last -
		    rs->month_first + 1), sizeof *rs->month_requests);
	if (bad) {
		fprintf(stderr, "respstat: bad month \"%s\": want YYYY-MM, "
		    "YYYY-MM..YYYY-MM or last\n", m);
		return -1;
	}
	return 0;
}

/* Every FILE gets its source before any is opened (exit 2 if not). */
static int
run_assign_sources(struct run_state *rs)
{
	const struct run_options	*o = rs->opt;
	size_t				 i, k;
	int				 ok = 1;

	rs->sources = xcalloc(o->nfiles, sizeof *rs->sources);
	for (i = 0; i < o->nfiles; i++) {
		if (o->files[i].source != NULL) {
			if ((rs->sources[i] = conf_source(rs->conf,
			    o->files[i].source)) == NULL) {
				run_error(rs, 2, "no source \"%s\" in the "
				    "configuration", o->files[i].source);
				ok = 0;
			}
			continue;
		}
		if (strcmp(o->files[i].path, "-") == 0) {
			run_error(rs, 2, "%s", "standard input needs -s SOURCE");
			ok = 0;
			continue;
		}
		for (k = 0; k < rs->conf->nsources; k++)
			if (source_matches(rs->conf->sources[k],
			    o->files[i].path))
				break;
		if (k == rs->conf->nsources) {
			run_error(rs, 2, "%s: no source's files glob matches "
			    "this file (use -s SOURCE)", o->files[i].path);
			ok = 0;
		} else
			rs->sources[i] = rs->conf->sources[k];
	}
	return ok ? 0 : -1;
}

static int
run_open_inputs(struct run_state *rs)
{
	size_t	i;
	char	*cause;
	int	ok = 1;

	rs->inputs = xcalloc(rs->opt->nfiles, sizeof *rs->inputs);
	for (i = 0; i < rs->opt->nfiles; i++) {
		if ((rs->inputs[i] = input_open(rs->opt->files[i].path,
		    rs->opt->manifest != NULL, &cause)) == NULL) {
			run_error(rs, 1, "%s", cause);
			free(cause);
			ok = 0;
		}
	}
	return ok ? 0 : -1;
}

static const struct run_options	*run_sort_opt;

static int
run_rank_compare(const void *va, const void *vb)
{
	size_t	a = *(const size_t *)va, b = *(const size_t *)vb;
	int	r;

	r = strcmp(run_sort_opt->files[a].path, run_sort_opt->files[b].path);
	if (r != 0)
		return r;
	return a < b ? -1 : a > b;
}

static void
run_progress(const char *name, size_t done, size_t n)
{
	fprintf(stderr, "respstat: read %s (%zu of %zu)\033[K\r", name, done,
	    n);
}

static size_t
run_threads(const struct run_state *rs)
{
	long	cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return rs->opt->jobs > 0 ? (size_t)rs->opt->jobs : cpus > 0 ?
	    (size_t)cpus : 1;
}

/*
 * Files are ranked by name, as bytes: the order of every tie.  Each
 * becomes a stream, read ahead in a thread of its own when -j allows
 * more than one.
 */
static void
run_read_inputs(struct run_state *rs)
{
	size_t		 n = rs->opt->nfiles, i, *order;
	struct source	**ranked;
	struct input	**streams;

	order = xcalloc(n, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	run_sort_opt = rs->opt;
	qsort(order, n, sizeof *order, run_rank_compare);
	rs->names = xcalloc(n, sizeof *rs->names);
	ranked = xcalloc(n + 1, sizeof *ranked);
	streams = xcalloc(n + 1, sizeof *streams);
	for (i = 0; i < n; i++) {
		rs->names[i] = rs->opt->files[order[i]].path;
		ranked[i] = rs->sources[order[i]];
		streams[i] = rs->inputs[order[i]];
	}
	rs->env.now = rs->now;
	if ((rs->env.has_window = rs->month_first >= 0)) {
		rs->env.window_start = timestamp_month_start(rs->month_first,
		    rs->conf->tz);
		rs->env.window_end = timestamp_month_start(rs->month_last + 1,
		    rs->conf->tz);
	}
	reader_init(&rs->reader, rs->names,
	    (const struct source *const *)ranked, n, &rs->env);
	if (rs->opt->progress)
		rs->reader.progress = run_progress;
	free(ranked);
	reader_start(&rs->reader, streams, (int)run_threads(rs));
	free(streams);
	free(order);
}

static int
run_in_months(const struct run_state *rs, int month)
{
	return rs->month_first < 0 || (month >= rs->month_first &&
	    month <= rs->month_last);
}

static void
run_pair(const struct pair *p, void *arg)
{
	struct run_state	*rs = arg;
	struct verdict		 v;
	char			*cause;

	sla_judge(rs->conf, p, rs->end, &v);
	identity_complete(rs->conf, &v);
	if (rs->callbacks) {
		rs->queued = xreallocarray(rs->queued, rs->nqueued + 1,
		    sizeof *rs->queued);
		rs->nqueued += callback_request(&v, &rs->queued[rs->nqueued]);
	}
	if (v.pair.outcome == OUTCOME_ANSWERED)
		rs->answered++;
	else if (v.pair.outcome == OUTCOME_OPEN)
		rs->open++;
	if (!run_in_months(rs, v.month))
		return;
	rs->requests_in_months++;
	if (rs->month_first >= 0)
		rs->month_requests[v.month - rs->month_first]++;
	aggregate_add(rs->aggregate, &v);
	if (rs->pairs == NULL || rs->pairs_failed)
		return;
	if (runs_add(rs->pairs, &v, &cause) == -1) {
		run_error(rs, 1, "%s", cause);
		free(cause);
		rs->pairs_failed = 1;
	}
}

static void
run_missed_ring(struct run_state *rs, const struct event *ev)
{
	int	month = timestamp_month(ev->time, rs->conf->tz);

	if (ev->agent == NULL || !run_in_months(rs, month))
		return;
	aggregate_ring(rs->aggregate, month, ev->department != NULL ?
	    ev->department : intern_str("-"), ev->agent,
	    identity_name(rs->conf, ev->agent), ev->channel);
}

/* The latest event is the end of the data, unless --end says. */
static void
run_end(struct run_state *rs)
{
	const struct reader	*r = &rs->reader;
	char			 a[TIMESTAMP_BUFSIZE], b[TIMESTAMP_BUFSIZE];

	if (r->nevents == 0) {
		rs->end = rs->now;
		return;
	}
	if (r->latest > rs->now) {
		timestamp_format(a, r->latest, rs->conf->tz);
		timestamp_format(b, rs->now, rs->conf->tz);
		fprintf(stderr, "respstat: warning: the latest event (%s) is "
		    "after the current time (%s); see --end\n", a, b);
	}
	if (rs->opt->end == NULL)
		rs->end = r->latest;
}

/*
 * The merged stream of events through pairing.  Pairs closed on the way
 * are judged at once; what is still pending at the end is judged against
 * the end of the data, known only then.
 */
static void
run_pairing(struct run_state *rs)
{
	struct pairing	*p;
	struct identity	 id;
	struct event	 ev;
	size_t		 k;

	identity_init(&id, rs->conf);
	rs->aggregate = aggregate_new(rs->conf);
	rs->callbacks = conf_channel(rs->conf, CALLBACK_CHANNEL) != NULL;
	p = pairing_new(run_pair, rs);
	while (reader_next(&rs->reader, &ev)) {
		identity_resolve(&id, &ev);
		if (ev.kind == EVENT_MISSED_RING)
			run_missed_ring(rs, &ev);
		else if (conf_channel(rs->conf, ev.channel) != NULL)
			pairing_event(p, &ev);
		event_release(&ev);
		/* An abandon's callback is a request at that very time. */
		for (k = 0; k < rs->nqueued; k++) {
			pairing_event(p, &rs->queued[k]);
			event_release(&rs->queued[k]);
		}
		rs->nqueued = 0;
	}
	if (rs->opt->progress && rs->reader.nfiles > 0)
		fputs("\033[K", stderr);
	reader_end(&rs->reader);
	run_end(rs);
	pairing_finish(p);
	rs->peak = pairing_peak(p);
	rs->unknown = identity_unknown(&id);
	identity_free(&id);
	pairing_free(p);
	aggregate_finish(rs->aggregate);
}

static void
run_write_reports(struct run_state *rs)
{
	struct report_data	 d;
	struct output		*out;
	const struct run_report	*rep;
	size_t			 i;
	char			*cause;

	memset(&d, 0, sizeof d);
	d.conf = rs->conf;
	d.aggregate = rs->aggregate;
	d.pairs = rs->pairs;
	d.names = rs->names;
	for (i = 0; i < rs->opt->nreports; i++) {
		rep = &rs->opt->reports[i];
		if ((out = output_open(rep->output, &cause)) == NULL) {
			run_error(rs, 1, "%s", cause);
			free(cause);
			continue;
		}
		if ((rep->kind == REPORT_PAIRS || rep->kind ==
		    REPORT_VIOLATIONS) && rs->pairs_failed) {
			output_discard(out);
			continue;
		}
		if (report_write(rep->kind, rep->format, output_file(out), &d,
		    &cause) == -1) {
			run_error(rs, 1, "%s", cause);
			free(cause);
			output_discard(out);
			continue;
		}
		if (output_commit(out, &cause) == -1) {
			run_error(rs, 1, "%s", cause);
			free(cause);
		}
	}
}

static void
run_write_rejects(struct run_state *rs)
{
	struct output	*out;
	char		*cause;
	size_t		 i;

	if (rs->opt->rejects == NULL)
		return;
	if ((out = output_open(rs->opt->rejects, &cause)) == NULL)
		goto error;
	fputs("file\tline\treason\ttext\n", output_file(out));
	for (i = 0; i < rs->reader.nfiles; i++) {
		if (reject_write(reader_rejects(&rs->reader, i), rs->names[i],
		    output_file(out), &cause) == -1) {
			output_discard(out);
			goto error;
		}
	}
	if (output_commit(out, &cause) == 0)
		return;
error:
	run_error(rs, 1, "%s", cause);
	free(cause);
}

static void
run_write_manifest(struct run_state *rs)
{
	struct manifest_run	 m;
	struct output		*out;
	char			*cause;

	if (rs->opt->manifest == NULL)
		return;
	m.month = rs->opt->month;
	m.now = rs->now;
	m.end = rs->end;
	if ((out = output_open(rs->opt->manifest, &cause)) != NULL) {
		manifest_write(output_file(out), rs->conf, &rs->reader, &m);
		if (output_commit(out, &cause) == 0)
			return;
	}
	run_error(rs, 1, "%s", cause);
	free(cause);
}

/* Messages in input order: each file's rejects, warning and error. */
static void
run_messages(struct run_state *rs)
{
	struct reader		*r = &rs->reader;
	size_t			 i, k;
	char			 buf[TIMESTAMP_MONTH_BUFSIZE];
	int			 m;

	for (i = 0; i < r->nfiles; i++) {
		reject_print(reader_rejects(r, i), r->names[i]);
		for (k = 0; k < r->files[i].nwarnings; k++)
			fprintf(stderr, "respstat: warning: %s\n",
			    r->files[i].warnings[k]);
		if (r->files[i].error != NULL)
			run_error(rs, 1, "%s", r->files[i].error);
		if (rs->opt->strict && r->files[i].rejected > 0)
			rs->status = rs->status > 1 ? rs->status : 1;
	}
	if (rs->month_first < 0) {
		if (rs->requests_in_months == 0)
			run_error(rs, rs->opt->strict ? 1 : 0, "%s",
			    "warning: no requests");
		return;
	}
	for (m = rs->month_first; m <= rs->month_last; m++) {
		if (rs->month_requests[m - rs->month_first] > 0)
			continue;
		timestamp_month_format(buf, m);
		run_error(rs, rs->opt->strict ? 1 : 0,
		    "warning: no requests in %s", buf);
	}
}

/* Fixed lines, wall time last so that tests can drop it. */
static void
run_summary(const struct run_state *rs, const struct timespec *start)
{
	struct timespec	 stop;
	size_t		 i;
	double		 secs;

	if (rs->opt->quiet)
		return;
	reader_summary(&rs->reader, stderr);
	for (i = 0; i < rs->conf->nsources; i++)
		source_summary(rs->conf->sources[i], stderr);
	fprintf(stderr, "respstat: events: %llu\n",
	    (unsigned long long)rs->reader.nevents);
	fprintf(stderr, "respstat: pairs: %llu\n",
	    (unsigned long long)rs->answered);
	fprintf(stderr, "respstat: requests still open: %llu\n",
	    (unsigned long long)rs->open);
	fprintf(stderr, "respstat: peak open threads: %zu\n", rs->peak);
	fprintf(stderr, "respstat: identities not in the roster: %zu\n",
	    rs->unknown);
	clock_gettime(CLOCK_MONOTONIC, &stop);
	secs = (double)(stop.tv_sec - start->tv_sec) +
	    (double)(stop.tv_nsec - start->tv_nsec) / 1e9;
	fprintf(stderr, "respstat: wall time: %.3f s\n", secs);
}

static int
run_setup(struct run_state *rs)
{
	const struct run_options	*o = rs->opt;
	char				*cause;
	struct timeval			 tv;

	if ((rs->conf = conf_load(run_config_path(o), &cause)) == NULL) {
		run_error(rs, 2, "%s", cause);
		free(cause);
		return -1;
	}
	if (o->check_config) {
		conf_print(rs->conf, stdout);
		return -1;
	}
	gettimeofday(&tv, NULL);
	rs->now = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
	if ((o->now != NULL && run_time_option(rs, "--now", o->now,
	    &rs->now) == -1) || (o->end != NULL && run_time_option(rs, "--end",
	    o->end, &rs->end) == -1) || run_months(rs) == -1) {
		rs->status = 2;
		return -1;
	}
	return 0;
}

static void
run_free(struct run_state *rs)
{
	size_t	i;

	if (rs->inputs != NULL && rs->status != 0 && rs->names == NULL)
		for (i = 0; i < rs->opt->nfiles; i++)
			input_close(rs->inputs[i]);
	free(rs->inputs);
	free(rs->sources);
	free(rs->month_requests);
	if (rs->names != NULL)
		reader_free(&rs->reader);
	free(rs->names);
	runs_free(rs->pairs);
	free(rs->queued);
	aggregate_free(rs->aggregate);
	conf_free(rs->conf);
	intern_free();
	refstr_free();
}

int
run(const struct run_options *o)
{
	struct run_state	rs;
	struct timespec		start;
	size_t			i;

	clock_gettime(CLOCK_MONOTONIC, &start);
	memset(&rs, 0, sizeof rs);
	rs.opt = o;
	for (i = 0; i < o->nreports && rs.pairs == NULL; i++)
		if (o->reports[i].kind == REPORT_PAIRS ||
		    o->reports[i].kind == REPORT_VIOLATIONS)
			rs.pairs = runs_new(&pairstore_type, RUN_PAIRS_IN_MEMORY);
	if (run_setup(&rs) == 0 && run_assign_sources(&rs) == 0 &&
	    run_open_inputs(&rs) == 0) {
		run_read_inputs(&rs);
		run_pairing(&rs);
		run_write_reports(&rs);
		run_write_rejects(&rs);
		run_write_manifest(&rs);
		run_messages(&rs);
		run_summary(&rs, &start);
	}
	run_free(&rs);
	return rs.status;
}
