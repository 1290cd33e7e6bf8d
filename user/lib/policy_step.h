/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The steps of a policy apply (policy_apply.h) with what each needs to
 * be taken back; shared by the firewall, PSFP and classifier parts.
 */
#ifndef EDGETSN_POLICY_STEP_H
#define EDGETSN_POLICY_STEP_H

#include <net/if.h>
#include <stdbool.h>

#include "classify.h"
#include "dscp.h"
#include "fw.h"
#include "policy_apply.h"
#include "psfp.h"
#include "tc_egress.h"

enum etsn_policy_op {
	ETSN_POL_FW_ATTACHED,		/* undo: detach */
	ETSN_POL_FW_ADDED,		/* undo: delete rule */
	ETSN_POL_FW_DELETED,		/* undo: rule back with its value */
	ETSN_POL_FW_SYN,		/* undo: old SYN limit */
	ETSN_POL_FW_POLICY,		/* undo: old unparsed and fragments verdicts */
	ETSN_POL_PSFP_SKIP,		/* skip bits cleared; undo: sync them */
	ETSN_POL_PSFP_CHAINED,		/* undo: empty the slot */
	ETSN_POL_PSFP_UNCHAINED,	/* undo: program prog_id back in the slot */
	ETSN_POL_PSFP_ADDED,		/* undo: remove stream */
	ETSN_POL_PSFP_UPDATED,		/* same key; undo: old value back */
	ETSN_POL_PSFP_DELETED,		/* undo: stream, key, gate back */
	ETSN_POL_PSFP_GATE,		/* undo: old gate (or none) */
	ETSN_POL_PSFP_POLICY,		/* undo: old unknown policy */
	ETSN_POL_PSFP_UNPARSED,		/* undo: old unparsed verdict */
	ETSN_POL_CLS_ATTACHED,		/* undo: detach */
	ETSN_POL_CLS_ADDED,		/* undo: remove rule */
	ETSN_POL_CLS_DELETED,		/* undo: rule back */
	ETSN_POL_DSCP_ATTACHED,		/* undo: detach */
	ETSN_POL_DSCP_SET,		/* an entry written; undo: old entry back */
};

struct etsn_policy_step {
	enum etsn_policy_op op;
	char dev[IF_NAMESIZE];
	uint32_t id;		/* stream id, fw rule value, policy, prog id, DSCP */
	bool had_gate;
	union {
		struct etsn_fw_rule fw;
		struct etsn_fw_syn_config syn;
		struct etsn_fw_config fw_cfg;	/* verdicts */
		struct etsn_psfp_rule psfp;	/* id, value, meter */
		struct etsn_cls_stream cls;
		struct etsn_dscp_prio dscp;
	};
	struct etsn_psfp_gate gate;
};

/* A new step for dev, zeroed but for op and dev; NULL when out of memory. */
struct etsn_policy_step *etsn_policy_record(struct etsn_policy_undo *u, enum etsn_policy_op op,
					    const char *dev);

/* An egress classifier program of the policy plane, for the shared tail
 * of its apply.
 */
struct etsn_policy_egress {
	const struct etsn_tc_filter *filter;
	enum etsn_policy_op attached;	/* the step that undoes the attach */
	int (*attach)(const char *dev, int ifindex, uint32_t *prog_id);
	const char *what;		/* "classifier", "DSCP classifier" */
};

/* After the maps are written (ret, done changes): attaches e's program on
 * clsact egress unless ours is in place (a step records it), reports the
 * error in err or logs the changes, adds them to *changes.
 */
int etsn_policy_egress_finish(const struct etsn_policy_egress *e,
			      const struct etsn_agent_iface *ifc, int ifindex,
			      struct etsn_policy_undo *u, int ret, size_t done,
			      size_t *changes, char *err, size_t errlen);

/* The parts of an interface's apply; 0 or a negative errno with the
 * reason in err.
 */
int etsn_policy_apply_psfp(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
			   size_t *changes, char *err, size_t errlen);
int etsn_policy_revert_psfp(const struct etsn_agent_iface *ifc, size_t *removed);
/* Undoes one PSFP step. */
int etsn_policy_undo_psfp(const struct etsn_policy_step *s);
/* dscp_apply.c: the DSCP classifier's map and program. */
int etsn_policy_apply_dscp(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
			   size_t *changes, char *err, size_t errlen);
int etsn_policy_revert_dscp(const struct etsn_agent_iface *ifc, size_t *removed);
int etsn_policy_undo_dscp(const struct etsn_policy_step *s);

#endif
