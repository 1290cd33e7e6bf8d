/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 802.1Qbv gate control lists: validation, and which entry is in force at
 * a given time.
 */
#ifndef _ETSN_GCL_H
#define _ETSN_GCL_H

#include <linux/types.h>
#include <linux/edgetsn.h>

struct netlink_ext_ack;

/*
 * Entry operations, the number of classes and the longest list are the
 * uapi's: EDGETSN_GATE_OP_*, EDGETSN_NUM_TC, EDGETSN_MAX_ENTRIES.
 */

/**
 * struct etsn_gcl_entry - one entry of a gate control list
 * @op: an &enum edgetsn_gate_op
 * @gates: bit N set = gate of traffic class N open
 * @interval: how long the entry lasts, in ns
 */
struct etsn_gcl_entry {
	u8 op;
	u8 gates;
	u32 interval;
};

/**
 * struct etsn_gcl - a schedule: a gate control list with its timing
 * @base_time: start of the first cycle, ns on the schedule's clock
 * @cycle_time: length of a cycle; the last entry lasts until its end.
 *	0 when built from a request without one: etsn_gcl_fill_defaults()
 *	turns it into the sum of the intervals (etsn_sched_set() calls it);
 *	etsn_gcl_validate() refuses a 0 that is left.
 * @cycle_time_ext: how much a cycle may be stretched at a schedule change
 * @num_entries: entries in @entries
 * @entries: the list
 */
struct etsn_gcl {
	s64 base_time;
	u64 cycle_time;
	u64 cycle_time_ext;
	u32 num_entries;
	struct etsn_gcl_entry entries[];
};

void etsn_gcl_fill_defaults(struct etsn_gcl *gcl);
u64 etsn_gcl_sum_intervals(const struct etsn_gcl *gcl);
int etsn_gcl_validate(const struct etsn_gcl *gcl, struct netlink_ext_ack *extack);
int etsn_gcl_check_intervals(const struct etsn_gcl *gcl, u64 min_ns,
			     struct netlink_ext_ack *extack);

#endif /* _ETSN_GCL_H */
