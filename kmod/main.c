// SPDX-License-Identifier: GPL-2.0
/*
 * edgetsn: deterministic Ethernet for industrial Linux hosts.
 * Module entry: registers the generic-netlink family, then the etsn qdisc
 * (the family is the sink of its events, kmod/etsn_event.c).
 */
#include <linux/module.h>
#include <linux/init.h>

#include "etsn_genl.h"
#include "sch_etsn.h"

static int __init edgetsn_init(void)
{
	int err;

	err = etsn_genl_register();
	if (err) {
		pr_err("edgetsn: cannot register the generic-netlink family: %d\n", err);
		return err;
	}
	err = etsn_qdisc_register();
	if (err) {
		pr_err("edgetsn: cannot register the etsn qdisc: %d\n", err);
		etsn_genl_unregister();
		return err;
	}
	pr_info("edgetsn: version %s loaded\n", EDGETSN_VERSION);
	return 0;
}

static void __exit edgetsn_exit(void)
{
	etsn_qdisc_unregister();
	etsn_genl_unregister();
	pr_info("edgetsn: unloaded\n");
}

module_init(edgetsn_init);
module_exit(edgetsn_exit);

MODULE_DESCRIPTION("edgetsn: IEEE 802.1Qbv/Qbu time-aware shaper");
MODULE_AUTHOR("edgetsn developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(EDGETSN_VERSION);
