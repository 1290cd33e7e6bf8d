/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A schedule ready to run: the gate control list plus the tables the
 * dequeue path needs (entry offsets, effective gate masks, how long each
 * gate stays open), and the 802.1Qbv change-time arithmetic. Nothing here
 * touches a qdisc, so KUnit checks all of it.
 */
#ifndef _ETSN_SCHED_H
#define _ETSN_SCHED_H

#include <linux/types.h>
#include <linux/rcupdate.h>
#include <linux/edgetsn.h>

#include "etsn_gcl.h"
#include "sch_etsn.h"

/*
 * Two views of the gates: express rules (the gate bits, hold ignored) and
 * the rules of a preemptible class while MAC merge is active (open only
 * where the gate bit is set and no Set-And-Hold-MAC holds the pMAC).
 */
enum etsn_view {
	ETSN_VIEW_EXPRESS,
	ETSN_VIEW_PMAC,
	ETSN_NUM_VIEWS,
};

/**
 * struct etsn_rt_pos - where a point in time falls in a running schedule
 * @index: entry in force
 * @start: when it began
 * @end: when it ends (a stretched last entry: the change time)
 * @cycle_start: start of the cycle it belongs to
 */
struct etsn_rt_pos {
	u32 index;
	s64 start;
	s64 end;
	s64 cycle_start;
};

/**
 * struct etsn_rt_cache - what the dequeue path last worked out
 * @pos: the last lookup's answer
 * @from: @pos holds for times in [@from, @pos.end)
 * @anchor: &etsn_rt.anchor it was computed with
 * @ext_from: &etsn_rt.ext_from it was computed with
 * @ext_to: &etsn_rt.ext_to it was computed with
 * @pos_valid: @pos is set
 * @sdu_speed: link speed @sdu was computed for, Mb/s
 * @sdu_overhead: per-frame overhead @sdu was computed for
 * @sdu_valid: @sdu is set
 * @sdu: etsn_auto_max_sdu() of each class's longest express window
 *
 * Written only under the qdisc lock (enqueue, dequeue, the stats snapshot),
 * so a frame costs neither a 64-bit division for its entry nor two for its
 * max-SDU.
 */
struct etsn_rt_cache {
	struct etsn_rt_pos pos;
	s64 from;
	s64 anchor;
	s64 ext_from;
	s64 ext_to;
	bool pos_valid;
	bool sdu_valid;
	u32 sdu_speed;
	u32 sdu_overhead;
	u32 sdu[EDGETSN_NUM_TC];
};

/**
 * struct etsn_rt - a schedule with its derived tables
 * @rcu: frees it after the readers of the dequeue path are done
 * @gcl: the list (kvmalloc()ed, owned)
 * @anchor: the base time its cycles are counted from: the list's, until a
 *	step of the clock back before it (etsn_reanchor())
 * @change_time: when it becomes (admin) or became (oper) operational
 * @ext_from: 0, or the cycle start that is skipped because the cycle before
 *	it is stretched (cycle-time extension) until @ext_to
 * @ext_to: the change time the stretched cycle lasts until
 * @last_cycle_start: newest cycle start counted in the cycle counter
 * @off: offset of each entry from its cycle start; off[n] = cycle time
 * @open: open gates per entry and view, open[i * ETSN_NUM_VIEWS + view]
 * @run: entries from i on that keep a gate open (n = never closes),
 *	run[(i * ETSN_NUM_VIEWS + view) * EDGETSN_NUM_TC + tc]
 * @same: entries from i on with entry i's gate states in both views
 *	(n = they never change)
 * @estats: per-entry counters (written under the qdisc lock)
 * @ever_open: per view, the gates that open at some point
 * @max_window: per view and class, the longest time the gate stays open
 *	(across the cycle wrap), %ETSN_WINDOW_ENDLESS if it never closes
 * @first_close: per view and class, when the gate, open from a cycle start
 *	on, first closes (offset from it): 0 if entry 0 keeps it closed,
 *	%ETSN_WINDOW_ENDLESS if it never closes
 * @first_open: per view and class, offset from a cycle start of the
 *	first entry that opens the gate, %ETSN_WINDOW_ENDLESS if none does
 * @dp: the data path's cache (etsn_rt_lookup_cached(), etsn_rt_auto_max_sdu())
 */
struct etsn_rt {
	struct rcu_head rcu;
	struct etsn_gcl *gcl;
	s64 anchor;
	s64 change_time;
	s64 ext_from;
	s64 ext_to;
	s64 last_cycle_start;
	u64 *off;
	u8 *open;
	u16 *run;
	u16 *same;
	struct etsn_entry_stats *estats;
	u8 ever_open[ETSN_NUM_VIEWS];
	u64 max_window[ETSN_NUM_VIEWS][EDGETSN_NUM_TC];
	u64 first_close[ETSN_NUM_VIEWS][EDGETSN_NUM_TC];
	u64 first_open[ETSN_NUM_VIEWS][EDGETSN_NUM_TC];
	struct etsn_rt_cache dp;
};

struct etsn_rt *etsn_rt_build(struct etsn_gcl *gcl);
void etsn_rt_free(struct etsn_rt *rt);
void etsn_rt_free_rcu(struct etsn_rt *rt);
int etsn_rt_lookup(const struct etsn_rt *rt, s64 t, struct etsn_rt_pos *pos);
int etsn_rt_lookup_cached(struct etsn_rt *rt, s64 t, struct etsn_rt_pos *pos);
u8 etsn_rt_open(const struct etsn_rt *rt, u32 index, int view);
s64 etsn_rt_gate_close(const struct etsn_rt *rt, const struct etsn_rt_pos *pos,
		       int view, int tc);
s64 etsn_rt_next_open(const struct etsn_rt *rt, const struct etsn_rt_pos *pos,
		      int view, u8 mask);
s64 etsn_rt_next_change(const struct etsn_rt *rt, const struct etsn_rt_pos *pos);
s64 etsn_rt_handover_close(const struct etsn_rt *next, s64 change, s64 close,
			    int view, int tc);
s64 etsn_rt_handover_open(const struct etsn_rt *next, s64 change, s64 open,
			  int view, u8 mask);
bool etsn_rt_opens_within(const struct etsn_rt *rt, s64 from, s64 to, int view,
			  u8 mask);
int etsn_change_time(const struct etsn_gcl *oper, const struct etsn_gcl *admin,
		     s64 now, s64 *change, s64 *ext_from);
int etsn_change_time_stepped(s64 base, u64 cycle, s64 change, s64 step,
			     s64 now, s64 *anchor, s64 *result);

#endif /* _ETSN_SCHED_H */
