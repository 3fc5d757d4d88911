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
/* How long after its last line a message waits for a copy of itself. */
#define MAIL_COPY_WINDOW	(5LL * 60 * 1000000)

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

/* Add an interned string to a set kept as an array: 1 if new. */
int
mail_push(const char ***v, size_t *n, const char *s)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == s)
			return 0;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
	return 1;
}

/* The same for a counted string: the set holds a reference. */
void
mail_push_ref(const char ***v, size_t *n, const char *s)
{
	if (mail_push(v, n, s))
		refstr_ref(s);
}

/* A new message, after every other: its lines come from now on. */
void
mail_add(struct mail_box *box, struct mail_msg *m)
{
	if (box->bymsgid.slots == NULL)
		hashmap_init(&box->bymsgid);
	m->seq = box->seq++;
	if (box->last != NULL)
		box->last->next = m;
	else
		box->first = m;
	box->last = m;
}

static void
mail_copy(struct mail_msg *into, struct mail_msg *m)
{
	m->merged = into;
	into->copies = xreallocarray(into->copies, into->ncopies + 1,
	    sizeof *into->copies);
	into->copies[into->ncopies++] = m;
}

/*
 * A message's message-id (a counted reference, now the message's).
 * Another message with the same one, still in the box, is the same
 * message (a content filter's re-injection, a message seen on several
 * servers): this one is merged into it when it goes.
 */
void
mail_msgid(struct mail_box *box, struct mail_msg *m, const char *msgid)
{
	struct mail_msg	**slot, *into;
	size_t		  i;

	if (m->msgid == msgid || m->merged != NULL || m->ncopies > 0) {
		refstr_unref(msgid);	/* the same, or one made one already */
		return;
	}
	if (m->msgid != NULL) {		/* another: the last logged counts */
		if (hashmap_get(&box->bymsgid, &m->msgid, sizeof m->msgid) ==
		    m)
			hashmap_remove(&box->bymsgid, &m->msgid,
			    sizeof m->msgid);
		refstr_unref(m->msgid);
	}
	m->msgid = msgid;
	slot = (struct mail_msg **)hashmap_slot(&box->bymsgid, &m->msgid,
	    sizeof m->msgid, NULL);
	if (*slot == NULL) {
		*slot = m;
		return;
	}
	into = *slot;
	if (m->seq < into->seq) {	/* the first made is the message */
		*slot = m;
		mail_copy(m, into);
		for (i = 0; i < into->ncopies; i++)
			mail_copy(m, into->copies[i]);
		free(into->copies);
		into->copies = NULL;
		into->ncopies = 0;
	} else
		mail_copy(into, m);
}

/* The message of a message-id still in the box, if any. */
struct mail_msg *
mail_find(struct mail_box *box, const char *msgid)
{
	if (box->bymsgid.slots == NULL)
		return NULL;
	return hashmap_get(&box->bymsgid, &msgid, sizeof msgid);
}

/* What a copy says goes with the message it was merged into. */
static void
mail_merge(struct mail_msg *into, struct mail_msg *m)
{
	size_t	k;

	for (k = 0; k < m->nto; k++)
		mail_push(&into->to, &into->nto, m->to[k]);
	for (k = 0; k < m->nrefs; k++)
		mail_push_ref(&into->refs, &into->nrefs, m->refs[k]);
	into->tried |= m->tried;
	if (into->sender == NULL)
		into->sender = m->sender;
	if (m->last > into->last)
		into->last = m->last;
	m->merged = NULL;
	m->gone = 1;
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

/*
 * The thread of a message-id, remembered 30 days after its last use.
 * The message-id is kept as a 64-bit hash, not as text: there is one per
 * message of the last 30 days (two of a million collide once in 10^7
 * months, and then only for the same customer).
 */
struct mail_known {
	uint64_t	 id;		/* 0: an empty slot */
	const char	*customer;
	int64_t		 used;
};

static uint64_t
mail_known_id(const char *msgid)
{
	uint64_t	id = hashmap_hash(msgid, strlen(msgid));

	return id != 0 ? id : 1;
}

/* The slot of an id: its own, or the empty one where it would go. */
static struct mail_known *
mail_known_slot(const struct mail_box *box, uint64_t id)
{
	struct mail_known	*k;
	size_t			 mask = box->knownsize - 1, i;

	for (i = id & mask;; i = (i + 1) & mask) {
		k = &box->known[i];
		if (k->id == id || k->id == 0)
			return k;
	}
}

/*
 * Make room: the threads unused for 30 days before the last message
 * that went are dropped (they can be referred to by no message still to
 * go), and the table doubles if it is still half full.
 */
static void
mail_known_rebuild(struct mail_box *box)
{
	struct mail_known	*old = box->known;
	size_t			 oldsize = box->knownsize, i, live = 0;

	for (i = 0; i < oldsize; i++)
		if (old[i].id != 0 && box->now - old[i].used <=
		    MAIL_MSGID_MEMORY)
			live++;
	box->knownsize = 1024;
	while (live >= box->knownsize / 2)
		box->knownsize *= 2;
	box->known = xcalloc(box->knownsize, sizeof *box->known);
	box->nknown = live;
	for (i = 0; i < oldsize; i++)
		if (old[i].id != 0 && box->now - old[i].used <=
		    MAIL_MSGID_MEMORY)
			*mail_known_slot(box, old[i].id) = old[i];
	free(old);
}

/*
 * Whether a message refers to a known message (remembered 30 days after
 * its last use) of the same customer: then it joins that message's
 * thread.  Threads start at a customer's address and only ever join
 * threads of the same customer, so the thread is always the customer's
 * address; what a reference changes is that a response answers in its
 * thread, not the customer's oldest request in any.
 */
static int
mail_referenced(struct mail_box *box, const struct mail_msg *m,
    const char *customer)
{
	struct mail_known	*k;
	size_t			 i;

	for (i = 0; box->known != NULL && i < m->nrefs; i++) {
		k = mail_known_slot(box, mail_known_id(m->refs[i]));
		if (k->id == 0 || k->customer != customer ||
		    m->t - k->used > MAIL_MSGID_MEMORY)
			continue;
		k->used = m->t;
		return 1;
	}
	return 0;
}

static void
mail_remember(struct mail_box *box, const struct mail_msg *m,
    const char *customer)
{
	struct mail_known	*k;
	uint64_t		 id;

	if (m->msgid == NULL)
		return;
	/*
	 * Rebuilt only at 7/8 full: a few probes more for a few lookups a
	 * message, and no doubling (old and new at once) before it is due.
	 */
	if (box->nknown + 1 > box->knownsize / 8 * 7)
		mail_known_rebuild(box);
	id = mail_known_id(m->msgid);
	k = mail_known_slot(box, id);
	if (k->id == 0) {
		k->id = id;
		box->nknown++;
	}
	k->customer = customer;
	k->used = m->t;
}

/*
 * A response with no known reference answers the customer's oldest
 * pending request in any thread (the pairing's group).
 */
static void
mail_event(struct source_ctx *ctx, const struct source *src,
    const struct mail_msg *m, enum event_kind kind, const char *customer,
    int referenced, const char *department)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.time = m->t;
	ev.channel = src->channel;
	ev.thread = refstr_get_str(customer);
	ev.key = refstr_ref(ev.thread);
	ev.group = customer;
	ev.any_thread = kind == EVENT_RESPONSE && !referenced;
	ev.customer = refstr_ref(ev.thread);
	ev.department = department;
	if (kind == EVENT_RESPONSE)
		ev.agent = m->sender;
	source_emit_at(ctx, m->origin, &ev);
	event_release(&ev);
}

/* One message: a request, responses to each customer, or neither. */
static void
mail_message(const struct mail_conf *conf, struct source_ctx *ctx,
    const struct source *src, struct mail_box *box, const struct mail_msg *m)
{
	const struct mail_support	*sup = NULL;
	const char			*to;
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
			ref = mail_referenced(box, m, to);
			mail_event(ctx, src, m, EVENT_RESPONSE, to, ref, NULL);
			mail_remember(box, m, to);
		}
		return;
	}
	for (i = 0; i < m->nto && sup == NULL; i++)
		sup = mail_support(conf, m->to[i]);
	if (sup == NULL || *m->sender == '\0')
		return;
	ref = mail_referenced(box, m, m->sender);
	mail_event(ctx, src, m, EVENT_REQUEST, m->sender, ref,
	    sup->department);
	mail_remember(box, m, m->sender);
}

/* Done, and no copy can come; or no line came for box->idle. */
static int
mail_ready(const struct mail_box *box, const struct mail_msg *m)
{
	return m->gone || (m->done && box->front - m->done_at >=
	    MAIL_COPY_WINDOW) || box->front - m->last >= box->idle;
}

/* A message goes: its copies merged, its events made. */
static void
mail_go(struct mail_box *box, const struct mail_conf *conf,
    struct source_ctx *ctx, const struct source *src, struct mail_msg *m)
{
	size_t	i;

	for (i = 0; i < m->ncopies; i++)
		mail_merge(m, m->copies[i]);
	if (m->msgid != NULL && hashmap_get(&box->bymsgid, &m->msgid,
	    sizeof m->msgid) == m)
		hashmap_remove(&box->bymsgid, &m->msgid, sizeof m->msgid);
	m->gone = 1;
	box->now = m->t;
	if (box->count_unfinished && !m->done && !m->tried &&
	    box->front - m->last >= box->idle) {
		box->unfinished++;
		return;
	}
	mail_message(conf, ctx, src, box, m);
}

/*
 * The messages at the head of the box that are ready, with their
 * copies (all of them, at the end of the data), become events.
 */
void
mail_release(struct mail_box *box, const struct mail_conf *conf,
    struct source_ctx *ctx, const struct source *src, int all)
{
	struct mail_msg	*m;
	size_t		 i;

	while ((m = box->first) != NULL) {
		if (!all && !mail_ready(box, m))
			return;
		for (i = 0; !all && i < m->ncopies; i++)
			if (!mail_ready(box, m->copies[i]))
				return;
		box->first = m->next;
		if (box->first == NULL)
			box->last = NULL;
		if (!m->gone)
			mail_go(box, conf, ctx, src, m);
		box->forget(box, m);
	}
	if (all) {
		hashmap_free(&box->bymsgid, NULL);
		free(box->known);
		box->known = NULL;
		box->knownsize = box->nknown = 0;
	}
}

/* No event a message still in the box makes is before this. */
int64_t
mail_horizon(const struct mail_box *box)
{
	return box->first != NULL ? box->first->t : INT64_MAX;
}

void
mail_msg_clear(struct mail_msg *m)
{
	size_t	i;

	refstr_unref(m->msgid);
	for (i = 0; i < m->nrefs; i++)
		refstr_unref(m->refs[i]);
	free(m->refs);
	free(m->to);
	free(m->copies);
}
