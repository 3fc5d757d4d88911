#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "conf.h"
#include "number.h"
#include "runs.h"
#include "report.h"
#include "sla.h"
#include "timestamp.h"
#include "writer.h"
#include "xmalloc.h"

#define REPORT_CELLBUF	64

/* One row being built: cells whose text lives in bufs when formatted. */
struct row {
	struct cell	*cells;
	char		(*bufs)[REPORT_CELLBUF];
	size_t		 n;
	char		*owned[2];	/* texts too long for a buffer */
	size_t		 nowned;
};

static const char *report_kinds[] = {
	"agents", "departments", "pairs", "violations", "penalties"
};

static const char *outcome_names[] = {
	"answered", "abandoned", "short_abandoned", "unanswered", "open"
};

int
report_kind(const char *name, enum report_kind *kind)
{
	size_t	i;

	for (i = 0; i < sizeof report_kinds / sizeof report_kinds[0]; i++) {
		if (strcmp(report_kinds[i], name) == 0) {
			*kind = (enum report_kind)i;
			return 0;
		}
	}
	return -1;
}

static void
row_init(struct row *r, size_t ncolumns)
{
	memset(r, 0, sizeof *r);
	r->cells = xcalloc(ncolumns, sizeof *r->cells);
	r->bufs = xcalloc(ncolumns, sizeof *r->bufs);
}

/* Start the next row. */
static void
row_reset(struct row *r)
{
	while (r->nowned > 0)
		free(r->owned[--r->nowned]);
	r->n = 0;
}

static void
row_free(struct row *r)
{
	row_reset(r);
	free(r->cells);
	free(r->bufs);
}

/* A string; "-" (nothing) is null. */
static void
row_str(struct row *r, const char *s)
{
	struct cell	*c = &r->cells[r->n++];

	c->type = s == NULL || strcmp(s, "-") == 0 ? CELL_NULL : CELL_STRING;
	c->s = s;
	c->len = s != NULL ? strlen(s) : 0;
}

static char *
row_buf(struct row *r, enum cell_type type)
{
	struct cell	*c = &r->cells[r->n];

	c->type = type;
	c->s = r->bufs[r->n];
	return r->bufs[r->n];
}

static void
row_done(struct row *r)
{
	r->cells[r->n].len = strlen(r->cells[r->n].s);
	r->n++;
}

static void
row_count(struct row *r, uint64_t n)
{
	snprintf(row_buf(r, CELL_NUMBER), REPORT_CELLBUF, "%llu",
	    (unsigned long long)n);
	row_done(r);
}

static void
row_seconds(struct row *r, int64_t us)
{
	number_seconds(row_buf(r, CELL_NUMBER), us);
	row_done(r);
}

static void
row_null(struct row *r)
{
	row_str(r, NULL);
}

static void
row_time(struct row *r, int64_t us, const struct conf *c)
{
	timestamp_format(row_buf(r, CELL_STRING), us, c->tz);
	row_done(r);
}

static void
row_month(struct row *r, int month)
{
	timestamp_month_format(row_buf(r, CELL_STRING), month);
	row_done(r);
}

static void
row_origin(struct row *r, const struct origin *o, const char **names)
{
	char	*s = xasprintf("%s:%u", names[o->file], o->line);

	r->owned[r->nowned++] = s;
	r->cells[r->n].type = CELL_STRING;
	r->cells[r->n].s = s;
	r->cells[r->n].len = strlen(s);
	r->n++;
}

static void
report_columns_add(struct column **cols, size_t *n, const char *name,
    int numeric)
{
	*cols = xreallocarray(*cols, *n + 1, sizeof **cols);
	(*cols)[*n].name = name;
	(*cols)[*n].numeric = numeric;
	(*n)++;
}

static const char *stat_columns[] = {
	"requests", "answered", "abandoned", "short_abandoned", "unanswered",
	"open", "within", "service_level", "violations", "mean", "p50", "p90",
	"p95", "max"
};

static size_t
report_group_columns(const struct conf *c, struct column **cols,
    enum aggregate_level level, char ***names)
{
	size_t	n = 0, i;

	*cols = NULL;
	*names = NULL;
	report_columns_add(cols, &n, "month", 0);
	report_columns_add(cols, &n, "department", 0);
	if (level == AGGREGATE_AGENTS)
		report_columns_add(cols, &n, "agent", 0);
	report_columns_add(cols, &n, "channel", 0);
	for (i = 0; i < sizeof stat_columns / sizeof stat_columns[0]; i++)
		report_columns_add(cols, &n, stat_columns[i], 1);
	report_columns_add(cols, &n, "mean_target_met", 0);
	report_columns_add(cols, &n, "missed_rings", 1);
	if (level == AGGREGATE_DEPARTMENTS && c->compensation.n > 0) {
		*names = xcalloc(c->compensation.n, sizeof **names);
		for (i = 0; i < c->compensation.n; i++) {
			(*names)[i] = xasprintf("compensation_%s",
			    c->compensation.v[i].name);
			report_columns_add(cols, &n, (*names)[i], 1);
		}
	}
	return n;
}

static void
report_group_stats(struct row *r, const struct group *g)
{
	uint64_t	den = g->answered + g->abandoned + g->unanswered;

	row_count(r, g->requests);
	row_count(r, g->answered);
	row_count(r, g->abandoned);
	row_count(r, g->short_abandoned);
	row_count(r, g->unanswered);
	row_count(r, g->open);
	row_count(r, g->within);
	if (den == 0)
		row_null(r);
	else {
		number_percent(row_buf(r, CELL_NUMBER), (int64_t)g->within,
		    (int64_t)den);
		row_done(r);
	}
	row_count(r, g->violations);
	if (g->waits.total == 0) {
		row_null(r);
		row_null(r);
		row_null(r);
		row_null(r);
		row_null(r);
	} else {
		number_seconds_ratio(row_buf(r, CELL_NUMBER), g->sum,
		    (int64_t)g->waits.total);
		row_done(r);
		row_seconds(r, histogram_percentile(&g->waits, 50));
		row_seconds(r, histogram_percentile(&g->waits, 90));
		row_seconds(r, histogram_percentile(&g->waits, 95));
		row_seconds(r, histogram_percentile(&g->waits, 100));
	}
	row_str(r, g->mean_met == MEAN_MET_NONE ? NULL :
	    g->mean_met == MEAN_MET_YES ? "yes" : "no");
	row_count(r, g->missed_rings);
}

static void
report_groups(const struct report_data *d, enum aggregate_level level,
    const struct writer_ops *ops, struct writer *w)
{
	struct group *const	*rows;
	struct column		*cols;
	struct row		 r;
	char			**names;
	size_t			 n, i, k, nrows;

	n = report_group_columns(d->conf, &cols, level, &names);
	w->columns = cols;
	w->ncolumns = n;
	ops->open(w);
	rows = aggregate_rows(d->aggregate, level, &nrows);
	row_init(&r, n);
	for (i = 0; i < nrows; i++) {
		row_reset(&r);
		row_month(&r, rows[i]->month);
		row_str(&r, rows[i]->department);
		if (level == AGGREGATE_AGENTS)
			row_str(&r, rows[i]->agent_name);
		row_str(&r, rows[i]->channel);
		report_group_stats(&r, rows[i]);
		for (k = 0; names != NULL && k < d->conf->compensation.n; k++)
			row_count(&r, rows[i]->compensation[k]);
		ops->row(w, r.cells);
	}
	ops->close(w);
	row_free(&r);
	for (k = 0; names != NULL && k < d->conf->compensation.n; k++)
		free(names[k]);
	free(names);
	free(cols);
}

static const struct column pair_columns[] = {
	{ "month", 0 }, { "channel", 0 }, { "department", 0 }, { "agent", 0 },
	{ "thread", 0 }, { "priority", 0 }, { "requested", 0 },
	{ "responded", 0 }, { "outcome", 0 }, { "wait", 1 },
	{ "threshold", 1 }, { "violation", 0 }, { "delay", 1 },
	{ "compensation", 0 }, { "origin", 0 }, { "response_origin", 0 },
};

#define NPAIR_COLUMNS	(sizeof pair_columns / sizeof pair_columns[0])

static void
report_pair(struct row *r, const struct verdict *v,
    const struct report_data *d)
{
	const struct pair	*p = &v->pair;
	const struct conf	*c = d->conf;

	row_reset(r);
	row_month(r, v->month);
	row_str(r, p->channel);
	row_str(r, v->department);
	row_str(r, v->agent_name);
	row_str(r, p->thread);
	row_str(r, p->priority);
	row_time(r, p->requested, c);
	if (p->outcome == OUTCOME_ANSWERED)
		row_time(r, p->closed, c);
	else
		row_null(r);
	row_str(r, outcome_names[p->outcome]);
	if (v->has_wait)
		row_seconds(r, v->wait);
	else
		row_null(r);
	row_seconds(r, v->threshold);
	row_str(r, v->violation ? "yes" : "no");
	if (v->has_delay)
		row_seconds(r, v->delay);
	else
		row_null(r);
	row_str(r, v->compensation >= 0 ?
	    c->compensation.v[v->compensation].name : NULL);
	row_origin(r, &p->origin, d->names);
	if (p->outcome == OUTCOME_ANSWERED || p->outcome ==
	    OUTCOME_ABANDONED || p->outcome == OUTCOME_SHORT_ABANDONED)
		row_origin(r, &p->close_origin, d->names);
	else
		row_null(r);
}

static int
report_pairs(const struct report_data *d, int violations_only,
    const struct writer_ops *ops, struct writer *w, char **cause)
{
	struct row	r;
	struct verdict	v;
	int		got;

	if (runs_rewind(d->pairs, cause) == -1)
		return -1;
	w->columns = pair_columns;
	w->ncolumns = NPAIR_COLUMNS;
	ops->open(w);
	row_init(&r, NPAIR_COLUMNS);
	while ((got = runs_next(d->pairs, &v, cause)) == 1) {
		if (violations_only && !v.violation)
			continue;
		report_pair(&r, &v, d);
		ops->row(w, r.cells);
	}
	ops->close(w);
	row_free(&r);
	return got;
}

static const struct column penalty_columns[] = {
	{ "month", 0 }, { "level", 0 }, { "department", 0 }, { "agent", 0 },
	{ "violations", 1 }, { "action", 0 },
};

struct penalty {
	int		 month;
	const char	*department;
	const char	*name;
	const char	*agent;
	uint64_t	 late;
};

static int
report_penalty_compare(const void *va, const void *vb)
{
	const struct penalty	*a = va, *b = vb;
	int			 r;

	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if ((r = strcmp(a->department, b->department)) != 0)
		return r;
	if ((r = strcmp(a->name, b->name)) != 0)
		return r;
	return strcmp(a->agent, b->agent);
}

/* Agents' late answers per month, department and agent, over channels. */
static struct penalty *
report_agent_penalties(const struct report_data *d, size_t *n)
{
	struct group *const	*rows;
	struct penalty		*v;
	size_t			 nrows, i, k = 0;

	rows = aggregate_rows(d->aggregate, AGGREGATE_AGENTS, &nrows);
	v = xcalloc(nrows + 1, sizeof *v);
	for (i = 0; i < nrows; i++) {
		if (rows[i]->agent == NULL)
			continue;
		v[k].month = rows[i]->month;
		v[k].department = rows[i]->department;
		v[k].name = rows[i]->agent_name;
		v[k].agent = rows[i]->agent;
		v[k++].late = rows[i]->late;
	}
	if (k > 1)
		qsort(v, k, sizeof *v, report_penalty_compare);
	for (i = *n = 0; i < k; i++) {
		if (*n > 0 && report_penalty_compare(&v[*n - 1], &v[i]) == 0)
			v[*n - 1].late += v[i].late;
		else
			v[(*n)++] = v[i];
	}
	return v;
}

static void
report_penalty_row(struct row *r, const struct writer_ops *ops,
    struct writer *w, const struct penalty *p, const char *level,
    const struct conf_tiers *tiers)
{
	int	tier = sla_tier(tiers->v, tiers->n, (int64_t)p->late);

	if (tier < 0)
		return;
	row_reset(r);
	row_month(r, p->month);
	row_str(r, level);
	row_str(r, p->department);
	row_str(r, p->name);
	row_count(r, p->late);
	row_str(r, tiers->v[tier].name);
	ops->row(w, r->cells);
}

static void
report_penalties(const struct report_data *d, const struct writer_ops *ops,
    struct writer *w)
{
	struct group *const	*depts;
	struct penalty		*agents, dp;
	struct row		 r;
	size_t			 ndepts, nagents, i, j = 0, k;

	w->columns = penalty_columns;
	w->ncolumns = sizeof penalty_columns / sizeof penalty_columns[0];
	ops->open(w);
	row_init(&r, w->ncolumns);
	depts = aggregate_rows(d->aggregate, AGGREGATE_DEPARTMENTS, &ndepts);
	agents = report_agent_penalties(d, &nagents);
	for (i = 0; i < ndepts; i = k) {
		memset(&dp, 0, sizeof dp);
		dp.month = depts[i]->month;
		dp.department = depts[i]->department;
		dp.name = "-";
		for (k = i; k < ndepts && depts[k]->month == dp.month &&
		    strcmp(depts[k]->department, dp.department) == 0; k++)
			dp.late += depts[k]->violations;
		report_penalty_row(&r, ops, w, &dp, "department",
		    &d->conf->department_penalties);
		for (; j < nagents && (agents[j].month < dp.month ||
		    (agents[j].month == dp.month && strcmp(agents[j].department,
		    dp.department) <= 0)); j++)
			report_penalty_row(&r, ops, w, &agents[j], "agent",
			    &d->conf->agent_penalties);
	}
	ops->close(w);
	row_free(&r);
	free(agents);
}

int
report_write(enum report_kind kind, const struct writer_ops *ops, FILE *f,
    const struct report_data *d, char **cause)
{
	struct writer	w;

	memset(&w, 0, sizeof w);
	w.f = f;
	switch (kind) {
	case REPORT_AGENTS:
		report_groups(d, AGGREGATE_AGENTS, ops, &w);
		break;
	case REPORT_DEPARTMENTS:
		report_groups(d, AGGREGATE_DEPARTMENTS, ops, &w);
		break;
	case REPORT_PAIRS:
	case REPORT_VIOLATIONS:
		return report_pairs(d, kind == REPORT_VIOLATIONS, ops, &w,
		    cause);
	case REPORT_PENALTIES:
		report_penalties(d, ops, &w);
		break;
	}
	return 0;
}
