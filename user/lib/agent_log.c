// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's log lines with syslog priority prefixes. */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "agent_log.h"

static enum etsn_log_level max_level = ETSN_LOG_INFO;

uint64_t etsn_agent_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void etsn_log_set_level(enum etsn_log_level level)
{
	max_level = level;
}

void etsn_log(enum etsn_log_level level, const char *fmt, ...)
{
	static const int prio[] = {
		[ETSN_LOG_ERR] = LOG_ERR,
		[ETSN_LOG_WARNING] = LOG_WARNING,
		[ETSN_LOG_NOTICE] = LOG_NOTICE,
		[ETSN_LOG_INFO] = LOG_INFO,
		[ETSN_LOG_DEBUG] = LOG_DEBUG,
	};
	char line[1024];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so lines from a restart never interleave. */
	fprintf(stderr, "<%d>%s\n", prio[level], line);
	fflush(stderr);
}
