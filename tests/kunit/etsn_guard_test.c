// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kmod/etsn_guard.c: transmission time at 10M/100M/1G/10G,
 * whether a frame ends before its gate closes (also preemptible frames
 * that only need their first fragment), and the longest frame a window
 * carries.
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "etsn_guard.h"

static const u32 speeds[] = { 10, 100, 1000, 10000 };
static const u32 sizes[] = { 1, 60, 64, 128, 1500, 1518, 9000 };

static void tx_time_exact_values(struct kunit *test)
{
	/* (64 + 24) * 8 = 704 bits; (1500 + 24) * 8 = 12192 bits. */
	KUNIT_EXPECT_EQ(test, 70400ULL, etsn_tx_time_ns(64, 24, 10));
	KUNIT_EXPECT_EQ(test, 7040ULL, etsn_tx_time_ns(64, 24, 100));
	KUNIT_EXPECT_EQ(test, 704ULL, etsn_tx_time_ns(64, 24, 1000));
	KUNIT_EXPECT_EQ(test, 71ULL, etsn_tx_time_ns(64, 24, 10000));	/* 70.4 up */
	KUNIT_EXPECT_EQ(test, 1219200ULL, etsn_tx_time_ns(1500, 24, 10));
	KUNIT_EXPECT_EQ(test, 121920ULL, etsn_tx_time_ns(1500, 24, 100));
	KUNIT_EXPECT_EQ(test, 12192ULL, etsn_tx_time_ns(1500, 24, 1000));
	KUNIT_EXPECT_EQ(test, 1220ULL, etsn_tx_time_ns(1500, 24, 10000));
	KUNIT_EXPECT_EQ(test, 0ULL, etsn_tx_time_ns(1500, 24, 0));
	/* No overflow at the extremes. */
	KUNIT_EXPECT_EQ(test, ((u64)U32_MAX + 1024) * 8 * 1000,
			etsn_tx_time_ns(U32_MAX, 1024, 1));
}

static void min_interval_is_a_minimum_frame(struct kunit *test)
{
	/* (60 + 24) * 8 = 672 bits. */
	KUNIT_EXPECT_EQ(test, 6720ULL, etsn_min_interval_ns(24, 100));
	KUNIT_EXPECT_EQ(test, 672ULL, etsn_min_interval_ns(24, 1000));
	KUNIT_EXPECT_EQ(test, 68ULL, etsn_min_interval_ns(24, 10000));	/* 67.2 up */
	/* Unknown speed: the documented floor, 10 Gb/s. */
	KUNIT_EXPECT_EQ(test, 68ULL, etsn_min_interval_ns(24, 0));
	KUNIT_EXPECT_EQ(test, 48ULL, etsn_min_interval_ns(0, 0));
}

static void fits_exactly_up_to_the_close(struct kunit *test)
{
	u32 s, z;

	for (s = 0; s < ARRAY_SIZE(speeds); s++) {
		for (z = 0; z < ARRAY_SIZE(sizes); z++) {
			u64 t = etsn_tx_time_ns(sizes[z], 24, speeds[s]);
			const s64 now = 1000000;

			KUNIT_EXPECT_TRUE(test, etsn_guard_fits(now, now + t, sizes[z], 24,
								speeds[s], false, 0));
			KUNIT_EXPECT_FALSE(test, etsn_guard_fits(now, now + t - 1, sizes[z],
								 24, speeds[s], false, 0));
		}
	}
}

static void fits_special_cases(struct kunit *test)
{
	/* Gate never closes, unknown speed: everything goes. */
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(5, ETSN_NEVER, 9000, 24, 10, false, 0));
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(5, 6, 9000, 24, 0, false, 0));
	/* At or after the close nothing fits. */
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(100, 100, 1, 0, 1000, false, 0));
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(101, 100, 1, 0, 1000, false, 0));
	/* Close far ahead of a very negative now: no overflow. */
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(S64_MIN, S64_MAX - 1, 1500, 24,
						1000, false, 0));
}

static void preemptible_needs_only_its_fragment(struct kunit *test)
{
	/* 1G, min fragment 60: (60 + 24) * 8 = 672 ns must fit, not 12192. */
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(0, 672, 1500, 24, 1000, true, 60));
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(0, 671, 1500, 24, 1000, true, 60));
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(0, 672, 1500, 24, 1000, false, 60));
	/* A frame shorter than the fragment needs its own length only. */
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(0, 448, 32, 24, 1000, true, 60));
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(0, 447, 32, 24, 1000, true, 60));
}

static void auto_max_sdu_is_longest_fitting_frame(struct kunit *test)
{
	static const u64 windows[] = { 1000, 12192, 50000, 123457, 1000000 };
	u32 s, w;

	for (s = 0; s < ARRAY_SIZE(speeds); s++) {
		for (w = 0; w < ARRAY_SIZE(windows); w++) {
			u32 sdu = etsn_auto_max_sdu(windows[w], 24, speeds[s]);

			if (sdu <= 1)
				continue;	/* checked below */
			KUNIT_EXPECT_LE(test, etsn_tx_time_ns(sdu, 24, speeds[s]), windows[w]);
			KUNIT_EXPECT_GT(test, etsn_tx_time_ns(sdu + 1, 24, speeds[s]),
					windows[w]);
		}
	}
	KUNIT_EXPECT_EQ(test, 1500U, etsn_auto_max_sdu(12192, 24, 1000));
	KUNIT_EXPECT_EQ(test, 1501U, etsn_auto_max_sdu(1220, 24, 10000));
	KUNIT_EXPECT_EQ(test, 101U, etsn_auto_max_sdu(100000, 24, 10));
}

static void auto_max_sdu_limits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0U, etsn_auto_max_sdu(ETSN_WINDOW_ENDLESS, 24, 1000));
	KUNIT_EXPECT_EQ(test, 0U, etsn_auto_max_sdu(12192, 24, 0));
	/* 100 ns at 1G is 12 bytes: not even the overhead fits. */
	KUNIT_EXPECT_EQ(test, 1U, etsn_auto_max_sdu(100, 24, 1000));
	KUNIT_EXPECT_EQ(test, 1U, etsn_auto_max_sdu(0, 24, 1000));
	/* Longer than any u32 frame: no limit. */
	KUNIT_EXPECT_EQ(test, 0U, etsn_auto_max_sdu(S64_MAX, 24, 1600000));
}

static void effective_max_sdu_is_the_smaller(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0U, etsn_effective_max_sdu(0, 0));
	KUNIT_EXPECT_EQ(test, 100U, etsn_effective_max_sdu(100, 0));
	KUNIT_EXPECT_EQ(test, 200U, etsn_effective_max_sdu(0, 200));
	KUNIT_EXPECT_EQ(test, 100U, etsn_effective_max_sdu(100, 200));
	KUNIT_EXPECT_EQ(test, 200U, etsn_effective_max_sdu(300, 200));
}

static struct kunit_case etsn_guard_cases[] = {
	KUNIT_CASE(tx_time_exact_values),
	KUNIT_CASE(min_interval_is_a_minimum_frame),
	KUNIT_CASE(fits_exactly_up_to_the_close),
	KUNIT_CASE(fits_special_cases),
	KUNIT_CASE(preemptible_needs_only_its_fragment),
	KUNIT_CASE(auto_max_sdu_is_longest_fitting_frame),
	KUNIT_CASE(auto_max_sdu_limits),
	KUNIT_CASE(effective_max_sdu_is_the_smaller),
	{}
};

static struct kunit_suite etsn_guard_suite = {
	.name = "edgetsn_guard",
	.test_cases = etsn_guard_cases,
};
kunit_test_suite(etsn_guard_suite);
