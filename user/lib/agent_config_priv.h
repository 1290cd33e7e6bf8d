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
 * interface. each_rule: each item of the list n of rules goes to fn with
 * its name for messages, "IFACE.SECTION[i]", once the arrays of sizes[]
 * (one item per list entry) are reserved.
 */
void etsn_agent_cfg_each_rule(struct etsn_diag *d, const struct etsn_ynode *n,
			      struct etsn_agent_iface *ifc, const char *section,
			      void (*fn)(struct etsn_diag *d, struct etsn_agent_iface *ifc,
					 const struct etsn_ynode *n, const char *what),
			      void *arrs[], const size_t sizes[], size_t narrs);
void etsn_agent_cfg_firewall(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_psfp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);
void etsn_agent_cfg_classify(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);

/* agent_cfg_dscp.c: the dscp section (its map) of ifc. */
void etsn_agent_cfg_dscp(struct etsn_diag *d, const struct etsn_ynode *n,
			 struct etsn_agent_iface *ifc);

/* agent_cfg_frer.c: the frer section (talkers, listeners); obj is the
 * interface.
 */
void etsn_agent_cfg_frer(struct etsn_diag *d, const struct etsn_ynode *n, void *obj);

#endif
