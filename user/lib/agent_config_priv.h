/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Between the files of the config parser: the handlers of the top-level
 * sections (each walks its part of the tree into struct etsn_agent_config)
 * and the checks that need the whole file.
 */
#ifndef EDGETSN_AGENT_CONFIG_PRIV_H
#define EDGETSN_AGENT_CONFIG_PRIV_H

#include "agent_config.h"
#include "cfgwalk.h"

/* agent_cfg_agent.c: the agent's own settings; obj is the config. */
void etsn_agent_cfg_ptp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_mqtt(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_metrics(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_logging(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_on_stop(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);

/* agent_cfg_iface.c: the interfaces mapping; obj is the config. */
void etsn_agent_cfg_interfaces(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);

/* agent_cfg_sched.c: a gate schedule (ieee802-dot1q-sched names) into a
 * fresh etsn_sched; NULL after recording errors. qmaxsdu: the
 * queue-max-sdu-table goes into these class settings (may be NULL where
 * no table is allowed).
 */
struct etsn_sched *etsn_agent_cfg_sched(struct etsn_diag *d, const struct etsn_ynode *n,
					const char *what, struct etsn_class_cfg *qmaxsdu);

/* agent_cfg_plan.c: the schedule planned from an interface's streams
 * (plan.h), NULL on errors (recorded at their items).
 */
struct etsn_sched *etsn_agent_cfg_plan(struct etsn_diag *d, const struct etsn_ynode *n,
				       const char *what);

/* agent_cfg_policy.c: firewall, psfp and classify sections; obj is the
 * interface.
 */
void etsn_agent_cfg_firewall(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_psfp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_classify(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);

#endif
