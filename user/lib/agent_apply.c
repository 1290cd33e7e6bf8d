// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's apply: read state, diff, act, roll back on failure. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_apply.h"
#include "agent_log.h"
#include "agent_reconcile.h"
#include "frer_apply.h"
#include "genl.h"
#include "policy_apply.h"
#include "qdisc.h"

/* ms.us of a duration in ns, for the debug log of an apply's phases. */
#define MS_FMT "%llu.%03llu ms"
#define MS_ARG(ns) (unsigned long long)((ns) / 1000000), \
		   (unsigned long long)((ns) / 1000 % 1000)

/* What one interface looked like and what this apply did to it. */
struct iface_run {
	const struct etsn_agent_iface *ifc;
	int ifindex;
	struct etsn_rc_state before;
	struct etsn_rc_plan plan;
	size_t done;
};

struct apply {
	struct etsn_genl genl, rt;
	char *err;
	size_t errlen;
};

static int fail(struct apply *a, const char *ifname, const char *what, struct etsn_genl *g)
{
	snprintf(a->err, a->errlen, "%s: %s: %s", ifname, what, etsn_genl_strerror(g));
	return g->error.err ? g->error.err : -EIO;
}

static int on_class(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_class_from_attrs(attrs, len, arg);
}

static int on_sched(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_sched_reply_from_attrs(attrs, len, arg);
}

/* A request of cmd about ifname, with class and/or sched settings in it. */
static int request(struct apply *a, uint8_t cmd, const char *ifname,
		   const struct etsn_class_cfg *cls, const struct etsn_sched *s,
		   etsn_genl_reply_fn fn, void *arg)
{
	struct etsn_genl *g = &a->genl;
	struct nl_msg *msg = etsn_genl_request_new(g, cmd, 0, s ? etsn_sched_msg_size(s) : 0);

	if (!msg) {
		g->error.err = -ENOMEM;
		snprintf(g->error.msg, sizeof(g->error.msg), "out of memory");
		return -ENOMEM;
	}
	if (etsn_genl_put_dev(g, msg, ifname) ||
	    (cls && etsn_class_put(msg, cls) < 0) ||
	    (s && etsn_sched_put(msg, EDGETSN_A_SCHED_ADMIN, s) < 0)) {
		nlmsg_free(msg);
		if (!g->error.err) {
			g->error.err = -EMSGSIZE;
			snprintf(g->error.msg, sizeof(g->error.msg), "request too large");
		}
		return g->error.err;
	}
	return etsn_genl_transact(g, msg, fn, arg);
}

/* Only an interface with `qdisc: etsn` has qdisc state to read: the rest
 * need neither edgetsn.ko nor its family.
 */
static int read_state(struct apply *a, struct iface_run *r)
{
	const char *name = r->ifc->name;
	char kind[32];

	memset(&r->before, 0, sizeof(r->before));
	if (!r->ifc->qdisc)
		return 0;
	if (etsn_qdisc_root_kind(&a->rt, r->ifindex, kind, sizeof(kind)))
		return fail(a, name, "reading the root qdisc", &a->rt);
	r->before.has_qdisc = !strcmp(kind, "etsn");
	if (!r->before.has_qdisc)
		return 0;
	if (request(a, EDGETSN_CMD_CLASS_GET, name, NULL, NULL, on_class, &r->before.classes))
		return fail(a, name, "reading the class settings", &a->genl);
	if (request(a, EDGETSN_CMD_SCHED_GET, name, NULL, NULL, on_sched, &r->before.sched))
		return fail(a, name, "reading the schedule", &a->genl);
	return 0;
}

static int run_action(struct apply *a, struct iface_run *r, const struct etsn_rc_action *act)
{
	const char *name = r->ifc->name;

	switch (act->op) {
	case ETSN_RC_QDISC_ADD:
		if (etsn_qdisc_root_add(&a->rt, r->ifindex, "etsn"))
			return fail(a, name, "adding the etsn qdisc", &a->rt);
		etsn_log(ETSN_LOG_NOTICE, "%s: etsn qdisc added", name);
		return 0;
	case ETSN_RC_CLASS_SET:
		if (request(a, EDGETSN_CMD_CLASS_SET, name, &act->classes, NULL, NULL, NULL))
			return fail(a, name, "setting the classes", &a->genl);
		etsn_log(ETSN_LOG_NOTICE, "%s: class settings changed", name);
		return 0;
	case ETSN_RC_SCHED_SET:
		if (request(a, EDGETSN_CMD_SCHED_SET, name, NULL, &act->sched, NULL, NULL))
			return fail(a, name, "installing the schedule", &a->genl);
		if (act->sched.has_base_time)
			etsn_log(ETSN_LOG_NOTICE, "%s: schedule installed, base time %lld ns",
				 name, (long long)act->sched.base_time);
		else
			etsn_log(ETSN_LOG_NOTICE, "%s: schedule installed", name);
		return 0;
	}
	return -EINVAL;
}

/* The settings act changed, back at their values in before. */
static void class_before(const struct etsn_class_cfg *set, const struct etsn_class_cfg *before,
			 struct etsn_class_cfg *out)
{
	*out = *set;
	if (set->has_map)
		memcpy(out->map, before->map, sizeof(out->map));
	out->speed = before->has_speed ? before->speed : 0;
	out->overhead = before->has_overhead ? before->overhead : 0;
	for (int i = 0; i < EDGETSN_NUM_TC; i++) {
		const struct etsn_tc_settings *b = &before->tc[i];
		struct etsn_tc_settings *o = &out->tc[i];

		if (b->has_limit_pkts)
			o->limit_pkts = b->limit_pkts;
		else
			o->has_limit_pkts = false;
		o->limit_bytes = b->has_limit_bytes ? b->limit_bytes : 0;
		o->preemptible = b->has_preemptible && b->preemptible;
		o->max_sdu = b->has_max_sdu ? b->max_sdu : 0;
		o->has_max_sdu_effective = false;
	}
}

/* Undoes one action; an undo that fails is logged, and the rest go on. */
static void undo_action(struct apply *a, struct iface_run *r, const struct etsn_rc_action *act)
{
	const struct etsn_sched_reply *was = &r->before.sched;
	const char *name = r->ifc->name;
	struct etsn_class_cfg cls;
	struct etsn_sched s;
	int64_t now;
	int err = 0;

	switch (act->op) {
	case ETSN_RC_QDISC_ADD:
		if (etsn_qdisc_root_del(&a->rt, r->ifindex))
			etsn_log(ETSN_LOG_ERR, "%s: rollback: etsn qdisc not deleted: %s",
				 name, etsn_genl_strerror(&a->rt));
		else
			etsn_log(ETSN_LOG_NOTICE, "%s: rollback: etsn qdisc deleted", name);
		return;
	case ETSN_RC_CLASS_SET:
		class_before(&act->classes, &r->before.classes, &cls);
		err = request(a, EDGETSN_CMD_CLASS_SET, name, &cls, NULL, NULL, NULL);
		break;
	case ETSN_RC_SCHED_SET:
		if (was->has_admin) {
			s = was->admin;	/* pending again, at its own base time */
		} else if (was->has_oper) {
			/* Nothing was pending: the old one again from its next cycle. */
			s = was->oper;
			err = etsn_clock_now(s.has_clockid ? s.clockid : CLOCK_TAI, &now);
			if (!err)
				err = etsn_rc_next_boundary(&was->oper, now, ETSN_RC_LEAD_NS,
							    &s.base_time);
		} else {
			etsn_log(ETSN_LOG_WARNING, "%s: rollback: no schedule before, the new one stays",
				 name);
			return;
		}
		if (!err)
			err = request(a, EDGETSN_CMD_SCHED_SET, name, NULL, &s, NULL, NULL);
		break;
	}
	if (err)
		etsn_log(ETSN_LOG_ERR, "%s: rollback of %s failed: %s", name,
			 act->op == ETSN_RC_CLASS_SET ? "the class settings" : "the schedule",
			 etsn_genl_strerror(&a->genl));
	else
		etsn_log(ETSN_LOG_NOTICE, "%s: rollback: previous %s restored", name,
			 act->op == ETSN_RC_CLASS_SET ? "class settings" : "schedule");
}

static int apply_iface(struct apply *a, struct iface_run *r)
{
	const struct etsn_sched_reply *s = &r->before.sched;
	uint64_t t0 = etsn_agent_now_ns(), t1;
	int64_t now = 0;
	int err;

	r->ifindex = (int)if_nametoindex(r->ifc->name);
	if (!r->ifindex) {
		snprintf(a->err, a->errlen, "%s: no such interface", r->ifc->name);
		return -ENODEV;
	}
	err = read_state(a, r);
	if (err)
		return err;
	if (r->before.has_qdisc && s->has_oper &&
	    etsn_clock_now(s->oper.has_clockid ? s->oper.clockid : CLOCK_TAI, &now)) {
		snprintf(a->err, a->errlen, "%s: cannot read the schedule's clock", r->ifc->name);
		return -EIO;
	}
	err = etsn_rc_diff(r->ifc, &r->before, now, &r->plan, a->err, a->errlen);
	if (err)
		return err;
	/* Where a fail-safe's apply spends its time (docs/benchmarks.md). */
	t1 = etsn_agent_now_ns();
	for (; r->done < r->plan.n; r->done++) {
		err = run_action(a, r, &r->plan.actions[r->done]);
		if (err)
			return err;
	}
	etsn_log(ETSN_LOG_DEBUG, "apply: %s: state read and diff " MS_FMT ", %zu action%s " MS_FMT,
		 r->ifc->name, MS_ARG(t1 - t0), r->plan.n, r->plan.n == 1 ? "" : "s",
		 MS_ARG(etsn_agent_now_ns() - t1));
	return 0;
}

/* Whether some interface wants the etsn qdisc: only then is edgetsn.ko needed. */
static bool wants_qdisc(const struct etsn_agent_config *c)
{
	for (size_t i = 0; i < c->nifaces; i++)
		if (c->ifaces[i].qdisc)
			return true;
	return false;
}

int etsn_agent_apply(const struct etsn_agent_config *c, size_t *changes,
		     char *err, size_t errlen)
{
	struct apply a = { .err = err, .errlen = errlen };
	struct etsn_policy_undo policy = { 0 };
	struct etsn_frer_undo frer = { 0 };
	struct iface_run *runs;
	uint64_t t0 = etsn_agent_now_ns(), t1, t2 = 0;
	size_t i;
	int ret;

	*changes = 0;
	err[0] = '\0';
	if (!c->nifaces)
		return 0;	/* nothing to own: no socket, no module needed */
	runs = calloc(c->nifaces ? c->nifaces : 1, sizeof(*runs));
	if (!runs) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (wants_qdisc(c)) {
		ret = etsn_genl_open(&a.genl);
		if (ret) {
			snprintf(err, errlen, "%s", etsn_genl_strerror(&a.genl));
			free(runs);
			return ret;
		}
		ret = etsn_genl_open_route(&a.rt);
		if (ret) {
			snprintf(err, errlen, "rtnetlink: %s", etsn_genl_strerror(&a.rt));
			goto out;
		}
	}
	t1 = etsn_agent_now_ns();
	for (i = 0; i < c->nifaces && !ret; i++) {
		runs[i].ifc = &c->ifaces[i];
		ret = apply_iface(&a, &runs[i]);
	}
	if (!ret) {
		t2 = etsn_agent_now_ns();
		ret = etsn_policy_apply(c, &policy, changes, err, errlen);
	}
	if (!ret)
		ret = etsn_frer_apply(c, &frer, changes, err, errlen);
	if (!ret)
		etsn_log(ETSN_LOG_DEBUG, "apply: netlink sockets " MS_FMT ", policy and FRER " MS_FMT,
			 MS_ARG(t1 - t0), MS_ARG(etsn_agent_now_ns() - t2));
	if (ret) {
		etsn_frer_apply_undo(&frer);
		etsn_policy_apply_undo(&policy);
		/* Everything this apply did, newest first. */
		while (i--) {
			struct iface_run *r = &runs[i];

			/* Deleting a qdisc this apply added takes all its settings. */
			if (r->done && r->plan.actions[0].op == ETSN_RC_QDISC_ADD)
				r->done = 1;
			while (r->done--)
				undo_action(&a, r, &r->plan.actions[r->done]);
		}
	} else {
		for (i = 0; i < c->nifaces; i++)
			*changes += runs[i].done;
	}
	etsn_genl_close(&a.rt);
	etsn_frer_apply_free(&frer);
	etsn_policy_apply_free(&policy);
out:
	etsn_genl_close(&a.genl);
	free(runs);
	return ret;
}

int etsn_agent_revert(const struct etsn_agent_config *c, size_t *removed,
		      char *err, size_t errlen)
{
	char policy_err[256];
	struct etsn_genl rt;
	size_t policy = 0;
	int ret = 0;

	*removed = 0;
	err[0] = '\0';
	if (!c->nifaces)
		return 0;
	if (etsn_genl_open_route(&rt)) {
		snprintf(err, errlen, "rtnetlink: %s", etsn_genl_strerror(&rt));
		return rt.error.err ? rt.error.err : -EIO;
	}
	for (size_t i = 0; i < c->nifaces; i++) {
		const char *name = c->ifaces[i].name;
		int ifindex = (int)if_nametoindex(name);
		const char *what = NULL;
		char kind[32];

		if (!c->ifaces[i].qdisc || !ifindex)
			continue;	/* none of ours, or the device is gone */
		if (etsn_qdisc_root_kind(&rt, ifindex, kind, sizeof(kind)))
			what = "reading the root qdisc";
		else if (strcmp(kind, "etsn"))
			continue;
		else if (etsn_qdisc_root_del(&rt, ifindex))
			what = "deleting the etsn qdisc";
		if (what) {
			if (!ret) {
				snprintf(err, errlen, "%s: %s: %s", name, what, etsn_genl_strerror(&rt));
				ret = rt.error.err ? rt.error.err : -EIO;
			}
			continue;
		}
		(*removed)++;
		etsn_log(ETSN_LOG_NOTICE, "%s: on-stop revert: etsn qdisc deleted", name);
	}
	etsn_genl_close(&rt);
	/* The firewall, PSFP and classifier parts (logged on their own). */
	if (!ret)
		ret = etsn_policy_revert(c, &policy, err, errlen);
	else
		etsn_policy_revert(c, &policy, policy_err, sizeof(policy_err));
	return ret;
}
