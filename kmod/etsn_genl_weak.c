// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder so that this branch links without the generic-netlink family;
 * kmod/etsn_genl.c defines the real etsn_genl_notify(), which wins at link
 * time. Deleted when the family is merged.
 */
#include <linux/compiler.h>

#include "etsn_genl.h"

void __weak etsn_genl_notify(struct net_device *dev, const struct etsn_event *ev)
{
}
