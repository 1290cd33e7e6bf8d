// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"

bool etsn_netns_name_ok(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

int etsn_netns_enter(const char *name, char *err, size_t len)
{
	char path[4096];
	int fd, e;

	if (!etsn_netns_name_ok(name)) {
		snprintf(err, len, "'%s' is not a network namespace name", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, len, "network namespace '%s': %s", name,
			 e == ENOENT ? "no such namespace (ip netns list)" : strerror(e));
		return -e;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		e = errno;
		close(fd);
		snprintf(err, len, "cannot enter network namespace '%s': %s", name, strerror(e));
		return -e;
	}
	close(fd);
	return 0;
}
