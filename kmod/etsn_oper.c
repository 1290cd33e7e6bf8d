// SPDX-License-Identifier: GPL-2.0
/*
 * Admin and operational schedules of an etsn qdisc (802.1Qbv 8.6.9): the
 * gate timer that advances entries, swaps in a pending admin schedule at
 * its change time and wakes the qdisc when gates change; installing a new
 * admin schedule; the status the family reads. Its events (a schedule
 * became operational, a clock step) leave through the event ring.
 *
 * The timer fires where gate states change (and at the change time);
 * entries that repeat the gates before them cost none. It runs on
 * CLOCK_MONOTONIC, its expiries converted from the schedule's clock, so
 * that it still fires after that clock is stepped back; at each expiry the
 * clock's offset from CLOCK_MONOTONIC, which only a step changes, tells
 * whether the schedule must follow a step (etsn_follow_clock()). The
 * dequeue path does not depend on it for the gate states (it looks them
 * up for the current time), only for being woken:
 * while every gate with a backlog is closed the qdisc sends nothing and
 * waits for the timer.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_qdisc.h"
#include "etsn_time.h"

/*
 * Longest sleep of the gate timer while a schedule runs or waits: how late
 * a step of its clock may be noticed. 10 expiries a second cost nothing.
 */
#define ETSN_STEP_CHECK_NS	(100 * NSEC_PER_MSEC)

#define etsn_deref_locked(q, p) \
	rcu_dereference_protected(p, lockdep_is_held(&(q)->sched_lock) || \
				  lockdep_rtnl_is_held())

/* Offset of a schedule clock from CLOCK_MONOTONIC: only a step changes it. */
static s64 etsn_clock_offset(clockid_t clockid)
{
	switch (clockid) {
	case CLOCK_REALTIME:
		return ktime_to_ns(ktime_mono_to_any(0, TK_OFFS_REAL));
	case CLOCK_BOOTTIME:
		return ktime_to_ns(ktime_mono_to_any(0, TK_OFFS_BOOT));
	case CLOCK_MONOTONIC:
		return 0;
	default:
		return ktime_to_ns(ktime_mono_to_any(0, TK_OFFS_TAI));
	}
}

/*
 * A pending admin schedule follows the step too (etsn_change_time_stepped());
 * the operational one's stretched last cycle, which ended at the old change
 * time, is cut at the new one instead. @sched_lock held. Return: whether
 * the change time could be recomputed.
 */
static bool etsn_admin_follow_step(struct etsn_qdisc *q, struct etsn_rt *oper,
				   struct etsn_rt *adm, s64 step, s64 now)
{
	s64 anchor, change;

	if (etsn_change_time_stepped(adm->anchor, adm->gcl->cycle_time,
				     adm->change_time, step, now, &anchor,
				     &change))
		return false;
	if (oper)
		WRITE_ONCE(oper->ext_from, 0);
	WRITE_ONCE(adm->anchor, anchor);
	WRITE_ONCE(adm->change_time, change);
	return true;
}

/*
 * Follows a step of the schedule clock seen since the last call: the oper
 * schedule keeps its phase on the new time (etsn_reanchor()), its cycle
 * count goes on from the cycle in force, a pending admin schedule's change
 * time is recomputed, and the dequeue path forgets its wire model (a time
 * on the old clock). Counted and announced. @sched_lock held. Return: now
 * on the schedule clock.
 */
static s64 etsn_follow_clock(struct etsn_qdisc *q)
{
	s64 off = etsn_clock_offset(q->clockid);
	s64 now = ktime_get_ns() + off;
	struct etsn_event ev = { .cmd = EDGETSN_CMD_EV_CLOCK_STEP };
	struct etsn_rt *oper = etsn_deref_locked(q, q->oper);
	struct etsn_rt *adm = etsn_deref_locked(q, q->admin);
	struct etsn_rt_pos pos;
	bool followed = false;
	s64 anchor;

	lockdep_assert_held(&q->sched_lock);
	if (q->clk_off_id == q->clockid && off != q->clk_off) {
		WRITE_ONCE(q->clock_gen, q->clock_gen + 1);
		if (adm && etsn_admin_follow_step(q, oper, adm, off - q->clk_off, now)) {
			ev.time = adm->change_time;
			followed = true;
		}
		if (oper && !etsn_reanchor(oper->anchor, oper->gcl->cycle_time,
					   now, &anchor)) {
			WRITE_ONCE(oper->anchor, anchor);
			/* After a step to just past 0: the anchor is ahead. */
			ev.time = etsn_rt_lookup(oper, now, &pos) ? anchor :
				  pos.cycle_start;
			oper->last_cycle_start = ev.time;
			followed = true;
		}
		if (followed) {
			q->clock_steps++;
			etsn_event_ring_queue(&q->events, &ev);
		}
	}
	q->clk_off = off;
	q->clk_off_id = q->clockid;
	return now;
}

/* Cycles begun since the last count, up to @cycle_start. */
static void etsn_count_cycles(struct etsn_qdisc *q, struct etsn_rt *rt,
			      s64 cycle_start)
{
	if (cycle_start <= rt->last_cycle_start)
		return;
	q->cycles += div64_u64((u64)cycle_start - (u64)rt->last_cycle_start,
			       rt->gcl->cycle_time);
	rt->last_cycle_start = cycle_start;
}

/*
 * Brings the schedules up to @now: the admin schedule becomes operational
 * once its change time has come. Return: when something next changes
 * (a gate state, the admin takes over), but no later than
 * %ETSN_STEP_CHECK_NS from @now while a schedule runs or waits, so that a
 * step of its clock is followed soon even when its gates never change;
 * %ETSN_NEVER with no schedule.
 */
static s64 etsn_advance(struct etsn_qdisc *q, s64 now)
{
	struct etsn_rt *oper = etsn_deref_locked(q, q->oper);
	struct etsn_rt *adm = etsn_deref_locked(q, q->admin);
	struct etsn_rt_pos pos;
	s64 next;

	lockdep_assert_held(&q->sched_lock);
	if (adm && now >= adm->change_time) {
		struct etsn_event ev = {
			.cmd = EDGETSN_CMD_EV_SCHED_OPER,
			.time = adm->change_time,
		};

		adm->last_cycle_start = adm->change_time;
		rcu_assign_pointer(q->oper, adm);
		/* Who sees no admin sees the new oper (etsn_rt_now()). */
		smp_wmb();
		RCU_INIT_POINTER(q->admin, NULL);
		etsn_rt_free_rcu(oper);
		q->config_changes++;
		q->config_change_time = adm->change_time;
		q->cycles++;
		etsn_event_ring_queue(&q->events, &ev);
		oper = adm;
		adm = NULL;
	}
	next = adm ? adm->change_time : ETSN_NEVER;
	if (oper && !etsn_rt_lookup(oper, now, &pos)) {
		etsn_count_cycles(q, oper, pos.cycle_start);
		next = min(next, etsn_rt_next_change(oper, &pos));
	}
	if ((oper || adm) && now < ETSN_NEVER - ETSN_STEP_CHECK_NS)
		next = min(next, now + ETSN_STEP_CHECK_NS);
	return next;
}

static enum hrtimer_restart etsn_timer_fn(struct hrtimer *timer)
{
	struct etsn_qdisc *q = container_of(timer, struct etsn_qdisc, timer);
	s64 late = ktime_get_ns() - ktime_to_ns(hrtimer_get_expires(timer));
	s64 next, off;

	spin_lock(&q->sched_lock);
	if (late > EDGETSN_TIMER_LATE_NS)
		q->timer_late++;
	if (late > 0)
		q->timer_lateness_max = max_t(u64, q->timer_lateness_max, late);
	next = etsn_advance(q, etsn_follow_clock(q));
	off = q->clk_off;
	spin_unlock(&q->sched_lock);

	/* Gates changed: let the qdisc look again if it holds frames. */
	if (READ_ONCE(q->sch->q.qlen)) {
		rcu_read_lock();
		__netif_schedule(qdisc_root(q->sch));
		rcu_read_unlock();
	}
	if (next == ETSN_NEVER)
		return HRTIMER_NORESTART;
	hrtimer_set_expires(timer, ns_to_ktime(next - off));
	return HRTIMER_RESTART;
}

/* Arms the (cancelled) timer for the next change. RTNL held. */
static void etsn_timer_restart(struct etsn_qdisc *q)
{
	unsigned long flags;
	s64 next;

	spin_lock_irqsave(&q->sched_lock, flags);
	next = etsn_advance(q, etsn_follow_clock(q));
	if (next != ETSN_NEVER)
		hrtimer_start(&q->timer, ns_to_ktime(next - q->clk_off),
			      HRTIMER_MODE_ABS);
	spin_unlock_irqrestore(&q->sched_lock, flags);
}

/* The change time cannot be represented: ConfigChangeError. */
static void etsn_config_error(struct etsn_qdisc *q, int err)
{
	unsigned long flags;

	spin_lock_irqsave(&q->sched_lock, flags);
	q->config_change_error++;
	spin_unlock_irqrestore(&q->sched_lock, flags);
	etsn_notify(q, EDGETSN_CMD_EV_CONFIG_ERROR, 0, err, 0);
}

int etsn_sched_set(struct Qdisc *sch, struct etsn_gcl *gcl, clockid_t clockid,
		   struct netlink_ext_ack *extack)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct etsn_rt *rt, *oper, *old;
	s64 change, ext_from;
	unsigned long flags;
	int err;

	ASSERT_RTNL();
	if (!etsn_clockid_valid(clockid)) {
		NL_SET_ERR_MSG_MOD(extack, "clock must be TAI, REALTIME, MONOTONIC or BOOTTIME");
		kvfree(gcl);
		return -EINVAL;
	}
	/* Floor and guard bands on the link as it is now (MAC merge too). */
	etsn_link_refresh(q);
	etsn_gcl_fill_defaults(gcl);
	err = etsn_gcl_validate(gcl, extack);
	if (!err)
		err = etsn_gcl_check_intervals(gcl,
					       etsn_min_interval_ns(q->cfg.overhead, q->speed),
					       extack);
	if (err) {
		kvfree(gcl);
		return err;
	}
	rt = etsn_rt_build(gcl);
	if (!rt) {
		NL_SET_ERR_MSG_MOD(extack, "no memory for the schedule");
		kvfree(gcl);
		return -ENOMEM;
	}

	/*
	 * With the timer stopped, only this function changes the state. A
	 * pending admin whose time has come (a late timer) takes over first.
	 */
	hrtimer_cancel(&q->timer);
	spin_lock_irqsave(&q->sched_lock, flags);
	etsn_advance(q, etsn_follow_clock(q));
	spin_unlock_irqrestore(&q->sched_lock, flags);
	oper = etsn_deref_locked(q, q->oper);
	if (clockid != q->clockid && oper) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot change the clock while a schedule is operational: delete the qdisc first");
		err = -EBUSY;
		goto restart;
	}
	err = etsn_change_time(oper ? oper->gcl : NULL, gcl, etsn_now(clockid),
			       &change, &ext_from);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the schedule's change time is not representable");
		etsn_config_error(q, err);
		goto restart;
	}
	rt->change_time = change;

	/* Dequeue sees the clock and the admin schedule change together. */
	sch_tree_lock(sch);
	spin_lock_irqsave(&q->sched_lock, flags);
	if (clockid != q->clockid)
		q->wire_busy_until = 0;	/* a time on the old clock */
	q->clockid = clockid;
	old = etsn_deref_locked(q, q->admin);
	if (oper) {
		/* Dequeue reads these unlocked: never a stretch to a stale end. */
		WRITE_ONCE(oper->ext_from, 0);
		smp_wmb();	/* no reader sees the old start with the new end */
		WRITE_ONCE(oper->ext_to, change);
		smp_wmb();	/* nor the new start with the old end */
		WRITE_ONCE(oper->ext_from, ext_from);
	}
	rcu_assign_pointer(q->admin, rt);
	spin_unlock_irqrestore(&q->sched_lock, flags);
	sch_tree_unlock(sch);
	etsn_rt_free_rcu(old);
	etsn_timer_restart(q);
	return 0;

restart:
	etsn_rt_free(rt);
	etsn_timer_restart(q);
	return err;
}
ETSN_EXPORT_FOR_KUNIT(etsn_sched_set);

static struct etsn_gcl *etsn_gcl_copy_into(struct etsn_gcl *dst,
					   const struct etsn_rt *rt)
{
	if (!rt) {
		kvfree(dst);
		return NULL;
	}
	memcpy(dst, rt->gcl, struct_size(rt->gcl, entries, rt->gcl->num_entries));
	return dst;
}

/**
 * etsn_status_fill() - the 802.1Qbv status at this instant
 * @q: the qdisc
 * @st: where it goes
 */
void etsn_status_fill(struct etsn_qdisc *q, struct etsn_sched_status *st)
{
	struct etsn_rt *oper, *adm, *cur;
	struct etsn_rt_pos pos;
	unsigned long flags;

	memset(st, 0, sizeof(*st));
	spin_lock_irqsave(&q->sched_lock, flags);
	oper = etsn_deref_locked(q, q->oper);
	adm = etsn_deref_locked(q, q->admin);
	st->clockid = q->clockid;
	st->now = etsn_now(q->clockid);
	/* A timer running late has not swapped yet: the admin is in force. */
	cur = adm && st->now >= adm->change_time ? adm : oper;
	st->config_pending = adm && cur != adm;
	st->config_change_time = adm ? adm->change_time : q->config_change_time;
	st->config_change_error = q->config_change_error;
	st->gates = 0xff;
	st->cycles = q->cycles;
	if (cur && !etsn_rt_lookup(cur, st->now, &pos)) {
		st->current_entry = pos.index;
		st->gates = cur->gcl->entries[pos.index].gates;
		/* Begun since the timer last counted: it fires at gate changes only. */
		if (cur == oper && pos.cycle_start > oper->last_cycle_start)
			st->cycles += div64_u64((u64)pos.cycle_start -
						(u64)oper->last_cycle_start,
						oper->gcl->cycle_time);
	}
	st->config_changes = q->config_changes;
	st->timer_late = q->timer_late;
	st->timer_lateness_max = q->timer_lateness_max;
	st->clock_steps = q->clock_steps;
	spin_unlock_irqrestore(&q->sched_lock, flags);
}

int etsn_sched_get(struct Qdisc *sch, struct etsn_gcl **oper,
		   struct etsn_gcl **admin, struct etsn_sched_status *status)
{
	const size_t max = struct_size((struct etsn_gcl *)NULL, entries,
				       EDGETSN_MAX_ENTRIES);
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct etsn_gcl *o, *a;
	unsigned long flags;

	ASSERT_RTNL();
	o = kvmalloc(max, GFP_KERNEL);
	a = kvmalloc(max, GFP_KERNEL);
	if (!o || !a) {
		kvfree(o);
		kvfree(a);
		return -ENOMEM;
	}
	spin_lock_irqsave(&q->sched_lock, flags);
	*oper = etsn_gcl_copy_into(o, etsn_deref_locked(q, q->oper));
	*admin = etsn_gcl_copy_into(a, etsn_deref_locked(q, q->admin));
	spin_unlock_irqrestore(&q->sched_lock, flags);
	etsn_status_fill(q, status);
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_sched_get);

/* First thing of init: destroy may follow any later failure. */
void etsn_oper_init(struct etsn_qdisc *q)
{
	spin_lock_init(&q->sched_lock);
	etsn_event_ring_init(&q->events, qdisc_dev(q->sch));
	q->clockid = CLOCK_TAI;
	q->clk_off_id = -1;
	hrtimer_init(&q->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	q->timer.function = etsn_timer_fn;
}

/* Stops the timer and the event work, frees the schedules. RTNL held. */
void etsn_oper_destroy(struct etsn_qdisc *q)
{
	hrtimer_cancel(&q->timer);
	/* Sends what the timer raised; the timer can raise no more. */
	etsn_event_ring_flush(&q->events);
	etsn_rt_free_rcu(rcu_replace_pointer(q->admin, NULL, lockdep_rtnl_is_held()));
	etsn_rt_free_rcu(rcu_replace_pointer(q->oper, NULL, lockdep_rtnl_is_held()));
}
