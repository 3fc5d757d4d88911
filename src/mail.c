#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "ini.h"
#include "intern.h"
#include "refstr.h"
#include "mail.h"
#include "source.h"
#include "xmalloc.h"

#define MAIL_MSGID_MEMORY	(30LL * 86400 * 1000000)

/* ADDRESS[:DEPARTMENT]; addresses are compared lowercased. */
static void
mail_add_support(struct mail_conf *conf, const char *item, size_t len)
{
	const char	*colon = memchr(item, ':', len);
	size_t		 alen = colon != NULL ? (size_t)(colon - item) : len;

	conf->support = xreallocarray(conf->support, conf->nsupport + 1,
	    sizeof *conf->support);
	conf->support[conf->nsupport].address = source_intern_lower(item, alen);
	conf->support[conf->nsupport++].department = colon != NULL &&
	    colon + 1 < item + len ? intern(colon + 1, len - alen - 1) :
	    source_intern_lower(item, alen);
}

static void
mail_add_agent(struct mail_conf *conf, const char *item, size_t len)
{
	conf->agents = xreallocarray(conf->agents, conf->nagents + 1,
	    sizeof *conf->agents);
	conf->agents[conf->nagents++] = xstrdup(source_intern_lower(item, len));
}

/* A comma list of trimmed items. */
static void
mail_list(struct mail_conf *conf, const char *value,
    void (*add)(struct mail_conf *, const char *, size_t))
{
	const char	*p = value, *end;
	size_t		 len;

	while (*p != '\0') {
		end = p + strcspn(p, ",");
		while (p < end && isspace((unsigned char)*p))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len > 0)
			add(conf, p, len);
		p = *end == ',' ? end + 1 : end;
	}
}

int
mail_configure(struct mail_conf *conf, struct ini_section *sec, char **cause)
{
	struct ini_entry	*e;

	for (e = NULL; (e = ini_next(sec, "support", e)) != NULL;)
		mail_list(conf, e->value, mail_add_support);
	for (e = NULL; (e = ini_next(sec, "agents", e)) != NULL;)
		mail_list(conf, e->value, mail_add_agent);
	if (conf->nsupport == 0 || conf->nagents == 0) {
		*cause = xasprintf("%d: [source %s] needs support = and "
		    "agents =", sec->line, sec->name + 7);
		return -1;
	}
	return 0;
}

void
mail_conf_free(struct mail_conf *conf)
{
	size_t	i;

	for (i = 0; i < conf->nagents; i++)
		free(conf->agents[i]);
	free(conf->agents);
	free(conf->support);
}

void
mail_describe(const struct mail_conf *conf, FILE *f)
{
	size_t	i;

	fputs("support = ", f);
	for (i = 0; i < conf->nsupport; i++)
		fprintf(f, "%s%s:%s", i > 0 ? ", " : "",
		    conf->support[i].address, conf->support[i].department);
	fputs("\nagents = ", f);
	for (i = 0; i < conf->nagents; i++)
		fprintf(f, "%s%s", i > 0 ? ", " : "", conf->agents[i]);
	fputc('\n', f);
}

/* Add an interned string to a set kept as an array. */
void
mail_push(const char ***v, size_t *n, const char *s)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == s)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/*
 * Messages with one message-id are one message (a content filter's
 * re-injection, a message seen on several servers): merged into the
 * first, in the order given (time order).
 */
void
mail_merge(struct mail_msg **all, size_t n)
{
	struct hashmap	  bymsgid;
	struct mail_msg	**slot, *into, *m;
	size_t		  i, k;

	hashmap_init(&bymsgid);
	for (i = 0; i < n; i++) {
		m = all[i];
		if (m->msgid == NULL)
			continue;
		slot = (struct mail_msg **)hashmap_slot(&bymsgid, &m->msgid,
		    sizeof m->msgid, NULL);
		if (*slot == NULL) {
			*slot = m;
			continue;
		}
		into = *slot;
		m->merged = into;
		for (k = 0; k < m->nto; k++)
			mail_push(&into->to, &into->nto, m->to[k]);
		for (k = 0; k < m->nrefs; k++)
			mail_push(&into->refs, &into->nrefs, m->refs[k]);
		into->tried |= m->tried;
		if (into->sender == NULL)
			into->sender = m->sender;
		if (m->last > into->last)
			into->last = m->last;
	}
	hashmap_free(&bymsgid, NULL);
}

static const struct mail_support *
mail_support(const struct mail_conf *conf, const char *addr)
{
	size_t	i;

	for (i = 0; addr != NULL && i < conf->nsupport; i++)
		if (conf->support[i].address == addr)
			return &conf->support[i];
	return NULL;
}

static int
mail_agent(const struct mail_conf *conf, const char *addr)
{
	const char	*at;
	size_t		 i;

	if (addr == NULL || *addr == '\0')
		return 0;
	at = strchr(addr, '@');
	for (i = 0; i < conf->nagents; i++) {
		if (conf->agents[i][0] == '@' ? at != NULL &&
		    strcmp(at, conf->agents[i]) == 0 :
		    strcmp(addr, conf->agents[i]) == 0)
			return 1;
	}
	return 0;
}

struct mail_thread {
	const char	*key;
	const char	*customer;
	int64_t		 used;
};

/*
 * The thread of a message for a customer: that of a known message it
 * refers to (remembered 30 days after its last use) with the same
 * customer, else the customer's address thread.
 */
static const char *
mail_thread(struct hashmap *known, const struct mail_msg *m,
    const char *customer, int *referenced)
{
	struct mail_thread	*t;
	size_t			 i;

	*referenced = 0;
	for (i = 0; i < m->nrefs; i++) {
		t = hashmap_get(known, &m->refs[i], sizeof m->refs[i]);
		if (t == NULL || t->customer != customer ||
		    m->t - t->used > MAIL_MSGID_MEMORY)
			continue;
		t->used = m->t;
		*referenced = 1;
		return t->key;
	}
	return customer;
}

static void
mail_remember(struct hashmap *known, const struct mail_msg *m,
    const char *key, const char *customer)
{
	struct mail_thread	**slot;

	if (m->msgid == NULL)
		return;
	slot = (struct mail_thread **)hashmap_slot(known, &m->msgid,
	    sizeof m->msgid, NULL);
	if (*slot == NULL)
		*slot = xcalloc(1, sizeof **slot);
	(*slot)->key = key;
	(*slot)->customer = customer;
	(*slot)->used = m->t;
}

/*
 * A response with no known reference answers the customer's oldest
 * pending request in any thread (the pairing's group).
 */
static void
mail_event(struct source_ctx *ctx, const struct source *src,
    const struct mail_msg *m, enum event_kind kind, const char *customer,
    const char *key, int referenced, const char *department)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.time = m->t;
	ev.channel = src->channel;
	ev.thread = refstr_get_str(customer);
	ev.key = refstr_get_str(key);
	ev.group = customer;
	ev.any_thread = kind == EVENT_RESPONSE && !referenced;
	ev.customer = refstr_ref(ev.thread);
	ev.department = department;
	if (kind == EVENT_RESPONSE)
		ev.agent = m->sender;
	source_emit_ref(ctx, m->ref, &ev);
	event_release(&ev);
}

/* One message: a request, responses to each customer, or neither. */
static void
mail_message(const struct mail_conf *conf, struct source_ctx *ctx,
    const struct source *src, struct hashmap *known, const struct mail_msg *m)
{
	const struct mail_support	*sup = NULL;
	const char			*key, *to;
	size_t				 i;
	int				 ref;

	if (m->sender == NULL || mail_support(conf, m->sender) != NULL)
		return;		/* an auto-acknowledgement is no answer */
	if (mail_agent(conf, m->sender)) {
		for (i = 0; i < m->nto; i++) {
			to = m->to[i];
			if (mail_agent(conf, to) || mail_support(conf, to) !=
			    NULL)
				continue;
			key = mail_thread(known, m, to, &ref);
			mail_event(ctx, src, m, EVENT_RESPONSE, to, key, ref,
			    NULL);
			mail_remember(known, m, key, to);
		}
		return;
	}
	for (i = 0; i < m->nto && sup == NULL; i++)
		sup = mail_support(conf, m->to[i]);
	if (sup == NULL || *m->sender == '\0')
		return;
	key = mail_thread(known, m, m->sender, &ref);
	mail_event(ctx, src, m, EVENT_REQUEST, m->sender, key, ref,
	    sup->department);
	mail_remember(known, m, key, m->sender);
}

/* The events of messages in time order (merged ones are skipped). */
void
mail_emit(const struct mail_conf *conf, struct source_ctx *ctx,
    const struct source *src, struct mail_msg **all, size_t n)
{
	struct hashmap	known;
	size_t		i;

	hashmap_init(&known);
	for (i = 0; i < n; i++)
		if (all[i]->merged == NULL)
			mail_message(conf, ctx, src, &known, all[i]);
	hashmap_free(&known, free);
}

void
mail_msg_free(struct mail_msg *m)
{
	free(m->refs);
	free(m->to);
	free(m);
}
