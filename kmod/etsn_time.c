// SPDX-License-Identifier: GPL-2.0
/*
 * Time of 802.1Qbv schedules: the clocks they may run on, and cycle
 * arithmetic. Times are nanoseconds on the schedule's clock; base times are non-negative, as in 802.1Qbv where
 * AdminBaseTime is a PTP timestamp.
 */
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/time.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "etsn_time.h"

/**
 * etsn_clockid_valid() - a clock a schedule may run on
 * @clockid: the clock
 *
 * Return: true for CLOCK_TAI, CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME.
 */
bool etsn_clockid_valid(clockid_t clockid)
{
	return clockid == CLOCK_TAI || clockid == CLOCK_REALTIME ||
	       clockid == CLOCK_MONOTONIC || clockid == CLOCK_BOOTTIME;
}
ETSN_EXPORT_FOR_KUNIT(etsn_clockid_valid);

/**
 * etsn_now() - current time on a schedule clock
 * @clockid: a clock etsn_clockid_valid() accepts
 *
 * Return: ns.
 */
s64 etsn_now(clockid_t clockid)
{
	switch (clockid) {
	case CLOCK_REALTIME:
		return ktime_get_real_ns();
	case CLOCK_MONOTONIC:
		return ktime_get_ns();
	case CLOCK_BOOTTIME:
		return ktime_get_boottime_ns();
	default:
		return ktime_get_clocktai_ns();
	}
}
ETSN_EXPORT_FOR_KUNIT(etsn_now);

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

/**
 * etsn_reanchor() - a base time for a schedule whose clock was stepped
 * @base: the base time in use, >= 0
 * @cycle: cycle time, > 0
 * @now: the time after the step, >= 0
 * @anchor: where the result goes
 *
 * The schedule keeps its phase: its cycles still start at @base + n *
 * @cycle, n now possibly negative. After a step back before @base the
 * result is the cycle start at or before @now, so the cycle in progress on
 * the new time is in force at once; after a step forward (or back to a
 * time still after @base) @base stays. The result is never negative: if the
 * cycle start before @now would be, it is the next one, after @now.
 *
 * Return: 0; -EINVAL for a zero cycle, a negative base or @now.
 */
int etsn_reanchor(s64 base, u64 cycle, s64 now, s64 *anchor)
{
	u64 back, rem, span;

	if (!cycle || base < 0 || now < 0)
		return -EINVAL;
	if (now >= base) {
		*anchor = base;
		return 0;
	}
	/* 0 <= now < base: whole cycles back from base, to at or before now. */
	back = div64_u64_rem((u64)base - (u64)now, cycle, &rem);
	if (rem)
		back++;
	if (check_mul_overflow(back, cycle, &span) || span > (u64)base)
		span = (back - 1) * cycle;	/* the next start, not a negative one */
	*anchor = base - (s64)span;
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_reanchor);
