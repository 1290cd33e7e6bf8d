/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FRER streams into the pinned maps of bpf/etsn_frer_*.bpf.c and their
 * programs onto a device: shared by etsnctl frer and edgetsnd. The talker
 * runs on DEV's clsact egress; the listener at XDP on DEV and its member,
 * or in the FRER slot of the firewall's chain (etsn_xdp_next) on a device
 * that runs edgetsn's XDP firewall or PSFP. Maps are pinned under
 * /sys/fs/bpf/edgetsn/DEV/.
 *
 * Functions return 0 or a negative errno; on error, err holds the reason
 * (without a program name) and nothing is left half done.
 */
#ifndef EDGETSN_FRER_ATTACH_H
#define EDGETSN_FRER_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frer.h"

/* Where the listener went on a device: "xdp" or "chain". */
struct etsn_frer_where {
	const char *dev;
	const char *member;
};

/* A new stream (its id and key unused), the program attached. */
int etsn_frer_talker_add(const char *dev, struct etsn_frer_talker_rule *t, char *err,
			 size_t errlen);
int etsn_frer_listener_add(const char *dev, const struct etsn_frer_listener_rule *l,
			   struct etsn_frer_where *where, char *err, size_t errlen);
/* Stream id of the role goes (its key first); the programs stay. */
int etsn_frer_stream_del(const char *dev, uint32_t id, bool talker, char *err, size_t errlen);
/* Stream id's value as pinned: -ENOENT when there is none. */
int etsn_frer_stream_get(const char *dev, uint32_t id, bool talker, void *val, size_t size);
/* A value read by _get written back with its key (both new), state and
 * counters included: the undo of a delete.
 */
int etsn_frer_stream_put(const char *dev, uint32_t id, bool talker, const void *val);

/* The FRER programs off dev; done[] names what came off ("tc egress",
 * "xdp", "chain"), *n of them (0: dev runs none). Streams stay pinned.
 */
int etsn_frer_detach(const char *dev, const char *done[3], int *n, char *err, size_t errlen);

#endif
