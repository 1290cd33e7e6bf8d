// SPDX-License-Identifier: GPL-2.0
/*
 * The etsn qdisc: up to 8 traffic classes, each a FIFO with a packet limit,
 * chosen by skb->priority through a 16-entry priority-to-class map and
 * served highest class first. Without a gate schedule every gate is open,
 * so an unconfigured etsn behaves as a priority FIFO.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/pkt_sched.h>
#include <net/pkt_sched.h>
#include <net/sch_generic.h>
#include <linux/edgetsn.h>

#include "etsn_gcl.h"
#include "sch_etsn.h"

#define ETSN_DEFAULT_LIMIT	1000

struct etsn_class {
	struct qdisc_skb_head q;
	u32 limit;
};

struct etsn_sched {
	u8 prio_tc[TC_PRIO_MAX + 1];
	struct etsn_class classes[ETSN_NUM_TC];
};

static struct etsn_class *etsn_classify(struct etsn_sched *q,
					const struct sk_buff *skb)
{
	return &q->classes[q->prio_tc[skb->priority & TC_PRIO_MAX]];
}

static int etsn_enqueue(struct sk_buff *skb, struct Qdisc *sch,
			struct sk_buff **to_free)
{
	struct etsn_class *cl = etsn_classify(qdisc_priv(sch), skb);

	if (unlikely(cl->q.qlen >= cl->limit))
		return qdisc_drop(skb, sch, to_free);
	__qdisc_enqueue_tail(skb, &cl->q);
	qdisc_qstats_backlog_inc(sch, skb);
	sch->q.qlen++;
	return NET_XMIT_SUCCESS;
}

/* Highest class with a frame waiting, or NULL. */
static struct etsn_class *etsn_next_class(struct etsn_sched *q)
{
	int tc;

	for (tc = ETSN_NUM_TC - 1; tc >= 0; tc--)
		if (q->classes[tc].q.qlen)
			return &q->classes[tc];
	return NULL;
}

static struct sk_buff *etsn_peek(struct Qdisc *sch)
{
	struct etsn_class *cl = etsn_next_class(qdisc_priv(sch));

	return cl ? cl->q.head : NULL;
}

static struct sk_buff *etsn_dequeue(struct Qdisc *sch)
{
	struct etsn_class *cl = etsn_next_class(qdisc_priv(sch));
	struct sk_buff *skb;

	if (!cl)
		return NULL;
	skb = __qdisc_dequeue_head(&cl->q);
	qdisc_qstats_backlog_dec(sch, skb);
	qdisc_bstats_update(sch, skb);
	sch->q.qlen--;
	return skb;
}

static void etsn_reset(struct Qdisc *sch)
{
	struct etsn_sched *q = qdisc_priv(sch);
	int tc;

	for (tc = 0; tc < ETSN_NUM_TC; tc++)
		__qdisc_reset_queue(&q->classes[tc].q);
	sch->q.qlen = 0;
	sch->qstats.backlog = 0;
}

static int etsn_init(struct Qdisc *sch, struct nlattr *opt,
		     struct netlink_ext_ack *extack)
{
	struct etsn_sched *q = qdisc_priv(sch);
	int i;

	if (opt) {
		NL_SET_ERR_MSG(extack, "etsn takes no tc options: configure it with etsnctl");
		return -EINVAL;
	}
	/* Priorities 0..7 map to the class of the same number, 8..15 to 7. */
	for (i = 0; i <= TC_PRIO_MAX; i++)
		q->prio_tc[i] = min(i, ETSN_NUM_TC - 1);
	/* The queues start empty: qdisc_alloc() zeroes the private area. */
	for (i = 0; i < ETSN_NUM_TC; i++)
		q->classes[i].limit = ETSN_DEFAULT_LIMIT;
	return 0;
}

static int etsn_dump(struct Qdisc *sch, struct sk_buff *skb)
{
	return skb->len;
}

static struct Qdisc_ops etsn_qdisc_ops __read_mostly = {
	.id		= EDGETSN_QDISC_KIND,
	.priv_size	= sizeof(struct etsn_sched),
	.enqueue	= etsn_enqueue,
	.dequeue	= etsn_dequeue,
	.peek		= etsn_peek,
	.init		= etsn_init,
	.reset		= etsn_reset,
	.dump		= etsn_dump,
	.owner		= THIS_MODULE,
};

int etsn_qdisc_register(void)
{
	return register_qdisc(&etsn_qdisc_ops);
}

void etsn_qdisc_unregister(void)
{
	unregister_qdisc(&etsn_qdisc_ops);
}

/* tc autoloads qdiscs as sch_<kind> (6.1) or net-sch-<kind> (6.9+). */
MODULE_ALIAS("sch_" EDGETSN_QDISC_KIND);
MODULE_ALIAS("net-sch-" EDGETSN_QDISC_KIND);
