/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's Prometheus file: the agent's state, each interface's qdisc
 * counters, read over the edgetsn family, and its firewall and PSFP
 * aggregates, read from the pinned maps; written by lib/metrics_prom.c.
 */
#ifndef EDGETSN_AGENT_METRICS_H
#define EDGETSN_AGENT_METRICS_H

#include <stddef.h>

#include "lib/agent_config.h"
#include "lib/agent_state.h"

/* Writes c->metrics.textfile. The counters of an interface whose qdisc
 * does not answer (no module, no etsn qdisc) are left out. 0, or a
 * negative errno with the reason in err.
 */
int etsn_agent_metrics_write(const struct etsn_agent_config *c, const struct etsn_agent_state *s,
			     char *err, size_t errlen);

#endif
