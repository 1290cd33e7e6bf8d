/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's Prometheus text exposition (format 0.0.4) for node-exporter's
 * textfile collector: the agent's apply counters, the sync state, the
 * fail-safe per interface and, where the etsn qdisc answers, its counters
 * per class and per schedule. The names are listed in docs/agent.md,
 * "Metrics".
 */
#ifndef EDGETSN_METRICS_PROM_H
#define EDGETSN_METRICS_PROM_H

#include <stdio.h>

#include "agent_state.h"
#include "stats.h"

/* The exposition on out. st[i] are the counters of s->ifaces[i], or NULL
 * (st NULL, or st[i].ifname "") where none were read.
 */
void etsn_prom_print(FILE *out, const struct etsn_agent_state *s, const struct etsn_stats *st);

/* The same into path, atomically: written to path.tmp and renamed, so the
 * collector never reads half a file. 0, or a negative errno with the
 * reason in err.
 */
int etsn_prom_write(const char *path, const struct etsn_agent_state *s,
		    const struct etsn_stats *st, char *err, size_t errlen);

#endif
