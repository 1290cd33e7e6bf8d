/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's FRER part of an apply: every interface with a frer section
 * gets exactly its talker and listener streams (frer_attach.c, as etsnctl
 * frer adds them). A stream already pinned with the same settings is left
 * as it is, state and counters included; one with other settings is
 * replaced; one the section no longer names is deleted. Interfaces
 * without a frer section are left alone.
 */
#ifndef EDGETSN_FRER_APPLY_H
#define EDGETSN_FRER_APPLY_H

#include <stddef.h>

#include "agent_config.h"

struct etsn_frer_undo_step;

/* What an apply did, to be undone newest first. */
struct etsn_frer_undo {
	struct etsn_frer_undo_step *steps;
	size_t n, cap;
};

/* 0 with *changes increased by the streams added, replaced or deleted,
 * or a negative errno with the reason in err; u records what was done
 * either way (undo it on failure, here or of a later step).
 */
int etsn_frer_apply(const struct etsn_agent_config *c, struct etsn_frer_undo *u,
		    size_t *changes, char *err, size_t errlen);
/* Takes back what u records, newest first, and empties it. */
void etsn_frer_apply_undo(struct etsn_frer_undo *u);
void etsn_frer_apply_free(struct etsn_frer_undo *u);

#endif
