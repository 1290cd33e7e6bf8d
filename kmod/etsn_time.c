// SPDX-License-Identifier: GPL-2.0
/*
 * Cycle arithmetic of 802.1Qbv schedules. Times are nanoseconds on the
 * schedule's clock; base times are non-negative, as in 802.1Qbv where
 * AdminBaseTime is a PTP timestamp.
 */
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/overflow.h>

#include "compat.h"
#include "etsn_time.h"

/**
 * etsn_next_cycle_start() - first cycle start at or after a point in time
 * @base: base time of the schedule, >= 0
 * @cycle: cycle time, > 0
 * @now: the point in time
 * @start: where the result goes
 *
 * A base time in the future is itself the next cycle start. A base time in
 * the past yields base + n * cycle for the smallest n that is not before
 * @now, which is how 802.1Qbv starts a schedule whose base time has passed.
 *
 * Return: 0; -EINVAL for a zero cycle or a negative base time; -ERANGE when
 * the answer does not fit in s64.
 */
int etsn_next_cycle_start(s64 base, u64 cycle, s64 now, s64 *start)
{
	u64 elapsed, cycles, rem;
	s64 ahead;

	if (!cycle || base < 0)
		return -EINVAL;
	if (now <= base) {
		*start = base;
		return 0;
	}
	/* now > base >= 0, so the difference is positive and fits in u64. */
	elapsed = (u64)now - (u64)base;
	cycles = div64_u64_rem(elapsed, cycle, &rem);
	if (rem && check_add_overflow(cycles, (u64)1, &cycles))
		return -ERANGE;
	if (check_mul_overflow(cycles, cycle, &elapsed) || elapsed > S64_MAX)
		return -ERANGE;
	if (check_add_overflow(base, (s64)elapsed, &ahead))
		return -ERANGE;
	*start = ahead;
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_next_cycle_start);

/**
 * etsn_cycle_offset() - position of a point in time within its cycle
 * @base: base time of the schedule, >= 0
 * @cycle: cycle time, > 0
 * @t: the point in time
 * @offset: where the result goes: nanoseconds since the current cycle began
 *
 * Return: 0; -EINVAL for a zero cycle or a negative base time; -EAGAIN when
 * @t is before @base, so that no cycle has begun yet.
 */
int etsn_cycle_offset(s64 base, u64 cycle, s64 t, u64 *offset)
{
	if (!cycle || base < 0)
		return -EINVAL;
	if (t < base)
		return -EAGAIN;
	div64_u64_rem((u64)t - (u64)base, cycle, offset);
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_cycle_offset);
