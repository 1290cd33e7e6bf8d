/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One interface's counters as the agent publishes them (tele/<ifname>,
 * get-stats): the etsn qdisc's (lib/stats_read.c) where the configuration
 * has one, and the firewall's and PSFP's aggregates (lib/tele_policy.c)
 * where their maps are pinned.
 */
#ifndef EDGETSN_AGENT_TELE_H
#define EDGETSN_AGENT_TELE_H

#include <stddef.h>

#include "lib/agent_config.h"
#include "lib/genl.h"
#include "lib/json.h"
#include "lib/psfp_totals.h"

/* The object into j: "ifindex", "ifname", the qdisc's "classes", "entries",
 * "schedule_counters" (etsnctl -j stats), then "firewall" and "psfp".
 * g is the edgetsn family, or one that failed to open (sk NULL: the qdisc
 * part is then missing, for the reason of the open). fn gets each PSFP stream's counters (may be NULL). A part that
 * cannot be read is left out; when none can, nothing is written and the
 * reason (the qdisc's, else the maps') is in reason: a negative errno.
 */
int agent_tele_json(struct etsn_genl *g, struct etsn_json *j, const struct etsn_agent_iface *ifc,
		    etsn_psfp_stream_fn fn, void *arg, char *reason, size_t rlen);

#endif
