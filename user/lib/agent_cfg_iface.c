// SPDX-License-Identifier: GPL-2.0-or-later
/* The interfaces section: per device the qdisc, class settings (read as the
 * words of `etsnctl class set` by user/lib/class.c), the primary and the
 * fallback schedules, the fail-safe and the policy plane.
 */
#include <inttypes.h>
#include <string.h>

#include "agent_config_priv.h"

struct iface_walk {
	struct etsn_agent_iface *ifc;
	const struct etsn_ynode *node;		/* the interface's mapping */
	const struct etsn_ynode *classes, *schedule, *failsafe_node, *fallback_name;
	const struct etsn_ynode *streams;	/* planned into the schedule */
	const struct etsn_ynode *dscp;		/* read once classify is known */
	const struct etsn_ynode *sdu_table;	/* inside schedule */
	struct etsn_class_cfg sdu;		/* the queue-max-sdu-table */
	char what[IF_NAMESIZE + 16];
};

static const char *const qdisc_names[] = { "none", "etsn" };

static void on_qdisc(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct iface_walk *w = obj;
	char what[64];
	size_t i;

	snprintf(what, sizeof(what), "%s.qdisc", w->what);
	if (etsn_cfgw_enum(d, n, what, qdisc_names, 2, &i))
		w->ifc->qdisc = i == 1;
}

/* Class words, checked alone; the error goes to n. */
static bool class_words_ok(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			   int argc, char **argv)
{
	struct etsn_class_cfg scratch;
	char err[256];

	if (etsn_class_parse_words(&scratch, argc, argv, err, sizeof(err)) == 0)
		return true;
	etsn_diag_add(d, n->line, n->col, "%s: %s", what, err);
	return false;
}

struct class_walk {
	struct etsn_diag *d;
	const char *what;
	bool failed;
	char *argv[1 + EDGETSN_NUM_PRIO + 4 + EDGETSN_NUM_TC * 10];
	int argc;
	char tcnum[EDGETSN_NUM_TC][4];
};

static void cpush(struct class_walk *c, const char *w)
{
	c->argv[c->argc++] = (char *)w;
}

static bool cplain(struct class_walk *c, const struct etsn_ynode *n, const char *key)
{
	char what[96];

	snprintf(what, sizeof(what), "%s.%s", c->what, key);
	if (etsn_cfgw_expect(c->d, n, ETSN_Y_SCALAR, what))
		return true;
	c->failed = true;
	return false;
}

static void on_prio_map(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct class_walk *c = obj;
	char what[96], *argv[1 + EDGETSN_NUM_PRIO];

	snprintf(what, sizeof(what), "%s.priority-map", c->what);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what)) {
		c->failed = true;
		return;
	}
	if (n->nkids != EDGETSN_NUM_PRIO) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: %zu classes, needs %d (of priorities 0 to %d)", what, n->nkids,
			      EDGETSN_NUM_PRIO, EDGETSN_NUM_PRIO - 1);
		c->failed = true;
		return;
	}
	/* Each priority's class alone, the others 0, so the error names it. */
	argv[0] = "map";
	for (size_t i = 0; i < EDGETSN_NUM_PRIO; i++) {
		const struct etsn_ynode *k = n->kids[i];

		if (!cplain(c, k, "priority-map"))
			continue;
		for (size_t j = 0; j < EDGETSN_NUM_PRIO; j++)
			argv[1 + j] = j == i ? k->text : "0";
		if (!class_words_ok(d, k, what, 1 + EDGETSN_NUM_PRIO, argv))
			c->failed = true;
	}
	if (c->failed)
		return;
	cpush(c, "map");
	for (size_t i = 0; i < EDGETSN_NUM_PRIO; i++)
		cpush(c, n->kids[i]->text);
}

/* "speed V" or "overhead V". */
static void keyword(struct class_walk *c, const struct etsn_ynode *n, const char *key,
		    const char *kw)
{
	char what[96];

	snprintf(what, sizeof(what), "%s.%s", c->what, key);
	if (!cplain(c, n, key))
		return;
	char *argv[] = { (char *)kw, n->text };

	if (!class_words_ok(c->d, n, what, 2, argv)) {
		c->failed = true;
		return;
	}
	cpush(c, kw);
	cpush(c, n->text);
}

static void on_speed(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	(void)d;
	keyword(obj, n, "link-speed", "speed");
}

static void on_overhead(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	(void)d;
	keyword(obj, n, "overhead", "overhead");
}

struct tc_walk {
	const struct etsn_ynode *tc, *limit, *bytes, *fp, *sdu;
};

static const struct etsn_cfgw_key tc_keys[] = {
	ETSN_CFGW_NODE_FIELD("traffic-class", struct tc_walk, tc),
	ETSN_CFGW_NODE_FIELD("limit", struct tc_walk, limit),
	ETSN_CFGW_NODE_FIELD("bytes", struct tc_walk, bytes),
	ETSN_CFGW_NODE_FIELD("frame-preemption", struct tc_walk, fp),
	ETSN_CFGW_NODE_FIELD("max-sdu", struct tc_walk, sdu),
};

static const char *const fp_names[] = { "express", "preemptible" };

/* One option "tc N OPT VALUE" checked alone; pushed when fine. */
static void tc_option(struct class_walk *c, const char *what, const struct etsn_ynode *n,
		      const char *tcw, const char *opt)
{
	char *argv[] = { "tc", (char *)tcw, (char *)opt, n->text };

	if (!cplain(c, n, opt))
		return;
	if (!class_words_ok(c->d, n, what, 4, argv)) {
		c->failed = true;
		return;
	}
	cpush(c, opt);
	cpush(c, n->text);
}

/* One item of traffic-classes; seen: the classes given before it. */
static void traffic_class(struct class_walk *c, const struct etsn_ynode *n, size_t i,
			  bool *seen)
{
	struct tc_walk t = { 0 };
	char what[96], tcwhat[128];
	uint32_t tc;
	size_t fp;

	snprintf(what, sizeof(what), "%s.traffic-classes[%zu]", c->what, i);
	if (!etsn_cfgw_map(c->d, n, what, tc_keys, sizeof(tc_keys) / sizeof(tc_keys[0]), &t)) {
		c->failed = true;
		return;
	}
	if (!t.tc) {
		etsn_diag_add(c->d, n->line, n->col, "%s: needs traffic-class (0 to %d)", what,
			      EDGETSN_NUM_TC - 1);
		c->failed = true;
		return;
	}
	snprintf(tcwhat, sizeof(tcwhat), "%s.traffic-class", what);
	if (!etsn_cfgw_u32(c->d, t.tc, tcwhat, 0, EDGETSN_NUM_TC - 1, &tc)) {
		c->failed = true;
		return;
	}
	if (seen[tc]) {
		etsn_diag_add(c->d, t.tc->line, t.tc->col, "%s: traffic class %" PRIu32
			      " given twice", tcwhat, tc);
		c->failed = true;
		return;
	}
	seen[tc] = true;
	if (!t.limit && !t.bytes && !t.fp && !t.sdu) {
		etsn_diag_add(c->d, n->line, n->col, "%s: traffic class %" PRIu32
			      " has nothing to set", what, tc);
		c->failed = true;
		return;
	}
	snprintf(c->tcnum[tc], sizeof(c->tcnum[tc]), "%" PRIu32, tc);
	cpush(c, "tc");
	cpush(c, c->tcnum[tc]);
	if (t.limit)
		tc_option(c, what, t.limit, c->tcnum[tc], "limit");
	if (t.bytes)
		tc_option(c, what, t.bytes, c->tcnum[tc], "bytes");
	if (t.sdu)
		tc_option(c, what, t.sdu, c->tcnum[tc], "max-sdu");
	if (t.fp) {
		char fpwhat[128];

		snprintf(fpwhat, sizeof(fpwhat), "%s.frame-preemption", what);
		if (etsn_cfgw_enum(c->d, t.fp, fpwhat, fp_names, 2, &fp))
			cpush(c, fp_names[fp]);
		else
			c->failed = true;
	}
}

static void on_traffic_classes(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct class_walk *c = obj;
	char what[96];
	bool seen[EDGETSN_NUM_TC] = { false };

	snprintf(what, sizeof(what), "%s.traffic-classes", c->what);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what)) {
		c->failed = true;
		return;
	}
	if (n->nkids > EDGETSN_NUM_TC) {
		etsn_diag_add(d, n->line, n->col, "%s: %zu items, there are %d classes", what,
			      n->nkids, EDGETSN_NUM_TC);
		c->failed = true;
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		traffic_class(c, n->kids[i], i, seen);
}

static const struct etsn_cfgw_key class_keys[] = {
	{ .name = "priority-map", .fn = on_prio_map },
	{ .name = "link-speed", .fn = on_speed },
	{ .name = "overhead", .fn = on_overhead },
	{ .name = "traffic-classes", .fn = on_traffic_classes },
};

static void classes(struct etsn_diag *d, struct iface_walk *w, const struct etsn_ynode *n)
{
	struct class_walk c = { .d = d };
	char what[64], err[256];
	const char *why;

	snprintf(what, sizeof(what), "%s.classes", w->what);
	c.what = what;
	if (!etsn_cfgw_map(d, n, what, class_keys, sizeof(class_keys) / sizeof(class_keys[0]),
			   &c) || c.failed)
		return;
	if (!c.argc) {
		etsn_diag_add(d, n->line, n->col, "%s: nothing to set", what);
		return;
	}
	if (etsn_class_parse_words(&w->ifc->classes, c.argc, c.argv, err, sizeof(err))) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, err);
		return;
	}
	why = etsn_class_check(&w->ifc->classes);
	if (why) {
		etsn_diag_add(d, n->line, n->col, "%s: the kernel would refuse it: %s", what, why);
		return;
	}
	w->ifc->has_classes = true;
}

static void on_fallbacks(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct iface_walk *w = obj;
	struct etsn_agent_iface *ifc = w->ifc;
	char what[96];

	snprintf(what, sizeof(what), "%s.fallback-schedules", w->what);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_MAP, what))
		return;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct etsn_ynode *k = n->kids[i], *v = n->kids[i + 1];
		struct etsn_agent_fallback *f;
		bool dup = false;

		if (ifc->nfallbacks == ETSN_AGENT_MAX_FALLBACKS) {
			etsn_diag_add(d, k->line, k->col, "%s: more than %d schedules", what,
				      ETSN_AGENT_MAX_FALLBACKS);
			return;
		}
		f = &ifc->fallbacks[ifc->nfallbacks];
		if (!etsn_cfgw_string(d, k, what, f->name, sizeof(f->name), false))
			continue;
		for (size_t j = 0; j < ifc->nfallbacks && !dup; j++)
			dup = strcmp(ifc->fallbacks[j].name, f->name) == 0;
		if (dup) {
			etsn_diag_add(d, k->line, k->col, "%s: duplicate key '%s'", what, f->name);
			continue;
		}
		f->pos.line = k->line;
		f->pos.col = k->col;
		snprintf(what, sizeof(what), "%s.fallback-schedules.%s", w->what, f->name);
		f->sched = etsn_agent_cfg_sched(d, v, what, NULL);
		snprintf(what, sizeof(what), "%s.fallback-schedules", w->what);
		ifc->nfallbacks++;
	}
}

const char *const etsn_failsafe_names[3] = {
	[ETSN_FAILSAFE_KEEP] = "keep",
	[ETSN_FAILSAFE_ALL_OPEN] = "all-open",
	[ETSN_FAILSAFE_FALLBACK] = "fallback",
};

struct failsafe_walk {
	struct iface_walk *w;
	const char *what;
};

static void on_fs_action(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct failsafe_walk *f = obj;
	char what[96];
	size_t i;

	snprintf(what, sizeof(what), "%s.on-sync-loss", f->what);
	if (etsn_cfgw_enum(d, n, what, etsn_failsafe_names, 3, &i))
		f->w->ifc->failsafe = (enum etsn_failsafe_action)i;
}

static void on_fs_fallback(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct failsafe_walk *f = obj;
	char what[96], name[ETSN_AGENT_NAME_MAX];

	snprintf(what, sizeof(what), "%s.fallback", f->what);
	if (etsn_cfgw_string(d, n, what, name, sizeof(name), false))
		f->w->fallback_name = n;
}

static void on_fs_refuse(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct failsafe_walk *f = obj;
	char what[128];

	snprintf(what, sizeof(what), "%s.refuse-unsynchronised", f->what);
	etsn_cfgw_bool(d, n, what, &f->w->ifc->refuse_unsynced);
}

static const struct etsn_cfgw_key failsafe_keys[] = {
	{ .name = "on-sync-loss", .fn = on_fs_action },
	{ .name = "fallback", .fn = on_fs_fallback },
	{ .name = "refuse-unsynchronised", .fn = on_fs_refuse },
};

static void on_failsafe(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct iface_walk *w = obj;
	char what[64];
	struct failsafe_walk f = { .w = w, .what = what };

	snprintf(what, sizeof(what), "%s.fail-safe", w->what);
	w->failsafe_node = n;
	etsn_cfgw_map(d, n, what, failsafe_keys, 3, &f);
}

/* The policy sections fill the interface itself. */
static void on_firewall(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	etsn_agent_cfg_firewall(d, n, ((struct iface_walk *)obj)->ifc);
}

static void on_psfp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	etsn_agent_cfg_psfp(d, n, ((struct iface_walk *)obj)->ifc);
}

static void on_classify(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	etsn_agent_cfg_classify(d, n, ((struct iface_walk *)obj)->ifc);
}

static void on_frer(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	etsn_agent_cfg_frer(d, n, ((struct iface_walk *)obj)->ifc);
}

static const struct etsn_cfgw_key iface_keys[] = {
	{ .name = "qdisc", .fn = on_qdisc },
	ETSN_CFGW_NODE_FIELD("classes", struct iface_walk, classes),
	ETSN_CFGW_NODE_FIELD("schedule", struct iface_walk, schedule),
	ETSN_CFGW_NODE_FIELD("streams", struct iface_walk, streams),
	{ .name = "fallback-schedules", .fn = on_fallbacks },
	{ .name = "fail-safe", .fn = on_failsafe },
	{ .name = "firewall", .fn = on_firewall },
	{ .name = "psfp", .fn = on_psfp },
	{ .name = "classify", .fn = on_classify },
	ETSN_CFGW_NODE_FIELD("dscp", struct iface_walk, dscp),
	{ .name = "frer", .fn = on_frer },
};

/* The fail-safe names a fallback that exists, and only with "fallback". */
static void check_failsafe(struct etsn_diag *d, struct iface_walk *w)
{
	struct etsn_agent_iface *ifc = w->ifc;
	const struct etsn_ynode *at = w->failsafe_node;

	if (ifc->failsafe != ETSN_FAILSAFE_FALLBACK) {
		if (w->fallback_name)
			etsn_diag_add(d, w->fallback_name->line, w->fallback_name->col,
				      "%s.fail-safe.fallback: only used with on-sync-loss: fallback",
				      w->what);
		return;
	}
	if (!w->fallback_name) {
		etsn_diag_add(d, at->line, at->col,
			      "%s.fail-safe: on-sync-loss: fallback needs 'fallback: NAME'", w->what);
		return;
	}
	for (size_t i = 0; i < ifc->nfallbacks; i++) {
		if (strcmp(ifc->fallbacks[i].name, w->fallback_name->text) == 0) {
			ifc->failsafe_fallback = i;
			return;
		}
	}
	etsn_diag_add(d, w->fallback_name->line, w->fallback_name->col,
		      "%s.fail-safe.fallback: no fallback schedule named '%s'", w->what,
		      w->fallback_name->text);
}

/* The clock a schedule runs on: its own, or the kernel's default (TAI). */
static uint32_t clock_of(const struct etsn_sched *s)
{
	return s->has_clockid ? s->clockid : CLOCK_TAI;
}

/* A fallback replaces the running schedule, and the kernel refuses a
 * clock change under a running schedule: they must share the clock.
 */
static void check_fallback_clocks(struct etsn_diag *d, struct iface_walk *w)
{
	const struct etsn_agent_iface *ifc = w->ifc;
	char b1[32], b2[32];

	if (!ifc->schedule)
		return;
	for (size_t i = 0; i < ifc->nfallbacks; i++) {
		const struct etsn_agent_fallback *f = &ifc->fallbacks[i];

		if (!f->sched || clock_of(f->sched) == clock_of(ifc->schedule))
			continue;
		etsn_diag_add(d, f->pos.line, f->pos.col,
			      "%s.fallback-schedules.%s: clock %s is not the schedule's (%s); "
			      "the kernel refuses a clock change while a schedule runs",
			      w->what, f->name, etsn_clock_name(clock_of(f->sched), b1, sizeof(b1)),
			      etsn_clock_name(clock_of(ifc->schedule), b2, sizeof(b2)));
	}
}

/* The queue-max-sdu-table's max-SDUs join the class settings. */
static void merge_sdu_table(struct etsn_diag *d, struct iface_walk *w)
{
	struct etsn_class_cfg *c = &w->ifc->classes;
	bool any = false;

	for (int tc = 0; tc < EDGETSN_NUM_TC; tc++) {
		if (!w->sdu.tc[tc].has_max_sdu)
			continue;
		if (c->tc[tc].has_max_sdu) {
			etsn_diag_add(d, w->schedule->line, w->schedule->col,
				      "%s.schedule.queue-max-sdu-table: traffic class %d has max-sdu in classes too",
				      w->what, tc);
			continue;
		}
		c->tc[tc].present = true;
		c->tc[tc].has_max_sdu = true;
		c->tc[tc].max_sdu = w->sdu.tc[tc].max_sdu;
		any = true;
	}
	if (any)
		w->ifc->has_classes = true;
}

/* Both classifiers always end egress classification: the second of two
 * on one interface would never see a frame.
 */
static void dscp(struct etsn_diag *d, struct iface_walk *w)
{
	etsn_agent_cfg_dscp(d, w->dscp, w->ifc);
	if (w->ifc->has_classify)
		etsn_diag_add(d, w->dscp->line, w->dscp->col,
			      "%s.dscp: not with classify on the same interface; "
			      "the first classifier's verdict ends egress classification",
			      w->what);
}

static void iface(struct etsn_diag *d, struct iface_walk *w, const struct etsn_ynode *n)
{
	struct etsn_agent_iface *ifc = w->ifc;
	char what[64];

	ifc->qdisc = true;
	ifc->psfp_unknown_policy = -1;
	ifc->psfp_unparsed_policy = -1;
	ifc->fw_policy = (struct etsn_fw_policy){ .unparsed = -1, .frag = -1 };
	if (!etsn_cfgw_map(d, n, w->what, iface_keys, sizeof(iface_keys) / sizeof(iface_keys[0]),
			   w))
		return;
	if (w->classes)
		classes(d, w, w->classes);
	if (w->dscp)
		dscp(d, w);
	if (w->schedule) {
		snprintf(what, sizeof(what), "%s.schedule", w->what);
		ifc->schedule = etsn_agent_cfg_sched(d, w->schedule, what, &w->sdu);
		merge_sdu_table(d, w);
	}
	if (w->streams && w->schedule) {
		etsn_diag_add(d, w->streams->line, w->streams->col,
			      "%s.streams: a schedule is planned from streams or written out, "
			      "not both", w->what);
	} else if (w->streams) {
		snprintf(what, sizeof(what), "%s.streams", w->what);
		ifc->schedule = etsn_agent_cfg_plan(d, w->streams, what);
		w->schedule = w->streams;
	}
	check_fallback_clocks(d, w);
	if (!ifc->qdisc && (w->classes || w->schedule || ifc->nfallbacks))
		etsn_diag_add(d, n->line, n->col,
			      "%s: classes and schedules need 'qdisc: etsn'", w->what);
	check_failsafe(d, w);
	if (ifc->failsafe != ETSN_FAILSAFE_KEEP && !w->schedule)
		etsn_diag_add(d, w->failsafe_node->line, w->failsafe_node->col,
			      "%s.fail-safe: a fail-safe needs a schedule to fall back from",
			      w->what);
}

/* A name the kernel could give a device: 1 to 15 bytes, no '/', ':' or
 * blank (dev_valid_name).
 */
static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= IF_NAMESIZE || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' || *s == '\n')
			return false;
	return true;
}

void etsn_agent_cfg_interfaces(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_config *c = obj;

	if (!etsn_cfgw_expect(d, n, ETSN_Y_MAP, "interfaces"))
		return;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct etsn_ynode *k = n->kids[i];
		struct iface_walk w = { 0 };
		bool dup = false;

		if (k->kind != ETSN_Y_SCALAR || !valid_ifname(k->text) ||
		    strlen(k->text) != k->len) {
			etsn_diag_add(d, k->line, k->col,
				      "interfaces: '%s' is not an interface name (1 to %d characters, no '/', ':' or blanks)",
				      k->kind == ETSN_Y_SCALAR ? k->text : "?", IF_NAMESIZE - 1);
			continue;
		}
		for (size_t j = 0; j < c->nifaces && !dup; j++)
			dup = strcmp(c->ifaces[j].name, k->text) == 0;
		if (dup) {
			etsn_diag_add(d, k->line, k->col, "interfaces: duplicate key '%s'", k->text);
			continue;
		}
		if (c->nifaces == ETSN_AGENT_MAX_IFACES) {
			etsn_diag_add(d, k->line, k->col, "interfaces: more than %d",
				      ETSN_AGENT_MAX_IFACES);
			return;
		}
		w.ifc = &c->ifaces[c->nifaces++];
		memcpy(w.ifc->name, k->text, k->len + 1);
		w.ifc->pos.line = k->line;
		w.ifc->pos.col = k->col;
		snprintf(w.what, sizeof(w.what), "%s", k->text);
		iface(d, &w, n->kids[i + 1]);
	}
}
