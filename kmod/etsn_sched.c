// SPDX-License-Identifier: GPL-2.0
/*
 * Running schedules. The dequeue path asks, for a point in time, which
 * entry is in force and when a class's gate closes; both come from tables
 * built once per schedule, so it never walks the list.
 *
 * Change time (802.1Qbv AdminBaseTime handling): an admin schedule takes
 * over at its first cycle start at or after now. If an operational schedule
 * runs, its cycle in progress at that moment is cut short there, unless:
 *   the cut would leave a cycle of r ns (0 < r <= the admin's cycle-time
 *   extension) that has not begun yet;
 * then the cycle before it is stretched by r instead (its last entry lasts
 * until the change), and the short cycle never starts. A cycle that has
 * already begun is never stretched after the fact.
 *
 * Guard band across a change: a frame that leaves before the change time
 * and is still on the wire after it lives under the new schedule's first
 * entries, not under the old one's entry in force (etsn_rt_handover_close(),
 * etsn_rt_handover_open(), from tables built with the schedule). That holds
 * for the first schedule of a qdisc too, where every gate is open until it.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/time.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_sched.h"
#include "etsn_time.h"

static u8 *rt_open(const struct etsn_rt *rt, u32 i, int view)
{
	return &rt->open[i * ETSN_NUM_VIEWS + view];
}

static u16 *rt_run(const struct etsn_rt *rt, u32 i, int view, int tc)
{
	return &rt->run[(i * ETSN_NUM_VIEWS + view) * EDGETSN_NUM_TC + tc];
}

/* Offset from a cycle start of entry j, j < 2n (entries of the next cycle). */
static u64 rt_offset(const struct etsn_rt *rt, u32 j)
{
	u32 n = rt->gcl->num_entries;

	return j <= n ? rt->off[j] : rt->gcl->cycle_time + rt->off[j - n];
}

/*
 * Effective gate masks. Set-And-Hold-MAC holds preemptible traffic until a
 * Set-And-Release-MAC; the list repeats, so the state entering a cycle is
 * the one its last hold/release entry left (released if there is none).
 */
static void rt_fill_open(struct etsn_rt *rt)
{
	const struct etsn_gcl *g = rt->gcl;
	bool held = false;
	u32 pass, i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < g->num_entries; i++) {
			const struct etsn_gcl_entry *e = &g->entries[i];

			if (e->op == EDGETSN_GATE_OP_SET_AND_HOLD)
				held = true;
			else if (e->op == EDGETSN_GATE_OP_SET_AND_RELEASE)
				held = false;
			if (!pass)
				continue;
			*rt_open(rt, i, ETSN_VIEW_EXPRESS) = e->gates;
			*rt_open(rt, i, ETSN_VIEW_PMAC) = held ? 0 : e->gates;
		}
	}
}

/* Runs of open entries from each entry on, across the cycle wrap. */
static void rt_fill_runs(struct etsn_rt *rt, int view, int tc)
{
	u32 n = rt->gcl->num_entries;
	u32 r = 0;
	int j;

	for (j = 2 * n - 1; j >= 0; j--) {
		u32 i = (u32)j < n ? j : j - n;

		r = (*rt_open(rt, i, view) & BIT(tc)) ? min(r + 1, n) : 0;
		if ((u32)j < n)
			*rt_run(rt, i, view, tc) = r;
	}
}

static bool rt_same_gates(const struct etsn_rt *rt, u32 i, u32 j)
{
	return *rt_open(rt, i, ETSN_VIEW_EXPRESS) == *rt_open(rt, j, ETSN_VIEW_EXPRESS) &&
	       *rt_open(rt, i, ETSN_VIEW_PMAC) == *rt_open(rt, j, ETSN_VIEW_PMAC);
}

/* Entries from each entry on with its gate states, across the cycle wrap. */
static void rt_fill_same(struct etsn_rt *rt)
{
	u32 n = rt->gcl->num_entries;
	u32 r = 1;
	int j;

	for (j = 2 * n - 1; j >= 0; j--) {
		u32 i = (u32)j < n ? j : j - n;

		if ((u32)j < 2 * n - 1)
			r = rt_same_gates(rt, i, i + 1 < n ? i + 1 : 0) ? min(r + 1, n) : 1;
		if ((u32)j < n)
			rt->same[i] = r;
	}
}

static void rt_fill_windows(struct etsn_rt *rt, int view, int tc)
{
	u32 n = rt->gcl->num_entries;
	u64 best = 0;
	u32 i;

	if (*rt_run(rt, 0, view, tc) >= n) {
		rt->ever_open[view] |= BIT(tc);
		rt->max_window[view][tc] = ETSN_WINDOW_ENDLESS;
		return;
	}
	for (i = 0; i < n; i++) {
		u32 k = *rt_run(rt, i, view, tc);
		u32 prev = i ? i - 1 : n - 1;

		/* Only where a window begins: the entry before is closed. */
		if (!k || *rt_run(rt, prev, view, tc))
			continue;
		best = max(best, rt_offset(rt, i + k) - rt->off[i]);
		rt->ever_open[view] |= BIT(tc);
	}
	rt->max_window[view][tc] = best;
}

/*
 * The gate's first window and first close from a cycle start on: what the
 * guard band needs of a pending schedule at its change time, which is one
 * of its cycle starts (etsn_rt_handover_close()).
 */
static void rt_fill_first(struct etsn_rt *rt, int view, int tc)
{
	u32 n = rt->gcl->num_entries;
	u32 k = *rt_run(rt, 0, view, tc);
	u32 i;

	rt->first_close[view][tc] = k >= n ? ETSN_WINDOW_ENDLESS : rt->off[k];
	rt->first_open[view][tc] = ETSN_WINDOW_ENDLESS;
	for (i = 0; i < n; i++) {
		if (*rt_open(rt, i, view) & BIT(tc)) {
			rt->first_open[view][tc] = rt->off[i];
			break;
		}
	}
}

/**
 * etsn_rt_build() - derive the tables of a valid schedule
 * @gcl: a schedule that passed etsn_gcl_validate(); owned by the result
 *
 * May sleep. Return: the schedule, or NULL (no memory; @gcl not consumed).
 */
struct etsn_rt *etsn_rt_build(struct etsn_gcl *gcl)
{
	u32 n = gcl->num_entries, i;
	struct etsn_rt *rt;
	int v, tc;

	rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return NULL;
	rt->off = kvcalloc(n + 1, sizeof(*rt->off), GFP_KERNEL);
	rt->open = kvcalloc(n, ETSN_NUM_VIEWS, GFP_KERNEL);
	rt->run = kvcalloc(n * ETSN_NUM_VIEWS * EDGETSN_NUM_TC, sizeof(*rt->run),
			   GFP_KERNEL);
	rt->same = kvcalloc(n, sizeof(*rt->same), GFP_KERNEL);
	rt->estats = kvcalloc(n, sizeof(*rt->estats), GFP_KERNEL);
	if (!rt->off || !rt->open || !rt->run || !rt->same || !rt->estats) {
		etsn_rt_free(rt);
		return NULL;
	}
	rt->gcl = gcl;
	rt->anchor = gcl->base_time;
	for (i = 0; i < n; i++)
		rt->off[i + 1] = rt->off[i] + gcl->entries[i].interval;
	/* The last entry lasts until the cycle ends. */
	rt->off[n] = gcl->cycle_time;
	rt_fill_open(rt);
	rt_fill_same(rt);
	for (v = 0; v < ETSN_NUM_VIEWS; v++) {
		for (tc = 0; tc < EDGETSN_NUM_TC; tc++) {
			rt_fill_runs(rt, v, tc);
			rt_fill_windows(rt, v, tc);
			rt_fill_first(rt, v, tc);
		}
	}
	return rt;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_build);

/**
 * etsn_rt_free() - free a schedule no reader can see
 * @rt: the schedule, or NULL
 */
void etsn_rt_free(struct etsn_rt *rt)
{
	if (!rt)
		return;
	kvfree(rt->estats);
	kvfree(rt->same);
	kvfree(rt->run);
	kvfree(rt->open);
	kvfree(rt->off);
	kvfree(rt->gcl);
	kfree(rt);
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_free);

static void etsn_rt_free_cb(struct rcu_head *head)
{
	etsn_rt_free(container_of(head, struct etsn_rt, rcu));
}

/**
 * etsn_rt_free_rcu() - free a schedule once current RCU readers are done
 * @rt: the schedule, or NULL
 *
 * The module's exit waits for these callbacks (rcu_barrier()).
 */
void etsn_rt_free_rcu(struct etsn_rt *rt)
{
	if (rt)
		call_rcu(&rt->rcu, etsn_rt_free_cb);
}

/**
 * etsn_rt_lookup() - the entry in force at a point in time
 * @rt: the schedule
 * @t: the point in time
 * @pos: where the answer goes
 *
 * Return: 0; -EAGAIN before the base time; -ERANGE when the entry's end is
 * not representable.
 */
int etsn_rt_lookup(const struct etsn_rt *rt, s64 t, struct etsn_rt_pos *pos)
{
	const struct etsn_gcl *g = rt->gcl;
	u32 lo = 0, hi = g->num_entries - 1;
	s64 ext_from = READ_ONCE(rt->ext_from);
	u64 offset;
	int err;

	if (ext_from && t >= ext_from) {
		smp_rmb();	/* ext_to is written before ext_from */
		/* The stretched cycle: its last entry lasts until the change. */
		pos->index = hi;
		pos->cycle_start = ext_from - (s64)g->cycle_time;
		pos->start = pos->cycle_start + (s64)rt->off[hi];
		pos->end = READ_ONCE(rt->ext_to);
		return 0;
	}
	err = etsn_cycle_offset(READ_ONCE(rt->anchor), g->cycle_time, t, &offset);
	if (err)
		return err;
	while (lo < hi) {
		u32 mid = (lo + hi + 1) / 2;

		if (rt->off[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	pos->index = lo;
	pos->cycle_start = t - (s64)offset;
	pos->start = pos->cycle_start + (s64)rt->off[lo];
	if (check_add_overflow(pos->cycle_start, (s64)rt->off[lo + 1], &pos->end))
		return -ERANGE;
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_lookup);

/**
 * etsn_rt_lookup_cached() - etsn_rt_lookup() for the dequeue path
 * @rt: the schedule; the caller holds the qdisc lock
 * @t: the point in time
 * @pos: where the answer goes
 *
 * Frames mostly leave within the entry the previous one left in: while @t
 * stays in that entry and no clock step (@rt->anchor) or cycle stretch
 * (@rt->ext_from, @rt->ext_to) changed the schedule since, the answer is
 * the one before. Otherwise it looks up and remembers.
 *
 * Return: as etsn_rt_lookup().
 */
int etsn_rt_lookup_cached(struct etsn_rt *rt, s64 t, struct etsn_rt_pos *pos)
{
	struct etsn_rt_cache *c = &rt->dp;
	/* Read before the lookup: a change after it makes the next one miss. */
	s64 anchor = READ_ONCE(rt->anchor);
	s64 ext_from = READ_ONCE(rt->ext_from);
	s64 ext_to;
	int err;

	smp_rmb();	/* ext_to is written before ext_from */
	ext_to = READ_ONCE(rt->ext_to);
	if (c->pos_valid && t >= c->from && t < c->pos.end &&
	    anchor == c->anchor && ext_from == c->ext_from && ext_to == c->ext_to) {
		*pos = c->pos;
		return 0;
	}
	err = etsn_rt_lookup(rt, t, pos);
	c->pos_valid = !err;
	if (err)
		return err;
	c->pos = *pos;
	/* The stretched entry's answer holds from the skipped cycle start on. */
	c->from = ext_from && t >= ext_from ? ext_from : pos->start;
	c->anchor = anchor;
	c->ext_from = ext_from;
	c->ext_to = ext_to;
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_lookup_cached);

/*
 * End of a run of @k entries from @pos (k >= 1); %ETSN_NEVER when it spans
 * the whole list. A run reaching the stretched cycle's end lasts until the
 * change.
 */
static s64 rt_run_end(const struct etsn_rt *rt, const struct etsn_rt_pos *pos,
		      u32 k)
{
	s64 ext_from = READ_ONCE(rt->ext_from);
	s64 end;

	if (k >= rt->gcl->num_entries)
		return ETSN_NEVER;
	if (check_add_overflow(pos->cycle_start,
			       (s64)rt_offset(rt, pos->index + k), &end))
		return ETSN_NEVER;
	if (ext_from && end >= ext_from) {
		smp_rmb();	/* ext_to is written before ext_from */
		end = READ_ONCE(rt->ext_to);
	}
	return end;
}

/**
 * etsn_rt_open() - gates open in an entry
 * @rt: the schedule
 * @index: the entry
 * @view: an &enum etsn_view
 *
 * Return: bit N set = the gate of class N is open.
 */
u8 etsn_rt_open(const struct etsn_rt *rt, u32 index, int view)
{
	return *rt_open(rt, index, view);
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_open);

/**
 * etsn_rt_gate_close() - when a gate open at @pos closes
 * @rt: the schedule
 * @pos: a position etsn_rt_lookup() returned
 * @view: an &enum etsn_view
 * @tc: the class
 *
 * The gate stays open over consecutive entries that keep it open, into the
 * next cycle if the run wraps. This schedule is assumed to go on; a caller
 * that knows of a change caps the answer at the change time.
 *
 * Return: the close time; @pos->start if the gate is closed at @pos;
 * %ETSN_NEVER if it never closes.
 */
s64 etsn_rt_gate_close(const struct etsn_rt *rt, const struct etsn_rt_pos *pos,
		       int view, int tc)
{
	u32 k = *rt_run(rt, pos->index, view, tc);

	return k ? rt_run_end(rt, pos, k) : pos->start;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_gate_close);

/**
 * etsn_rt_next_open() - when one of some gates is next open
 * @rt: the schedule
 * @pos: a position etsn_rt_lookup() returned
 * @view: an &enum etsn_view
 * @mask: the gates, bit N = class N
 *
 * As for etsn_rt_gate_close(), this schedule is assumed to go on.
 *
 * Return: @pos->start if one of them is open at @pos, else the start of
 * the next entry that opens one; %ETSN_NEVER if none ever opens.
 */
s64 etsn_rt_next_open(const struct etsn_rt *rt, const struct etsn_rt_pos *pos,
		      int view, u8 mask)
{
	u32 n = rt->gcl->num_entries;
	u32 k;

	if (*rt_open(rt, pos->index, view) & mask)
		return pos->start;
	for (k = 1; k < n; k++) {
		u32 i = pos->index + k < n ? pos->index + k : pos->index + k - n;

		if (*rt_open(rt, i, view) & mask)
			return rt_run_end(rt, pos, k);
	}
	return ETSN_NEVER;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_next_open);

/**
 * etsn_rt_next_change() - when the gate states next change
 * @rt: the schedule
 * @pos: a position etsn_rt_lookup() returned
 *
 * Entries that repeat the gate states (both views) of the one before them
 * change nothing, so the gate timer need not fire at their start. As for
 * etsn_rt_gate_close(), this schedule is assumed to go on.
 *
 * Return: the time; %ETSN_NEVER if every entry has the same gate states.
 */
s64 etsn_rt_next_change(const struct etsn_rt *rt, const struct etsn_rt_pos *pos)
{
	return rt_run_end(rt, pos, rt->same[pos->index]);
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_next_change);

/* @change + @off, %ETSN_NEVER for an endless or unrepresentable time. */
static s64 rt_after_change(s64 change, u64 off)
{
	s64 t;

	if (off == ETSN_WINDOW_ENDLESS || check_add_overflow(change, (s64)off, &t))
		return ETSN_NEVER;
	return t;
}

/**
 * etsn_rt_handover_close() - when a gate closes across a pending change
 * @next: the schedule that takes over at @change
 * @change: its change time (one of its cycle starts)
 * @close: when the gate closes under the schedule in force, assumed to go
 *	on (etsn_rt_gate_close(); %ETSN_NEVER with every gate open)
 * @view: an &enum etsn_view
 * @tc: the class
 *
 * A gate that closes before the change closes then. One still open at the
 * change stays open only as long as @next's first entries keep it open:
 * @change itself if @next's first entry closes it, whatever the old
 * schedule's entry in force would have done after the change.
 *
 * Return: the close time; %ETSN_NEVER if the gate never closes.
 */
s64 etsn_rt_handover_close(const struct etsn_rt *next, s64 change, s64 close,
			   int view, int tc)
{
	if (close < change)
		return close;
	return rt_after_change(change, next->first_close[view][tc]);
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_handover_close);

/**
 * etsn_rt_handover_open() - when one of some gates opens across a pending change
 * @next: the schedule that takes over at @change
 * @change: its change time (one of its cycle starts)
 * @open: when one of them opens under the schedule in force, assumed to go
 *	on (etsn_rt_next_open(); %ETSN_NEVER without a schedule)
 * @view: an &enum etsn_view
 * @mask: the gates, bit N = class N
 *
 * Before the change the schedule in force decides; from it on, @next's
 * first cycle: a protected window that opens at the change is one.
 *
 * Return: the time; %ETSN_NEVER if none ever opens.
 */
s64 etsn_rt_handover_open(const struct etsn_rt *next, s64 change, s64 open,
			  int view, u8 mask)
{
	u64 first = ETSN_WINDOW_ENDLESS;
	unsigned long bits = mask;
	int tc;

	if (open < change)
		return open;
	for_each_set_bit(tc, &bits, EDGETSN_NUM_TC)
		first = min(first, next->first_open[view][tc]);
	return rt_after_change(change, first);
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_handover_open);

/**
 * etsn_rt_opens_within() - does a gate open at some point of an interval
 * @rt: the schedule
 * @from: start of the interval
 * @to: its end (excluded), > @from
 * @view: which rules
 * @mask: the gates
 *
 * Walks the entries that overlap [@from, @to) one lookup at a time, apart
 * from the tables the guard band reads, so that it can check them: the
 * dequeue path asks it about frames already sent (etsn_dequeue()).
 *
 * Return: true when an entry overlapping the interval opens a gate of
 * @mask; false otherwise, also where the schedule has no answer (before
 * its base time, beyond s64 time).
 */
bool etsn_rt_opens_within(const struct etsn_rt *rt, s64 from, s64 to, int view,
			  u8 mask)
{
	struct etsn_rt_pos pos;
	u32 i;

	/* One pass over the list (and the entry it started in) sees them all. */
	for (i = 0; i <= rt->gcl->num_entries && from < to; i++) {
		if (etsn_rt_lookup(rt, from, &pos))
			return false;
		if (*rt_open(rt, pos.index, view) & mask)
			return true;
		from = pos.end;
	}
	return false;
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_opens_within);

/**
 * etsn_change_time() - when an admin schedule takes over
 * @oper: the operational schedule, NULL for the default (all gates open)
 * @admin: the admin schedule (validated)
 * @now: current time on the schedules' clock
 * @change: where the change time goes
 * @ext_from: where the stretched cycle's skipped start goes, 0 if none
 *
 * See the comment at the top of this file for the rule.
 *
 * Return: 0; -ERANGE when the change time or the end of the admin's first
 * cycle is not representable in s64 ns (802.1Qbv ConfigChangeError).
 */
int etsn_change_time(const struct etsn_gcl *oper, const struct etsn_gcl *admin,
		     s64 now, s64 *change, s64 *ext_from)
{
	s64 start, end, cut;
	u64 r;
	int err;

	*ext_from = 0;
	err = etsn_next_cycle_start(admin->base_time, admin->cycle_time, now, &start);
	if (err)
		return err == -EINVAL ? -EINVAL : -ERANGE;
	if (check_add_overflow(start, (s64)admin->cycle_time, &end))
		return -ERANGE;
	*change = start;
	if (!oper)
		return 0;
	err = etsn_cycle_offset(oper->base_time, oper->cycle_time, start, &r);
	if (err)
		return err == -EAGAIN ? 0 : err;
	cut = start - (s64)r;	/* oper cycle start the change falls after */
	if (r && r <= admin->cycle_time_ext && cut > now)
		*ext_from = cut;
	return 0;
}
ETSN_EXPORT_FOR_KUNIT(etsn_change_time);

/**
 * etsn_change_time_stepped() - a pending change time after a clock step
 * @base: the admin schedule's base time in use, >= 0
 * @cycle: its cycle time, > 0
 * @change: its change time before the step
 * @step: how far the clock was stepped, ns (negative: back)
 * @now: the time after the step, >= 0
 * @anchor: where the admin's (possibly re-anchored) base time goes
 * @result: where the new change time goes
 *
 * As the operational schedule does (etsn_reanchor()), the admin follows a
 * step back by keeping its wait: it takes over at its first cycle start at
 * or after @change + @step, re-anchored if that is before @base, instead
 * of waiting out the step. A step forward keeps the change time, but one
 * that has passed becomes the first cycle start at or after @now.
 *
 * Return: 0; -EINVAL for a zero cycle, a negative base or @now; -ERANGE
 * when the result is not representable.
 */
int etsn_change_time_stepped(s64 base, u64 cycle, s64 change, s64 step,
			     s64 now, s64 *anchor, s64 *result)
{
	s64 from = change;
	int err;

	if (step < 0 && check_add_overflow(change, step, &from))
		return -ERANGE;
	from = max(from, now);
	err = etsn_reanchor(base, cycle, from, anchor);
	if (err)
		return err;
	return etsn_next_cycle_start(*anchor, cycle, from, result);
}
ETSN_EXPORT_FOR_KUNIT(etsn_change_time_stepped);
