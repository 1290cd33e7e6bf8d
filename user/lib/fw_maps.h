/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pinned maps of a device's XDP firewall and the edits of its rules,
 * SYN limit and policy, as etsnctl fw and edgetsnd make them. The caller
 * holds the pin directory lock (etsn_bpfpin_lock) around an edit that
 * picks a counter slot. Functions return 0 or a negative errno; open says
 * why on stderr as "etsnctl CMD: ...".
 */
#ifndef EDGETSN_FW_MAPS_H
#define EDGETSN_FW_MAPS_H

#include <stdint.h>

#include "fw.h"

/* The firewall's maps: the three rule tables first, by enum etsn_fw_kind. */
enum { ETSN_FW_M_STATS = ETSN_FW_PORT + 1, ETSN_FW_M_PROTO, ETSN_FW_M_SYN_CFG,
       ETSN_FW_M_SYN_CNT, ETSN_FW_M_RULE_CNT, ETSN_FW_M_CFG, ETSN_FW_M_SYN_SRC, ETSN_FW_M_N };

struct etsn_fw_maps {
	int fd[ETSN_FW_M_N];
};

/* -ENOENT says "run etsnctl xdp attach first" with the missing map's name;
 * cmd NULL says nothing (the agent, which reads what may not be there).
 */
int etsn_fw_maps_open(const char *cmd, const char *dev, struct etsn_fw_maps *m);
void etsn_fw_maps_close(struct etsn_fw_maps *m);
/* "etsnctl CMD: DEV has no XDP firewall maps ..." or why name cannot be opened. */
void etsn_fw_maps_say_open_error(const char *cmd, const char *dev, const char *name, int err);

/* The firewall's counters summed over the CPUs, its SYN limit and policy. */
struct etsn_fw_counters {
	uint64_t reasons[ETSN_FW_REASONS];
	uint64_t protos[ETSN_FW_PROTOS];
	uint64_t syn[ETSN_FW_SYN_COUNTERS];
	struct etsn_fw_syn_config syn_cfg;
	struct etsn_fw_config cfg;
};

int etsn_fw_counters_read(const struct etsn_fw_maps *m, struct etsn_fw_counters *c);

/* Calls fn for each rule of every kind with its map value (counter slot
 * + 1); stops at the first error, its own or fn's.
 */
int etsn_fw_for_each_rule(const struct etsn_fw_maps *m,
			  int (*fn)(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
				    uint32_t value, void *arg), void *arg);

/* The counter slots (map values) the rules hold. */
struct etsn_fw_slots {
	uint32_t used[ETSN_FW_MAX_RULES];
	size_t n;
};

int etsn_fw_slots_read(const struct etsn_fw_maps *m, struct etsn_fw_slots *sl);
/* Adds rule r with a slot sl does not hold, zeroed first, and adds the
 * slot to sl (for many rules in a row: sl read once).
 */
int etsn_fw_block_slot(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
		       struct etsn_fw_slots *sl, uint32_t *value);
/* Adds rule r with a counter slot no other rule holds, zeroed first;
 * *value is the map value written. -EEXIST: r is there already;
 * -ENOSPC: no slot or no room.
 */
int etsn_fw_block(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r, uint32_t *value);
/* Puts rule r back with the value it had (its counter slot kept). */
int etsn_fw_block_value(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
			uint32_t value);
/* "etsnctl CMD: RULE is already blocked on DEV" and the like for an edit's errno. */
void etsn_fw_say_edit_error(const char *cmd, const char *dev, const struct etsn_fw_rule *r,
			    int err);

/* Writes the SYN limit (cfg_fd: etsn_fw_syncfg), then forgets every
 * source's bucket (src_fd), so each starts full under the new limit.
 */
int etsn_fw_synlimit_write(int cfg_fd, int src_fd, const struct etsn_fw_syn_config *cfg);

/* Sets the fields of etsn_fw_cfg (cfg_fd) that p gives; *cfg is the
 * config then in force.
 */
int etsn_fw_policy_write(int cfg_fd, const struct etsn_fw_policy *p, struct etsn_fw_config *cfg);

#endif
