// SPDX-License-Identifier: GPL-2.0
/*
 * EDGETSN_CMD_STATS_GET (one device, or a dump of every etsn qdisc of the
 * namespace) and EDGETSN_CMD_CAPS_GET.
 */
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/edgetsn.h>

#include "etsn_genl_priv.h"

static int etsn_put_class_stats(struct sk_buff *msg, int index,
				const struct etsn_class_stats *s)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_CLASS);
	u64 avg = s->sent_packets ? div64_u64(s->sojourn_sum, s->sent_packets) : 0;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, index) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE, s->max_sdu_effective) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_ENQ_PACKETS, s->enq_packets, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_ENQ_BYTES, s->enq_bytes, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_SENT_PACKETS, s->sent_packets, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_SENT_BYTES, s->sent_bytes, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_DROP_QUEUE_FULL, s->drop_queue_full, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_DROP_OVERSIZE, s->drop_oversize, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS, s->drop_gate_never_opens,
			      EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_GUARD_DEFERRALS, s->guard_deferrals, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_SOJOURN_MAX, s->sojourn_max, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_SOJOURN_AVG, avg, EDGETSN_A_CLASS_PAD) ||
	    nla_put(msg, EDGETSN_A_CLASS_SOJOURN_HIST, sizeof(s->sojourn_hist), s->sojourn_hist) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_BACKLOG_PACKETS, s->backlog_packets) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_BACKLOG_BYTES, s->backlog_bytes)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int etsn_put_entry_stats(struct sk_buff *msg, u32 index,
				const struct etsn_entry_stats *e)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_ENTRY_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, EDGETSN_A_ENTRY_STATS_INDEX, index) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_ENTRY_STATS_FRAMES, e->frames, EDGETSN_A_ENTRY_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_ENTRY_STATS_BYTES, e->bytes, EDGETSN_A_ENTRY_STATS_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Room for the counters of a qdisc whose oper schedule has @n entries. */
static size_t etsn_stats_msg_size(u32 n)
{
	return NLMSG_GOODSIZE + EDGETSN_NUM_TC *
	       (nla_total_size(8 * EDGETSN_SOJOURN_BUCKETS) + 20 * nla_total_size_64bit(8)) +
	       n * (nla_total_size(0) + nla_total_size(4) + 3 * nla_total_size_64bit(8));
}

/* The whole STATS_GET payload of one qdisc; the header is the caller's. */
static int etsn_fill_stats(struct sk_buff *msg, struct etsn_target *t,
			   struct etsn_class_stats *cls,
			   const struct etsn_entry_stats *entries, u32 n,
			   const struct etsn_sched_status *st)
{
	u32 i;

	if (etsn_genl_put_dev(msg, t->dev))
		return -EMSGSIZE;
	for (i = 0; i < EDGETSN_NUM_TC; i++)
		if (etsn_put_class_stats(msg, i, &cls[i]))
			return -EMSGSIZE;
	for (i = 0; i < n; i++)
		if (etsn_put_entry_stats(msg, i, &entries[i]))
			return -EMSGSIZE;
	if (etsn_put_sched_stats(msg, st) || etsn_put_status(msg, st))
		return -EMSGSIZE;
	return 0;
}

int etsn_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_entry_stats *entries = NULL;
	struct etsn_class_stats *cls;
	struct etsn_sched_status st;
	struct sk_buff *msg = NULL;
	struct etsn_target t;
	void *hdr;
	u32 n = 0;
	int err;

	cls = kcalloc(EDGETSN_NUM_TC, sizeof(*cls), GFP_KERNEL);
	if (!cls)
		return -ENOMEM;
	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (!err)
		err = etsn_stats_get(t.sch, cls, &entries, &n, &st);
	if (err)
		goto out;
	err = -ENOMEM;
	msg = genlmsg_new(etsn_stats_msg_size(n), GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = etsn_genl_reply_start(msg, info, EDGETSN_CMD_STATS_GET);
	if (!hdr || etsn_fill_stats(msg, &t, cls, entries, n, &st))
		goto out;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	rtnl_unlock();
	nlmsg_free(msg);
	kvfree(entries);
	kfree(cls);
	return err;
}

/* One device's counters into a dump; -EMSGSIZE when they do not fit. */
static int etsn_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			 struct etsn_target *t, struct etsn_class_stats *cls)
{
	struct etsn_entry_stats *entries = NULL;
	struct etsn_sched_status st;
	void *hdr;
	u32 n = 0;
	int err;

	err = etsn_stats_get(t->sch, cls, &entries, &n, &st);
	if (err)
		return err;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &etsn_genl_family, NLM_F_MULTI, EDGETSN_CMD_STATS_GET);
	err = -EMSGSIZE;
	if (hdr) {
		err = etsn_fill_stats(skb, t, cls, entries, n, &st);
		if (err)
			genlmsg_cancel(skb, hdr);
		else
			genlmsg_end(skb, hdr);
	}
	kvfree(entries);
	return err;
}

/* cb->args[0]: ifindex of the last device sent. */
int etsn_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct etsn_class_stats *cls;
	struct net_device *dev;
	struct etsn_target t;
	int err = 0, sent = 0;

	cls = kcalloc(EDGETSN_NUM_TC, sizeof(*cls), GFP_KERNEL);
	if (!cls)
		return -ENOMEM;
	rtnl_lock();
	for_each_netdev(net, dev) {
		if (dev->ifindex <= cb->args[0])
			continue;
		t.dev = dev;
		t.sch = etsn_qdisc_of(dev);
		if (!t.sch)
			continue;
		err = etsn_dump_one(skb, cb, &t, cls);
		if (err)
			break;
		cb->args[0] = dev->ifindex;
		sent++;
	}
	rtnl_unlock();
	kfree(cls);
	/* A full skb ends this round; one qdisc too big for any skb is an error. */
	if (err == -EMSGSIZE && sent)
		return skb->len;
	return err ? err : skb->len;
}

int etsn_nl_caps_get(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_link_info li;
	struct sk_buff *msg = NULL;
	struct etsn_target t;
	struct nlattr *nest;
	void *hdr;
	int err;

	rtnl_lock();
	err = etsn_genl_target(info, false, &t);
	if (err)
		goto out;
	etsn_link_info_get(t.dev, t.sch, &li);
	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = etsn_genl_reply_start(msg, info, EDGETSN_CMD_CAPS_GET);
	if (!hdr || etsn_genl_put_dev(msg, t.dev))
		goto out;
	nest = nla_nest_start(msg, EDGETSN_A_DEV);
	if (!nest ||
	    nla_put_u32(msg, EDGETSN_A_DEV_SPEED_REPORTED, li.speed_reported) ||
	    nla_put_u32(msg, EDGETSN_A_DEV_SPEED_OVERRIDE, li.speed_override) ||
	    nla_put_u32(msg, EDGETSN_A_DEV_SPEED, li.speed) ||
	    nla_put_u32(msg, EDGETSN_A_DEV_MM_STATE, li.mm_state) ||
	    nla_put_u32(msg, EDGETSN_A_DEV_MM_MIN_FRAG, li.mm_min_frag))
		goto out;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}
