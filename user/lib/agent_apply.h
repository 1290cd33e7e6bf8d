/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's apply: for every interface of a config, read the kernel's
 * state, diff it (agent_reconcile.h) and run the actions; when one fails,
 * undo what this apply did, in reverse, so the previous state stays.
 */
#ifndef EDGETSN_AGENT_APPLY_H
#define EDGETSN_AGENT_APPLY_H

#include <stddef.h>

#include "agent_config.h"

/* 0 with *changes set to the number of actions run, or a negative errno
 * with the reason in err (the kernel's extack message when it gave one).
 * Every action and every undo is logged (agent_log.h).
 */
int etsn_agent_apply(const struct etsn_agent_config *c, size_t *changes,
		     char *err, size_t errlen);

/* on-stop: revert. Deletes the etsn root qdisc (with its classes and
 * schedule) of every interface the config gives one, where it is there:
 * what the agent installed; then the firewall, PSFP and classifier parts
 * (etsn_policy_revert). 0 with *removed set to the qdiscs deleted, or the
 * first error with its reason in err (the other interfaces and parts are
 * still done). Each deletion is logged.
 */
int etsn_agent_revert(const struct etsn_agent_config *c, size_t *removed,
		      char *err, size_t errlen);

#endif
