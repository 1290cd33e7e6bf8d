/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading one etsn qdisc's counters (what `etsnctl stats dev DEV` prints)
 * for callers that want them as data: the agent's telemetry and get-stats.
 */
#ifndef EDGETSN_STATS_READ_H
#define EDGETSN_STATS_READ_H

#include "genl.h"
#include "stats.h"

/* 0, or a negative errno with g->error set (no etsn qdisc on dev: the
 * kernel's message).
 */
int etsn_stats_read(struct etsn_genl *g, const char *dev, struct etsn_stats *st);

#endif
