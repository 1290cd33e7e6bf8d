/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entering a named network namespace, as `ip -n NAME` does. */
#ifndef EDGETSN_NETNS_H
#define EDGETSN_NETNS_H

#include <stdbool.h>
#include <stddef.h>

/* A name `ip netns` could have made: not empty, no '/', not "." or "..". */
bool etsn_netns_name_ok(const char *name);
/* Moves the calling thread into /run/netns/NAME with setns(): only the
 * network namespace changes, so the mount namespace, and with it the BPF
 * pins under /sys/fs/bpf, stay as they are (`ip netns exec` would mount a
 * bpffs of its own). 0, or -errno with a message in err.
 */
int etsn_netns_enter(const char *name, char *err, size_t len);

#endif
