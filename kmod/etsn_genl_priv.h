/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the files of the edgetsn generic-netlink family: the family,
 * device resolution and the per-command handlers.
 */
#ifndef _ETSN_GENL_PRIV_H
#define _ETSN_GENL_PRIV_H

#include <net/genetlink.h>
#include <linux/edgetsn.h>

#include "compat.h"
#include "sch_etsn.h"

/* Every extack text of the family starts with the module's name. */
#define ETSN_ERR(extack, msg) \
	NL_SET_ERR_MSG(extack, KBUILD_MODNAME ": " msg)
#define ETSN_ERR_ATTR(extack, attr, msg) \
	NL_SET_ERR_MSG_ATTR(extack, attr, KBUILD_MODNAME ": " msg)

extern struct genl_family etsn_genl_family;
extern const struct nla_policy etsn_sched_policy[EDGETSN_A_SCHED_MAX + 1];
extern const struct nla_policy etsn_class_set_policy[EDGETSN_A_CLASS_MAX + 1];

/**
 * struct etsn_target - what a request addresses
 * @dev: the device, valid while RTNL is held
 * @sch: its etsn root qdisc, or NULL
 */
struct etsn_target {
	struct net_device *dev;
	struct Qdisc *sch;
};

int etsn_genl_target(struct genl_info *info, bool need_qdisc,
		     struct etsn_target *t);
int etsn_genl_lookup(struct net *net, struct nlattr **tb,
		     struct netlink_ext_ack *extack, bool need_qdisc,
		     struct etsn_target *t);
void *etsn_genl_reply_start(struct sk_buff *msg, struct genl_info *info,
			    u8 cmd);
int etsn_genl_put_dev(struct sk_buff *msg, const struct net_device *dev);

int etsn_nl_sched_set(struct sk_buff *skb, struct genl_info *info);
int etsn_nl_sched_get(struct sk_buff *skb, struct genl_info *info);
int etsn_nl_class_set(struct sk_buff *skb, struct genl_info *info);
int etsn_nl_class_get(struct sk_buff *skb, struct genl_info *info);
int etsn_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int etsn_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);
int etsn_nl_caps_get(struct sk_buff *skb, struct genl_info *info);

int etsn_put_status(struct sk_buff *msg, const struct etsn_sched_status *st);
int etsn_put_sched_stats(struct sk_buff *msg,
			 const struct etsn_sched_status *st);

#endif /* _ETSN_GENL_PRIV_H */
