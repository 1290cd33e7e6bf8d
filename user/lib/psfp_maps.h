/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pinned PSFP maps of a device (/sys/fs/bpf/edgetsn/<ifname>/), as
 * etsnctl stream and etsnctl meter open and read them. Functions return 0
 * or a negative errno; the open ones say why on stderr as
 * "etsnctl <cmd>: ..." except for a quiet -ENOENT from etsn_psfp_maps_open.
 */
#ifndef EDGETSN_PSFP_MAPS_H
#define EDGETSN_PSFP_MAPS_H

#include <stdint.h>

#include "psfp.h"

enum etsn_psfp_map {
	ETSN_PSFP_M_MAC, ETSN_PSFP_M_IP, ETSN_PSFP_M_STREAM, ETSN_PSFP_M_COUNT,
	ETSN_PSFP_M_GLOBAL, ETSN_PSFP_M_CONFIG, ETSN_PSFP_M_NEXT, ETSN_PSFP_M_GATE,
	ETSN_PSFP_M_METER, ETSN_PSFP_M_N
};

struct etsn_psfp_maps {
	int fd[ETSN_PSFP_M_N];
};

/* -ENOENT quietly when the device has no PSFP maps; cmd NULL says nothing
 * at all (the agent).
 */
int etsn_psfp_maps_open(const char *cmd, const char *dev, struct etsn_psfp_maps *m);
/* As above, and -ENOENT says "add a stream first". */
int etsn_psfp_maps_open_existing(const char *cmd, const char *dev, struct etsn_psfp_maps *m);
void etsn_psfp_maps_close(struct etsn_psfp_maps *m);

/* Id of the program in the firewall's PSFP slot, 0 when empty. */
uint32_t etsn_psfp_maps_slot_prog(const struct etsn_psfp_maps *m);
/* Sum over CPUs of stream id's counters. */
int etsn_psfp_maps_read_counters(const struct etsn_psfp_maps *m, uint32_t id,
				 struct etsn_psfp_counters *sum);
/* Sums over CPUs of the counters of frames no stream claimed. */
int etsn_psfp_maps_read_globals(const struct etsn_psfp_maps *m,
				uint64_t g[ETSN_PSFP_GLOBALS]);
/* Zeroes the per-CPU counters of stream id. */
int etsn_psfp_maps_zero_counters(const struct etsn_psfp_maps *m, uint32_t id);
/* Stream id's value (filter and key); -ENOENT when there is no stream id. */
int etsn_psfp_maps_read_stream(const struct etsn_psfp_maps *m, uint32_t id,
			       struct etsn_psfp_stream *s);
/* Stream id's meter, read under its lock (consistent state). */
int etsn_psfp_maps_read_meter(const struct etsn_psfp_maps *m, uint32_t id,
			      struct etsn_psfp_meter *mt);
/* Replaces stream id's meter under its lock, and nothing else: a stream
 * deleted and re-added meanwhile keeps its filter and key.
 */
int etsn_psfp_maps_write_meter(const struct etsn_psfp_maps *m, uint32_t id,
			       const struct etsn_psfp_meter *mt);
/* Frames skip the lookups of empty maps (etsn_psfp_config.skip; in
 * psfp_skip.c). Before a change that adds keys or gates, skip_none makes
 * frames do every lookup; after any change, skip_sync sets what the maps
 * now allow.
 */
int etsn_psfp_maps_skip_none(const struct etsn_psfp_maps *m);
int etsn_psfp_maps_skip_sync(const struct etsn_psfp_maps *m);
/* Ids of the streams (ids holds ETSN_PSFP_MAX_STREAMS), ascending. */
int etsn_psfp_maps_list_ids(const struct etsn_psfp_maps *m, uint32_t *ids, int *n);

#endif
