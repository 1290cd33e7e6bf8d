// SPDX-License-Identifier: GPL-2.0
/*
 * The edgetsn generic-netlink family: policies, operations, the device a
 * request addresses, and events. On 6.1 there are no split ops, so every
 * operation carries its own policy in a plain genl_ops table.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <linux/edgetsn.h>

#include "etsn_event.h"
#include "etsn_genl.h"
#include "etsn_genl_priv.h"

static const struct nla_policy etsn_entry_policy[EDGETSN_A_ENTRY_MAX + 1] = {
	[EDGETSN_A_ENTRY_OP]		= { .type = NLA_U8 },
	[EDGETSN_A_ENTRY_GATES]		= { .type = NLA_U8 },
	[EDGETSN_A_ENTRY_INTERVAL]	= { .type = NLA_U32 },
};

const struct nla_policy etsn_sched_policy[EDGETSN_A_SCHED_MAX + 1] = {
	[EDGETSN_A_SCHED_BASE_TIME]	= { .type = NLA_S64 },
	[EDGETSN_A_SCHED_CYCLE_TIME]	= { .type = NLA_U64 },
	[EDGETSN_A_SCHED_CYCLE_TIME_EXT] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_CLOCKID]	= { .type = NLA_U32 },
	[EDGETSN_A_SCHED_ENTRY]		= NLA_POLICY_NESTED(etsn_entry_policy),
};

const struct nla_policy etsn_class_set_policy[EDGETSN_A_CLASS_MAX + 1] = {
	[EDGETSN_A_CLASS_INDEX]		= { .type = NLA_U8 },
	[EDGETSN_A_CLASS_LIMIT_PKTS]	= { .type = NLA_U32 },
	[EDGETSN_A_CLASS_LIMIT_BYTES]	= { .type = NLA_U32 },
	[EDGETSN_A_CLASS_PREEMPTIBLE]	= { .type = NLA_U8 },
	[EDGETSN_A_CLASS_MAX_SDU]	= { .type = NLA_U32 },
};

#define ETSN_DEV_POLICY \
	[EDGETSN_A_IFINDEX]	= { .type = NLA_U32 }, \
	[EDGETSN_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

static const struct nla_policy etsn_dev_policy[EDGETSN_A_MAX + 1] = {
	ETSN_DEV_POLICY,
};

static const struct nla_policy etsn_sched_set_policy[EDGETSN_A_MAX + 1] = {
	ETSN_DEV_POLICY,
	[EDGETSN_A_SCHED_ADMIN]	= NLA_POLICY_NESTED(etsn_sched_policy),
};

static const struct nla_policy etsn_class_policy[EDGETSN_A_MAX + 1] = {
	ETSN_DEV_POLICY,
	[EDGETSN_A_PRIO_MAP]	= NLA_POLICY_EXACT_LEN(EDGETSN_NUM_PRIO),
	[EDGETSN_A_CLASS]	= NLA_POLICY_NESTED(etsn_class_set_policy),
	[EDGETSN_A_LINK_SPEED_OVERRIDE] = { .type = NLA_U32 },
	[EDGETSN_A_OVERHEAD]	= { .type = NLA_U32 },
	[EDGETSN_A_MGMT_EXEMPT]	= { .type = NLA_U8 },
	[EDGETSN_A_MGMT_PRIOS]	= { .type = NLA_U16 },
	[EDGETSN_A_MGMT_PROTECT] = { .type = NLA_U8 },
};

static const struct genl_ops etsn_genl_ops[] = {
	{
		.cmd	= EDGETSN_CMD_SCHED_SET,
		.doit	= etsn_nl_sched_set,
		.policy	= etsn_sched_set_policy,
		.maxattr = EDGETSN_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= EDGETSN_CMD_SCHED_GET,
		.doit	= etsn_nl_sched_get,
		.policy	= etsn_dev_policy,
		.maxattr = EDGETSN_A_MAX,
	},
	{
		.cmd	= EDGETSN_CMD_CLASS_SET,
		.doit	= etsn_nl_class_set,
		.policy	= etsn_class_policy,
		.maxattr = EDGETSN_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= EDGETSN_CMD_CLASS_GET,
		.doit	= etsn_nl_class_get,
		.policy	= etsn_dev_policy,
		.maxattr = EDGETSN_A_MAX,
	},
	{
		.cmd	= EDGETSN_CMD_STATS_GET,
		.doit	= etsn_nl_stats_get,
		.dumpit	= etsn_nl_stats_dump,
		.policy	= etsn_dev_policy,
		.maxattr = EDGETSN_A_MAX,
	},
	{
		.cmd	= EDGETSN_CMD_CAPS_GET,
		.doit	= etsn_nl_caps_get,
		.policy	= etsn_dev_policy,
		.maxattr = EDGETSN_A_MAX,
	},
};

static const struct genl_multicast_group etsn_genl_mcgrps[] = {
	{ .name = EDGETSN_MCGRP_EVENTS },
};

struct genl_family etsn_genl_family __ro_after_init = {
	.name		= EDGETSN_GENL_NAME,
	.version	= EDGETSN_GENL_VERSION,
	.maxattr	= EDGETSN_A_MAX,
	/* Root of a container's user namespace configures its own devices. */
	.netnsok	= true,
	/* Handlers take RTNL themselves; genl_mutex would only add an order. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= etsn_genl_ops,
	.n_ops		= ARRAY_SIZE(etsn_genl_ops),
	/* Strict header and attribute checks for every command. */
	.resv_start_op	= EDGETSN_CMD_SCHED_SET,
	.mcgrps		= etsn_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(etsn_genl_mcgrps),
};

/**
 * etsn_genl_target() - resolve the device (and etsn qdisc) of a request
 * @info: the request; RTNL held by the caller
 * @need_qdisc: fail unless the device has an etsn root qdisc
 * @t: filled on success
 *
 * Return: 0, -EINVAL (no device named), -ENODEV, or -ENOENT (no etsn qdisc).
 */
int etsn_genl_target(struct genl_info *info, bool need_qdisc,
		     struct etsn_target *t)
{
	return etsn_genl_lookup(genl_info_net(info), info->attrs, info->extack,
				need_qdisc, t);
}

/**
 * etsn_genl_lookup() - etsn_genl_target() for a dump's request
 * @net: the requester's namespace
 * @tb: the request's attributes
 * @extack: where a rejection is explained
 * @need_qdisc: fail unless the device has an etsn root qdisc
 * @t: filled on success
 *
 * Return: as etsn_genl_target().
 */
int etsn_genl_lookup(struct net *net, struct nlattr **tb,
		     struct netlink_ext_ack *extack, bool need_qdisc,
		     struct etsn_target *t)
{
	struct nlattr *which;
	char name[IFNAMSIZ];

	ASSERT_RTNL();
	t->sch = NULL;
	if (tb[EDGETSN_A_IFINDEX]) {
		which = tb[EDGETSN_A_IFINDEX];
		t->dev = __dev_get_by_index(net, nla_get_u32(which));
	} else if (tb[EDGETSN_A_IFNAME]) {
		which = tb[EDGETSN_A_IFNAME];
		nla_strscpy(name, which, sizeof(name));
		t->dev = __dev_get_by_name(net, name);
	} else {
		ETSN_ERR(extack, "a device is required: EDGETSN_A_IFINDEX or EDGETSN_A_IFNAME");
		return -EINVAL;
	}
	if (!t->dev) {
		ETSN_ERR_ATTR(extack, which, "no such device in this network namespace");
		return -ENODEV;
	}
	t->sch = etsn_qdisc_of(t->dev);
	if (need_qdisc && !t->sch) {
		ETSN_ERR_ATTR(extack, which, "no etsn qdisc at the root of this device");
		return -ENOENT;
	}
	return 0;
}

void *etsn_genl_reply_start(struct sk_buff *msg, struct genl_info *info,
			    u8 cmd)
{
	return genlmsg_put_reply(msg, info, &etsn_genl_family, 0, cmd);
}

int etsn_genl_put_dev(struct sk_buff *msg, const struct net_device *dev)
{
	if (nla_put_u32(msg, EDGETSN_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, EDGETSN_A_IFNAME, dev->name))
		return -EMSGSIZE;
	return 0;
}

/*
 * The event sink: multicasts @ev on the "events" group in @dev's
 * namespace. Events carry nothing sensitive: on 6.1 any user may join the
 * group. Called under rcu_read_lock(), hence GFP_ATOMIC. Best effort: a
 * listener that misses an event (no memory, full socket) sees the state
 * with the GET commands.
 */
static void etsn_genl_notify(struct net_device *dev, const struct etsn_event *ev)
{
	struct net *net = dev_net(dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&etsn_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &etsn_genl_family, 0, ev->cmd);
	if (!hdr || etsn_genl_put_dev(msg, dev))
		goto drop;
	switch (ev->cmd) {
	case EDGETSN_CMD_EV_SCHED_OPER:
	case EDGETSN_CMD_EV_CLOCK_STEP:
		if (nla_put_s64(msg, EDGETSN_A_EV_TIME, ev->time, EDGETSN_A_PAD))
			goto drop;
		break;
	case EDGETSN_CMD_EV_CONFIG_ERROR:
		if (nla_put_s32(msg, EDGETSN_A_EV_ERROR, ev->error))
			goto drop;
		break;
	case EDGETSN_CMD_EV_LINK_SPEED:
		if (nla_put_u32(msg, EDGETSN_A_EV_LINK_SPEED, ev->link_speed))
			goto drop;
		break;
	default:
		break;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&etsn_genl_family, net, msg, 0, 0, GFP_ATOMIC);
	return;
drop:
	nlmsg_free(msg);
}

int etsn_genl_register(void)
{
	int err;

	err = genl_register_family(&etsn_genl_family);
	if (!err)
		etsn_event_sink_set(etsn_genl_notify);
	return err;
}

void etsn_genl_unregister(void)
{
	/* No event may reach the family once it is gone. */
	etsn_event_sink_clear();
	genl_unregister_family(&etsn_genl_family);
}
