// SPDX-License-Identifier: GPL-2.0
/*
 * Gate control lists as configured: defaults and validation. A cycle
 * starts at base_time + n * cycle_time; entries follow one another from the
 * cycle start, and the last one keeps its gate states until the cycle ends
 * (802.1Qbv: the list waits for the next CycleStart). A cycle shorter than
 * its entries is refused. etsn_sched.c runs a list.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/netlink.h>

#include "compat.h"
#include "etsn_gcl.h"

/**
 * etsn_gcl_sum_intervals() - total length of a schedule's entries
 * @gcl: the schedule (at most %EDGETSN_MAX_ENTRIES entries: no overflow)
 *
 * Return: the sum of the entry intervals, ns.
 */
u64 etsn_gcl_sum_intervals(const struct etsn_gcl *gcl)
{
	u64 sum = 0;
	u32 i, n = min_t(u32, gcl->num_entries, EDGETSN_MAX_ENTRIES);

	for (i = 0; i < n; i++)
		sum += gcl->entries[i].interval;
	return sum;
}
ETSN_EXPORT_FOR_KUNIT(etsn_gcl_sum_intervals);

/**
 * etsn_gcl_fill_defaults() - apply the defaults of a schedule request
 * @gcl: the schedule, before etsn_gcl_validate()
 *
 * A cycle time of 0 means "the sum of the intervals" (802.1Qbv leaves the
 * cycle to the list when none is given).
 */
void etsn_gcl_fill_defaults(struct etsn_gcl *gcl)
{
	if (!gcl->cycle_time)
		gcl->cycle_time = etsn_gcl_sum_intervals(gcl);
}
ETSN_EXPORT_FOR_KUNIT(etsn_gcl_fill_defaults);

/**
 * etsn_gcl_validate() - check a schedule before it is accepted
 * @gcl: the schedule
 * @extack: where the reason for a rejection goes
 *
 * Return: 0, or -EINVAL with an extack message naming what is wrong.
 */
int etsn_gcl_validate(const struct etsn_gcl *gcl, struct netlink_ext_ack *extack)
{
	u64 sum = 0;
	u32 i;

	if (!gcl->num_entries) {
		NL_SET_ERR_MSG_MOD(extack, "schedule has no entries");
		return -EINVAL;
	}
	if (gcl->num_entries > EDGETSN_MAX_ENTRIES) {
		NL_SET_ERR_MSG_MOD(extack, "schedule has more than 1024 entries");
		return -EINVAL;
	}
	if (gcl->base_time < 0) {
		NL_SET_ERR_MSG_MOD(extack, "base time must not be negative");
		return -EINVAL;
	}
	for (i = 0; i < gcl->num_entries; i++) {
		const struct etsn_gcl_entry *e = &gcl->entries[i];

		if (e->op >= __EDGETSN_GATE_OP_MAX) {
			NL_SET_ERR_MSG_MOD(extack, "entry has an unknown operation");
			return -EINVAL;
		}
		if (!e->interval) {
			NL_SET_ERR_MSG_MOD(extack, "entry interval must not be 0");
			return -EINVAL;
		}
		sum += e->interval;	/* at most 1024 * U32_MAX: no overflow */
	}
	if (gcl->cycle_time < sum) {
		NL_SET_ERR_MSG_MOD(extack, "cycle time is shorter than the sum of the entry intervals");
		return -EINVAL;
	}
	if (gcl->cycle_time > S64_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "cycle time is too long");
		return -EINVAL;
	}
	if (gcl->cycle_time_ext >= gcl->cycle_time) {
		NL_SET_ERR_MSG_MOD(extack, "cycle time extension must be shorter than the cycle");
		return -EINVAL;
	}
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_gcl_validate);

/**
 * etsn_gcl_check_intervals() - refuse entries shorter than the link allows
 * @gcl: a schedule that passed etsn_gcl_validate()
 * @min_ns: the shortest interval, etsn_min_interval_ns() of the link
 * @extack: where the reason for a rejection goes
 *
 * Return: 0, or -EINVAL with an extack message.
 */
int etsn_gcl_check_intervals(const struct etsn_gcl *gcl, u64 min_ns,
			     struct netlink_ext_ack *extack)
{
	u32 i;

	for (i = 0; i < gcl->num_entries; i++) {
		if (gcl->entries[i].interval < min_ns) {
			NL_SET_ERR_MSG_MOD(extack,
					   "entry interval is shorter than a minimum frame on the wire at the link speed");
			return -EINVAL;
		}
	}
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_gcl_check_intervals);
