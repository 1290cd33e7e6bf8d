/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Between the files of the config parser: the handlers of the top-level
 * sections (each walks its part of the tree into struct etsn_agent_config)
 * and the checks that need the whole file.
 */
#ifndef EDGETSN_AGENT_CONFIG_PRIV_H
#define EDGETSN_AGENT_CONFIG_PRIV_H

#include "agent_config.h"
#include "cfgwalk.h"
#include "dupset.h"

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

/* agent_cfg_rules.c: a list of rules read into an interface (firewall,
 * psfp, classify, frer). The ids and the frames of the rules kept so far
 * are in hash sets, built for the list and freed after it, so that a
 * repeat is found in O(1) however long the list.
 */
struct etsn_agent_rules;

struct etsn_agent_rule_kind {
	const char *section;	/* "psfp.streams": names items "IFACE.SECTION[i]" */
	const char *noun;	/* "stream": "stream id N given twice" */
	/* One item n, its name what for messages. */
	void (*fn)(struct etsn_diag *d, struct etsn_agent_rules *rs,
		   const struct etsn_ynode *n, const char *what);
	etsn_dupset_key_fn *id;		/* rule i's id (etsn_agent_id_key); NULL: none */
	etsn_dupset_key_fn *frames;	/* the frames rule i matches; list is the ifc */
};

struct etsn_agent_rules {
	struct etsn_agent_iface *ifc;
	const struct etsn_agent_rule_kind *kind;
	struct etsn_dupset ids;		/* empty for rules without an id */
	struct etsn_dupset frames;
};

/* Each item of the list n to kind->fn, once the arrays of sizes[] (one item
 * per list entry) are reserved. The key fns get ifc as their list.
 */
void etsn_agent_cfg_each_rule(struct etsn_diag *d, const struct etsn_ynode *n,
			      struct etsn_agent_iface *ifc, const struct etsn_agent_rule_kind *kind,
			      void *arrs[], const size_t sizes[], size_t narrs);
/* The key of a rule's id (a uint32_t of the rule). */
void etsn_agent_id_key(const uint32_t *id, struct etsn_dupkey *k);
/* The key of the frames a PSFP stream, classifier rule or FRER stream
 * matches: its MAC or IP key, by kind, as its map holds it.
 */
void etsn_agent_frames_key(uint32_t kind, const struct etsn_psfp_mac_key *mac,
			   const struct etsn_psfp_ip_key *ip, struct etsn_dupkey *k);
/* Rule i, stored at the end of its array, is kept: its id and frames
 * into the sets. False after reporting at n when out of memory.
 */
bool etsn_agent_cfg_keep(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			 struct etsn_agent_rules *rs, size_t i);
/* Keeps rule i (a rule with an id, stored at the end of its array) unless
 * it repeats one kept before: then the first such rule in the list is
 * reported at n, "NOUN id N given twice" or "the same frames as NOUN id
 * N", and it is false.
 */
bool etsn_agent_cfg_unique(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			   struct etsn_agent_rules *rs, size_t i);

/* agent_cfg_policy.c: firewall, psfp and classify sections; obj is the
 * interface.
 */
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
