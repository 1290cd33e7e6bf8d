// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the link facts and counters: MAC merge state of simulated
 * devices (none, disabled, verifying, failed, active) and what it means for
 * a preemptible frame's guard band; ethtool speeds; the sojourn histogram
 * buckets; rejection of every bad qdisc setting.
 */
#include <kunit/test.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/string.h>

#include "etsn_guard.h"
#include "etsn_link.h"
#include "etsn_qdisc.h"
#include "etsn_stats.h"

static void mm_states(struct kunit *test)
{
	struct etsn_mm_facts f = {};

	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_UNSUPPORTED, etsn_mm_state_of(&f));
	f.kernel_api = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_NO_DEVICE_SUPPORT, etsn_mm_state_of(&f));
	f.device_support = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_DISABLED, etsn_mm_state_of(&f));
	f.pmac_enabled = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_DISABLED, etsn_mm_state_of(&f));
	f.tx_enabled = true;
	f.verifying = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_VERIFYING, etsn_mm_state_of(&f));
	f.verifying = false;
	f.verify_failed = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_VERIFY_FAILED, etsn_mm_state_of(&f));
	f.verify_failed = false;
	f.tx_active = true;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_ACTIVE, etsn_mm_state_of(&f));
	/* Active, but the pMAC turned off since: not active. */
	f.pmac_enabled = false;
	KUNIT_EXPECT_EQ(test, (u32)EDGETSN_MM_DISABLED, etsn_mm_state_of(&f));
}

/* A 1G device with MAC merge, min fragment 60, in each state. */
static void preemption_follows_the_mm_state(struct kunit *test)
{
	struct etsn_mm_facts f = {
		.kernel_api = true, .device_support = true, .pmac_enabled = true,
		.tx_enabled = true, .tx_min_frag = 60,
	};
	/* 1000 ns before the close: a 1500-byte frame needs 12192 ns. */
	const s64 now = 50000, close = 51000;
	bool active;

	f.verifying = true;
	active = etsn_mm_state_of(&f) == EDGETSN_MM_ACTIVE;
	KUNIT_EXPECT_FALSE(test, active);
	KUNIT_EXPECT_FALSE(test, etsn_guard_fits(now, close, 1500, 24, 1000, active,
						 f.tx_min_frag));
	f.verifying = false;
	f.tx_active = true;
	active = etsn_mm_state_of(&f) == EDGETSN_MM_ACTIVE;
	KUNIT_EXPECT_TRUE(test, active);
	KUNIT_EXPECT_TRUE(test, etsn_guard_fits(now, close, 1500, 24, 1000, active,
						f.tx_min_frag));
}

static void speeds(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0U, etsn_speed_of((u32)SPEED_UNKNOWN));
	KUNIT_EXPECT_EQ(test, 10U, etsn_speed_of(SPEED_10));
	KUNIT_EXPECT_EQ(test, 10000U, etsn_speed_of(SPEED_10000));
	KUNIT_EXPECT_EQ(test, 0U, etsn_speed_of(ETSN_MAX_SPEED + 1));
}

static void sojourn_buckets(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0U, etsn_sojourn_bucket(0));
	KUNIT_EXPECT_EQ(test, 0U, etsn_sojourn_bucket(1));
	KUNIT_EXPECT_EQ(test, 1U, etsn_sojourn_bucket(2));
	KUNIT_EXPECT_EQ(test, 1U, etsn_sojourn_bucket(3));
	KUNIT_EXPECT_EQ(test, 2U, etsn_sojourn_bucket(4));
	KUNIT_EXPECT_EQ(test, 9U, etsn_sojourn_bucket(1023));
	KUNIT_EXPECT_EQ(test, 10U, etsn_sojourn_bucket(1024));
	KUNIT_EXPECT_EQ(test, 30U, etsn_sojourn_bucket((1ULL << 31) - 1));
	KUNIT_EXPECT_EQ(test, 31U, etsn_sojourn_bucket(1ULL << 31));
	KUNIT_EXPECT_EQ(test, 31U, etsn_sojourn_bucket(1ULL << 40));
	KUNIT_EXPECT_EQ(test, 31U, etsn_sojourn_bucket(U64_MAX));
}

static void good_cfg(struct etsn_qdisc_cfg *cfg)
{
	int i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < EDGETSN_NUM_PRIO; i++)
		cfg->prio_tc[i] = i % EDGETSN_NUM_TC;
	for (i = 0; i < EDGETSN_NUM_TC; i++)
		cfg->cls[i].limit_pkts = 1;
	cfg->overhead = ETSN_MAX_OVERHEAD;
	cfg->link_speed_override = ETSN_MAX_SPEED;
}

static void expect_cfg_rejected(struct kunit *test, const struct etsn_qdisc_cfg *cfg,
				const char *why)
{
	struct netlink_ext_ack ext = {};

	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_cfg_validate(cfg, &ext));
	KUNIT_ASSERT_NOT_NULL(test, ext._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(ext._msg, why), "got \"%s\"", ext._msg);
}

static void cfg_validation(struct kunit *test)
{
	struct netlink_ext_ack ext = {};
	struct etsn_qdisc_cfg cfg;

	good_cfg(&cfg);
	KUNIT_EXPECT_EQ(test, 0, etsn_cfg_validate(&cfg, &ext));
	KUNIT_EXPECT_NULL(test, ext._msg);
	cfg.prio_tc[15] = EDGETSN_NUM_TC;
	expect_cfg_rejected(test, &cfg, "class above 7");
	good_cfg(&cfg);
	cfg.cls[3].limit_pkts = 0;
	expect_cfg_rejected(test, &cfg, "at least 1 frame");
	good_cfg(&cfg);
	cfg.overhead = ETSN_MAX_OVERHEAD + 1;
	expect_cfg_rejected(test, &cfg, "overhead");
	good_cfg(&cfg);
	cfg.link_speed_override = ETSN_MAX_SPEED + 1;
	expect_cfg_rejected(test, &cfg, "speed override");
}

static struct kunit_case etsn_link_cases[] = {
	KUNIT_CASE(mm_states),
	KUNIT_CASE(preemption_follows_the_mm_state),
	KUNIT_CASE(speeds),
	KUNIT_CASE(sojourn_buckets),
	KUNIT_CASE(cfg_validation),
	{}
};

static struct kunit_suite etsn_link_suite = {
	.name = "edgetsn_link",
	.test_cases = etsn_link_cases,
};
kunit_test_suite(etsn_link_suite);
