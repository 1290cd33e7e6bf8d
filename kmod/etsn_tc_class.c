// SPDX-License-Identifier: GPL-2.0
/*
 * The 8 traffic classes as tc classes, so that stock iproute2 sees them:
 * `tc -s class show` lists :1 to :8 (class N is minor N + 1, as taprio and
 * mqprio number their queues) with bytes and packets sent, drops, backlog
 * and guard-band deferrals as overlimits; `tc filter ... classid MAJ:N`
 * and skb->priority MAJ:N pick class N - 1. Classes cannot be added,
 * deleted or given child qdiscs: their settings belong to etsnctl.
 */
#include <linux/kernel.h>
#include <linux/pkt_sched.h>
#include <net/gen_stats.h>
#include <net/pkt_cls.h>
#include <net/sch_generic.h>

#include "compat.h"
#include "etsn_qdisc.h"

/* Class handle (1..8) of @classid if it names one of ours, else 0. */
static unsigned long etsn_tc_find(struct Qdisc *sch, u32 classid)
{
	u32 minor = TC_H_MIN(classid);

	return minor >= 1 && minor <= EDGETSN_NUM_TC ? minor : 0;
}

static struct Qdisc *etsn_tc_leaf(struct Qdisc *sch, unsigned long cl)
{
	return NULL;	/* the classes are FIFOs of the qdisc itself */
}

static void etsn_tc_walk(struct Qdisc *sch, struct qdisc_walker *arg)
{
	unsigned long cl;

	if (arg->stop)
		return;
	for (cl = 1; cl <= EDGETSN_NUM_TC; cl++) {
		if (arg->count < arg->skip) {
			arg->count++;
			continue;
		}
		if (arg->fn(sch, cl, arg) < 0) {
			arg->stop = 1;
			break;
		}
		arg->count++;
	}
}

static struct tcf_block *etsn_tc_block(struct Qdisc *sch, unsigned long cl,
				       struct netlink_ext_ack *extack)
{
	struct etsn_qdisc *q = qdisc_priv(sch);

	if (cl) {
		NL_SET_ERR_MSG(extack, "etsn takes filters on the qdisc, not on its classes");
		return NULL;
	}
	return q->block;
}

static unsigned long etsn_tc_bind(struct Qdisc *sch, unsigned long parent,
				  u32 classid)
{
	return etsn_tc_find(sch, classid);
}

static void etsn_tc_unbind(struct Qdisc *sch, unsigned long cl)
{
}

static int etsn_tc_dump(struct Qdisc *sch, unsigned long cl,
			struct sk_buff *skb, struct tcmsg *tcm)
{
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle |= TC_H_MIN(cl);
	tcm->tcm_info = 0;
	return 0;
}

static int etsn_tc_dump_stats(struct Qdisc *sch, unsigned long cl,
			      struct gnet_dump *d)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct gnet_stats_basic_sync bs;
	struct gnet_stats_queue qs = {};
	struct etsn_class_stats st;

	sch_tree_lock(sch);
	st = q->cls[cl - 1].st;
	sch_tree_unlock(sch);
	gnet_stats_basic_sync_init(&bs);
	u64_stats_set(&bs.bytes, st.sent_bytes);
	u64_stats_set(&bs.packets, st.sent_packets);
	qs.qlen = st.backlog_packets;
	qs.backlog = st.backlog_bytes;
	qs.drops = st.drop_queue_full + st.drop_oversize + st.drop_gate_never_opens;
	qs.overlimits = st.guard_deferrals;
	if (gnet_stats_copy_basic(d, NULL, &bs, true) < 0 ||
	    gnet_stats_copy_queue(d, NULL, &qs, qs.qlen) < 0)
		return -1;
	return 0;
}

const struct Qdisc_class_ops etsn_tc_class_ops = {
	.leaf		= etsn_tc_leaf,
	.find		= etsn_tc_find,
	.walk		= etsn_tc_walk,
	.tcf_block	= etsn_tc_block,
	.bind_tcf	= etsn_tc_bind,
	.unbind_tcf	= etsn_tc_unbind,
	.dump		= etsn_tc_dump,
	.dump_stats	= etsn_tc_dump_stats,
};

/**
 * etsn_tc_classify() - class of a frame from tc's point of view
 * @sch: the qdisc
 * @skb: the frame
 * @tc: the class the priority map gave; replaced when tc names one
 * @verdict: when the frame was taken or dropped by a filter's action, the
 *	NET_XMIT_* code (with __NET_XMIT_* bits) to return, as sch_prio does
 *
 * skb->priority MAJ:N with MAJ the qdisc's handle names class N - 1; else
 * the filters attached to the qdisc decide (classid MAJ:N or :N). Called
 * in enqueue.
 *
 * Return: false when the frame is not to be queued (the caller frees it).
 */
bool etsn_tc_classify(struct Qdisc *sch, struct sk_buff *skb, int *tc,
		      int *verdict)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct tcf_proto *fl;
	struct tcf_result res;
	unsigned long cl = 0;

	/* A qdisc made without tc (a default qdisc) may have handle 0. */
	if (sch->handle && TC_H_MAJ(skb->priority) == sch->handle) {
		cl = etsn_tc_find(sch, skb->priority);
	} else {
		fl = rcu_dereference_bh(q->filter_list);
		if (!fl)
			return true;
		switch (tcf_classify(skb, NULL, fl, &res, false)) {
#ifdef CONFIG_NET_CLS_ACT
		case TC_ACT_STOLEN:
		case TC_ACT_QUEUED:
		case TC_ACT_TRAP:
			*verdict = NET_XMIT_SUCCESS | __NET_XMIT_STOLEN;
			return false;
		case TC_ACT_SHOT:
			*verdict = NET_XMIT_DROP | __NET_XMIT_BYPASS;
			return false;
#endif
		case TC_ACT_UNSPEC:
			return true;	/* no filter matched */
		default:
			if (!TC_H_MAJ(res.classid) || TC_H_MAJ(res.classid) == sch->handle)
				cl = etsn_tc_find(sch, res.classid);
		}
	}
	if (cl)
		*tc = cl - 1;
	return true;
}
