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
	    nla_put_u32(msg, EDGETSN_A_CLASS_BACKLOG_BYTES, s->backlog_bytes) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_CLASS_DROP_PURGED, s->drop_purged, EDGETSN_A_CLASS_PAD) ||
	    nla_put_u8(msg, EDGETSN_A_CLASS_CLOSED, s->closed)) {
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

static int etsn_put_mgmt_stats(struct sk_buff *msg,
			       const struct etsn_class_stats *s)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_MGMT_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, EDGETSN_A_MGMT_STATS_SENT_PACKETS, s->sent_packets,
			      EDGETSN_A_MGMT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_MGMT_STATS_SENT_BYTES, s->sent_bytes,
			      EDGETSN_A_MGMT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_MGMT_STATS_DROPS,
			      s->drop_queue_full + s->drop_oversize, EDGETSN_A_MGMT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_MGMT_STATS_DEFERRALS, s->guard_deferrals,
			      EDGETSN_A_MGMT_STATS_PAD) ||
	    nla_put_u32(msg, EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS, s->backlog_packets) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS,
			      s->protect_overruns, EDGETSN_A_MGMT_STATS_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * The counters of one qdisc are a sequence of parts: the status and the
 * schedule counters, then one part per class, then one per entry of the
 * operational schedule. A reply to a request naming the device holds them
 * all; a dump splits them across messages (each also naming the device),
 * so that 1024 entries reach a reader with a 4 KiB buffer.
 */
enum {
	ETSN_PART_SCHED,
	ETSN_PART_CLASS0,
	ETSN_PART_ENTRY0 = ETSN_PART_CLASS0 + EDGETSN_NUM_TC,
};

/* Everything etsn_stats_get() returned about one qdisc. */
struct etsn_stats_snap {
	struct etsn_class_stats cls[EDGETSN_NUM_TC];
	struct etsn_entry_stats *entries;
	u32 n;
	struct etsn_sched_status st;
	struct etsn_class_stats mgmt;
};

static int etsn_put_part(struct sk_buff *msg, const struct etsn_stats_snap *s,
			 u32 part)
{
	unsigned char *mark = skb_tail_pointer(msg);

	if (part == ETSN_PART_SCHED) {
		if (etsn_put_sched_stats(msg, &s->st) ||
		    etsn_put_status(msg, &s->st) ||
		    etsn_put_mgmt_stats(msg, &s->mgmt)) {
			nlmsg_trim(msg, mark);
			return -EMSGSIZE;
		}
		return 0;
	}
	if (part < ETSN_PART_ENTRY0)
		return etsn_put_class_stats(msg, part - ETSN_PART_CLASS0,
					    &s->cls[part - ETSN_PART_CLASS0]);
	return etsn_put_entry_stats(msg, part - ETSN_PART_ENTRY0,
				    &s->entries[part - ETSN_PART_ENTRY0]);
}

/*
 * Parts from *@part on, as many as fit in @msg, after the device; *@part
 * is then the first one left out. Return: 0, or -EMSGSIZE when not even
 * the device and one part fit (the caller cancels the message).
 */
static int etsn_fill_parts(struct sk_buff *msg, const struct net_device *dev,
			   const struct etsn_stats_snap *s, u32 *part)
{
	u32 first = *part;

	if (etsn_genl_put_dev(msg, dev))
		return -EMSGSIZE;
	while (*part < ETSN_PART_ENTRY0 + s->n && !etsn_put_part(msg, s, *part))
		(*part)++;
	return *part > first ? 0 : -EMSGSIZE;
}

/* Size of a reply carrying every part of @s (each part bounded above). */
static size_t etsn_stats_msg_size(const struct etsn_stats_snap *s)
{
	size_t dev = nla_total_size(4) + nla_total_size(IFNAMSIZ);
	size_t sched = nla_total_size(0) + 8 * nla_total_size_64bit(8);
	size_t status = nla_total_size(0) + 12 * nla_total_size_64bit(8);
	size_t cls = nla_total_size(0) +
		     nla_total_size(sizeof(s->cls[0].sojourn_hist)) +
		     18 * nla_total_size_64bit(8);
	size_t entry = nla_total_size(0) + nla_total_size(4) +
		       3 * nla_total_size_64bit(8);
	size_t mgmt = nla_total_size(0) + nla_total_size(4) +
		      5 * nla_total_size_64bit(8);

	return dev + sched + status + mgmt + EDGETSN_NUM_TC * cls + s->n * entry;
}

static int etsn_snap(struct Qdisc *sch, struct etsn_stats_snap *s)
{
	s->entries = NULL;
	s->n = 0;
	etsn_mgmt_stats_get(sch, &s->mgmt);
	return etsn_stats_get(sch, s->cls, &s->entries, &s->n, &s->st);
}

int etsn_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_stats_snap *s;
	struct sk_buff *msg = NULL;
	struct etsn_target t;
	u32 part = 0;
	void *hdr;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (!err)
		err = etsn_snap(t.sch, s);
	if (err)
		goto out;
	err = -ENOMEM;
	msg = genlmsg_new(etsn_stats_msg_size(s), GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = etsn_genl_reply_start(msg, info, EDGETSN_CMD_STATS_GET);
	if (!hdr || etsn_fill_parts(msg, t.dev, s, &part) ||
	    part != ETSN_PART_ENTRY0 + s->n)
		goto out;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	rtnl_unlock();
	nlmsg_free(msg);
	if (s)
		kvfree(s->entries);
	kfree(s);
	return err;
}

/*
 * One message of a dump: the parts of @dev from cb->args[1] on that fit.
 * Return: 0 when the device is complete (cb->args[1] back to 0), or
 * -EMSGSIZE when the skb is full (cb->args[1]: where the next one goes on).
 */
static int etsn_dump_dev(struct sk_buff *skb, struct netlink_callback *cb,
			 struct etsn_target *t, struct etsn_stats_snap *s)
{
	u32 part = cb->args[1];
	void *hdr;
	int err;

	err = etsn_snap(t->sch, s);
	if (err)
		return err;
	/* The oper schedule changed mid-dump and has fewer entries. */
	if (part > ETSN_PART_ENTRY0 + s->n)
		part = ETSN_PART_ENTRY0 + s->n;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &etsn_genl_family, NLM_F_MULTI, EDGETSN_CMD_STATS_GET);
	err = -EMSGSIZE;
	if (hdr) {
		err = etsn_fill_parts(skb, t->dev, s, &part);
		if (err)
			genlmsg_cancel(skb, hdr);
		else
			genlmsg_end(skb, hdr);
	}
	kvfree(s->entries);
	s->entries = NULL;
	if (err)
		return err;
	if (part < ETSN_PART_ENTRY0 + s->n) {
		cb->args[1] = part;
		return -EMSGSIZE;
	}
	cb->args[1] = 0;
	return 0;
}

/*
 * The etsn device of @net with the smallest ifindex above @after. The
 * device list is not in ifindex order (a device moved back into the
 * namespace keeps its ifindex and joins the end), so it is searched whole.
 */
static struct net_device *etsn_dump_next(struct net *net, int after)
{
	struct net_device *dev, *best = NULL;

	for_each_netdev(net, dev)
		if (dev->ifindex > after && etsn_qdisc_of(dev) &&
		    (!best || dev->ifindex < best->ifindex))
			best = dev;
	return best;
}

/*
 * Dump cursor: cb->args[0] the ifindex of the device being sent (devices go
 * in ifindex order), cb->args[1] its next part, cb->args[2] set when done.
 * With a device named in the request only that one is sent.
 */
int etsn_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **tb = etsn_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct etsn_stats_snap *s;
	struct etsn_target t;
	int err = 0;

	if (cb->args[2])
		return 0;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	rtnl_lock();
	if (tb[EDGETSN_A_IFINDEX] || tb[EDGETSN_A_IFNAME]) {
		err = etsn_genl_lookup(net, tb, cb->extack, true, &t);
		if (!err)
			err = etsn_dump_dev(skb, cb, &t, s);
	} else {
		t.dev = cb->args[0] ? __dev_get_by_index(net, cb->args[0]) : NULL;
		if (!t.dev || !etsn_qdisc_of(t.dev)) {
			/* Gone since the last round: on with the next. */
			cb->args[1] = 0;
			t.dev = etsn_dump_next(net, cb->args[0]);
		}
		while (t.dev) {
			cb->args[0] = t.dev->ifindex;
			t.sch = etsn_qdisc_of(t.dev);
			err = etsn_dump_dev(skb, cb, &t, s);
			if (err)
				break;
			t.dev = etsn_dump_next(net, cb->args[0]);
		}
	}
	if (!err)
		cb->args[2] = 1;
	rtnl_unlock();
	kfree(s);
	/* A full skb ends this round; a part too big for an empty one is an error. */
	if (err == -EMSGSIZE && skb->len)
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
