/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One interface's counters as the agent publishes them (tele/<ifname>,
 * get-stats): the etsn qdisc's (lib/stats_read.c) where the configuration
 * has one, and the firewall's and PSFP's aggregates (lib/tele_policy.c)
 * where their maps are pinned.
 */
#ifndef EDGETSN_AGENT_TELE_H
#define EDGETSN_AGENT_TELE_H

#include <net/if.h>
#include <stddef.h>

#include "lib/agent_config.h"
#include "lib/genl.h"
#include "lib/json.h"
#include "lib/psfp_totals.h"
#include "lib/tele_streams.h"

/* The object into j: "ifindex", "ifname", the qdisc's "classes", "entries",
 * "schedule_counters" (etsnctl -j stats), then "firewall" and "psfp".
 * g is the edgetsn family, or one that failed to open (sk NULL: the qdisc
 * part is then missing, for the reason of the open). fn gets each PSFP stream's counters (may be NULL). A part that
 * cannot be read is left out; when none can, nothing is written and the
 * reason (the qdisc's, else the maps') is in reason: a negative errno.
 */
int agent_tele_json(struct etsn_genl *g, struct etsn_json *j, const struct etsn_agent_iface *ifc,
		    etsn_psfp_stream_fn fn, void *arg, char *reason, size_t rlen);

/* The changed-streams state of each configured interface, by name. */
struct agent_tele_ifaces {
	struct {
		char name[IF_NAMESIZE];
		struct etsn_tele_streams st;
	} i[ETSN_AGENT_MAX_IFACES];
	size_t n;
};

/* name's state (found or new); first drops those of interfaces c no
 * longer has. NULL when full (cannot happen: c has at most as many).
 */
struct etsn_tele_streams *agent_tele_streams(struct agent_tele_ifaces *t,
					     const struct etsn_agent_config *c, const char *name);
void agent_tele_ifaces_free(struct agent_tele_ifaces *t);

#endif
