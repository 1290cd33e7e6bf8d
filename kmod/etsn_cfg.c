// SPDX-License-Identifier: GPL-2.0
/*
 * Settings of an etsn qdisc (priority map, per-class limits, max-SDU,
 * preemptible classes, speed override, overhead): read and replaced as a
 * whole, under the qdisc lock so the fast path sees one or the other.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_qdisc.h"

void etsn_cfg_get(struct Qdisc *sch, struct etsn_qdisc_cfg *cfg)
{
	struct etsn_qdisc *q = qdisc_priv(sch);

	ASSERT_RTNL();
	sch_tree_lock(sch);
	*cfg = q->cfg;
	sch_tree_unlock(sch);
}
ETSN_EXPORT_FOR_KUNIT(etsn_cfg_get);

/**
 * etsn_cfg_validate() - check settings before they replace the current ones
 * @cfg: the settings
 * @extack: reason of a rejection
 *
 * Return: 0 or -EINVAL.
 */
int etsn_cfg_validate(const struct etsn_qdisc_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	int i;

	for (i = 0; i < EDGETSN_NUM_PRIO; i++) {
		if (cfg->prio_tc[i] >= EDGETSN_NUM_TC) {
			NL_SET_ERR_MSG_MOD(extack, "priority map names a class above 7");
			return -EINVAL;
		}
	}
	for (i = 0; i < EDGETSN_NUM_TC; i++) {
		if (!cfg->cls[i].limit_pkts) {
			NL_SET_ERR_MSG_MOD(extack, "class queue limit must be at least 1 frame");
			return -EINVAL;
		}
	}
	if (cfg->overhead > ETSN_MAX_OVERHEAD) {
		NL_SET_ERR_MSG_MOD(extack, "overhead must not exceed 1024 bytes");
		return -EINVAL;
	}
	if (cfg->link_speed_override > ETSN_MAX_SPEED) {
		NL_SET_ERR_MSG_MOD(extack, "link speed override must not exceed 1600000 Mb/s");
		return -EINVAL;
	}
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_cfg_validate);

int etsn_cfg_set(struct Qdisc *sch, const struct etsn_qdisc_cfg *cfg,
		 struct netlink_ext_ack *extack)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	int err;

	ASSERT_RTNL();
	err = etsn_cfg_validate(cfg, extack);
	if (err)
		return err;
	sch_tree_lock(sch);
	q->cfg = *cfg;
	sch_tree_unlock(sch);
	/* The override applies, and preemptible classes meet today's MAC merge. */
	etsn_link_refresh(q);
	/* A class made sendable, or a gate reopened for it: look again. */
	if (READ_ONCE(sch->q.qlen))
		__netif_schedule(qdisc_root(sch));
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_cfg_set);
