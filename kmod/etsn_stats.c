// SPDX-License-Identifier: GPL-2.0
/*
 * Counters of the etsn qdisc and their snapshot for the generic-netlink
 * family. Class and entry counters change under the qdisc lock, schedule
 * counters under the schedule lock; a snapshot takes each lock once.
 */
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_qdisc.h"
#include "etsn_stats.h"

/**
 * etsn_sojourn_bucket() - histogram bucket of a sojourn time
 * @ns: the sojourn, ns
 *
 * Return: 0 below 2 ns, i for [2^i, 2^(i+1)) ns, the last bucket for
 * everything longer (see %EDGETSN_SOJOURN_BUCKETS).
 */
u32 etsn_sojourn_bucket(u64 ns)
{
	if (ns < 2)
		return 0;
	return min_t(u32, ilog2(ns), EDGETSN_SOJOURN_BUCKETS - 1);
}
ETSN_EXPORT_FOR_KUNIT(etsn_sojourn_bucket);

/* A frame of the class left after @ns in the queue. Qdisc lock held. */
void etsn_sojourn_account(struct etsn_class_stats *st, u64 ns)
{
	st->sojourn_sum += ns;
	st->sojourn_max = max(st->sojourn_max, ns);
	st->sojourn_hist[etsn_sojourn_bucket(ns)]++;
}

/*
 * Longest frame (from the MAC header on, as qdisc_pkt_len() counts) class
 * @tc may send: the explicit max-SDU plus the device's link-layer header
 * (802.1Q queueMaxSDU and taprio's max-sdu exclude it) and, for classes
 * that follow express rules, the longest frame its longest window carries.
 * A preemptible class with MAC merge active is fragmented instead. 0: no
 * limit. Qdisc lock held; @rt is the schedule in force (NULL: all open).
 */
u32 etsn_class_max_sdu(const struct etsn_qdisc *q, struct etsn_rt *rt, int tc)
{
	const struct etsn_class_cfg *cc = &q->cfg.cls[tc];
	u32 explicit_len = 0, auto_len = 0;

	if (cc->max_sdu &&
	    check_add_overflow(cc->max_sdu, (u32)qdisc_dev(q->sch)->hard_header_len,
			       &explicit_len))
		explicit_len = U32_MAX;
	if (rt && !(cc->preemptible && q->mm_state == EDGETSN_MM_ACTIVE))
		auto_len = etsn_rt_auto_max_sdu(rt, tc, q->cfg.overhead, q->speed);
	return etsn_effective_max_sdu(explicit_len, auto_len);
}

/*
 * Class @tc's max-SDU as the family reports it (struct etsn_class_stats):
 * without the link-layer header, "no limit" when no frame the device's
 * MTU allows is refused, and closed when no frame can leave at all.
 */
static void etsn_class_max_sdu_report(const struct etsn_qdisc *q,
				      struct etsn_rt *rt, int tc,
				      struct etsn_class_stats *st)
{
	const struct net_device *dev = qdisc_dev(q->sch);
	bool pmac = q->cfg.cls[tc].preemptible && q->mm_state == EDGETSN_MM_ACTIVE;
	u32 len = etsn_class_max_sdu(q, rt, tc);
	int view = pmac ? ETSN_VIEW_PMAC : ETSN_VIEW_EXPRESS;

	st->closed = (rt && !(rt->ever_open[view] & BIT(tc))) ||
		     (len && len <= dev->hard_header_len);
	st->max_sdu_effective = 0;
	if (st->closed || !len)
		return;
	len -= dev->hard_header_len;
	/* An explicit limit shows as set; an automatic one only if it bites. */
	if (len == q->cfg.cls[tc].max_sdu || len < dev->mtu)
		st->max_sdu_effective = len;
}

int etsn_stats_get(struct Qdisc *sch, struct etsn_class_stats *cls,
		   struct etsn_entry_stats **entries, u32 *num_entries,
		   struct etsn_sched_status *status)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct etsn_entry_stats *es;
	struct etsn_rt *rt;
	u32 n = 0;
	int tc;

	ASSERT_RTNL();
	es = kvcalloc(EDGETSN_MAX_ENTRIES, sizeof(*es), GFP_KERNEL);
	if (!es)
		return -ENOMEM;
	rcu_read_lock();
	sch_tree_lock(sch);
	rt = rcu_dereference(q->oper);
	for (tc = 0; tc < EDGETSN_NUM_TC; tc++) {
		cls[tc] = q->cls[tc].st;
		etsn_class_max_sdu_report(q, rt, tc, &cls[tc]);
	}
	if (rt) {
		n = rt->gcl->num_entries;
		memcpy(es, rt->estats, array_size(n, sizeof(*es)));
	}
	sch_tree_unlock(sch);
	rcu_read_unlock();
	if (!n) {
		kvfree(es);
		es = NULL;
	}
	*entries = es;
	*num_entries = n;
	etsn_status_fill(q, status);
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_stats_get);

void etsn_mgmt_stats_get(struct Qdisc *sch, struct etsn_class_stats *st)
{
	struct etsn_qdisc *q = qdisc_priv(sch);

	ASSERT_RTNL();
	sch_tree_lock(sch);
	*st = q->mgmt.st;
	sch_tree_unlock(sch);
}
ETSN_EXPORT_FOR_KUNIT(etsn_mgmt_stats_get);
