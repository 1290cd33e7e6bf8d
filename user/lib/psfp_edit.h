/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Edits of a device's PSFP plane (bpf/etsn_psfp.bpf.c behind the XDP
 * firewall), as etsnctl stream and edgetsnd make them: load and chain the
 * program, add and remove streams, gates and the policy. The map layout
 * is psfp_maps.h's. The caller holds the pin directory lock around edits.
 * Functions return 0 or a negative errno; those given cmd say why on
 * stderr as "etsnctl CMD: ...".
 */
#ifndef EDGETSN_PSFP_EDIT_H
#define EDGETSN_PSFP_EDIT_H

#include <stdbool.h>

#include "psfp.h"
#include "psfp_maps.h"

struct etsn_psfp_bpf;

/* The maps for adding a stream: the pinned ones, created by loading the
 * PSFP program when missing. *skel is the loaded program when the
 * firewall's slot is empty (etsn_psfp_chain fills it once there is
 * something to do; destroy it with etsn_psfp_unload), else NULL.
 */
int etsn_psfp_prepare(const char *cmd, const char *dev, struct etsn_psfp_maps *m,
		      struct etsn_psfp_bpf **skel);
void etsn_psfp_unload(struct etsn_psfp_bpf *skel);
/* Puts the loaded program in the firewall's PSFP slot. */
int etsn_psfp_chain(const char *cmd, const struct etsn_psfp_maps *m,
		    const struct etsn_psfp_bpf *skel);
/* Empties the slot unless a stream or a drop policy needs PSFP (cfg: the
 * config in force).
 */
void etsn_psfp_unchain_if_idle(const struct etsn_psfp_maps *m,
			       const struct etsn_psfp_config *cfg);
/* 0 when DEV runs edgetsn's firewall (PSFP runs by its tail call), else
 * -ENOENT or -ENODEV after saying so.
 */
int etsn_psfp_need_firewall(const char *cmd, const char *dev);

/* Sets the policies named (>= 0), keeping the rest; *cfg is the config
 * now in force.
 */
int etsn_psfp_set_policy(const struct etsn_psfp_maps *m, int unknown, int unparsed,
			 struct etsn_psfp_config *cfg);
/* Adds stream r: counters zeroed, value, then its key (frames find it
 * only once it is whole). where prefixes messages ("FILE:LINE: " or "").
 */
int etsn_psfp_stream_add(const char *cmd, const char *dev, const struct etsn_psfp_maps *m,
			 const struct etsn_psfp_rule *r, const char *where);
/* Rewrites stream r->id in place (same key): its value, its meter (buckets
 * as r gives them) and the max SDU its key carries; counters kept.
 * -ENOENT: no stream r->id.
 */
int etsn_psfp_stream_write(const struct etsn_psfp_maps *m, const struct etsn_psfp_rule *r);
/* Removes stream id (value s): key first (its frames are unknown from
 * then on, never half-known), value, gate.
 */
int etsn_psfp_stream_remove(const struct etsn_psfp_maps *m, uint32_t id,
			    const struct etsn_psfp_stream *s);
/* Lets frames skip the lookups of empty maps; a failure only costs speed
 * (every lookup stays on): said, not returned.
 */
void etsn_psfp_skip_sync(const char *cmd, const char *dev, const struct etsn_psfp_maps *m);

#endif
