/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where edgetsn pins BPF objects: /sys/fs/bpf/edgetsn/<ifname>/<name>.
 * One directory per device, so each device's XDP firewall keeps its own
 * rules and counters across re-attach and etsnctl finds them by name.
 * Functions return 0 (or an fd) or a negative errno.
 */
#ifndef EDGETSN_BPFPIN_H
#define EDGETSN_BPFPIN_H

#include <stdbool.h>
#include <stddef.h>

#define ETSN_BPFFS		"/sys/fs/bpf"
#define ETSN_BPFPIN_ROOT	ETSN_BPFFS "/edgetsn"

/* buf = ETSN_BPFPIN_ROOT "/<ifname>"; -EINVAL for names that are not one
 * path component, -ENAMETOOLONG when buf is too small.
 */
int etsn_bpfpin_dir(const char *ifname, char *buf, size_t len);
/* buf = "<dir of ifname>/<name>". */
int etsn_bpfpin_path(const char *ifname, const char *name, char *buf, size_t len);
/* 0 when /sys/fs/bpf is a mounted bpf filesystem, else -ENODEV. */
int etsn_bpfpin_check_fs(void);
/* Creates the root and the device's directory; *created says whether the
 * device's directory is new (so a failed attach can take it away again).
 */
int etsn_bpfpin_make_dir(const char *ifname, bool *created);
/* The device's directory made (etsn_bpfpin_make_dir) and its path in
 * dir, for loading an object pinned there; on failure says
 * "etsnctl CMD: cannot create ..." on stderr.
 */
int etsn_bpfpin_pin_root(const char *cmd, const char *ifname, char *dir, size_t len,
			 bool *created);
/* Removes the device's directory if it is empty. */
void etsn_bpfpin_remove_dir(const char *ifname);
/* Takes the device's pin directory lock (flock, exclusive), held until the
 * fd returned is closed: every etsnctl edit that picks a slot or writes a
 * whole map value from what it read (fw block, fw policy, stream add/del,
 * meter set, dscp set/del) holds it, as edgetsnd's apply does, so two of
 * them never interleave.
 */
int etsn_bpfpin_lock(const char *ifname);
/* An fd on the pinned object <name> of ifname; -ENOENT when not pinned. */
int etsn_bpfpin_open(const char *ifname, const char *name);
/* Opens the n pinned objects names[] of ifname into fds[], all or none:
 * on error every fd is -1 and *failed (when not NULL) indexes the name
 * that could not be opened.
 */
int etsn_bpfpin_open_set(const char *ifname, const char *const *names, int n, int *fds,
			 int *failed);
/* Closes the fds of a set (those >= 0) and sets them to -1. */
void etsn_bpfpin_close_set(int *fds, int n);

#endif
