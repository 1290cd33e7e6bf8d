// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's side of systemd's notification protocol, through libsystemd
 * (sd_notify(3), sd_watchdog_enabled(3)): the library systemd documents
 * for it, which follows its changes (abstract and vsock addresses,
 * credentials). It costs the agent 0.9 MiB of RSS with the compression
 * and crypto libraries it loads (docs/benchmarks.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>

#include "agent_notify.h"

int etsn_agent_notify(const char *fmt, ...)
{
	va_list ap, again;
	char *msg;
	int ret;

	va_start(ap, fmt);
	va_copy(again, ap);
	ret = vsnprintf(NULL, 0, fmt, ap);
	msg = ret < 0 ? NULL : malloc((size_t)ret + 1);
	if (msg)
		vsnprintf(msg, (size_t)ret + 1, fmt, again);
	va_end(again);
	va_end(ap);
	if (!msg)
		return -ENOMEM;
	ret = sd_notify(0, msg);
	free(msg);
	return ret > 0 ? 1 : ret;
}

int etsn_agent_watchdog_usec(uint64_t *usec)
{
	uint64_t v;
	int ret = sd_watchdog_enabled(0, &v);

	if (ret < 0)
		return -EINVAL;	/* not a number, 0, or out of range */
	if (ret > 0)
		*usec = v;
	return ret > 0;
}
