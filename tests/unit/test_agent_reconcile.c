// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/agent_reconcile.c — the apply diff: what is added, set
 * or left alone for a desired interface against a kernel state, and the
 * cycle boundary a changed schedule starts at.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "lib/agent_reconcile.h"

/* Two entries, 300 us + 700 us, cycle time left to the sum (1 ms). */
static struct etsn_sched want_sched = {
	.num_entries = 2,
	.entries = {
		{ .op = EDGETSN_GATE_OP_SET, .gates = 0x01, .interval = 300000 },
		{ .op = EDGETSN_GATE_OP_SET, .gates = 0xfe, .interval = 700000 },
	},
};

static void iface(struct etsn_agent_iface *w)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "veth0");
	w->qdisc = true;
	w->has_classes = true;
	w->classes.has_map = true;
	for (int p = 0; p < EDGETSN_NUM_PRIO; p++)
		w->classes.map[p] = p / 2;
	w->classes.tc[3].present = true;
	w->classes.tc[3].has_limit_pkts = true;
	w->classes.tc[3].limit_pkts = 50;
	w->schedule = &want_sched;
}

/* The kernel state after w was applied with the schedule running. */
static void in_force(const struct etsn_agent_iface *w, struct etsn_rc_state *h)
{
	memset(h, 0, sizeof(*h));
	h->has_qdisc = true;
	h->classes = w->classes;
	h->classes.has_speed = true;	/* the kernel reports more than was set */
	h->classes.tc[0].present = true;
	h->classes.tc[0].has_limit_pkts = true;
	h->classes.tc[0].limit_pkts = 1000;
	h->sched.has_oper = true;
	h->sched.oper = *w->schedule;
	h->sched.oper.has_base_time = h->sched.oper.has_cycle_time = true;
	h->sched.oper.has_clockid = h->sched.oper.has_extension = true;
	h->sched.oper.base_time = 1000000000;
	h->sched.oper.cycle_time = 1000000;
	h->sched.oper.clockid = CLOCK_TAI;
}

static void empty_kernel_gets_everything(void **state)
{
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	memset(&h, 0, sizeof(h));
	assert_int_equal(0, etsn_rc_diff(&w, &h, 5, &p, err, sizeof(err)));
	assert_int_equal(3, p.n);
	assert_int_equal(ETSN_RC_QDISC_ADD, p.actions[0].op);
	assert_int_equal(ETSN_RC_CLASS_SET, p.actions[1].op);
	assert_true(p.actions[1].classes.has_map);
	assert_true(p.actions[1].classes.tc[3].present);
	assert_int_equal(50, p.actions[1].classes.tc[3].limit_pkts);
	assert_int_equal(ETSN_RC_SCHED_SET, p.actions[2].op);
	/* Nothing runs: the config's own base time (none) stays. */
	assert_false(p.actions[2].sched.has_base_time);
	assert_int_equal(2, p.actions[2].sched.num_entries);
}

static void same_state_changes_nothing(void **state)
{
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	assert_int_equal(0, etsn_rc_diff(&w, &h, 2000000000, &p, err, sizeof(err)));
	assert_int_equal(0, p.n);
}

static void only_differing_class_settings(void **state)
{
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	h.classes.tc[3].limit_pkts = 49;
	w.classes.has_overhead = true;
	w.classes.overhead = 0;		/* the kernel's default: equal */
	assert_int_equal(0, etsn_rc_diff(&w, &h, 0, &p, err, sizeof(err)));
	assert_int_equal(1, p.n);
	assert_int_equal(ETSN_RC_CLASS_SET, p.actions[0].op);
	assert_false(p.actions[0].classes.has_map);
	assert_false(p.actions[0].classes.has_overhead);
	assert_true(p.actions[0].classes.tc[3].has_limit_pkts);
	assert_int_equal(50, p.actions[0].classes.tc[3].limit_pkts);
	for (int i = 0; i < EDGETSN_NUM_TC; i++)
		assert_int_equal(i == 3, p.actions[0].classes.tc[i].present);
}

static void changed_schedule_starts_at_next_boundary(void **state)
{
	struct etsn_sched changed = want_sched;
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	changed.entries[1].gates = 0xfc;
	changed.has_base_time = true;
	changed.base_time = 7;		/* ignored while a schedule runs */
	w.schedule = &changed;
	/* now 2.0000004 s: with the lead, the first start at or after 2.1000004 s. */
	assert_int_equal(0, etsn_rc_diff(&w, &h, 2000000400, &p, err, sizeof(err)));
	assert_int_equal(1, p.n);
	assert_int_equal(ETSN_RC_SCHED_SET, p.actions[0].op);
	assert_true(p.actions[0].sched.has_base_time);
	assert_int_equal(2101000000, p.actions[0].sched.base_time);
	assert_int_equal(0xfc, p.actions[0].sched.entries[1].gates);
}

/* A set-schedule command's at: its base time stands over a running one. */
static void schedule_at_keeps_its_base_time(void **state)
{
	struct etsn_sched changed = want_sched;
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	changed.entries[1].gates = 0xfc;
	changed.has_base_time = true;
	changed.base_time = 5000250000;
	w.schedule = &changed;
	w.schedule_at = true;
	assert_int_equal(0, etsn_rc_diff(&w, &h, 2000000400, &p, err, sizeof(err)));
	assert_int_equal(1, p.n);
	assert_int_equal(ETSN_RC_SCHED_SET, p.actions[0].op);
	assert_int_equal(5000250000, p.actions[0].sched.base_time);
	/* The same schedule at another time is still the same: nothing to do. */
	changed.entries[1].gates = want_sched.entries[1].gates;
	assert_int_equal(0, etsn_rc_diff(&w, &h, 2000000400, &p, err, sizeof(err)));
	assert_int_equal(0, p.n);
}

static void pending_admin_is_what_counts(void **state)
{
	struct etsn_sched old = want_sched;
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	/* The wanted schedule is already pending over an older one. */
	h.sched.has_admin = true;
	h.sched.admin = h.sched.oper;
	old.entries[0].interval = 400000;
	old.entries[1].interval = 600000;
	h.sched.oper.entries[0] = old.entries[0];
	h.sched.oper.entries[1] = old.entries[1];
	assert_int_equal(0, etsn_rc_diff(&w, &h, 0, &p, err, sizeof(err)));
	assert_int_equal(0, p.n);
	/* A pending one that differs is replaced. */
	h.sched.admin.entries[0].gates = 0x02;
	assert_int_equal(0, etsn_rc_diff(&w, &h, 0, &p, err, sizeof(err)));
	assert_int_equal(1, p.n);
	assert_int_equal(ETSN_RC_SCHED_SET, p.actions[0].op);
}

static void schedule_fields_compared(void **state)
{
	struct etsn_sched a = want_sched, b = want_sched;

	(void)state;
	b.has_cycle_time = true;
	b.cycle_time = 1000000;		/* the sum: same as left out */
	b.has_clockid = true;
	b.clockid = CLOCK_TAI;		/* the default */
	assert_true(etsn_rc_sched_same(&a, &b));
	b.cycle_time = 1000001;
	assert_false(etsn_rc_sched_same(&a, &b));
	b = want_sched;
	b.has_clockid = true;
	b.clockid = CLOCK_REALTIME;
	assert_false(etsn_rc_sched_same(&a, &b));
	b = want_sched;
	b.has_extension = true;
	b.extension = 1;
	assert_false(etsn_rc_sched_same(&a, &b));
	b = want_sched;
	b.entries[0].op = EDGETSN_GATE_OP_SET_AND_HOLD;
	assert_false(etsn_rc_sched_same(&a, &b));
	b = want_sched;
	b.num_entries = 1;
	b.has_cycle_time = true;
	b.cycle_time = 1000000;
	assert_false(etsn_rc_sched_same(&a, &b));
}

static void boundary_arithmetic(void **state)
{
	struct etsn_sched s = { .has_base_time = true, .base_time = 1000,
				.has_cycle_time = true, .cycle_time = 1000, .num_entries = 1 };
	int64_t at = 0;

	(void)state;
	assert_int_equal(0, etsn_rc_next_boundary(&s, 2500, 0, &at));
	assert_int_equal(3000, at);
	assert_int_equal(0, etsn_rc_next_boundary(&s, 3000, 0, &at));
	assert_int_equal(3000, at);	/* a start exactly now counts */
	assert_int_equal(0, etsn_rc_next_boundary(&s, 2500, 600, &at));
	assert_int_equal(4000, at);
	assert_int_equal(0, etsn_rc_next_boundary(&s, 10, 0, &at));
	assert_int_equal(1000, at);	/* not started yet: its base time */
	assert_int_equal(-ERANGE, etsn_rc_next_boundary(&s, INT64_MAX - 10, 0, &at));
	assert_int_equal(-ERANGE, etsn_rc_next_boundary(&s, INT64_MAX, 1, &at));
}

static void overflow_is_an_error(void **state)
{
	struct etsn_agent_iface w;
	struct etsn_sched changed = want_sched;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	iface(&w);
	in_force(&w, &h);
	changed.entries[0].gates = 0x03;
	w.schedule = &changed;
	assert_int_equal(-ERANGE, etsn_rc_diff(&w, &h, INT64_MAX - 5, &p, err, sizeof(err)));
	assert_non_null(strstr(err, "64 bits"));
}

static void no_qdisc_wanted_means_no_action(void **state)
{
	struct etsn_agent_iface w;
	struct etsn_rc_state h;
	struct etsn_rc_plan p;
	char err[128] = "";

	(void)state;
	memset(&w, 0, sizeof(w));
	memset(&h, 0, sizeof(h));
	assert_int_equal(0, etsn_rc_diff(&w, &h, 0, &p, err, sizeof(err)));
	assert_int_equal(0, p.n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_kernel_gets_everything),
		cmocka_unit_test(same_state_changes_nothing),
		cmocka_unit_test(only_differing_class_settings),
		cmocka_unit_test(changed_schedule_starts_at_next_boundary),
		cmocka_unit_test(schedule_at_keeps_its_base_time),
		cmocka_unit_test(pending_admin_is_what_counts),
		cmocka_unit_test(schedule_fields_compared),
		cmocka_unit_test(boundary_arithmetic),
		cmocka_unit_test(overflow_is_an_error),
		cmocka_unit_test(no_qdisc_wanted_means_no_action),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
