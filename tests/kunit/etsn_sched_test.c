// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kmod/etsn_sched.c: entry and gate state for any t (before
 * the base time, inside cycles, on boundaries, after a billion cycles, at
 * the end of s64 time), gate close times across the cycle wrap, longest
 * windows, Set-And-Hold/Release views, cycle-time extension, gate timer
 * expiries only where gate states change, the dequeue path's cached lookup
 * and max-SDU, the
 * admin->oper change time with and without extension, and gate close and
 * protected-window times across a pending change.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/time.h>

#include "etsn_guard.h"
#include "etsn_qdisc.h"
#include "etsn_sched.h"
#include "etsn_time.h"

#define US 1000LL
#define MS 1000000LL

struct ent {
	u8 op;
	u8 gates;
	u32 interval;
};

static struct etsn_gcl *make_gcl(struct kunit *test, s64 base, u64 cycle,
				 u32 n, const struct ent *e)
{
	struct etsn_gcl *gcl = kvzalloc(struct_size(gcl, entries, n), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, gcl);
	gcl->base_time = base;
	gcl->cycle_time = cycle;
	gcl->num_entries = n;
	for (i = 0; i < n; i++) {
		gcl->entries[i].op = e[i].op;
		gcl->entries[i].gates = e[i].gates;
		gcl->entries[i].interval = e[i].interval;
	}
	return gcl;
}

static struct etsn_rt *make_rt(struct kunit *test, s64 base, u64 cycle,
			       u32 n, const struct ent *e)
{
	struct etsn_gcl *gcl = make_gcl(test, base, cycle, n, e);
	struct etsn_rt *rt;

	etsn_gcl_fill_defaults(gcl);
	KUNIT_ASSERT_EQ(test, 0, etsn_gcl_validate(gcl, NULL));
	rt = etsn_rt_build(gcl);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	return rt;
}

/* class 0: entries 0-1; class 1: entries 1-2; class 7: always; 1 ms cycle */
static const struct ent three[] = {
	{ EDGETSN_GATE_OP_SET, 0x81, 300 * US },
	{ EDGETSN_GATE_OP_SET, 0x83, 300 * US },
	{ EDGETSN_GATE_OP_SET, 0x82, 300 * US },
};

static void expect_pos(struct kunit *test, const struct etsn_rt *rt, s64 t,
		       u32 index, s64 start, s64 end)
{
	struct etsn_rt_pos pos;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, t, &pos));
	KUNIT_EXPECT_EQ(test, index, pos.index);
	KUNIT_EXPECT_EQ(test, start, pos.start);
	KUNIT_EXPECT_EQ(test, end, pos.end);
}

static s64 pos_cycle_start(struct kunit *test, const struct etsn_rt *rt, s64 t)
{
	struct etsn_rt_pos pos;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, t, &pos));
	return pos.cycle_start;
}

static void lookup_any_time(struct kunit *test)
{
	const s64 b = 5 * MS;
	struct etsn_rt *rt = make_rt(test, b, MS, 3, three);
	struct etsn_rt_pos pos;
	const s64 far = b + 1000000000LL * MS;	/* a billion cycles on */

	KUNIT_EXPECT_EQ(test, -EAGAIN, etsn_rt_lookup(rt, b - 1, &pos));
	KUNIT_EXPECT_EQ(test, -EAGAIN, etsn_rt_lookup(rt, S64_MIN, &pos));
	expect_pos(test, rt, b, 0, b, b + 300 * US);
	expect_pos(test, rt, b + 300 * US - 1, 0, b, b + 300 * US);
	expect_pos(test, rt, b + 300 * US, 1, b + 300 * US, b + 600 * US);
	/* The last entry lasts until the cycle ends (100 us of slack). */
	expect_pos(test, rt, b + 950 * US, 2, b + 600 * US, b + MS);
	expect_pos(test, rt, b + MS, 0, b + MS, b + MS + 300 * US);
	expect_pos(test, rt, far + 650 * US, 2, far + 600 * US, far + MS);
	KUNIT_EXPECT_EQ(test, far, pos_cycle_start(test, rt, far + 650 * US));
	KUNIT_EXPECT_EQ(test, b + MS, pos_cycle_start(test, rt, b + MS));
	KUNIT_EXPECT_EQ(test, 0x83, etsn_rt_open(rt, 1, ETSN_VIEW_EXPRESS));
	etsn_rt_free(rt);
}

/* One entry; the last of two lasting to the cycle end; the cycle start. */
static void lookup_short_lists(struct kunit *test)
{
	static const struct ent one[] = { { EDGETSN_GATE_OP_SET, 1, 250 * US } };
	static const struct ent two[] = {
		{ EDGETSN_GATE_OP_SET, 1, 100 }, { EDGETSN_GATE_OP_SET, 2, 200 },
	};
	struct etsn_rt *rt = make_rt(test, 5, 250 * US, 1, one);
	const s64 c7 = 5 + 7 * 250 * US;	/* the 8th cycle's start */
	struct etsn_rt_pos pos;

	expect_pos(test, rt, c7 + 3, 0, c7, c7 + 250 * US);
	KUNIT_EXPECT_EQ(test, c7, pos_cycle_start(test, rt, c7 + 3));
	etsn_rt_free(rt);
	rt = make_rt(test, 0, 1000, 2, two);
	expect_pos(test, rt, 150, 1, 100, 1000);
	expect_pos(test, rt, 999, 1, 100, 1000);
	expect_pos(test, rt, 1000, 0, 1000, 1100);
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 2999, &pos));
	KUNIT_EXPECT_EQ(test, 2000LL, pos.cycle_start);
	etsn_rt_free(rt);
}

static void lookup_end_of_time(struct kunit *test)
{
	static const struct ent one[] = { { EDGETSN_GATE_OP_SET, 1, 1000 } };
	struct etsn_rt *rt = make_rt(test, S64_MAX - 1500, 1000, 1, one);
	struct etsn_rt_pos pos;

	expect_pos(test, rt, S64_MAX - 1200, 0, S64_MAX - 1500, S64_MAX - 500);
	/* This cycle would end past S64_MAX. */
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_rt_lookup(rt, S64_MAX - 400, &pos));
	etsn_rt_free(rt);
}

static void gate_close_times(struct kunit *test)
{
	struct etsn_rt *rt = make_rt(test, 0, MS, 3, three);
	struct etsn_rt_pos pos;
	const s64 cs = 7 * MS;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, cs + 10 * US, &pos));
	/* class 0 open over entries 0 and 1 */
	KUNIT_EXPECT_EQ(test, cs + 600 * US, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 0));
	/* class 1 closed in entry 0: the entry's start */
	KUNIT_EXPECT_EQ(test, cs, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 1));
	/* class 7 never closes */
	KUNIT_EXPECT_EQ(test, ETSN_NEVER, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 7));
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, cs + 400 * US, &pos));
	/* class 1 open in entries 1 and 2: until the cycle ends */
	KUNIT_EXPECT_EQ(test, cs + MS, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 1));
	KUNIT_EXPECT_EQ(test, 0x83, rt->ever_open[ETSN_VIEW_EXPRESS]);
	KUNIT_EXPECT_EQ(test, 600 * US, rt->max_window[ETSN_VIEW_EXPRESS][0]);
	KUNIT_EXPECT_EQ(test, 700 * US, rt->max_window[ETSN_VIEW_EXPRESS][1]);
	KUNIT_EXPECT_EQ(test, ETSN_WINDOW_ENDLESS, rt->max_window[ETSN_VIEW_EXPRESS][7]);
	KUNIT_EXPECT_EQ(test, 0ULL, rt->max_window[ETSN_VIEW_EXPRESS][2]);
	etsn_rt_free(rt);
}

static void window_wraps_the_cycle_end(struct kunit *test)
{
	/* class 0: open in entry 2, then entry 0 of the next cycle */
	static const struct ent wrap[] = {
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET, 0x02, 100 },
		{ EDGETSN_GATE_OP_SET, 0x01, 200 },
	};
	struct etsn_rt *rt = make_rt(test, 0, 500, 3, wrap);
	struct etsn_rt_pos pos;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 10 * 500 + 250, &pos));
	KUNIT_EXPECT_EQ(test, 2U, pos.index);
	/* entry 2 lasts 300 (cycle slack), then entry 0 of the next: 100 */
	KUNIT_EXPECT_EQ(test, 11 * 500LL + 100, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 0));
	KUNIT_EXPECT_EQ(test, 400ULL, rt->max_window[ETSN_VIEW_EXPRESS][0]);
	KUNIT_EXPECT_EQ(test, 100ULL, rt->max_window[ETSN_VIEW_EXPRESS][1]);
	/* 400 ns at 1G: 50 bytes, 26 after the overhead */
	KUNIT_EXPECT_EQ(test, 26U, etsn_auto_max_sdu(rt->max_window[ETSN_VIEW_EXPRESS][0], 24, 1000));
	etsn_rt_free(rt);
}

static void hold_and_release_views(struct kunit *test)
{
	static const struct ent hold[] = {
		{ EDGETSN_GATE_OP_SET_AND_HOLD, 0xff, 100 },
		{ EDGETSN_GATE_OP_SET, 0xf0, 100 },
		{ EDGETSN_GATE_OP_SET_AND_RELEASE, 0xff, 100 },
		{ EDGETSN_GATE_OP_SET, 0x0f, 100 },
	};
	static const struct ent never_released[] = {
		{ EDGETSN_GATE_OP_SET, 0xff, 100 },
		{ EDGETSN_GATE_OP_SET_AND_HOLD, 0x80, 100 },
		{ EDGETSN_GATE_OP_SET, 0xff, 100 },
	};
	struct etsn_rt *rt = make_rt(test, 0, 0, 4, hold);
	struct etsn_rt_pos pos;

	KUNIT_EXPECT_EQ(test, 400ULL, rt->gcl->cycle_time);	/* default */
	KUNIT_EXPECT_EQ(test, 0xff, etsn_rt_open(rt, 0, ETSN_VIEW_EXPRESS));
	KUNIT_EXPECT_EQ(test, 0, etsn_rt_open(rt, 0, ETSN_VIEW_PMAC));
	KUNIT_EXPECT_EQ(test, 0, etsn_rt_open(rt, 1, ETSN_VIEW_PMAC));
	KUNIT_EXPECT_EQ(test, 0xff, etsn_rt_open(rt, 2, ETSN_VIEW_PMAC));
	KUNIT_EXPECT_EQ(test, 0x0f, etsn_rt_open(rt, 3, ETSN_VIEW_PMAC));
	/* class 0 preemptible: released at entry 2, held again at entry 0 */
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 250, &pos));
	KUNIT_EXPECT_EQ(test, 400LL, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_PMAC, 0));
	/* as express class 0 stays open into the next cycle's entry 0 */
	KUNIT_EXPECT_EQ(test, 500LL, etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 0));
	KUNIT_EXPECT_EQ(test, 200ULL, rt->max_window[ETSN_VIEW_PMAC][0]);
	KUNIT_EXPECT_EQ(test, 100ULL, rt->max_window[ETSN_VIEW_PMAC][7]);
	etsn_rt_free(rt);

	/* Held at the end of a cycle, held at the start of the next. */
	rt = make_rt(test, 0, 0, 3, never_released);
	KUNIT_EXPECT_EQ(test, 0, rt->ever_open[ETSN_VIEW_PMAC]);
	KUNIT_EXPECT_EQ(test, 0xff, rt->ever_open[ETSN_VIEW_EXPRESS]);
	etsn_rt_free(rt);
}

static void stretched_cycle(struct kunit *test)
{
	struct etsn_rt *rt = make_rt(test, 0, MS, 3, three);
	struct etsn_rt_pos pos;

	/* The cycle [4 ms, 5 ms) is stretched until 5.2 ms. */
	rt->ext_from = 5 * MS;
	rt->ext_to = 5 * MS + 200 * US;
	expect_pos(test, rt, 5 * MS + 100 * US, 2, 4 * MS + 600 * US, 5 * MS + 200 * US);
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 4 * MS + 700 * US, &pos));
	KUNIT_EXPECT_EQ(test, 5 * MS + 200 * US,
			etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 1));
	/* Before the stretched cycle nothing changes. */
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 3 * MS + 10 * US, &pos));
	KUNIT_EXPECT_EQ(test, 3 * MS + 600 * US,
			etsn_rt_gate_close(rt, &pos, ETSN_VIEW_EXPRESS, 0));
	etsn_rt_free(rt);
}

/* The dequeue path's cached lookup gives etsn_rt_lookup()'s answer. */
static void expect_cached_lookup(struct kunit *test, struct etsn_rt *rt, s64 t)
{
	struct etsn_rt_pos want, got;
	int err = etsn_rt_lookup(rt, t, &want);

	KUNIT_ASSERT_EQ(test, err, etsn_rt_lookup_cached(rt, t, &got));
	if (err)
		return;
	KUNIT_EXPECT_EQ(test, want.index, got.index);
	KUNIT_EXPECT_EQ(test, want.start, got.start);
	KUNIT_EXPECT_EQ(test, want.end, got.end);
	KUNIT_EXPECT_EQ(test, want.cycle_start, got.cycle_start);
}

static void cached_lookup_follows_changes(struct kunit *test)
{
	struct etsn_rt *rt = make_rt(test, MS, MS, 3, three);
	s64 t;

	/* Forward in steps shorter and longer than the entries, and back. */
	expect_cached_lookup(test, rt, MS - 1);
	for (t = MS; t < 6 * MS; t += 70 * US)
		expect_cached_lookup(test, rt, t);
	for (t = 6 * MS; t > MS; t -= 130 * US)
		expect_cached_lookup(test, rt, t);
	/* A clock step moved the anchor: the same times fall elsewhere. */
	expect_cached_lookup(test, rt, 2 * MS + 100 * US);
	rt->anchor = 250 * US;
	expect_cached_lookup(test, rt, 2 * MS + 100 * US);
	expect_cached_lookup(test, rt, 2 * MS + 200 * US);
	rt->anchor = MS;
	/* A stretch of the cycle ending at 5 ms, then a longer one. */
	expect_cached_lookup(test, rt, 4 * MS + 700 * US);
	rt->ext_to = 5 * MS + 200 * US;
	rt->ext_from = 5 * MS;
	for (t = 4 * MS + 700 * US; t < 5 * MS + 200 * US; t += 50 * US)
		expect_cached_lookup(test, rt, t);
	rt->ext_to = 5 * MS + 250 * US;
	expect_cached_lookup(test, rt, 5 * MS + 150 * US);
	expect_cached_lookup(test, rt, 5 * MS + 220 * US);
	rt->ext_from = 0;
	expect_cached_lookup(test, rt, 5 * MS + 220 * US);
	etsn_rt_free(rt);
}

static void cached_auto_max_sdu_follows_link(struct kunit *test)
{
	static const u32 speeds[] = { 1000, 1000, 100, 0, 10000 };
	static const u32 overheads[] = { 24, 24, 24, 24, 0 };
	struct etsn_rt *rt = make_rt(test, 0, MS, 3, three);
	int i, tc;

	for (i = 0; i < ARRAY_SIZE(speeds); i++) {
		for (tc = 0; tc < EDGETSN_NUM_TC; tc++)
			KUNIT_EXPECT_EQ(test,
					etsn_auto_max_sdu(rt->max_window[ETSN_VIEW_EXPRESS][tc],
							  overheads[i], speeds[i]),
					etsn_rt_auto_max_sdu(rt, tc, overheads[i], speeds[i]));
	}
	etsn_rt_free(rt);
}

/*
 * Gate timer expiries in [from, to), as etsn_advance() arms the timer: at
 * each next change from where the last one fired.
 */
static u32 timer_expiries(struct kunit *test, const struct etsn_rt *rt,
			  s64 from, s64 to)
{
	struct etsn_rt_pos pos;
	u32 count = 0;
	s64 t = from;

	for (;;) {
		KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, t, &pos));
		t = etsn_rt_next_change(rt, &pos);
		if (t >= to)
			return count;
		count++;
	}
}

static void timer_fires_at_gate_changes_only(struct kunit *test)
{
	/* 6 entries, 2 gate changes per cycle (none at the wrap). */
	static const struct ent repeats[] = {
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET, 0x02, 100 },
		{ EDGETSN_GATE_OP_SET, 0x02, 100 },
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
	};
	/* Same gate bits; hold and release change the preemptible view. */
	static const struct ent ops[] = {
		{ EDGETSN_GATE_OP_SET, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET_AND_HOLD, 0x01, 100 },
		{ EDGETSN_GATE_OP_SET_AND_RELEASE, 0x01, 100 },
	};
	static const struct ent constant[] = {
		{ EDGETSN_GATE_OP_SET, 0x81, 100 },
		{ EDGETSN_GATE_OP_SET, 0x81, 200 },
	};
	struct etsn_rt *rt = make_rt(test, 0, 0, 6, repeats);
	struct etsn_rt_pos pos;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 50, &pos));
	KUNIT_EXPECT_EQ(test, 300LL, etsn_rt_next_change(rt, &pos));
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 550, &pos));
	KUNIT_EXPECT_EQ(test, 900LL, etsn_rt_next_change(rt, &pos));
	KUNIT_EXPECT_EQ(test, 2U * 1000, timer_expiries(test, rt, 0, 1000 * 600));
	/* The stretched last entry ends at the change, not at the next run. */
	rt->ext_from = 1200;
	rt->ext_to = 1250;
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 1150, &pos));
	KUNIT_EXPECT_EQ(test, 1250LL, etsn_rt_next_change(rt, &pos));
	etsn_rt_free(rt);

	rt = make_rt(test, 0, 0, 3, ops);
	KUNIT_EXPECT_EQ(test, 2U * 1000, timer_expiries(test, rt, 0, 1000 * 300));
	etsn_rt_free(rt);

	rt = make_rt(test, 0, 0, 2, constant);
	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, 150, &pos));
	KUNIT_EXPECT_EQ(test, ETSN_NEVER, etsn_rt_next_change(rt, &pos));
	etsn_rt_free(rt);
}

/*
 * The overrun check: does a protected gate (class 7) open while a frame
 * is on the wire, [from, to)? 1 ms cycle: class 0 300 us, class 7 200 us,
 * class 1 500 us.
 */
static void opens_within_intervals(struct kunit *test)
{
	static const struct ent ptp[] = {
		{ EDGETSN_GATE_OP_SET, 0x01, 300 * US },
		{ EDGETSN_GATE_OP_SET, 0x80, 200 * US },
		{ EDGETSN_GATE_OP_SET, 0x02, 500 * US },
	};
	struct etsn_rt *rt = make_rt(test, 0, MS, 3, ptp);
	const int x = ETSN_VIEW_EXPRESS;

	/* Ends right at the window's start: clear; one ns more: overrun. */
	KUNIT_EXPECT_FALSE(test, etsn_rt_opens_within(rt, 0, 300 * US, x, 0x80));
	KUNIT_EXPECT_TRUE(test, etsn_rt_opens_within(rt, 0, 300 * US + 1, x, 0x80));
	KUNIT_EXPECT_TRUE(test, etsn_rt_opens_within(rt, 299 * US, 301 * US, x, 0x80));
	/* Starts inside it. */
	KUNIT_EXPECT_TRUE(test, etsn_rt_opens_within(rt, 400 * US, 400 * US + 1, x, 0x80));
	/* After it, up to the next cycle's: clear; across the wrap: overrun. */
	KUNIT_EXPECT_FALSE(test, etsn_rt_opens_within(rt, 500 * US, 1300 * US, x, 0x80));
	KUNIT_EXPECT_TRUE(test, etsn_rt_opens_within(rt, 500 * US, 1300 * US + 1, x, 0x80));
	/* Gates that never open, over many cycles: the walk stops. */
	KUNIT_EXPECT_FALSE(test, etsn_rt_opens_within(rt, 0, 50 * MS, x, 0x04));
	KUNIT_EXPECT_FALSE(test, etsn_rt_opens_within(rt, 0, 50 * MS, x, 0));
	KUNIT_EXPECT_TRUE(test, etsn_rt_opens_within(rt, 0, 50 * MS, x, 0x02));
	etsn_rt_free(rt);

	/* Before the base time the schedule has no answer. */
	rt = make_rt(test, 5 * MS, MS, 3, ptp);
	KUNIT_EXPECT_FALSE(test, etsn_rt_opens_within(rt, 0, MS, x, 0x80));
	etsn_rt_free(rt);
}

static void change_time_rules(struct kunit *test)
{
	static const struct ent one[] = { { EDGETSN_GATE_OP_SET, 1, 1000 } };
	struct etsn_gcl *oper = make_gcl(test, 0, 1000, 1, one);
	struct etsn_gcl *adm = make_gcl(test, 10500, 1000, 1, one);
	s64 change, ext;

	/* Default oper: future base time as is, past one to the next cycle. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(NULL, adm, 100, &change, &ext));
	KUNIT_EXPECT_EQ(test, 10500LL, change);
	KUNIT_EXPECT_EQ(test, 0LL, ext);
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(NULL, adm, 12345, &change, &ext));
	KUNIT_EXPECT_EQ(test, 12500LL, change);
	adm->base_time = 0;
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(NULL, adm, 12345, &change, &ext));
	KUNIT_EXPECT_EQ(test, 13000LL, change);

	/* Oper cycle [10000, 11000) cut at 10500: remainder 500 ns. */
	adm->base_time = 10500;
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(oper, adm, 9950, &change, &ext));
	KUNIT_EXPECT_EQ(test, 10500LL, change);
	KUNIT_EXPECT_EQ(test, 0LL, ext);		/* no extension */
	adm->cycle_time_ext = 499;
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(oper, adm, 9950, &change, &ext));
	KUNIT_EXPECT_EQ(test, 0LL, ext);		/* 500 > 499: cut short */
	adm->cycle_time_ext = 500;
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(oper, adm, 9950, &change, &ext));
	KUNIT_EXPECT_EQ(test, 10500LL, change);
	KUNIT_EXPECT_EQ(test, 10000LL, ext);	/* [9000,10000) runs to 10500 */
	/* The short cycle began already: too late to stretch. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(oper, adm, 10000, &change, &ext));
	KUNIT_EXPECT_EQ(test, 0LL, ext);
	/* Aligned with an oper cycle start: nothing to cut. */
	adm->base_time = 11000;
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time(oper, adm, 9950, &change, &ext));
	KUNIT_EXPECT_EQ(test, 11000LL, change);
	KUNIT_EXPECT_EQ(test, 0LL, ext);
	kvfree(oper);
	kvfree(adm);
}

/* A pending change time after a step of the clock (etsn_follow_clock()). */
static void change_time_after_step(struct kunit *test)
{
	const s64 ms = 1000000;
	s64 anchor, change;

	/* Back, still after the base: the wait is kept, on the cycle grid. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time_stepped(100 * ms, 3 * ms, 1000 * ms,
							  -500 * ms - 1, 400 * ms,
							  &anchor, &change));
	KUNIT_EXPECT_EQ(test, 100 * ms, anchor);
	KUNIT_EXPECT_EQ(test, 502 * ms, change);
	/* Back before a future base: re-anchored, the phase kept. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time_stepped(1000 * ms, 3 * ms, 1000 * ms,
							  -900 * ms - 1, 50 * ms,
							  &anchor, &change));
	KUNIT_EXPECT_EQ(test, 97 * ms, anchor);
	KUNIT_EXPECT_EQ(test, 100 * ms, change);
	/* Forward, not yet due: unchanged. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time_stepped(100 * ms, 3 * ms, 1000 * ms,
							  200 * ms, 900 * ms,
							  &anchor, &change));
	KUNIT_EXPECT_EQ(test, 100 * ms, anchor);
	KUNIT_EXPECT_EQ(test, 1000 * ms, change);
	/* Forward past it: the first cycle start on the new time. */
	KUNIT_EXPECT_EQ(test, 0, etsn_change_time_stepped(100 * ms, 3 * ms, 1000 * ms,
							  2000 * ms, 2500 * ms + 1,
							  &anchor, &change));
	KUNIT_EXPECT_EQ(test, 100 * ms, anchor);
	KUNIT_EXPECT_EQ(test, 2503 * ms, change);
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_change_time_stepped(100 * ms, 0, 1000 * ms,
								-1, 0, &anchor, &change));
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_change_time_stepped(0, 3, S64_MIN + 1, -2, 0,
								&anchor, &change));
}

static void change_time_not_representable(struct kunit *test)
{
	static const struct ent one[] = { { EDGETSN_GATE_OP_SET, 1, 1000 } };
	struct etsn_gcl *adm = make_gcl(test, S64_MAX - 10, 1000, 1, one);
	s64 change, ext;

	/* Its first cycle would end past S64_MAX. */
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_change_time(NULL, adm, 0, &change, &ext));
	/* The next cycle start after now is past S64_MAX. */
	adm->base_time = 0;
	adm->cycle_time = (u64)S64_MAX - 5;
	KUNIT_EXPECT_EQ(test, -ERANGE, etsn_change_time(NULL, adm, S64_MAX - 3,
							&change, &ext));
	kvfree(adm);
}

static void clocks(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, etsn_clockid_valid(CLOCK_TAI));
	KUNIT_EXPECT_TRUE(test, etsn_clockid_valid(CLOCK_REALTIME));
	KUNIT_EXPECT_TRUE(test, etsn_clockid_valid(CLOCK_MONOTONIC));
	KUNIT_EXPECT_TRUE(test, etsn_clockid_valid(CLOCK_BOOTTIME));
	KUNIT_EXPECT_FALSE(test, etsn_clockid_valid(CLOCK_MONOTONIC_RAW));
	KUNIT_EXPECT_FALSE(test, etsn_clockid_valid(CLOCK_PROCESS_CPUTIME_ID));
	KUNIT_EXPECT_FALSE(test, etsn_clockid_valid(-1));
	KUNIT_EXPECT_FALSE(test, etsn_clockid_valid(1000));
}

static void default_cycle_time(struct kunit *test)
{
	struct etsn_gcl *gcl = make_gcl(test, 0, 0, 3, three);

	etsn_gcl_fill_defaults(gcl);
	KUNIT_EXPECT_EQ(test, 900 * US, (s64)gcl->cycle_time);
	gcl->cycle_time = MS;
	etsn_gcl_fill_defaults(gcl);
	KUNIT_EXPECT_EQ(test, MS, (s64)gcl->cycle_time);
	/* An extension as long as the default cycle is refused. */
	gcl->cycle_time = 0;
	gcl->cycle_time_ext = 900 * US;
	etsn_gcl_fill_defaults(gcl);
	KUNIT_EXPECT_EQ(test, -EINVAL, etsn_gcl_validate(gcl, NULL));
	kvfree(gcl);
}

/*
 * Across a change at 10 ms to "three": a gate that closes before the change
 * closes then; one still open at it follows three's first entries (class 0
 * open until 600 us after it, class 1 closed at once, class 7 never closes),
 * whatever the old schedule would have done. Protected windows likewise:
 * class 1 first opens 300 us after the change, class 0 at it.
 */
static void handover_to_next_schedule(struct kunit *test)
{
	struct etsn_rt *next = make_rt(test, 0, MS, 3, three);
	const s64 c = 10 * MS;

	KUNIT_EXPECT_EQ(test, c - 1, etsn_rt_handover_close(next, c, c - 1, ETSN_VIEW_EXPRESS, 1));
	KUNIT_EXPECT_EQ(test, c + 600 * US,
			etsn_rt_handover_close(next, c, c, ETSN_VIEW_EXPRESS, 0));
	KUNIT_EXPECT_EQ(test, c + 600 * US,
			etsn_rt_handover_close(next, c, ETSN_NEVER, ETSN_VIEW_EXPRESS, 0));
	KUNIT_EXPECT_EQ(test, c, etsn_rt_handover_close(next, c, c + MS, ETSN_VIEW_EXPRESS, 1));
	KUNIT_EXPECT_EQ(test, c, etsn_rt_handover_close(next, c, ETSN_NEVER, ETSN_VIEW_EXPRESS, 2));
	KUNIT_EXPECT_EQ(test, ETSN_NEVER,
			etsn_rt_handover_close(next, c, c, ETSN_VIEW_EXPRESS, 7));
	/* Near the end of s64 time: never, not a wrapped time. */
	KUNIT_EXPECT_EQ(test, ETSN_NEVER,
			etsn_rt_handover_close(next, S64_MAX - 1, ETSN_NEVER,
					       ETSN_VIEW_EXPRESS, 0));

	KUNIT_EXPECT_EQ(test, c - 5, etsn_rt_handover_open(next, c, c - 5, ETSN_VIEW_EXPRESS, 0x01));
	KUNIT_EXPECT_EQ(test, c, etsn_rt_handover_open(next, c, ETSN_NEVER, ETSN_VIEW_EXPRESS, 0x01));
	KUNIT_EXPECT_EQ(test, c + 300 * US,
			etsn_rt_handover_open(next, c, c + MS, ETSN_VIEW_EXPRESS, 0x02));
	KUNIT_EXPECT_EQ(test, c, etsn_rt_handover_open(next, c, ETSN_NEVER, ETSN_VIEW_EXPRESS, 0x05));
	KUNIT_EXPECT_EQ(test, ETSN_NEVER,
			etsn_rt_handover_open(next, c, ETSN_NEVER, ETSN_VIEW_EXPRESS, 0x70));
	etsn_rt_free(next);
}

static struct kunit_case etsn_sched_cases[] = {
	KUNIT_CASE(lookup_any_time),
	KUNIT_CASE(lookup_short_lists),
	KUNIT_CASE(lookup_end_of_time),
	KUNIT_CASE(gate_close_times),
	KUNIT_CASE(window_wraps_the_cycle_end),
	KUNIT_CASE(hold_and_release_views),
	KUNIT_CASE(stretched_cycle),
	KUNIT_CASE(cached_lookup_follows_changes),
	KUNIT_CASE(cached_auto_max_sdu_follows_link),
	KUNIT_CASE(timer_fires_at_gate_changes_only),
	KUNIT_CASE(opens_within_intervals),
	KUNIT_CASE(change_time_rules),
	KUNIT_CASE(handover_to_next_schedule),
	KUNIT_CASE(change_time_after_step),
	KUNIT_CASE(change_time_not_representable),
	KUNIT_CASE(clocks),
	KUNIT_CASE(default_cycle_time),
	{}
};

static struct kunit_suite etsn_sched_suite = {
	.name = "edgetsn_sched",
	.test_cases = etsn_sched_cases,
};
kunit_test_suite(etsn_sched_suite);
