/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's policy-plane part of an apply: every interface with a
 * firewall, psfp, classify or dscp section gets exactly what the section
 * says, through the code etsnctl xdp/fw/stream/classify/dscp run
 * (fw_attach.c, fw_maps.c, psfp_edit.c, cls_edit.c, dscp_edit.c).
 * Reconcile: the program attached, the rules, streams, gates, verdicts
 * and DSCP entries in the pinned maps are read and
 * only what differs is written; a rule or stream already there with the
 * same settings is left alone (its counters, meter state and counter slot
 * too). A rule or stream the section no longer names is deleted; one
 * with other settings is replaced. Each interface's pin directory lock
 * (the one etsnctl takes) is held from its first read to the end of the
 * apply or its undo. Interfaces without these sections are left alone.
 */
#ifndef EDGETSN_POLICY_APPLY_H
#define EDGETSN_POLICY_APPLY_H

#include <stddef.h>

#include "agent_config.h"

struct etsn_policy_step;

/* What an apply did, to be undone newest first, and the locks it holds. */
struct etsn_policy_undo {
	struct etsn_policy_step *steps;
	size_t n, cap;
	int locks[ETSN_AGENT_MAX_IFACES];
	size_t nlocks;
};

/* 0 with *changes increased by the elements written or deleted (a
 * program attached counts one), or a negative errno with the reason in
 * err; u records what was done either way.
 */
int etsn_policy_apply(const struct etsn_agent_config *c, struct etsn_policy_undo *u,
		      size_t *changes, char *err, size_t errlen);
/* Takes back what u records, newest first, and empties it. */
void etsn_policy_apply_undo(struct etsn_policy_undo *u);
/* Frees u and releases its locks. */
void etsn_policy_apply_free(struct etsn_policy_undo *u);

/* on-stop: revert. Removes the config's rules and streams where they are
 * as the config gives them (DSCP entries too), sets a drop policy for
 * frames of no stream back to pass and the config's unparsed verdicts
 * back to the default (drop) and its firewall fragments verdict back to
 * pass where still in force, and detaches
 * the programs the config attached. 0 with *removed increased, or the
 * first error with its reason in err (the rest is still done).
 */
int etsn_policy_revert(const struct etsn_agent_config *c, size_t *removed, char *err,
		       size_t errlen);

#endif
