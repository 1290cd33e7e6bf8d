// SPDX-License-Identifier: GPL-2.0-or-later
/* The notification protocol is one datagram to an AF_UNIX socket (a path,
 * or '@' for the abstract namespace), documented as stable by systemd.
 * Written here rather than linking libsystemd: with the compression and
 * crypto libraries it loads, that cost the agent 0.9 MiB of its RSS
 * (docs/benchmarks.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent_notify.h"

int etsn_agent_notify(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[1024];
	size_t plen;
	va_list ap;
	int fd, len, ret;

	if (!path || !*path)
		return 0;
	plen = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || plen > sizeof(sa.sun_path))
		return -EINVAL;
	memcpy(sa.sun_path, path, plen);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	va_start(ap, fmt);
	len = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len < 0)
		return -EINVAL;
	if ((size_t)len >= sizeof(msg))
		len = sizeof(msg) - 1;	/* a long STATUS= cut short is still one */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = sendto(fd, msg, (size_t)len, MSG_NOSIGNAL, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen)) < 0 ? -errno : 1;
	close(fd);
	return ret;
}

int etsn_agent_watchdog_usec(uint64_t *usec)
{
	const char *s = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char *end;

	if (!s)
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || !v || s[0] == '-')
		return -EINVAL;
	/* For another process (one that ran us and passed its environment on). */
	if (pid && strtol(pid, &end, 10) != (long)getpid())
		return 0;
	*usec = v;
	return 1;
}
