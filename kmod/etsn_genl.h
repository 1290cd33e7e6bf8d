/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The edgetsn generic-netlink family: registration, and the events the
 * qdisc announces on the "events" multicast group.
 */
#ifndef _ETSN_GENL_H
#define _ETSN_GENL_H

#include <linux/types.h>

struct net_device;

int etsn_genl_register(void);
void etsn_genl_unregister(void);

/**
 * struct etsn_event - one event for the "events" group
 * @cmd: EDGETSN_CMD_EV_*
 * @time: EDGETSN_A_EV_TIME (SCHED_OPER)
 * @error: EDGETSN_A_EV_ERROR (CONFIG_ERROR)
 * @link_speed: EDGETSN_A_EV_LINK_SPEED (LINK_SPEED)
 */
struct etsn_event {
	u8 cmd;
	s64 time;
	s32 error;
	u32 link_speed;
};

/*
 * Multicast @ev about @dev in the device's namespace. Process context only
 * (the qdisc defers events raised in its timer to a work item). Events carry
 * nothing sensitive: on 6.1 any user may join the group. Called with and
 * without RTNL held, and from a work item the qdisc flushes under RTNL: it
 * must not take RTNL.
 */
void etsn_genl_notify(struct net_device *dev, const struct etsn_event *ev);

#endif /* _ETSN_GENL_H */
