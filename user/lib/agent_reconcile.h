/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reconcile diff of edgetsnd's apply: one interface's desired data plane
 * (the config) against what the kernel reports, giving the few actions that
 * make the kernel match. Pure: no netlink, no clock (now is an argument), so
 * the rules are tested on their own (tests/unit/test_agent_reconcile.c).
 *
 * Rules (docs/agent.md, "Running"):
 * - the etsn qdisc is added only when the root qdisc is not etsn;
 * - class settings: only those given in the config are compared, and only
 *   those that differ are set;
 * - the schedule: equal when its entries, cycle time (the sum of the
 *   intervals when not given), extension and clock equal the pending admin
 *   schedule, or the operational one when none is pending. Base times are
 *   not compared: the config's base time serves only when no schedule runs;
 *   a changed schedule starts at the next cycle boundary of the running one,
 *   unless want->schedule_at asks for its own base time.
 */
#ifndef EDGETSN_AGENT_RECONCILE_H
#define EDGETSN_AGENT_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent_config.h"
#include "class.h"
#include "sched.h"

/* What the kernel reports for one interface. */
struct etsn_rc_state {
	bool has_qdisc;			/* the root qdisc is etsn */
	struct etsn_class_cfg classes;	/* CLASS_GET; valid with has_qdisc */
	struct etsn_sched_reply sched;	/* SCHED_GET; valid with has_qdisc */
};

enum etsn_rc_op {
	ETSN_RC_QDISC_ADD,
	ETSN_RC_CLASS_SET,
	ETSN_RC_SCHED_SET,
};

struct etsn_rc_action {
	enum etsn_rc_op op;
	struct etsn_class_cfg classes;	/* CLASS_SET: the settings that differ */
	struct etsn_sched sched;	/* SCHED_SET: with its base time */
};

/* At most one action of each kind, in the order they must run. */
struct etsn_rc_plan {
	struct etsn_rc_action actions[3];
	size_t n;
};

/* A new schedule starts no sooner than this after now, so the request
 * reaches the kernel before its base time.
 */
#define ETSN_RC_LEAD_NS 100000000LL

/* Fills plan (n 0: nothing to do). now is the time on the running
 * schedule's clock. 0, or -ERANGE with the reason in err when the next
 * cycle boundary does not fit in 64 bits.
 */
int etsn_rc_diff(const struct etsn_agent_iface *want, const struct etsn_rc_state *have,
		 int64_t now, struct etsn_rc_plan *plan, char *err, size_t errlen);

/* The cycle time of s: its own, or the sum of its intervals. */
uint64_t etsn_rc_sched_cycle(const struct etsn_sched *s);

/* Whether two schedules run the same (entries, cycle, extension, clock). */
bool etsn_rc_sched_same(const struct etsn_sched *a, const struct etsn_sched *b);

/* The first cycle start of s at or after now + lead; -ERANGE on overflow. */
int etsn_rc_next_boundary(const struct etsn_sched *s, int64_t now, int64_t lead,
			  int64_t *at);

#endif
