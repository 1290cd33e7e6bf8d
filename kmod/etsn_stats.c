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
