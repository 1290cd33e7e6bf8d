/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's Prometheus text exposition (format 0.0.4) for node-exporter's
 * textfile collector: the agent's apply counters, the sync state, the
 * fail-safe per interface and, where the etsn qdisc answers, its counters
 * per class and per schedule; where the XDP firewall and PSFP run, their
 * aggregates. The names are listed in docs/agent.md,
 * "Metrics".
 */
#ifndef EDGETSN_METRICS_PROM_H
#define EDGETSN_METRICS_PROM_H

#include <stdio.h>

#include "agent_state.h"
#include "stats.h"
#include "tele_policy.h"

/* The exposition on out. st[i] are the counters of s->ifaces[i], or NULL
 * (st NULL, or st[i].ifname "") where none were read; pol[i] its firewall
 * and PSFP aggregates (pol NULL: none; has_fw/has_psfp false: that part
 * absent). Per-stream counters are not exposed: 10,000 streams would be
 * 60,000 series.
 */
void etsn_prom_print(FILE *out, const struct etsn_agent_state *s, const struct etsn_stats *st,
		     const struct etsn_tele_policy *pol);

/* The same into path, atomically: written to path.tmp and renamed, so the
 * collector never reads half a file. 0, or a negative errno with the
 * reason in err.
 */
int etsn_prom_write(const char *path, const struct etsn_agent_state *s,
		    const struct etsn_stats *st, const struct etsn_tele_policy *pol, char *err,
		    size_t errlen);

#endif
