// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's reconcile diff: desired interface vs kernel state -> actions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent_reconcile.h"

uint64_t etsn_rc_sched_cycle(const struct etsn_sched *s)
{
	uint64_t sum = 0;

	if (s->has_cycle_time && s->cycle_time)
		return s->cycle_time;
	for (uint32_t i = 0; i < s->num_entries; i++)
		sum += s->entries[i].interval;
	return sum;
}

bool etsn_rc_sched_same(const struct etsn_sched *a, const struct etsn_sched *b)
{
	uint32_t ca = a->has_clockid ? a->clockid : CLOCK_TAI;
	uint32_t cb = b->has_clockid ? b->clockid : CLOCK_TAI;
	uint64_t ea = a->has_extension ? a->extension : 0;
	uint64_t eb = b->has_extension ? b->extension : 0;

	if (ca != cb || ea != eb || a->num_entries != b->num_entries ||
	    etsn_rc_sched_cycle(a) != etsn_rc_sched_cycle(b))
		return false;
	for (uint32_t i = 0; i < a->num_entries; i++) {
		const struct etsn_sched_entry *x = &a->entries[i], *y = &b->entries[i];

		if (x->op != y->op || x->gates != y->gates || x->interval != y->interval)
			return false;
	}
	return true;
}

int etsn_rc_next_boundary(const struct etsn_sched *s, int64_t now, int64_t lead,
			  int64_t *at)
{
	uint64_t cycle = etsn_rc_sched_cycle(s), n;
	int64_t base = s->has_base_time ? s->base_time : 0, from;

	if (!cycle || __builtin_add_overflow(now, lead, &from))
		return -ERANGE;
	if (from <= base) {
		*at = base;
		return 0;
	}
	/* Whole cycles from base to the first start at or after from. */
	n = ((uint64_t)from - (uint64_t)base + cycle - 1) / cycle;
	if (n > (uint64_t)INT64_MAX / cycle ||
	    __builtin_add_overflow(base, (int64_t)(n * cycle), at))
		return -ERANGE;
	return 0;
}

/* The given settings of want that differ from have; false when none. */
static bool class_diff(const struct etsn_class_cfg *want, const struct etsn_class_cfg *have,
		       struct etsn_class_cfg *out)
{
	bool any = false;

	memset(out, 0, sizeof(*out));
	if (want->has_map && (!have->has_map || memcmp(want->map, have->map, sizeof(want->map)))) {
		out->has_map = true;
		memcpy(out->map, want->map, sizeof(out->map));
		any = true;
	}
	if (want->has_speed && want->speed != (have->has_speed ? have->speed : 0)) {
		out->has_speed = true;
		out->speed = want->speed;
		any = true;
	}
	if (want->has_overhead && want->overhead != (have->has_overhead ? have->overhead : 0)) {
		out->has_overhead = true;
		out->overhead = want->overhead;
		any = true;
	}
	for (int i = 0; i < EDGETSN_NUM_TC; i++) {
		const struct etsn_tc_settings *w = &want->tc[i], *h = &have->tc[i];
		struct etsn_tc_settings *o = &out->tc[i];

		if (!w->present)
			continue;
		if (w->has_limit_pkts && (!h->has_limit_pkts || h->limit_pkts != w->limit_pkts)) {
			o->has_limit_pkts = true;
			o->limit_pkts = w->limit_pkts;
		}
		if (w->has_limit_bytes && (h->has_limit_bytes ? h->limit_bytes : 0) != w->limit_bytes) {
			o->has_limit_bytes = true;
			o->limit_bytes = w->limit_bytes;
		}
		if (w->has_preemptible &&
		    (h->has_preemptible ? h->preemptible : false) != w->preemptible) {
			o->has_preemptible = true;
			o->preemptible = w->preemptible;
		}
		if (w->has_max_sdu && (h->has_max_sdu ? h->max_sdu : 0) != w->max_sdu) {
			o->has_max_sdu = true;
			o->max_sdu = w->max_sdu;
		}
		o->present = o->has_limit_pkts || o->has_limit_bytes || o->has_preemptible ||
			     o->has_max_sdu;
		any |= o->present;
	}
	return any;
}

int etsn_rc_diff(const struct etsn_agent_iface *want, const struct etsn_rc_state *have,
		 int64_t now, struct etsn_rc_plan *plan, char *err, size_t errlen)
{
	const struct etsn_sched_reply *r = &have->sched;
	static const struct etsn_class_cfg none;
	const struct etsn_sched *cur = NULL;
	struct etsn_rc_action *a;

	memset(plan, 0, sizeof(*plan));
	if (!want->qdisc)
		return 0;
	if (!have->has_qdisc)
		plan->actions[plan->n++].op = ETSN_RC_QDISC_ADD;
	if (want->has_classes) {
		a = &plan->actions[plan->n];
		if (class_diff(&want->classes, have->has_qdisc ? &have->classes : &none,
			       &a->classes)) {
			a->op = ETSN_RC_CLASS_SET;
			plan->n++;
		}
	}
	if (!want->schedule)
		return 0;
	if (have->has_qdisc)
		cur = r->has_admin ? &r->admin : r->has_oper ? &r->oper : NULL;
	if (cur && etsn_rc_sched_same(want->schedule, cur))
		return 0;
	a = &plan->actions[plan->n];
	a->op = ETSN_RC_SCHED_SET;
	a->sched = *want->schedule;
	if (have->has_qdisc && r->has_oper && !want->schedule_at) {
		int64_t at;

		if (etsn_rc_next_boundary(&r->oper, now, ETSN_RC_LEAD_NS, &at)) {
			snprintf(err, errlen, "the running schedule's next cycle start does not fit in 64 bits");
			return -ERANGE;
		}
		a->sched.has_base_time = true;
		a->sched.base_time = at;
	}
	plan->n++;
	return 0;
}
