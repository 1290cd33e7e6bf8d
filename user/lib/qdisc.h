/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The root qdisc of a device over rtnetlink (what `tc qdisc show|add|del
 * root` do), for edgetsnd's apply. g is opened with etsn_genl_open_route.
 */
#ifndef EDGETSN_QDISC_H
#define EDGETSN_QDISC_H

#include <stddef.h>

#include "genl.h"

/* The kind of ifindex's root qdisc into kind ("" when it has none of its
 * own). 0 or a negative errno with g->error set.
 */
int etsn_qdisc_root_kind(struct etsn_genl *g, int ifindex, char *kind, size_t len);
/* Adds a root qdisc of kind with no options; fails if one of its own exists. */
int etsn_qdisc_root_add(struct etsn_genl *g, int ifindex, const char *kind);
/* Deletes the root qdisc (the device falls back to its default). */
int etsn_qdisc_root_del(struct etsn_genl *g, int ifindex);

#endif
