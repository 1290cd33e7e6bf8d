/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private state of an etsn qdisc, shared by the files that implement it
 * (sch_etsn.c, etsn_oper.c, etsn_cfg.c, etsn_link.c, etsn_stats.c,
 * etsn_guard.c's per-class max-SDU).
 *
 * Locking:
 * - the qdisc lock (held by enqueue/dequeue; sch_tree_lock() elsewhere)
 *   guards the queues, @cfg, the class counters, the link facts and the
 *   per-entry counters;
 * - @oper and @admin are RCU pointers: the fast path reads them with
 *   rcu_dereference_bh(); they change only under @sched_lock, by the gate
 *   timer (admin becomes oper) or by etsn_sched_set() with the timer
 *   cancelled; old schedules are freed after a grace period;
 * - @sched_lock (the timer takes it, others with irqs off) also guards the
 *   schedule counters; the event ring has its own lock (etsn_event.c).
 */
#ifndef _ETSN_QDISC_H
#define _ETSN_QDISC_H

#include <linux/hrtimer.h>
#include <linux/sched/clock.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/sch_generic.h>

#include "etsn_event.h"
#include "etsn_mm_ntf.h"
#include "etsn_sched.h"
#include "sch_etsn.h"

#define ETSN_DEFAULT_LIMIT	1000

/* Kept in qdisc_skb_cb(skb)->data while the frame is queued. */
struct etsn_skb_cb {
	u64 enq_ns;		/* etsn_stamp_ns() at enqueue */
	u8 deferred;		/* guard deferral already counted */
};

struct etsn_class {
	struct qdisc_skb_head q;
	struct etsn_class_stats st;
};

struct etsn_qdisc {
	struct Qdisc *sch;
	bool ready;
	u8 backlogged;		/* bit N: class N's queue holds frames */
	struct etsn_qdisc_cfg cfg;
	struct etsn_class cls[EDGETSN_NUM_TC];
	struct etsn_class mgmt;	/* gate-exempt management frames */
	struct tcf_proto __rcu *filter_list;	/* tc filters on the qdisc */
	struct tcf_block *block;

	/* Link facts (qdisc lock). */
	u32 speed_reported;
	u32 speed;
	u32 mm_state;
	u32 mm_min_frag;
	unsigned long mm_confirmed;	/* jiffies of the last read of @mm_state */
	struct delayed_work mm_work;	/* reads it again (etsn_link.c) */
	struct etsn_mm_ntf_sub mm_ntf;	/* hears of ethtool's changes */
	s64 wire_busy_until;

	/* Schedules. */
	clockid_t clockid;
	struct etsn_rt __rcu *oper;
	struct etsn_rt __rcu *admin;
	struct hrtimer timer;
	spinlock_t sched_lock;
	u64 cycles;
	u64 config_changes;
	u64 config_change_error;
	s64 config_change_time;
	u64 timer_late;
	u64 timer_lateness_max;
	/* Clock steps: the schedule clock's offset from CLOCK_MONOTONIC. */
	s64 clk_off;
	clockid_t clk_off_id;	/* clock @clk_off is of, -1: none yet */
	u64 clock_steps;
	u32 clock_gen;		/* bumped at each step (WRITE_ONCE) */
	u32 wire_gen;		/* @clock_gen @wire_busy_until was set in */

	/* Events raised in the timer, sent from process context. */
	struct etsn_event_ring events;
};

static inline struct etsn_skb_cb *etsn_cb(struct sk_buff *skb)
{
	return (struct etsn_skb_cb *)qdisc_skb_cb(skb)->data;
}

/*
 * Time stamps of the sojourn statistics, two per frame: local_clock(), not
 * ktime_get_ns(). It never reads the clocksource device, which on a guest
 * without a stable TSC is the HPET, an emulated register read that cost a
 * frame as much as the rest of the qdisc (docs/benchmarks.md). It is
 * monotonic on each CPU; where the TSCs are not synchronised a frame
 * dequeued on another CPU may be off by up to a tick (clamped at 0).
 * Statistics only: gate decisions use the schedule's clock.
 */
static inline u64 etsn_stamp_ns(void)
{
	return local_clock();
}

/* sch_etsn.c */
const struct Qdisc_ops *etsn_qdisc_ops_kunit(void);

/* etsn_oper.c */
void etsn_oper_init(struct etsn_qdisc *q);
void etsn_oper_destroy(struct etsn_qdisc *q);
void etsn_status_fill(struct etsn_qdisc *q, struct etsn_sched_status *st);

/* An event about @q's device, sent now (process context). */
static inline void etsn_notify(struct etsn_qdisc *q, u8 cmd, s64 time,
			       s32 error, u32 speed)
{
	struct etsn_event ev = {
		.cmd = cmd, .time = time, .error = error, .link_speed = speed,
	};

	etsn_event_send(qdisc_dev(q->sch), &ev);
}

/* etsn_tc_class.c */
extern const struct Qdisc_class_ops etsn_tc_class_ops;
bool etsn_tc_classify(struct Qdisc *sch, struct sk_buff *skb, int *tc,
		      int *verdict);

/* etsn_cfg.c */
int etsn_cfg_validate(const struct etsn_qdisc_cfg *cfg,
		      struct netlink_ext_ack *extack);

/* etsn_link.c */
void etsn_link_init(struct etsn_qdisc *q);
void etsn_link_destroy(struct etsn_qdisc *q);
void etsn_link_refresh(struct etsn_qdisc *q);
void etsn_link_mm_recheck(struct etsn_qdisc *q);
int etsn_link_notifier_register(void);
void etsn_link_notifier_unregister(void);

/* etsn_stats.c */
void etsn_sojourn_account(struct etsn_class_stats *st, u64 ns);

/* etsn_guard.c */
u32 etsn_rt_auto_max_sdu(struct etsn_rt *rt, int tc, u32 overhead, u32 speed);
u32 etsn_class_max_sdu(const struct etsn_qdisc *q, struct etsn_rt *rt, int tc);
u32 etsn_class_explicit_max_sdu(const struct etsn_qdisc *q, int tc);
void etsn_class_max_sdu_report(const struct etsn_qdisc *q, struct etsn_rt *rt,
			       int tc, struct etsn_class_stats *st);

#endif /* _ETSN_QDISC_H */
