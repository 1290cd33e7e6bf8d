// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kmod/etsn_gcl.c: the rejection of every malformed
 * schedule. Which entry is in force at any t is the running schedule's
 * question (etsn_rt_lookup(), etsn_sched_test.c).
 */
#include <kunit/test.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "etsn_gcl.h"

#define US 1000LL
#define MS 1000000LL

static struct etsn_gcl *make_gcl(struct kunit *test, s64 base, u64 cycle,
				 u32 n, const u32 *intervals)
{
	struct etsn_gcl *gcl;
	u32 i;

	gcl = kunit_kzalloc(test, struct_size(gcl, entries, n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gcl);
	gcl->base_time = base;
	gcl->cycle_time = cycle;
	gcl->num_entries = n;
	for (i = 0; i < n; i++) {
		gcl->entries[i].op = EDGETSN_GATE_OP_SET;
		gcl->entries[i].gates = BIT(i % EDGETSN_NUM_TC);
		gcl->entries[i].interval = intervals ? intervals[i] : 1000;
	}
	return gcl;
}

static const u32 three[] = { 300 * US, 300 * US, 400 * US };

static void validate_accepts_good_schedules(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_gcl *gcl = make_gcl(test, 0, MS, 3, three);

	KUNIT_EXPECT_EQ(test, 0, etsn_gcl_validate(gcl, &ext));
	KUNIT_EXPECT_NULL(test, ext._msg);
	gcl = make_gcl(test, 0, 1024 * 1000, EDGETSN_MAX_ENTRIES, NULL);
	KUNIT_EXPECT_EQ(test, 0, etsn_gcl_validate(gcl, &ext));
	gcl->entries[7].op = EDGETSN_GATE_OP_SET_AND_HOLD;
	gcl->entries[8].op = EDGETSN_GATE_OP_SET_AND_RELEASE;
	gcl->cycle_time_ext = 999;
	KUNIT_EXPECT_EQ(test, 0, etsn_gcl_validate(gcl, &ext));
}

static void expect_rejected(struct kunit *test, const struct etsn_gcl *gcl,
			    const char *why)
{
	struct netlink_ext_ack ext = {};

	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_gcl_validate(gcl, &ext));
	KUNIT_ASSERT_NOT_NULL(test, ext._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(ext._msg, why), "got \"%s\"", ext._msg);
}

static void validate_rejects_bad_schedules(struct kunit *test)
{
	struct etsn_gcl *gcl;

	gcl = make_gcl(test, 0, MS, 0, NULL);
	expect_rejected(test, gcl, "no entries");

	gcl = make_gcl(test, 0, 2 * MS, EDGETSN_MAX_ENTRIES + 1, NULL);
	expect_rejected(test, gcl, "more than 1024 entries");

	gcl = make_gcl(test, -1, MS, 3, three);
	expect_rejected(test, gcl, "base time must not be negative");

	gcl = make_gcl(test, 0, MS, 3, three);
	gcl->entries[1].interval = 0;
	expect_rejected(test, gcl, "interval must not be 0");

	gcl = make_gcl(test, 0, MS, 3, three);
	gcl->entries[2].op = __EDGETSN_GATE_OP_MAX;
	expect_rejected(test, gcl, "unknown operation");

	gcl = make_gcl(test, 0, MS - 1, 3, three);
	expect_rejected(test, gcl, "shorter than the sum");

	gcl = make_gcl(test, 0, (u64)S64_MAX + 1, 3, three);
	expect_rejected(test, gcl, "cycle time is too long");

	gcl = make_gcl(test, 0, MS, 3, three);
	gcl->cycle_time_ext = MS;
	expect_rejected(test, gcl, "extension must be shorter");
}

static void intervals_below_the_link_floor(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_gcl *gcl = make_gcl(test, 0, MS, 3, three);
	u32 shortest = gcl->entries[0].interval;

	KUNIT_EXPECT_EQ(test, 0, etsn_gcl_check_intervals(gcl, shortest, &ext));
	KUNIT_EXPECT_NULL(test, ext._msg);
	gcl->entries[2].interval = shortest - 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_gcl_check_intervals(gcl, shortest, &ext));
	KUNIT_ASSERT_NOT_NULL(test, ext._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(ext._msg, "shorter than a minimum frame"),
				  "got \"%s\"", ext._msg);
}

static struct kunit_case etsn_gcl_cases[] = {
	KUNIT_CASE(validate_accepts_good_schedules),
	KUNIT_CASE(validate_rejects_bad_schedules),
	KUNIT_CASE(intervals_below_the_link_floor),
	{}
};

static struct kunit_suite etsn_gcl_suite = {
	.name = "edgetsn_gcl",
	.test_cases = etsn_gcl_cases,
};
kunit_test_suite(etsn_gcl_suite);
