/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's log: one line per message on stderr, prefixed with the syslog
 * priority as <N> (journald and systemd read it), below the configured level
 * dropped.
 */
#ifndef EDGETSN_AGENT_LOG_H
#define EDGETSN_AGENT_LOG_H

#include "agent_config.h"

#include <stdint.h>

void etsn_log_set_level(enum etsn_log_level level);
void etsn_log(enum etsn_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* CLOCK_MONOTONIC in ns: the time base of the times the agent logs (t=,
 * durations), so that they can be compared with one another.
 */
uint64_t etsn_agent_now_ns(void);

#endif
