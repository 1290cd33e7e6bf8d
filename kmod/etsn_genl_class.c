// SPDX-License-Identifier: GPL-2.0
/*
 * EDGETSN_CMD_CLASS_SET and _GET: the priority map, per-class settings and
 * per-qdisc settings, changed all together or not at all.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/edgetsn.h>

#include "etsn_genl_priv.h"

static int etsn_parse_prio_map(struct nlattr *attr, struct etsn_qdisc_cfg *cfg,
			       struct netlink_ext_ack *extack)
{
	const u8 *map = nla_data(attr);
	int i;

	for (i = 0; i < EDGETSN_NUM_PRIO; i++) {
		if (map[i] >= EDGETSN_NUM_TC) {
			ETSN_ERR_ATTR(extack, attr, "priority map entries must name classes 0 to 7");
			return -EINVAL;
		}
	}
	memcpy(cfg->prio_tc, map, EDGETSN_NUM_PRIO);
	return 0;
}

static int etsn_parse_class(struct nlattr *nest, struct etsn_qdisc_cfg *cfg,
			    unsigned long *seen, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGETSN_A_CLASS_MAX + 1];
	struct etsn_class_cfg *cl;
	u8 index;
	int err;

	err = nla_parse_nested(tb, EDGETSN_A_CLASS_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!tb[EDGETSN_A_CLASS_INDEX]) {
		ETSN_ERR_ATTR(extack, nest, "class lacks EDGETSN_A_CLASS_INDEX");
		return -EINVAL;
	}
	index = nla_get_u8(tb[EDGETSN_A_CLASS_INDEX]);
	if (index >= EDGETSN_NUM_TC) {
		ETSN_ERR_ATTR(extack, tb[EDGETSN_A_CLASS_INDEX], "class index must be 0 to 7");
		return -EINVAL;
	}
	if (__test_and_set_bit(index, seen)) {
		ETSN_ERR_ATTR(extack, tb[EDGETSN_A_CLASS_INDEX], "class appears twice in one request");
		return -EINVAL;
	}
	cl = &cfg->cls[index];
	if (tb[EDGETSN_A_CLASS_LIMIT_PKTS])
		cl->limit_pkts = nla_get_u32(tb[EDGETSN_A_CLASS_LIMIT_PKTS]);
	if (tb[EDGETSN_A_CLASS_LIMIT_BYTES])
		cl->limit_bytes = nla_get_u32(tb[EDGETSN_A_CLASS_LIMIT_BYTES]);
	if (tb[EDGETSN_A_CLASS_MAX_SDU])
		cl->max_sdu = nla_get_u32(tb[EDGETSN_A_CLASS_MAX_SDU]);
	if (tb[EDGETSN_A_CLASS_PREEMPTIBLE]) {
		u8 p = nla_get_u8(tb[EDGETSN_A_CLASS_PREEMPTIBLE]);

		if (p > 1) {
			ETSN_ERR_ATTR(extack, tb[EDGETSN_A_CLASS_PREEMPTIBLE],
				      "preemptible is 1 (preemptible) or 0 (express)");
			return -EINVAL;
		}
		cl->preemptible = p;
	}
	return 0;
}

/* The management class: which frames bypass the gates, which windows not. */
static int etsn_parse_mgmt(struct nlattr **tb, struct etsn_qdisc_cfg *cfg,
			   struct netlink_ext_ack *extack)
{
	if (tb[EDGETSN_A_MGMT_EXEMPT]) {
		u8 on = nla_get_u8(tb[EDGETSN_A_MGMT_EXEMPT]);

		if (on > 1) {
			ETSN_ERR_ATTR(extack, tb[EDGETSN_A_MGMT_EXEMPT],
				      "mgmt exempt is 1 (PTP bypasses the gates) or 0");
			return -EINVAL;
		}
		cfg->mgmt_exempt = on;
	}
	if (tb[EDGETSN_A_MGMT_PRIOS])
		cfg->mgmt_prios = nla_get_u16(tb[EDGETSN_A_MGMT_PRIOS]);
	if (tb[EDGETSN_A_MGMT_PROTECT])
		cfg->mgmt_protect = nla_get_u8(tb[EDGETSN_A_MGMT_PROTECT]);
	return 0;
}

int etsn_nl_class_set(struct sk_buff *skb, struct genl_info *info)
{
	DECLARE_BITMAP(seen, EDGETSN_NUM_TC) = { 0 };
	struct nlattr **tb = info->attrs;
	struct etsn_qdisc_cfg *cfg;
	struct etsn_target t;
	struct nlattr *a;
	int err, rem;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (err)
		goto out;
	etsn_cfg_get(t.sch, cfg);
	if (tb[EDGETSN_A_PRIO_MAP]) {
		err = etsn_parse_prio_map(tb[EDGETSN_A_PRIO_MAP], cfg, info->extack);
		if (err)
			goto out;
	}
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != EDGETSN_A_CLASS)
			continue;
		err = etsn_parse_class(a, cfg, seen, info->extack);
		if (err)
			goto out;
	}
	if (tb[EDGETSN_A_LINK_SPEED_OVERRIDE])
		cfg->link_speed_override = nla_get_u32(tb[EDGETSN_A_LINK_SPEED_OVERRIDE]);
	if (tb[EDGETSN_A_OVERHEAD])
		cfg->overhead = nla_get_u32(tb[EDGETSN_A_OVERHEAD]);
	err = etsn_parse_mgmt(tb, cfg, info->extack);
	if (err)
		goto out;
	err = etsn_cfg_set(t.sch, cfg, info->extack);
out:
	rtnl_unlock();
	kfree(cfg);
	return err;
}

static int etsn_put_class_cfg(struct sk_buff *msg, int index,
			      const struct etsn_class_cfg *cl,
			      const struct etsn_class_stats *st)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_CLASS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, index) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_PKTS, cl->limit_pkts) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_BYTES, cl->limit_bytes) ||
	    nla_put_u8(msg, EDGETSN_A_CLASS_PREEMPTIBLE, cl->preemptible) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU, cl->max_sdu) ||
	    nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE, st->max_sdu_effective) ||
	    nla_put_u8(msg, EDGETSN_A_CLASS_CLOSED, st->closed)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int etsn_nl_class_get(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_class_stats *cls = NULL;
	struct etsn_entry_stats *entries = NULL;
	struct etsn_sched_status st;
	struct etsn_qdisc_cfg *cfg;
	struct sk_buff *msg = NULL;
	struct etsn_target t;
	u32 n;
	void *hdr;
	int err, i;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	cls = kcalloc(EDGETSN_NUM_TC, sizeof(*cls), GFP_KERNEL);
	if (!cfg || !cls) {
		err = -ENOMEM;
		goto free;
	}
	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (err)
		goto out;
	etsn_cfg_get(t.sch, cfg);
	err = etsn_stats_get(t.sch, cls, &entries, &n, &st);
	if (err)
		goto out;
	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = etsn_genl_reply_start(msg, info, EDGETSN_CMD_CLASS_GET);
	if (!hdr || etsn_genl_put_dev(msg, t.dev) ||
	    nla_put(msg, EDGETSN_A_PRIO_MAP, EDGETSN_NUM_PRIO, cfg->prio_tc) ||
	    nla_put_u32(msg, EDGETSN_A_LINK_SPEED_OVERRIDE, cfg->link_speed_override) ||
	    nla_put_u32(msg, EDGETSN_A_OVERHEAD, cfg->overhead) ||
	    nla_put_u8(msg, EDGETSN_A_MGMT_EXEMPT, cfg->mgmt_exempt) ||
	    nla_put_u16(msg, EDGETSN_A_MGMT_PRIOS, cfg->mgmt_prios) ||
	    nla_put_u8(msg, EDGETSN_A_MGMT_PROTECT, cfg->mgmt_protect))
		goto out;
	for (i = 0; i < EDGETSN_NUM_TC; i++)
		if (etsn_put_class_cfg(msg, i, &cfg->cls[i], &cls[i]))
			goto out;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	rtnl_unlock();
	nlmsg_free(msg);
	kvfree(entries);
free:
	kfree(cls);
	kfree(cfg);
	return err;
}
