/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The etsn qdisc as the rest of the module sees it: what the generic-netlink
 * family may ask of a qdisc. Values cross this boundary as plain structs
 * (snapshots), never as pointers into the qdisc's live state, so the family
 * knows nothing of RCU or the qdisc's locks.
 *
 * Every function here is called with RTNL held, which also serialises
 * configuration changes (read, modify, write back).
 */
#ifndef _ETSN_SCH_ETSN_H
#define _ETSN_SCH_ETSN_H

#include <linux/types.h>
#include <linux/edgetsn.h>

#include "etsn_gcl.h"

struct Qdisc;
struct net_device;
struct netlink_ext_ack;

int etsn_qdisc_register(void);
void etsn_qdisc_unregister(void);

/* The etsn qdisc at the root of @dev, or NULL. RTNL held. */
struct Qdisc *etsn_qdisc_of(struct net_device *dev);

/**
 * struct etsn_class_cfg - settings of one traffic class
 * @limit_pkts: queue limit in frames, >= 1
 * @limit_bytes: queue limit in bytes, 0 = none
 * @max_sdu: explicit max-SDU in bytes, 0 = automatic only
 * @preemptible: 802.1Qbu preemptible (else express)
 */
struct etsn_class_cfg {
	u32 limit_pkts;
	u32 limit_bytes;
	u32 max_sdu;
	bool preemptible;
};

/**
 * struct etsn_qdisc_cfg - what EDGETSN_CMD_CLASS_SET/GET carry
 * @prio_tc: class of each skb->priority (0..15)
 * @cls: per-class settings
 * @link_speed_override: Mb/s, 0 = use the device's
 * @overhead: bytes added to each frame for its time on the wire
 * @mgmt_exempt: PTP frames are management frames (gate-exempt)
 * @mgmt_prios: bit P = frames of priority P are management frames too
 * @mgmt_protect: bit N = windows of class N are protected from them
 */
struct etsn_qdisc_cfg {
	u8 prio_tc[EDGETSN_NUM_PRIO];
	struct etsn_class_cfg cls[EDGETSN_NUM_TC];
	u32 link_speed_override;
	u32 overhead;
	bool mgmt_exempt;
	u16 mgmt_prios;
	u8 mgmt_protect;
};

void etsn_cfg_get(struct Qdisc *sch, struct etsn_qdisc_cfg *cfg);
/* Validates all of @cfg (extack on rejection) and applies it, or nothing. */
int etsn_cfg_set(struct Qdisc *sch, const struct etsn_qdisc_cfg *cfg,
		 struct netlink_ext_ack *extack);

/**
 * etsn_sched_set() - install an admin schedule
 * @sch: the qdisc
 * @gcl: the schedule, kvmalloc()ed; consumed (installed or freed) always
 * @clockid: CLOCK_TAI, CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME
 * @extack: reason of a rejection
 *
 * Validates @gcl (a cycle time of 0 becomes the sum of the intervals) and
 * installs it as the admin schedule, replacing a pending one; it becomes
 * operational at its base time (see kmod/etsn_sched.c for the change-time
 * and cycle-time-extension rule). Return: 0 or -errno: -EINVAL bad
 * schedule or clock; -EBUSY a clock change while a non-default schedule is
 * operational; -ERANGE the change time (or the end of the schedule's first
 * cycle) is not representable in s64 ns, which also counts as a
 * ConfigChangeError and sends %EDGETSN_CMD_EV_CONFIG_ERROR.
 */
int etsn_sched_set(struct Qdisc *sch, struct etsn_gcl *gcl, clockid_t clockid,
		   struct netlink_ext_ack *extack);

/**
 * struct etsn_sched_status - the 802.1Qbv state, read at one instant
 * @clockid: clock of the schedules
 * @now: that instant, on @clockid
 * @config_pending: an admin schedule waits
 * @config_change_time: when it takes over, or the last one did
 * @config_change_error: admin schedules that failed to become operational
 * @current_entry: entry of the oper schedule in force at @now
 * @gates: gate states at @now
 * @cycles: cycles run by operational schedules
 * @config_changes: admin schedules that became operational
 * @timer_late: timer expiries later than EDGETSN_TIMER_LATE_NS
 * @timer_lateness_max: worst lateness, ns
 * @clock_steps: steps of the clock the oper schedule followed
 */
struct etsn_sched_status {
	clockid_t clockid;
	s64 now;
	bool config_pending;
	s64 config_change_time;
	u64 config_change_error;
	u32 current_entry;
	u8 gates;
	u64 cycles;
	u64 config_changes;
	u64 timer_late;
	u64 timer_lateness_max;
	u64 clock_steps;
};

/*
 * Copies of the schedules (kvmalloc()ed, the caller kvfree()s them; NULL
 * when there is none: no admin pending, or the default all-open oper) and
 * the status. Return: 0 or -ENOMEM.
 */
int etsn_sched_get(struct Qdisc *sch, struct etsn_gcl **oper,
		   struct etsn_gcl **admin, struct etsn_sched_status *status);

/**
 * struct etsn_class_stats - counters of one class (see enum edgetsn_a_class)
 * @enq_packets: frames accepted
 * @enq_bytes: bytes accepted
 * @sent_packets: frames dequeued
 * @sent_bytes: bytes dequeued
 * @drop_queue_full: dropped, limit reached
 * @drop_oversize: dropped, longer than the effective max-SDU
 * @drop_gate_never_opens: dropped, the class's gate never opens
 * @drop_purged: dropped from the queue, the class's gate stopped opening
 * @guard_deferrals: head frame held back by the guard band
 * @protect_overruns: management queue only: frames whose time on the wire,
 *	as the qdisc models it when it hands them over, reached into a
 *	protected window (%EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS)
 * @sojourn_max: ns
 * @sojourn_sum: ns, over @sent_packets frames
 * @sojourn_hist: log2 buckets of ns
 * @max_sdu_effective: bytes without the link-layer header, 0 = no limit
 *	(see %EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE)
 * @closed: no frame of the class can leave (%EDGETSN_A_CLASS_CLOSED)
 * @backlog_packets: queued now
 * @backlog_bytes: queued now
 */
struct etsn_class_stats {
	u64 enq_packets;
	u64 enq_bytes;
	u64 sent_packets;
	u64 sent_bytes;
	u64 drop_queue_full;
	u64 drop_oversize;
	u64 drop_gate_never_opens;
	u64 drop_purged;
	u64 guard_deferrals;
	u64 protect_overruns;
	u64 sojourn_max;
	u64 sojourn_sum;
	u32 max_sdu_effective;
	u32 backlog_packets;
	u32 backlog_bytes;
	bool closed;
	/* Last: a frame touches one bucket, not 256 bytes of them. */
	u64 sojourn_hist[EDGETSN_SOJOURN_BUCKETS];
};

/*
 * Counters of the management queue (sent, drop_queue_full, drop_oversize,
 * guard_deferrals, protect_overruns, backlog_packets are the ones it keeps).
 */
void etsn_mgmt_stats_get(struct Qdisc *sch, struct etsn_class_stats *st);

/**
 * struct etsn_entry_stats - counters of one entry of the oper schedule
 * @frames: frames sent while it was in force
 * @bytes: bytes sent while it was in force
 */
struct etsn_entry_stats {
	u64 frames;
	u64 bytes;
};

/*
 * Counters: @cls[EDGETSN_NUM_TC] filled; *@entries a kvmalloc()ed array of
 * *@num_entries (the oper schedule's; NULL/0 for the default one) the caller
 * kvfree()s; @status as etsn_sched_get() gives it. Return: 0 or -ENOMEM.
 */
int etsn_stats_get(struct Qdisc *sch, struct etsn_class_stats *cls,
		   struct etsn_entry_stats **entries, u32 *num_entries,
		   struct etsn_sched_status *status);

/**
 * struct etsn_link_info - link facts used for guard bands and preemption
 * @speed_reported: Mb/s from ethtool, 0 = unknown
 * @speed_override: Mb/s, the qdisc's override, 0 = none
 * @speed: Mb/s in use, 0 = unknown (no guard band)
 * @mm_state: an &enum edgetsn_mm_state
 * @mm_min_frag: bytes, valid when @mm_state is EDGETSN_MM_ACTIVE
 */
struct etsn_link_info {
	u32 speed_reported;
	u32 speed_override;
	u32 speed;
	u32 mm_state;
	u32 mm_min_frag;
};

/*
 * Link facts of any device as it reports them now; @sch (may be NULL) adds
 * its override and the speed it uses. Changes nothing.
 */
void etsn_link_info_get(struct net_device *dev, struct Qdisc *sch,
			struct etsn_link_info *info);

#endif /* _ETSN_SCH_ETSN_H */
