/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prompt notice of MAC merge changes. ethtool announces them
 * (ETHTOOL_MSG_MM_NTF on its "monitor" group) to sockets only, so each
 * network namespace where someone watches gets a kernel socket that
 * listens there and tells the watchers of the device concerned.
 */
#ifndef _ETSN_MM_NTF_H
#define _ETSN_MM_NTF_H

#include <linux/list.h>
#include <linux/types.h>

struct net_device;

/**
 * struct etsn_mm_ntf_sub - one watcher of one device's MAC merge changes
 * @node: in its namespace's list (etsn_mm_ntf.c)
 * @net: that namespace, while watching
 * @ifindex: the device watched
 * @changed: called when ethtool announced a change of the device's MAC
 *	merge configuration, with RTNL held by the announcer; must not
 *	sleep nor take RTNL
 */
struct etsn_mm_ntf_sub {
	struct list_head node;
	struct net *net;
	int ifindex;
	void (*changed)(struct etsn_mm_ntf_sub *sub);
};

int etsn_mm_ntf_register(void);
void etsn_mm_ntf_unregister(void);
void etsn_mm_ntf_init(struct etsn_mm_ntf_sub *sub,
		      void (*changed)(struct etsn_mm_ntf_sub *sub));
void etsn_mm_ntf_watch(struct etsn_mm_ntf_sub *sub, struct net_device *dev);
void etsn_mm_ntf_unwatch(struct etsn_mm_ntf_sub *sub);

#endif /* _ETSN_MM_NTF_H */
