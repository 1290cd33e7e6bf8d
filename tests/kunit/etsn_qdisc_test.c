// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite that drives a real etsn qdisc (on a registered test device
 * that is down, so the stack never dequeues behind our back) through its
 * enqueue/dequeue and the functions the netlink family calls: priority
 * order with all gates open, queue limits, a schedule installed with
 * etsn_sched_set() that gates frames once it is operational, drops of
 * classes whose gate never opens and of oversize frames, the guard band
 * holding a frame that cannot end before its gate closes, Set-And-Hold
 * ignored without MAC merge, clock and overflow rejections, frames of a
 * class whose gate stops opening purged, max-SDU without the L2 header,
 * MAC merge state read again while a class is preemptible, the guard band
 * across a pending change (also before a first schedule), GSO frames queued
 * whole cut into their segments at dequeue when they meet windows (those
 * of a management priority too, between protected windows). KUnit tears
 * the device down when a case ends, also when an assertion ends it.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/timekeeping.h>
#include <net/pkt_sched.h>
#include <net/sch_generic.h>

#include "compat.h"
#include "etsn_qdisc.h"

#define MS 1000000LL
#define SEC 1000000000LL

struct kt {
	struct net_device *dev;
	struct Qdisc *sch;
};

/* Frames freed with a socket's accounting, as kfree_skb() runs destructors. */
static atomic_t kt_destructed;

static void kt_destructor(struct sk_buff *skb)
{
	atomic_inc(&kt_destructed);
}

static netdev_tx_t kt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops kt_ops = {
	.ndo_start_xmit = kt_xmit,
};

/*
 * Undoes what kt_setup_ethtool() got done. KUnit runs it when the case ends,
 * also when an assertion ended it early: the device and its qdisc (which
 * holds the module) never outlive the case. Cases drop RTNL before they
 * assert, so it can be taken here.
 */
static void kt_teardown(struct kunit_resource *res)
{
	struct kt *k = res->data;

	if (!k->dev)
		return;
	if (k->sch) {
		rtnl_lock();
		qdisc_put(dev_graft_qdisc(netdev_get_tx_queue(k->dev, 0), NULL));
		rtnl_unlock();
	}
	if (k->dev->reg_state == NETREG_REGISTERED)
		unregister_netdev(k->dev);
	free_netdev(k->dev);
}

/*
 * A test device with @ethtool (may be NULL) and an etsn root qdisc, torn
 * down by KUnit (kt_teardown()) however the case ends.
 */
static struct kt *kt_setup_ethtool(struct kunit *test, const struct ethtool_ops *ethtool)
{
	struct netdev_queue *txq;
	struct kt *k;

	k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k);
	/* Added after @k's allocation, so KUnit runs it before freeing @k. */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, NULL, kt_teardown, GFP_KERNEL, k));
	k->dev = alloc_netdev(0, "etsnkt%d", NET_NAME_ENUM, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, k->dev);
	k->dev->netdev_ops = &kt_ops;
	if (ethtool)
		k->dev->ethtool_ops = ethtool;
	eth_hw_addr_random(k->dev);
	KUNIT_ASSERT_EQ(test, 0, register_netdev(k->dev));
	txq = netdev_get_tx_queue(k->dev, 0);
	rtnl_lock();
	k->sch = qdisc_create_dflt(txq, etsn_qdisc_ops_kunit(), TC_H_ROOT, NULL);
	if (k->sch)
		dev_graft_qdisc(txq, k->sch);
	rtnl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, k->sch);
	return k;
}

static struct kt *kt_setup(struct kunit *test)
{
	return kt_setup_ethtool(test, NULL);
}

static struct etsn_class_stats *kt_cls(struct kunit *test)
{
	struct etsn_class_stats *cls;

	cls = kunit_kcalloc(test, EDGETSN_NUM_TC, sizeof(*cls), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cls);
	return cls;
}

/* Enqueues @skb as the stack would. Return: NET_XMIT_*. */
static int kt_enq_skb(struct kt *k, struct sk_buff *skb)
{
	struct sk_buff *to_free = NULL;
	int ret;

	spin_lock_bh(qdisc_lock(k->sch));
	ret = k->sch->enqueue(skb, k->sch, &to_free);
	spin_unlock_bh(qdisc_lock(k->sch));
	kfree_skb_list(to_free);
	return ret;
}

/* Enqueues a frame of EtherType @type claiming @len bytes. Return: NET_XMIT_*. */
static int kt_enq_type(struct kunit *test, struct kt *k, u32 prio, u32 len, u16 type)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, 60);
	((struct ethhdr *)skb->data)->h_proto = htons(type);
	skb->priority = prio;
	skb->destructor = kt_destructor;
	qdisc_skb_cb(skb)->pkt_len = len;
	return kt_enq_skb(k, skb);
}

static int kt_enq(struct kunit *test, struct kt *k, u32 prio, u32 len)
{
	return kt_enq_type(test, k, prio, len, 0);
}

/* The frame dequeue gives, or NULL. */
static struct sk_buff *kt_deq_skb(struct kt *k)
{
	struct sk_buff *skb;

	spin_lock_bh(qdisc_lock(k->sch));
	skb = k->sch->ops->dequeue(k->sch);
	spin_unlock_bh(qdisc_lock(k->sch));
	return skb;
}

/* Priority of the frame dequeue gives, -1 if none. */
static int kt_deq(struct kt *k)
{
	struct sk_buff *skb = kt_deq_skb(k);
	int prio = -1;

	if (skb) {
		prio = skb->priority;
		kfree_skb(skb);
	}
	return prio;
}

static void kt_stats(struct kunit *test, struct kt *k, struct etsn_class_stats *cls,
		     struct etsn_sched_status *st, u32 *n_entries,
		     struct etsn_entry_stats *entries)
{
	struct etsn_entry_stats *es = NULL;
	u32 n = 0;
	int err;

	rtnl_lock();
	err = etsn_stats_get(k->sch, cls, &es, &n, st);
	rtnl_unlock();
	/* Never with RTNL held: the teardown takes it. */
	KUNIT_ASSERT_EQ(test, 0, err);
	if (n_entries)
		*n_entries = n;
	if (entries && es)
		memcpy(entries, es, min(n, 2U) * sizeof(*es));
	kvfree(es);
}

static void priority_fifo_when_unconfigured(struct kunit *test)
{
	static const u32 prios[] = { 0, 3, 7, 1, 20, 5, 15 };
	static const int order[] = { 7, 20, 15, 5, 3, 1, 0 };
	struct etsn_class_stats *cls = kt_cls(test);
	struct etsn_sched_status st;
	struct kt *k;
	u32 i, n;

	k = kt_setup(test);
	for (i = 0; i < ARRAY_SIZE(prios); i++)
		KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, prios[i], 100 + i));
	KUNIT_EXPECT_EQ(test, 7U, k->sch->q.qlen);
	kt_stats(test, k, cls, &st, &n, NULL);
	KUNIT_EXPECT_EQ(test, 3U, cls[7].backlog_packets);	/* 7, 20 and 15 */
	KUNIT_EXPECT_EQ(test, 102U + 104 + 106, cls[7].backlog_bytes);
	KUNIT_EXPECT_EQ(test, 0U, n);			/* default schedule */
	KUNIT_EXPECT_FALSE(test, st.config_pending);
	KUNIT_EXPECT_EQ(test, 0xff, st.gates);
	KUNIT_EXPECT_EQ(test, CLOCK_TAI, st.clockid);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		KUNIT_EXPECT_EQ(test, order[i], kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 3ULL, cls[7].sent_packets);
	KUNIT_EXPECT_EQ(test, 102ULL + 104 + 106, cls[7].sent_bytes);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[0].enq_packets);
	KUNIT_EXPECT_EQ(test, 0U, cls[7].backlog_packets);
	KUNIT_EXPECT_GE(test, cls[7].sojourn_sum, cls[7].sojourn_max);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->q.qlen);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->qstats.backlog);
	KUNIT_EXPECT_EQ(test, 7ULL, u64_stats_read(&k->sch->bstats.packets));
}

static void queue_limits(struct kunit *test)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct etsn_sched_status st;
	struct etsn_qdisc_cfg cfg;
	struct kt *k;
	u64 sojourns = 0;
	int i;

	k = kt_setup(test);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	KUNIT_EXPECT_EQ(test, 1000U, cfg.cls[0].limit_pkts);
	KUNIT_EXPECT_EQ(test, 24U, cfg.overhead);
	cfg.cls[0].limit_pkts = 2;
	cfg.cls[1].limit_bytes = 250;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 0, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 0, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 0, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 1, 125));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 1, 125));
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 1, 1));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[0].drop_queue_full);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[1].drop_queue_full);
	KUNIT_EXPECT_EQ(test, 2U, k->sch->qstats.drops);
	while (kt_deq(k) >= 0)
		;
	kt_stats(test, k, cls, &st, NULL, NULL);
	for (i = 0; i < EDGETSN_SOJOURN_BUCKETS; i++)
		sojourns += cls[0].sojourn_hist[i] + cls[1].sojourn_hist[i];
	KUNIT_EXPECT_EQ(test, 4ULL, sojourns);
	KUNIT_EXPECT_EQ(test, 0U, cls[2].max_sdu_effective);	/* no limit */

	/* taprio's max-sdu 1500 passes a full 1514-byte Ethernet frame. */
	rtnl_lock();
	cfg.cls[2].max_sdu = 1500;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 1514));
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 2, 1515));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 1500U, cls[2].max_sdu_effective);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].drop_oversize);
	KUNIT_EXPECT_FALSE(test, cls[2].closed);
}

static struct etsn_gcl *kt_gcl(struct kunit *test, s64 base, u32 n)
{
	struct etsn_gcl *gcl = kvzalloc(struct_size(gcl, entries, n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, gcl);
	gcl->base_time = base;
	gcl->num_entries = n;
	return gcl;
}

static int kt_sched_set(struct kt *k, struct etsn_gcl *gcl, clockid_t clk,
			struct netlink_ext_ack *ext)
{
	int err;

	rtnl_lock();
	err = etsn_sched_set(k->sch, gcl, clk, ext);
	rtnl_unlock();
	return err;
}

/* The schedules (copies to kvfree()) and status. */
static void kt_sched_get(struct kunit *test, struct kt *k, struct etsn_gcl **oper,
			 struct etsn_gcl **admin, struct etsn_sched_status *st)
{
	int err;

	rtnl_lock();
	err = etsn_sched_get(k->sch, oper, admin, st);
	rtnl_unlock();
	/* Never with RTNL held: the teardown takes it. */
	KUNIT_ASSERT_EQ(test, 0, err);
}

/*
 * Waits (up to 10 s) until @n admin schedules became operational and entry
 * @entry is in force.
 */
static void kt_wait(struct kunit *test, struct kt *k, u64 n, u32 entry)
{
	struct etsn_sched_status st;
	struct etsn_gcl *o, *a;
	int i;

	for (i = 0; i < 500; i++) {
		kt_sched_get(test, k, &o, &a, &st);
		kvfree(o);
		kvfree(a);
		if (st.config_changes >= n && st.current_entry == entry)
			return;
		msleep(20);
	}
	KUNIT_FAIL(test, "schedule did not become operational");
}

/* etsn_class_max_sdu() of class @tc under the schedule in force, as enqueue asks. */
static u32 kt_class_max_sdu(struct kt *k, int tc)
{
	struct etsn_qdisc *q = qdisc_priv(k->sch);
	u32 len;

	spin_lock_bh(qdisc_lock(k->sch));
	len = etsn_class_max_sdu(q, rcu_dereference_bh(q->oper), tc);
	spin_unlock_bh(qdisc_lock(k->sch));
	return len;
}

static void schedule_gates_frames(struct kunit *test)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct netlink_ext_ack ext = {};
	struct etsn_entry_stats es[2] = {};
	struct etsn_sched_status st;
	struct etsn_link_info li;
	struct etsn_qdisc_cfg cfg;
	struct etsn_gcl *gcl, *o, *a;
	struct kt *k;
	u32 n;

	k = kt_setup(test);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.cls[2].preemptible = true;
	cfg.cls[2].max_sdu = 800000;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();

	/*
	 * 20 s cycle: class 1 for 1 ms, then class 2 until the cycle ends
	 * (Set-And-Hold-MAC, which preemptible class 2 ignores without MAC
	 * merge); class 0 never.
	 */
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET_AND_RELEASE, BIT(1), MS };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET_AND_HOLD, BIT(2), MS };
	gcl->cycle_time = 20 * SEC;
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 1);

	kt_sched_get(test, k, &o, &a, &st);
	KUNIT_EXPECT_NULL(test, a);
	kvfree(a);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, 2U, o->num_entries);
	KUNIT_EXPECT_EQ(test, 20ULL * SEC, o->cycle_time);
	KUNIT_EXPECT_FALSE(test, st.config_pending);
	KUNIT_EXPECT_EQ(test, 1U, st.current_entry);
	KUNIT_EXPECT_EQ(test, (u8)BIT(2), st.gates);
	KUNIT_EXPECT_EQ(test, o->base_time, st.config_change_time);
	KUNIT_EXPECT_EQ(test, 1ULL, st.cycles);
	kvfree(o);

	/* Class 0 never opens; class 1 waits; class 2 goes. */
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 0, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 1, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 100));
	KUNIT_EXPECT_EQ(test, 2, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));

	rtnl_lock();
	cfg.link_speed_override = 1;	/* 1 Mb/s: 1 byte = 8 us */
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	etsn_link_info_get(k->dev, k->sch, &li);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1U, li.speed);
	KUNIT_EXPECT_EQ(test, 1U, li.speed_override);
	KUNIT_EXPECT_EQ(test, 0U, li.speed_reported);
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_UNSUPPORTED, li.mm_state);
	/*
	 * What enqueue and dequeue compare qdisc_pkt_len() with, header
	 * included: 1 ms at 1 Mb/s carries 125 bytes less 24 of overhead;
	 * class 2's window would carry more than its explicit limit plus the
	 * 14-byte header; class 0's is empty (1: no frame fits).
	 */
	KUNIT_EXPECT_EQ(test, 101U, kt_class_max_sdu(k, 1));
	KUNIT_EXPECT_EQ(test, 800014U, kt_class_max_sdu(k, 2));
	KUNIT_EXPECT_EQ(test, 1U, kt_class_max_sdu(k, 0));
	/* Above the explicit 800000 (20 s at 1 Mb/s would carry 2.5 MB). */
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 2, 1250000));
	/*
	 * 700000 bytes take 5.6 s. An admin schedule due within 5 s ends
	 * class 2's window early: past the change only the admin's first
	 * window, 0.5 s, keeps class 2 open, and the frame would end at least
	 * 0.6 s after the change: it must wait.
	 */
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 5 * SEC, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(2), SEC / 2 };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0, SEC };
	gcl->cycle_time = 30 * SEC;
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 700000));
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));

	kt_stats(test, k, cls, &st, &n, es);
	KUNIT_EXPECT_EQ(test, 2U, n);
	KUNIT_EXPECT_EQ(test, 0ULL, es[0].frames);
	KUNIT_EXPECT_EQ(test, 1ULL, es[1].frames);
	KUNIT_EXPECT_EQ(test, 100ULL, es[1].bytes);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[0].drop_gate_never_opens);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].drop_oversize);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].guard_deferrals);	/* once per frame */
	KUNIT_EXPECT_EQ(test, 1U, cls[1].backlog_packets);
	KUNIT_EXPECT_EQ(test, 1U, cls[2].backlog_packets);
	/*
	 * 1 ms at 1 Mb/s: 125 bytes less 24 overhead and the 14-byte header
	 * (802.1Q queueMaxSDU); class 2's is explicit; class 0 never opens.
	 */
	KUNIT_EXPECT_EQ(test, 800000U, cls[2].max_sdu_effective);
	KUNIT_EXPECT_EQ(test, 87U, cls[1].max_sdu_effective);
	KUNIT_EXPECT_FALSE(test, cls[1].closed);
	KUNIT_EXPECT_TRUE(test, cls[0].closed);
	KUNIT_EXPECT_TRUE(test, st.config_pending || st.config_changes == 2);

	/* A queued frame above a lowered max-SDU is dropped, not stuck. */
	rtnl_lock();
	cfg.cls[2].max_sdu = 600000;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 2ULL, cls[2].drop_oversize);
	KUNIT_EXPECT_EQ(test, 0U, cls[2].backlog_packets);
	KUNIT_EXPECT_EQ(test, 1U, k->sch->q.qlen);	/* class 1's frame */

	/* The clock cannot change under an operational schedule. */
	gcl = kt_gcl(test, 0, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0xff, SEC };
	KUNIT_EXPECT_EQ(test, -EBUSY, kt_sched_set(k, gcl, CLOCK_REALTIME, &ext));
	KUNIT_EXPECT_NOT_NULL(test, strstr(ext._msg, "cannot change the clock"));
}

static void schedule_rejections(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_sched_status st;
	struct etsn_gcl *gcl, *o, *a;
	struct kt *k;

	k = kt_setup(test);
	gcl = kt_gcl(test, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	KUNIT_EXPECT_NOT_NULL(test, strstr(ext._msg, "no entries"));
	gcl = kt_gcl(test, 0, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0xff, 1000 };
	KUNIT_EXPECT_EQ(test, -EINVAL, kt_sched_set(k, gcl, CLOCK_MONOTONIC_RAW, &ext));
	KUNIT_EXPECT_NOT_NULL(test, strstr(ext._msg, "clock must be"));
	/* Its first cycle would end past the end of s64 time. */
	gcl = kt_gcl(test, S64_MAX - 10, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0xff, 1000 };
	KUNIT_EXPECT_EQ(test, -ERANGE, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	KUNIT_EXPECT_NOT_NULL(test, strstr(ext._msg, "not representable"));
	/* With only the default schedule in force the clock may change. */
	gcl = kt_gcl(test, S64_MAX / 2, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0xff, 1000 };
	KUNIT_EXPECT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_MONOTONIC, &ext));
	kt_sched_get(test, k, &o, &a, &st);
	KUNIT_EXPECT_NULL(test, o);
	kvfree(o);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, 1000ULL, a->cycle_time);
	KUNIT_EXPECT_TRUE(test, st.config_pending);
	KUNIT_EXPECT_EQ(test, S64_MAX / 2, st.config_change_time);
	KUNIT_EXPECT_EQ(test, CLOCK_MONOTONIC, st.clockid);
	KUNIT_EXPECT_EQ(test, 1ULL, st.config_change_error);
	kvfree(a);
}

/* The gate timer keeps advancing and waking the qdisc while frames wait. */
static void timer_runs_cycles(struct kunit *test)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct netlink_ext_ack ext = {};
	struct etsn_sched_status st;
	struct etsn_gcl *gcl;
	struct kt *k;
	int i;

	k = kt_setup(test);
	/* Queued before the schedule takes over: class 3 will never leave. */
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 3, 100));
	atomic_set(&kt_destructed, 0);
	gcl = kt_gcl(test, 0, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1), 500000 };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(2), 500000 };
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	for (i = 0; i < 500; i++) {
		kt_stats(test, k, cls, &st, NULL, NULL);
		if (st.cycles >= 5)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_GE(test, st.cycles, 5ULL);
	KUNIT_EXPECT_EQ(test, 1ULL, st.config_changes);
	KUNIT_EXPECT_FALSE(test, st.config_pending);
	KUNIT_EXPECT_LE(test, st.timer_late, st.cycles * 2 + 2);
	/* The qdisc's next look purges it, freeing what its socket was charged. */
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	KUNIT_EXPECT_EQ(test, 0U, k->sch->q.qlen);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->qstats.backlog);
	KUNIT_EXPECT_EQ(test, 1U, k->sch->qstats.drops);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&kt_destructed));
	/* New frames of class 3 are refused now that it never opens. */
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 3, 100));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[3].drop_gate_never_opens);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[3].drop_purged);
	KUNIT_EXPECT_EQ(test, 0U, cls[3].backlog_packets);
	KUNIT_EXPECT_EQ(test, 0U, cls[3].backlog_bytes);
	KUNIT_EXPECT_TRUE(test, cls[3].closed);
}

/*
 * Frames of a class that MAC merge closes are purged. Class 2 opens only
 * under Set-And-Hold-MAC, so as a preemptible class with MAC merge active
 * it never opens. No kernel the suite runs on has a device with MAC merge
 * (6.1 has no API), so the state a device would report is set here as
 * etsn_link_store() sets it.
 */
static void purge_when_mac_merge_closes(struct kunit *test)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct netlink_ext_ack ext = {};
	struct etsn_sched_status st;
	struct etsn_qdisc_cfg cfg;
	struct etsn_qdisc *q;
	struct etsn_gcl *gcl;
	struct kt *k;

	k = kt_setup(test);
	q = qdisc_priv(k->sch);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.cls[2].preemptible = true;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET_AND_HOLD, BIT(2), SEC };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET_AND_RELEASE, BIT(1), SEC };
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 1);

	/* MAC merge becomes active: the queued frame can never leave. */
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 100));
	rtnl_lock();
	sch_tree_lock(k->sch);
	q->mm_state = EDGETSN_MM_ACTIVE;
	sch_tree_unlock(k->sch);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	kt_stats(test, k, cls, &st, NULL, NULL);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].drop_purged);
	KUNIT_EXPECT_EQ(test, 0U, cls[2].backlog_packets);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->q.qlen);
	KUNIT_EXPECT_TRUE(test, cls[2].closed);
}

/* Class 2 preemptible (or not), as etsnctl class set would make it. */
static void kt_preemptible(struct kunit *test, struct kt *k, bool on)
{
	struct etsn_qdisc_cfg cfg;

	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.cls[2].preemptible = on;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
}

/* The MAC merge state as a read of @age jiffies ago left it. */
static void kt_mm_force(struct kt *k, u32 state, unsigned long age)
{
	struct etsn_qdisc *q = qdisc_priv(k->sch);

	/* The root's own lock: the test does not always hold RTNL. */
	spin_lock_bh(qdisc_lock(k->sch));
	q->mm_state = state;
	q->mm_min_frag = 60;
	q->mm_confirmed = jiffies - age;
	spin_unlock_bh(qdisc_lock(k->sch));
}

/*
 * Guard bands never rest on a stale MAC merge state: the periodic
 * recheck reads it again when it can have RTNL, and while it cannot, an
 * "active" older than its lease falls back to express rules (reported as
 * verifying) and a retry is armed. A read replaces whatever the qdisc
 * held: on this suite's kernels, the test device's own answer.
 */
static void mm_state_never_stale(struct kunit *test)
{
	const u32 own = ETSN_KERNEL_AT_LEAST(6, 3) ? EDGETSN_MM_NO_DEVICE_SUPPORT :
						      EDGETSN_MM_UNSUPPORTED;
	struct etsn_qdisc *q;
	struct kt *k;
	int i;

	k = kt_setup(test);
	q = qdisc_priv(k->sch);
	kt_preemptible(test, k, true);
	KUNIT_EXPECT_EQ(test, own, q->mm_state);
	/* No device MAC merge to read: nothing is polled. */
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&q->mm_work));

	/* RTNL held here: the recheck cannot read. */
	rtnl_lock();
	kt_mm_force(k, EDGETSN_MM_ACTIVE, 0);
	etsn_link_mm_recheck(q);
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_ACTIVE, q->mm_state);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&q->mm_work));
	cancel_delayed_work_sync(&q->mm_work);
	kt_mm_force(k, EDGETSN_MM_ACTIVE, msecs_to_jiffies(1000));
	etsn_link_mm_recheck(q);
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_VERIFYING, q->mm_state);
	KUNIT_EXPECT_EQ(test, 0U, q->mm_min_frag);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&q->mm_work));
	cancel_delayed_work_sync(&q->mm_work);
	rtnl_unlock();

	/* Another holder of RTNL (linkwatch) only delays the read. */
	kt_mm_force(k, EDGETSN_MM_ACTIVE, 0);
	for (i = 0; i < 100 && q->mm_state == EDGETSN_MM_ACTIVE; i++) {
		etsn_link_mm_recheck(q);
		if (q->mm_state == EDGETSN_MM_ACTIVE) {
			cancel_delayed_work_sync(&q->mm_work);
			msleep(20);
		}
	}
	KUNIT_EXPECT_EQ(test, own, q->mm_state);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&q->mm_work));
}

#if ETSN_KERNEL_AT_LEAST(6, 3)
/* What the fake device's get_mm reports: ethtool --set-mm changes it. */
static struct ethtool_mm_state kt_mm;

static int kt_get_mm(struct net_device *dev, struct ethtool_mm_state *st)
{
	*st = kt_mm;
	return 0;
}

static const struct ethtool_ops kt_mm_ethtool = {
	.get_mm = kt_get_mm,
};
#endif

/*
 * A device with MAC merge: `ethtool --set-mm tx-enabled off` raises no
 * event in the kernel; the periodic read, armed while a class is
 * preemptible, sees it; with no preemptible class nothing is polled.
 */
static void mm_state_follows_get_mm(struct kunit *test)
{
#if ETSN_KERNEL_AT_LEAST(6, 3)
	struct etsn_qdisc *q;
	struct kt *k;

	kt_mm = (struct ethtool_mm_state){
		.pmac_enabled = true, .tx_enabled = true, .tx_active = true,
		.tx_min_frag_size = 124,
	};
	k = kt_setup_ethtool(test, &kt_mm_ethtool);
	q = qdisc_priv(k->sch);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&q->mm_work));
	kt_preemptible(test, k, true);
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_ACTIVE, q->mm_state);
	KUNIT_EXPECT_EQ(test, 124U, q->mm_min_frag);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&q->mm_work));

	WRITE_ONCE(kt_mm.tx_enabled, false);
	etsn_link_mm_recheck(q);
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_DISABLED, q->mm_state);
	KUNIT_EXPECT_EQ(test, 0U, q->mm_min_frag);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&q->mm_work));

	kt_preemptible(test, k, false);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&q->mm_work));
#else
	kunit_skip(test, "no ethtool MAC merge API before 6.3: every class uses express rules");
#endif
}

/*
 * The guard band counts frames already handed to the device: at 1 Mb/s
 * a 180000-byte frame takes 1.44 s, and class 2's 4 s window carries two
 * of them (1.12 s to spare for this test's own delays); the third waits
 * although alone it would fit.
 */
static void guard_counts_the_wire(struct kunit *test)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct netlink_ext_ack ext = {};
	struct etsn_entry_stats es[2] = {};
	struct etsn_sched_status st;
	struct etsn_qdisc_cfg cfg;
	struct etsn_gcl *gcl;
	struct kt *k;
	u32 n;

	k = kt_setup(test);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.link_speed_override = 1;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(2), 4 * SEC };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, 0, SEC };
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 0);

	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 180000));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 180000));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 180000));
	KUNIT_EXPECT_EQ(test, 2, kt_deq(k));
	KUNIT_EXPECT_EQ(test, 2, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	kt_stats(test, k, cls, &st, &n, es);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].guard_deferrals);
	KUNIT_EXPECT_EQ(test, 1U, cls[2].backlog_packets);
	KUNIT_EXPECT_EQ(test, 2ULL, es[0].frames);
	/* 4 s at 1 Mb/s carry 499962 bytes of SDU: above the MTU, no limit. */
	KUNIT_EXPECT_EQ(test, 0U, cls[2].max_sdu_effective);
	KUNIT_EXPECT_FALSE(test, cls[2].closed);
}

static void kt_mgmt_cfg(struct kunit *test, struct kt *k, bool exempt, u16 prios,
			u8 protect, u32 speed)
{
	struct etsn_qdisc_cfg cfg;

	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.mgmt_exempt = exempt;
	cfg.mgmt_prios = prios;
	cfg.mgmt_protect = protect;
	cfg.link_speed_override = speed;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
}

/*
 * PTP frames and frames of a management priority leave while their gate is
 * closed (even one that never opens), but not inside a protected window
 * nor when they would still be on the wire when the next one begins; the
 * overrun counter, which walks the schedule at dequeue, agrees (with the
 * guard in etsn_select_mgmt() removed, two frames leave and it counts 2).
 */
static void mgmt_frames_bypass_gates(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_class_stats ms;
	struct etsn_qdisc_cfg cfg;
	struct etsn_gcl *gcl;
	struct kt *k;

	k = kt_setup(test);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, cfg.mgmt_exempt);	/* the defaults */
	KUNIT_EXPECT_EQ(test, 0, cfg.mgmt_prios);
	KUNIT_EXPECT_EQ(test, 0x80, cfg.mgmt_protect);
	kt_mgmt_cfg(test, k, true, BIT(3), 0x80, 0);
	/* 20 s cycle: class 1 for 1 ms, then class 2; 0, 3 and 7 never. */
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1), MS };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(2), MS };
	gcl->cycle_time = 20 * SEC;
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 1);

	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 100, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq(test, k, 0, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 3, 100));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 1, 100));
	KUNIT_EXPECT_EQ(test, 0, kt_deq(k));
	KUNIT_EXPECT_EQ(test, 3, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));	/* class 1 waits its gate */

	/* Class 2's window, in force, is protected: the frame waits. */
	kt_mgmt_cfg(test, k, true, 0, BIT(2), 0);
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 100, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	/* Class 1's window is up to 20 s away: 124 bytes at 1 Mb/s fit. */
	kt_mgmt_cfg(test, k, true, 0, BIT(1), 1);
	KUNIT_EXPECT_EQ(test, 0, kt_deq(k));
	/* 3 MB take 24 s: it would run into class 1's window. */
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 3000000, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));

	rtnl_lock();
	etsn_mgmt_stats_get(k->sch, &ms);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 3ULL, ms.sent_packets);
	KUNIT_EXPECT_EQ(test, 2ULL, ms.guard_deferrals);	/* once per frame */
	/* Measured at dequeue: none ran into a protected window. */
	KUNIT_EXPECT_EQ(test, 0ULL, ms.protect_overruns);
	KUNIT_EXPECT_EQ(test, 1U, ms.backlog_packets);
	KUNIT_EXPECT_EQ(test, 2U, k->sch->q.qlen);	/* with class 1's */

	/* Exemption off: a PTP frame is an ordinary frame of class 0. */
	kt_mgmt_cfg(test, k, false, 0, 0x80, 0);
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq_type(test, k, 0, 100, ETH_P_1588));
}

/*
 * A pending admin schedule starts in 20 s: class 1 with protected class 7
 * for 4 s, then class 1 with class 2 for the rest of its 120 s cycle
 * (class 1 never closes). At 1 Mb/s 3 MB take 24 s, so each frame below
 * would still be on the wire at the change. The management frame (its
 * protected window opens at the change) and class 2's (closed there) wait;
 * class 1's goes. Its wire time is counted, so the others stay deferred.
 * Returns with the frames queued.
 */
static void kt_handover(struct kunit *test, struct kt *k)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct netlink_ext_ack ext = {};
	struct etsn_sched_status st;
	struct etsn_class_stats ms;
	struct etsn_gcl *gcl;

	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 20 * SEC, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1) | BIT(7), 4 * SEC };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1) | BIT(2), 4 * SEC };
	gcl->cycle_time = 120 * SEC;
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));

	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 3000000, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 2, 3000000));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq(test, k, 1, 3000000));
	KUNIT_EXPECT_EQ(test, 1, kt_deq(k));
	KUNIT_EXPECT_EQ(test, -1, kt_deq(k));

	kt_stats(test, k, cls, &st, NULL, NULL);
	rtnl_lock();
	etsn_mgmt_stats_get(k->sch, &ms);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1ULL, cls[1].sent_packets);
	KUNIT_EXPECT_EQ(test, 0ULL, cls[1].guard_deferrals);
	KUNIT_EXPECT_EQ(test, 1ULL, cls[2].guard_deferrals);
	KUNIT_EXPECT_EQ(test, 1U, cls[2].backlog_packets);
	KUNIT_EXPECT_EQ(test, 1ULL, ms.guard_deferrals);
	KUNIT_EXPECT_EQ(test, 0ULL, ms.sent_packets);
	KUNIT_EXPECT_EQ(test, 0ULL, ms.protect_overruns);
}

/* No schedule in force yet: every gate is open until the first one starts. */
static void guard_sees_first_schedule(struct kunit *test)
{
	struct kt *k;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, 0, BIT(7), 1);
	kt_handover(test, k);
}

/*
 * An operational schedule keeps classes 1 and 2 open for good: across the
 * change the admin's first entries decide, not its entry in force.
 */
static void guard_sees_next_schedule(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_gcl *gcl;
	struct kt *k;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, 0, BIT(7), 1);
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1) | BIT(2), SEC };
	gcl->cycle_time = 100 * SEC;
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 0);
	kt_handover(test, k);
}

#define KT_SEGS 40
#define KT_MSS 1400
#define KT_HDRS (ETH_HLEN + sizeof(struct iphdr) + sizeof(struct tcphdr))
#define KT_SEQ 1000000U

/*
 * A TSO frame of class 1 as TCP hands it to the qdisc: headers, then
 * KT_SEGS * KT_MSS bytes of payload, checksum left to the device, its
 * length as qdisc_pkt_len_init() counts it (each segment's headers).
 */
static struct sk_buff *kt_gso_skb(struct kunit *test, struct kt *k)
{
	struct sk_buff *skb = alloc_skb(KT_HDRS + KT_SEGS * KT_MSS, GFP_KERNEL);
	struct iphdr *iph;
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, KT_HDRS + KT_SEGS * KT_MSS);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*iph));
	eth_hdr(skb)->h_proto = htons(ETH_P_IP);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->tot_len = htons(skb->len - ETH_HLEN);
	iph->saddr = htonl(0xc0000201);
	iph->daddr = htonl(0xc0000202);
	th = tcp_hdr(skb);
	th->source = htons(40000);
	th->dest = htons(5100);
	th->seq = htonl(KT_SEQ);
	th->doff = sizeof(*th) / 4;
	th->ack = 1;
	skb->protocol = htons(ETH_P_IP);
	skb->dev = k->dev;
	skb->priority = 1;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb_shinfo(skb)->gso_size = KT_MSS;
	skb_shinfo(skb)->gso_segs = KT_SEGS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	qdisc_skb_cb(skb)->pkt_len = skb->len + (KT_SEGS - 1) * KT_HDRS;
	return skb;
}

/* TCP sequence number of a segment dequeued (it starts at its MAC header). */
static u32 kt_seq(const struct sk_buff *skb)
{
	return ntohl(((struct tcphdr *)(skb->data + ETH_HLEN + sizeof(struct iphdr)))->seq);
}

/*
 * Class 1 open 200 ms of a 300 ms cycle from 50 ms on: at 1 Mb/s its
 * max-SDU is 24976 bytes; a segment (1454 bytes) takes 11.8 ms, the whole
 * frame (58160 bytes) 465 ms.
 */
static void kt_gso_windows(struct kunit *test, struct kt *k)
{
	struct netlink_ext_ack ext = {};
	struct etsn_gcl *gcl;

	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 2);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1), 200 * MS };
	gcl->entries[1] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(2), 100 * MS };
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
}

/* Counters of the queue the GSO frame is in: class 1's or the management one's. */
static void kt_gso_queue_stats(struct kunit *test, struct kt *k, bool mgmt,
			       struct etsn_class_stats *qs)
{
	struct etsn_class_stats *cls = kt_cls(test);
	struct etsn_sched_status st;

	if (mgmt) {
		rtnl_lock();
		etsn_mgmt_stats_get(k->sch, qs);
		rtnl_unlock();
		return;
	}
	kt_stats(test, k, cls, &st, NULL, NULL);
	*qs = cls[1];
}

/*
 * A TSO frame is queued whole (no window in force), then kt_gso_windows()
 * becomes the @changes-th schedule to take over: at dequeue, in class 1's
 * window, the frame's segments take its place and leave in order, counted
 * as if they had been enqueued; none is dropped as oversize (which the
 * whole frame was before). Dequeues wait for a window (the test may look
 * just as one closes: it looks again); what is checked is counts and
 * order, not time. With @mgmt the frame is a management frame, a PTP frame
 * queued behind it leaves after its last segment, and none ran into class
 * 2's protected window.
 */
static void kt_gso_meets_windows(struct kunit *test, struct kt *k, u64 changes,
				 bool mgmt)
{
	const u32 seglen = KT_HDRS + KT_MSS, ptplen = 100;
	const u32 want = KT_SEGS + (mgmt ? 1 : 0);
	struct etsn_class_stats qs;
	struct sk_buff *skb;
	u32 got = 0;
	int i;

	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_skb(k, kt_gso_skb(test, k)));
	if (mgmt)
		KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS,
				kt_enq_type(test, k, 0, ptplen, ETH_P_1588));
	kt_gso_queue_stats(test, k, mgmt, &qs);
	/* Whole (and the PTP frame). */
	KUNIT_EXPECT_EQ(test, mgmt ? 2U : 1U, qs.backlog_packets);
	kt_gso_windows(test, k);
	for (i = 0; i < 50 && got < want; i++) {
		kt_wait(test, k, changes, 0);
		while ((skb = kt_deq_skb(k))) {
			if (got < KT_SEGS) {
				KUNIT_EXPECT_EQ(test, KT_SEQ + got * KT_MSS, kt_seq(skb));
				KUNIT_EXPECT_EQ(test, seglen, skb->len);
				KUNIT_EXPECT_FALSE(test, skb_is_gso(skb));
			} else {
				KUNIT_EXPECT_EQ(test, ptplen, qdisc_pkt_len(skb));
			}
			got++;
			kfree_skb(skb);
		}
		kt_gso_queue_stats(test, k, mgmt, &qs);
		if (qs.drop_oversize)
			break;
		/* Exact while cut and partly sent: queue and qdisc agree. */
		KUNIT_EXPECT_EQ(test, qs.enq_packets, qs.sent_packets + qs.backlog_packets);
		KUNIT_EXPECT_EQ(test, qs.enq_bytes, qs.sent_bytes + qs.backlog_bytes);
		KUNIT_EXPECT_EQ(test, k->sch->q.qlen, qs.backlog_packets);
		KUNIT_EXPECT_EQ(test, k->sch->qstats.backlog, qs.backlog_bytes);
		if (got < want)
			kt_wait(test, k, changes, 1);
	}
	KUNIT_EXPECT_EQ(test, 0ULL, qs.drop_oversize);
	KUNIT_EXPECT_EQ(test, want, got);
	KUNIT_EXPECT_EQ(test, (u64)want, qs.enq_packets);
	KUNIT_EXPECT_EQ(test, (u64)KT_SEGS * seglen + (want - KT_SEGS) * ptplen,
			qs.enq_bytes);
	KUNIT_EXPECT_EQ(test, qs.enq_bytes, qs.sent_bytes);
	KUNIT_EXPECT_EQ(test, 0ULL, qs.protect_overruns);
	KUNIT_EXPECT_EQ(test, 0U, qs.backlog_packets);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->q.qlen);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->qstats.backlog);
}

/* Queued with all gates open, before the first schedule is installed. */
static void gso_cut_when_first_schedule_starts(struct kunit *test)
{
	struct kt *k;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, 0, 0x80, 1);	/* the defaults, 1 Mb/s */
	kt_gso_meets_windows(test, k, 1, false);
}

/* Queued whole under a schedule that keeps class 1 open; the next does not. */
static void gso_cut_when_windows_shrink(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_gcl *gcl;
	struct kt *k;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, 0, 0x80, 1);	/* the defaults, 1 Mb/s */
	gcl = kt_gcl(test, ktime_get_clocktai_ns() + 50 * MS, 1);
	gcl->entries[0] = (struct etsn_gcl_entry){ EDGETSN_GATE_OP_SET, BIT(1) | BIT(2), 100 * MS };
	KUNIT_ASSERT_EQ(test, 0, kt_sched_set(k, gcl, CLOCK_TAI, &ext));
	kt_wait(test, k, 1, 0);
	kt_gso_meets_windows(test, k, 2, false);
}

/*
 * A TSO frame of a management priority: whole, it takes 465 ms at 1 Mb/s,
 * longer than the 200 ms between class 2's protected windows, and would
 * wait for ever with every management frame behind it; its segments
 * (11.8 ms) leave between those windows.
 */
static void gso_mgmt_cut_between_protected_windows(struct kunit *test)
{
	struct kt *k;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, BIT(1), BIT(2), 1);
	kt_gso_meets_windows(test, k, 1, true);
}

/*
 * A management GSO frame that cannot be cut (no offload for its protocol)
 * and that a protected window holds back is dropped as oversize, not left
 * at the head: the PTP frame behind it leaves, the counters agree.
 */
static void gso_mgmt_uncuttable_dropped(struct kunit *test)
{
	struct etsn_class_stats ms;
	struct sk_buff *skb;
	struct kt *k;
	int i;

	k = kt_setup(test);
	kt_mgmt_cfg(test, k, true, BIT(1), BIT(2), 1);
	skb = kt_gso_skb(test, k);
	skb->protocol = htons(ETH_P_802_EX1);
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_skb(k, skb));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 100, ETH_P_1588));
	kt_gso_windows(test, k);
	/* Between protected windows; the test may look just as one opens. */
	for (i = 0; i < 50; i++) {
		kt_wait(test, k, 1, 0);
		skb = kt_deq_skb(k);
		if (skb)
			break;
		kt_wait(test, k, 1, 1);
	}
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, 100U, qdisc_pkt_len(skb));
	kfree_skb(skb);
	rtnl_lock();
	etsn_mgmt_stats_get(k->sch, &ms);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1ULL, ms.drop_oversize);
	KUNIT_EXPECT_EQ(test, 1ULL, ms.sent_packets);
	KUNIT_EXPECT_EQ(test, 0U, ms.backlog_packets);
	KUNIT_EXPECT_EQ(test, 0U, ms.backlog_bytes);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->q.qlen);
	KUNIT_EXPECT_EQ(test, 0U, k->sch->qstats.backlog);
	KUNIT_EXPECT_EQ(test, 1U, k->sch->qstats.drops);
}

/*
 * The management queue applies its class's max-SDU as a class does:
 * without the L2 header (a full 1514-byte frame passes max-sdu 1500), and
 * a GSO frame over it is cut at enqueue, not dropped whole.
 */
static void mgmt_max_sdu_as_classes(struct kunit *test)
{
	struct etsn_class_stats ms;
	struct etsn_qdisc_cfg cfg;
	struct sk_buff *skb;
	u32 got = 0;
	struct kt *k;

	k = kt_setup(test);
	rtnl_lock();
	etsn_cfg_get(k->sch, &cfg);
	cfg.cls[0].max_sdu = 1500;
	cfg.cls[1].max_sdu = 1500;
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_set(k->sch, &cfg, NULL));
	rtnl_unlock();
	kt_mgmt_cfg(test, k, true, BIT(1), 0x80, 0);
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_type(test, k, 0, 1514, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, NET_XMIT_DROP, kt_enq_type(test, k, 0, 1515, ETH_P_1588));
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, kt_enq_skb(k, kt_gso_skb(test, k)));
	rtnl_lock();
	etsn_mgmt_stats_get(k->sch, &ms);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1ULL, ms.drop_oversize);
	KUNIT_EXPECT_EQ(test, 1U + KT_SEGS, ms.backlog_packets);
	KUNIT_EXPECT_EQ(test, k->sch->q.qlen, ms.backlog_packets);
	KUNIT_EXPECT_EQ(test, k->sch->qstats.backlog, ms.backlog_bytes);
	/* No schedule: all leave, the PTP frame first, then the segments. */
	while ((skb = kt_deq_skb(k))) {
		if (got) {
			KUNIT_EXPECT_FALSE(test, skb_is_gso(skb));
			KUNIT_EXPECT_EQ(test, (u32)(KT_HDRS + KT_MSS), skb->len);
		}
		got++;
		kfree_skb(skb);
	}
	KUNIT_EXPECT_EQ(test, 1U + KT_SEGS, got);
}

static struct kunit_case etsn_qdisc_cases[] = {
	KUNIT_CASE(mgmt_frames_bypass_gates),
	KUNIT_CASE(timer_runs_cycles),
	KUNIT_CASE(priority_fifo_when_unconfigured),
	KUNIT_CASE(queue_limits),
	KUNIT_CASE(schedule_gates_frames),
	KUNIT_CASE(schedule_rejections),
	KUNIT_CASE(guard_counts_the_wire),
	KUNIT_CASE(guard_sees_first_schedule),
	KUNIT_CASE(guard_sees_next_schedule),
	KUNIT_CASE(purge_when_mac_merge_closes),
	KUNIT_CASE(mm_state_never_stale),
	KUNIT_CASE(mm_state_follows_get_mm),
	KUNIT_CASE(gso_cut_when_first_schedule_starts),
	KUNIT_CASE(gso_cut_when_windows_shrink),
	KUNIT_CASE(gso_mgmt_cut_between_protected_windows),
	KUNIT_CASE(gso_mgmt_uncuttable_dropped),
	KUNIT_CASE(mgmt_max_sdu_as_classes),
	{}
};

static struct kunit_suite etsn_qdisc_suite = {
	.name = "edgetsn_qdisc",
	.test_cases = etsn_qdisc_cases,
};
kunit_test_suite(etsn_qdisc_suite);
