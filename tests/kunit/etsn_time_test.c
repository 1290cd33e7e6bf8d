// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kmod/etsn_time.c: cycle starts and offsets for base
 * times in the past and future, at boundaries and near s64 overflow.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/errno.h>
#include <linux/math64.h>

#include "etsn_time.h"

#define MS 1000000LL

static void next_start_future_base_is_base(struct kunit *test)
{
	s64 start = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(10 * MS, MS, 3 * MS, &start));
	KUNIT_EXPECT_EQ(test, 10 * MS, start);
}

static void next_start_now_equals_base(struct kunit *test)
{
	s64 start = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(5 * MS, MS, 5 * MS, &start));
	KUNIT_EXPECT_EQ(test, 5 * MS, start);
}

static void next_start_past_base_rounds_up(struct kunit *test)
{
	s64 start = 0;

	/* 2.5 cycles after base: the next start is 3 cycles after base. */
	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(MS, 2 * MS, 6 * MS, &start));
	KUNIT_EXPECT_EQ(test, 7 * MS, start);
	/* One nanosecond into a cycle. */
	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(0, 1000, 1001, &start));
	KUNIT_EXPECT_EQ(test, 2000, start);
}

static void next_start_on_boundary_is_now(struct kunit *test)
{
	s64 start = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(MS, 250000, MS + 4 * 250000, &start));
	KUNIT_EXPECT_EQ(test, MS + 4 * 250000, start);
}

static void next_start_odd_cycle_huge_count(struct kunit *test)
{
	/* A 1 ms + 1 ns cycle, base at 0, now about 292 years later. */
	const u64 cycle = MS + 1;
	const s64 now = S64_MAX - 10 * MS;
	s64 start = 0;
	u64 rem;
	u64 n = div64_u64_rem((u64)now, cycle, &rem);

	KUNIT_ASSERT_EQ(test, 0, etsn_next_cycle_start(0, cycle, now, &start));
	KUNIT_EXPECT_EQ(test, (s64)((n + (rem ? 1 : 0)) * cycle), start);
	KUNIT_EXPECT_GE(test, start, now);
	KUNIT_EXPECT_LT(test, start - now, (s64)cycle);
}

static void next_start_exactly_s64_max_fits(struct kunit *test)
{
	s64 start = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_next_cycle_start(0, (u64)S64_MAX, 1, &start));
	KUNIT_EXPECT_EQ(test, S64_MAX, start);
}

static void next_start_overflow_is_erange(struct kunit *test)
{
	s64 start = 42;

	/* Each next start would lie past S64_MAX; start stays untouched. */
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_next_cycle_start(1, (u64)S64_MAX, 2, &start));
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_next_cycle_start(0, U64_MAX, 1, &start));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			etsn_next_cycle_start(S64_MAX - 5, 10, S64_MAX, &start));
	KUNIT_EXPECT_EQ(test, 42, start);
}

static void next_start_rejects_bad_input(struct kunit *test)
{
	s64 start = 42;

	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_next_cycle_start(0, 0, 5, &start));
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_next_cycle_start(-1, MS, 5, &start));
	KUNIT_EXPECT_EQ(test, 42, start);
}

static void offset_inside_and_at_boundaries(struct kunit *test)
{
	u64 off = 7;

	KUNIT_EXPECT_EQ(test, 0, etsn_cycle_offset(MS, MS, MS, &off));
	KUNIT_EXPECT_EQ(test, 0ULL, off);
	KUNIT_EXPECT_EQ(test, 0, etsn_cycle_offset(MS, MS, 2 * MS - 1, &off));
	KUNIT_EXPECT_EQ(test, (u64)MS - 1, off);
	KUNIT_EXPECT_EQ(test, 0, etsn_cycle_offset(MS, MS, 2 * MS, &off));
	KUNIT_EXPECT_EQ(test, 0ULL, off);
	KUNIT_EXPECT_EQ(test, 0, etsn_cycle_offset(0, 3, S64_MAX, &off));
	KUNIT_EXPECT_EQ(test, (u64)S64_MAX % 3, off);
}

static void offset_before_base_and_bad_input(struct kunit *test)
{
	u64 off = 7;

	KUNIT_EXPECT_EQ(test, -EAGAIN, etsn_cycle_offset(MS, MS, MS - 1, &off));
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_cycle_offset(0, 0, 5, &off));
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_cycle_offset(-5, MS, 5, &off));
	KUNIT_EXPECT_EQ(test, 7ULL, off);
}

/* After a step forward, or back to a time still after the base: no change. */
static void reanchor_after_base_keeps_base(struct kunit *test)
{
	s64 a = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(100 * MS, 3 * MS, 5000 * MS + 7, &a));
	KUNIT_EXPECT_EQ(test, 100 * MS, a);
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(100 * MS, 3 * MS, 100 * MS, &a));
	KUNIT_EXPECT_EQ(test, 100 * MS, a);
}

/* Back before the base: the cycle start at or before now, same phase. */
static void reanchor_before_base_keeps_phase(struct kunit *test)
{
	s64 a = 0;

	/* 100 - 51 = 49 ms: 17 cycles back, now 1 ms + 1 ns into that cycle. */
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(100 * MS, 3 * MS, 50 * MS + 1, &a));
	KUNIT_EXPECT_EQ(test, 49 * MS, a);
	/* Exactly on a cycle start. */
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(100 * MS, 10 * MS, 40 * MS, &a));
	KUNIT_EXPECT_EQ(test, 40 * MS, a);
	/* One hour back, 2 ms cycle: 1800000 cycles. */
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(7200000 * MS + MS / 2, 2 * MS,
					       3600000 * MS + MS / 2, &a));
	KUNIT_EXPECT_EQ(test, 3600000 * MS + MS / 2, a);
}

/* The cycle start before now would be negative: the next one instead. */
static void reanchor_never_negative(struct kunit *test)
{
	s64 a = 0;

	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(5 * MS, 4 * MS, 0, &a));
	KUNIT_EXPECT_EQ(test, MS, a);
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(S64_MAX, 3, 0, &a));
	KUNIT_EXPECT_EQ(test, S64_MAX % 3, a);
	KUNIT_EXPECT_EQ(test, 0, etsn_reanchor(S64_MAX, 3, 2, &a));
	KUNIT_EXPECT_EQ(test, S64_MAX % 3, a);
}

static void reanchor_rejects_bad_input(struct kunit *test)
{
	s64 a = 7;

	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_reanchor(MS, 0, 0, &a));
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_reanchor(-1, MS, 0, &a));
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_reanchor(MS, MS, -1, &a));
	KUNIT_EXPECT_EQ(test, 7LL, a);
}

static struct kunit_case etsn_time_cases[] = {
	KUNIT_CASE(next_start_future_base_is_base),
	KUNIT_CASE(next_start_now_equals_base),
	KUNIT_CASE(next_start_past_base_rounds_up),
	KUNIT_CASE(next_start_on_boundary_is_now),
	KUNIT_CASE(next_start_odd_cycle_huge_count),
	KUNIT_CASE(next_start_exactly_s64_max_fits),
	KUNIT_CASE(next_start_overflow_is_erange),
	KUNIT_CASE(next_start_rejects_bad_input),
	KUNIT_CASE(offset_inside_and_at_boundaries),
	KUNIT_CASE(offset_before_base_and_bad_input),
	KUNIT_CASE(reanchor_after_base_keeps_base),
	KUNIT_CASE(reanchor_before_base_keeps_phase),
	KUNIT_CASE(reanchor_never_negative),
	KUNIT_CASE(reanchor_rejects_bad_input),
	{}
};

static struct kunit_suite etsn_time_suite = {
	.name = "edgetsn_time",
	.test_cases = etsn_time_cases,
};
kunit_test_suite(etsn_time_suite);

MODULE_DESCRIPTION("KUnit tests for edgetsn cycle arithmetic");
MODULE_LICENSE("GPL");
