/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/**
 * DOC: edgetsn userspace ABI
 *
 * Names shared by edgetsn.ko and the programs that talk to it: the qdisc
 * kind and the ``edgetsn`` generic-netlink family. uapi/edgetsn.yaml
 * describes the same family in the kernel's YNL spec format.
 *
 * Every request names its device by %EDGETSN_A_IFINDEX or %EDGETSN_A_IFNAME
 * (the index wins when both are present); the device must carry an etsn root
 * qdisc, except for %EDGETSN_CMD_CAPS_GET. Requests that change state need
 * CAP_NET_ADMIN in the user namespace owning the network namespace
 * (GENL_UNS_ADMIN_PERM: root of a container configures its own devices);
 * reads are open to all and change no state. The family is
 * network-namespace aware: a request sees the devices of its socket's
 * namespace, and events go to listeners in the device's namespace.
 * A rejected request changes nothing and carries an extack message.
 *
 * Enumerations and attribute sets are only ever appended to.
 */
#ifndef _UAPI_LINUX_EDGETSN_H
#define _UAPI_LINUX_EDGETSN_H

/** EDGETSN_GENL_NAME - name of the edgetsn generic-netlink family */
#define EDGETSN_GENL_NAME	"edgetsn"
/** EDGETSN_GENL_VERSION - version of the family's ABI */
#define EDGETSN_GENL_VERSION	1
/** EDGETSN_MCGRP_EVENTS - multicast group carrying the %EDGETSN_CMD_EV_* */
#define EDGETSN_MCGRP_EVENTS	"events"
/** EDGETSN_QDISC_KIND - TCA_KIND of the etsn qdisc, as tc names it */
#define EDGETSN_QDISC_KIND	"etsn"

/** EDGETSN_NUM_TC - traffic classes of an etsn qdisc; gate bit N = class N */
#define EDGETSN_NUM_TC		8
/** EDGETSN_NUM_PRIO - entries of the skb->priority to class map */
#define EDGETSN_NUM_PRIO	16
/** EDGETSN_MAX_ENTRIES - most entries a gate control list may hold */
#define EDGETSN_MAX_ENTRIES	1024
/**
 * EDGETSN_SOJOURN_BUCKETS - buckets of the sojourn-time histogram. Bucket 0
 * counts sojourns below 2 ns, bucket i (i > 0) those in [2^i, 2^(i+1)) ns;
 * the last bucket also counts everything longer.
 */
#define EDGETSN_SOJOURN_BUCKETS	32

/** EDGETSN_TIMER_LATE_NS - lateness from which a gate timer counts as late */
#define EDGETSN_TIMER_LATE_NS	10000

/**
 * enum edgetsn_cmd - commands of the family
 * @EDGETSN_CMD_UNSPEC: unused
 * @EDGETSN_CMD_SCHED_SET: install %EDGETSN_A_SCHED_ADMIN as the admin
 *	schedule; it becomes operational at its base time (a past base time
 *	means the first cycle start after now). Replaces a pending admin.
 * @EDGETSN_CMD_SCHED_GET: operational and admin schedules, and the status
 *	(%EDGETSN_A_STATUS)
 * @EDGETSN_CMD_CLASS_SET: change the priority map, per-class settings
 *	(%EDGETSN_A_CLASS, one per class changed) and per-qdisc settings
 *	(%EDGETSN_A_LINK_SPEED_OVERRIDE, %EDGETSN_A_OVERHEAD); all or nothing
 * @EDGETSN_CMD_CLASS_GET: the settings %EDGETSN_CMD_CLASS_SET changes
 * @EDGETSN_CMD_STATS_GET: counters per class, per entry of the operational
 *	schedule and per schedule, all in one reply; dump: every etsn qdisc of
 *	the namespace, or the one %EDGETSN_A_IFINDEX/%EDGETSN_A_IFNAME names,
 *	in ifindex order, each split across as many messages as its counters
 *	need (each message carries the device's ifindex and name; the first
 *	%EDGETSN_A_SCHED_STATS and %EDGETSN_A_STATUS, then the
 *	%EDGETSN_A_CLASS nests, then the %EDGETSN_A_ENTRY_STATS nests in
 *	order); messages of one device are consecutive. Counters of different
 *	messages may be read at different instants
 * @EDGETSN_CMD_CAPS_GET: link speed and MAC merge (802.3br) state of a
 *	device, whatever its qdisc
 * @EDGETSN_CMD_EV_SCHED_OPER: event: an admin schedule became operational
 *	(%EDGETSN_A_EV_TIME: the cycle start at which it did)
 * @EDGETSN_CMD_EV_CONFIG_ERROR: event: an admin schedule could not become
 *	operational (%EDGETSN_A_EV_ERROR, a negative errno)
 * @EDGETSN_CMD_EV_LINK_SPEED: event: the link speed used for guard bands
 *	changed (%EDGETSN_A_EV_LINK_SPEED)
 * @EDGETSN_CMD_EV_QDISC_NEW: event: an etsn qdisc was created
 * @EDGETSN_CMD_EV_QDISC_DEL: event: an etsn qdisc was destroyed
 * @EDGETSN_CMD_EV_CLOCK_STEP: event: the schedules' clock was stepped
 *	(settimeofday, clock_settime, a TAI offset change); the schedules
 *	follow it within 100 ms: the operational one keeps its phase, a
 *	pending admin's change time is recomputed on the new time
 *	(%EDGETSN_A_EV_TIME: the operational schedule's cycle start in force
 *	on the new time, or with none the admin's new change time)
 * @__EDGETSN_CMD_MAX: internal
 * @EDGETSN_CMD_MAX: highest command
 */
enum edgetsn_cmd {
	EDGETSN_CMD_UNSPEC,
	EDGETSN_CMD_SCHED_SET,
	EDGETSN_CMD_SCHED_GET,
	EDGETSN_CMD_CLASS_SET,
	EDGETSN_CMD_CLASS_GET,
	EDGETSN_CMD_STATS_GET,
	EDGETSN_CMD_CAPS_GET,
	EDGETSN_CMD_EV_SCHED_OPER,
	EDGETSN_CMD_EV_CONFIG_ERROR,
	EDGETSN_CMD_EV_LINK_SPEED,
	EDGETSN_CMD_EV_QDISC_NEW,
	EDGETSN_CMD_EV_QDISC_DEL,
	EDGETSN_CMD_EV_CLOCK_STEP,

	__EDGETSN_CMD_MAX,
	EDGETSN_CMD_MAX = __EDGETSN_CMD_MAX - 1
};

/**
 * enum edgetsn_gate_op - operation of a gate control list entry
 * @EDGETSN_GATE_OP_SET: SetGateStates (802.1Qbv)
 * @EDGETSN_GATE_OP_SET_AND_HOLD: Set-And-Hold-MAC: set the gates and hold
 *	preemptible traffic (802.1Qbu)
 * @EDGETSN_GATE_OP_SET_AND_RELEASE: Set-And-Release-MAC: set the gates and
 *	release preemptible traffic
 * @__EDGETSN_GATE_OP_MAX: internal
 */
enum edgetsn_gate_op {
	EDGETSN_GATE_OP_SET,
	EDGETSN_GATE_OP_SET_AND_HOLD,
	EDGETSN_GATE_OP_SET_AND_RELEASE,

	__EDGETSN_GATE_OP_MAX
};

/**
 * enum edgetsn_mm_state - can preemptible frames be preempted on the link
 * @EDGETSN_MM_UNSUPPORTED: the kernel has no MAC merge API (before 6.3)
 * @EDGETSN_MM_NO_DEVICE_SUPPORT: the device does not implement MAC merge
 * @EDGETSN_MM_DISABLED: the device supports it, but pMAC transmission is off
 * @EDGETSN_MM_VERIFYING: verification with the link partner has not ended
 * @EDGETSN_MM_VERIFY_FAILED: verification with the link partner failed
 * @EDGETSN_MM_ACTIVE: preemption is active: a preemptible frame only needs
 *	its minimum fragment to fit before its gate closes
 * @__EDGETSN_MM_MAX: internal
 *
 * Any state other than %EDGETSN_MM_ACTIVE makes preemptible classes follow
 * express rules; the state says why.
 */
enum edgetsn_mm_state {
	EDGETSN_MM_UNSUPPORTED,
	EDGETSN_MM_NO_DEVICE_SUPPORT,
	EDGETSN_MM_DISABLED,
	EDGETSN_MM_VERIFYING,
	EDGETSN_MM_VERIFY_FAILED,
	EDGETSN_MM_ACTIVE,

	__EDGETSN_MM_MAX
};

/**
 * enum edgetsn_a - top-level attributes
 * @EDGETSN_A_UNSPEC: unused
 * @EDGETSN_A_PAD: padding for 64-bit attributes
 * @EDGETSN_A_IFINDEX: u32, the device
 * @EDGETSN_A_IFNAME: string, the device (when %EDGETSN_A_IFINDEX is absent)
 * @EDGETSN_A_SCHED_ADMIN: nest, &enum edgetsn_a_sched: the admin schedule
 *	(set; get: present while one is pending)
 * @EDGETSN_A_SCHED_OPER: nest, &enum edgetsn_a_sched: the operational
 *	schedule (get; absent while the default all-gates-open one runs)
 * @EDGETSN_A_STATUS: nest, &enum edgetsn_a_status
 * @EDGETSN_A_PRIO_MAP: binary, %EDGETSN_NUM_PRIO bytes: class of each
 *	skb->priority (priorities above 15 use entry 15)
 * @EDGETSN_A_CLASS: nest, &enum edgetsn_a_class; one per class, repeated
 * @EDGETSN_A_LINK_SPEED_OVERRIDE: u32, Mb/s used for guard bands instead of
 *	what the device reports; 0 = use the device's
 * @EDGETSN_A_OVERHEAD: u32, bytes added to each frame's length for its
 *	transmission time (FCS, preamble, SFD, inter-frame gap); default 24
 * @EDGETSN_A_ENTRY_STATS: nest, &enum edgetsn_a_entry_stats; one per entry of
 *	the operational schedule, repeated
 * @EDGETSN_A_SCHED_STATS: nest, &enum edgetsn_a_sched_stats
 * @EDGETSN_A_DEV: nest, &enum edgetsn_a_dev: what the device offers
 * @EDGETSN_A_EV_TIME: s64, ns on the schedule's clock: when an event took
 *	effect
 * @EDGETSN_A_EV_ERROR: s32, negative errno of %EDGETSN_CMD_EV_CONFIG_ERROR
 * @EDGETSN_A_EV_LINK_SPEED: u32, Mb/s now used for guard bands (0: unknown)
 * @EDGETSN_A_MGMT_EXEMPT: u8, 1 = PTP frames (EtherType 0x88F7, untagged
 *	or behind one VLAN tag; UDP to port 319 or 320 over IPv4, or over IPv6
 *	without extension headers) are management frames, 0 = they are not;
 *	default 1
 * @EDGETSN_A_MGMT_PRIOS: u16, bit P set = frames of skb->priority P are
 *	management frames too; default 0
 * @EDGETSN_A_MGMT_PROTECT: u8, bit N set = windows that open the gate of
 *	class N (express view) are protected; default 0x80 (class 7).
 *	Management frames ignore the gate states, are sent before every class,
 *	but never start in a protected window and must end before the next
 *	one begins (or before a pending admin schedule's change time)
 * @EDGETSN_A_MGMT_STATS: nest, &enum edgetsn_a_mgmt_stats (stats-get)
 * @__EDGETSN_A_MAX: internal
 * @EDGETSN_A_MAX: highest attribute
 */
enum edgetsn_a {
	EDGETSN_A_UNSPEC,
	EDGETSN_A_PAD,
	EDGETSN_A_IFINDEX,
	EDGETSN_A_IFNAME,
	EDGETSN_A_SCHED_ADMIN,
	EDGETSN_A_SCHED_OPER,
	EDGETSN_A_STATUS,
	EDGETSN_A_PRIO_MAP,
	EDGETSN_A_CLASS,
	EDGETSN_A_LINK_SPEED_OVERRIDE,
	EDGETSN_A_OVERHEAD,
	EDGETSN_A_ENTRY_STATS,
	EDGETSN_A_SCHED_STATS,
	EDGETSN_A_DEV,
	EDGETSN_A_EV_TIME,
	EDGETSN_A_EV_ERROR,
	EDGETSN_A_EV_LINK_SPEED,
	EDGETSN_A_MGMT_EXEMPT,
	EDGETSN_A_MGMT_PRIOS,
	EDGETSN_A_MGMT_PROTECT,
	EDGETSN_A_MGMT_STATS,

	__EDGETSN_A_MAX,
	EDGETSN_A_MAX = __EDGETSN_A_MAX - 1
};

/**
 * enum edgetsn_a_sched - a schedule
 * @EDGETSN_A_SCHED_UNSPEC: unused
 * @EDGETSN_A_SCHED_PAD: padding
 * @EDGETSN_A_SCHED_BASE_TIME: s64, ns on the clock: start of the first
 *	cycle; default 0 (the next cycle start after now)
 * @EDGETSN_A_SCHED_CYCLE_TIME: u64, ns; default and minimum: the sum of the
 *	intervals; the last entry lasts until the cycle ends
 * @EDGETSN_A_SCHED_CYCLE_TIME_EXT: u64, ns, below the cycle time: how far
 *	the last cycle of the old schedule may be stretched rather than cut
 *	short when this one takes over; default 0
 * @EDGETSN_A_SCHED_CLOCKID: u32, CLOCK_TAI (default), CLOCK_REALTIME,
 *	CLOCK_MONOTONIC or CLOCK_BOOTTIME
 * @EDGETSN_A_SCHED_ENTRY: nest, &enum edgetsn_a_entry; one per entry, in
 *	order, repeated; 1 to %EDGETSN_MAX_ENTRIES of them
 * @__EDGETSN_A_SCHED_MAX: internal
 * @EDGETSN_A_SCHED_MAX: highest attribute
 */
enum edgetsn_a_sched {
	EDGETSN_A_SCHED_UNSPEC,
	EDGETSN_A_SCHED_PAD,
	EDGETSN_A_SCHED_BASE_TIME,
	EDGETSN_A_SCHED_CYCLE_TIME,
	EDGETSN_A_SCHED_CYCLE_TIME_EXT,
	EDGETSN_A_SCHED_CLOCKID,
	EDGETSN_A_SCHED_ENTRY,

	__EDGETSN_A_SCHED_MAX,
	EDGETSN_A_SCHED_MAX = __EDGETSN_A_SCHED_MAX - 1
};

/**
 * enum edgetsn_a_entry - an entry of a gate control list
 * @EDGETSN_A_ENTRY_UNSPEC: unused
 * @EDGETSN_A_ENTRY_OP: u8, &enum edgetsn_gate_op; default SET
 * @EDGETSN_A_ENTRY_GATES: u8, bit N set = gate of class N open; required
 * @EDGETSN_A_ENTRY_INTERVAL: u32, ns; required. %EDGETSN_CMD_SCHED_SET
 *	refuses (-EINVAL, extack) an interval shorter than a minimum frame
 *	(60 bytes plus the qdisc's per-frame overhead) on the wire at the
 *	speed in use; at an unknown speed, at 10 Gb/s (68 ns with the default
 *	overhead of 24 bytes)
 * @__EDGETSN_A_ENTRY_MAX: internal
 * @EDGETSN_A_ENTRY_MAX: highest attribute
 */
enum edgetsn_a_entry {
	EDGETSN_A_ENTRY_UNSPEC,
	EDGETSN_A_ENTRY_OP,
	EDGETSN_A_ENTRY_GATES,
	EDGETSN_A_ENTRY_INTERVAL,

	__EDGETSN_A_ENTRY_MAX,
	EDGETSN_A_ENTRY_MAX = __EDGETSN_A_ENTRY_MAX - 1
};

/**
 * enum edgetsn_a_status - state of the schedules (802.1Qbv managed objects)
 * @EDGETSN_A_STATUS_UNSPEC: unused
 * @EDGETSN_A_STATUS_PAD: padding
 * @EDGETSN_A_STATUS_CONFIG_PENDING: flag: an admin schedule waits to become
 *	operational (ConfigPending)
 * @EDGETSN_A_STATUS_CONFIG_CHANGE_TIME: s64, ns: when the pending admin
 *	schedule takes over, or when the last one did (ConfigChangeTime)
 * @EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR: u64, admin schedules that could not
 *	become operational (ConfigChangeError)
 * @EDGETSN_A_STATUS_CURRENT_ENTRY: u32, index of the operational schedule's
 *	entry in force now
 * @EDGETSN_A_STATUS_CURRENT_TIME: s64, ns: now, on the schedule's clock
 * @EDGETSN_A_STATUS_GATES: u8, gate states now
 * @EDGETSN_A_STATUS_CLOCKID: u32, the clock of the schedules
 * @__EDGETSN_A_STATUS_MAX: internal
 * @EDGETSN_A_STATUS_MAX: highest attribute
 */
enum edgetsn_a_status {
	EDGETSN_A_STATUS_UNSPEC,
	EDGETSN_A_STATUS_PAD,
	EDGETSN_A_STATUS_CONFIG_PENDING,
	EDGETSN_A_STATUS_CONFIG_CHANGE_TIME,
	EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR,
	EDGETSN_A_STATUS_CURRENT_ENTRY,
	EDGETSN_A_STATUS_CURRENT_TIME,
	EDGETSN_A_STATUS_GATES,
	EDGETSN_A_STATUS_CLOCKID,

	__EDGETSN_A_STATUS_MAX,
	EDGETSN_A_STATUS_MAX = __EDGETSN_A_STATUS_MAX - 1
};

/**
 * enum edgetsn_a_class - settings and counters of one traffic class
 * @EDGETSN_A_CLASS_UNSPEC: unused
 * @EDGETSN_A_CLASS_PAD: padding
 * @EDGETSN_A_CLASS_INDEX: u8, 0 to %EDGETSN_NUM_TC - 1; required
 * @EDGETSN_A_CLASS_LIMIT_PKTS: u32, queue limit in frames, at least 1
 *	(default 1000)
 * @EDGETSN_A_CLASS_LIMIT_BYTES: u32, queue limit in bytes; 0 = none (default)
 * @EDGETSN_A_CLASS_PREEMPTIBLE: u8, 1 = preemptible, 0 = express (default)
 * @EDGETSN_A_CLASS_MAX_SDU: u32, bytes; 0 = only the automatic limit. As
 *	802.1Q queueMaxSDU and tc-taprio's max-sdu: the frame without its
 *	link-layer header (the device's hard_header_len, 14 bytes on
 *	Ethernet) and FCS, so 1500 passes full 1500-byte IP packets
 * @EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE: u32, bytes, read-only, counted as
 *	%EDGETSN_A_CLASS_MAX_SDU: the smaller of the explicit limit and the
 *	longest SDU that fits the class's longest window at the link speed;
 *	0 = no limit (none set, and the automatic one is at least the device's
 *	MTU); meaningless when %EDGETSN_A_CLASS_CLOSED is 1
 * @EDGETSN_A_CLASS_ENQ_PACKETS: u64, counter
 * @EDGETSN_A_CLASS_ENQ_BYTES: u64, counter
 * @EDGETSN_A_CLASS_SENT_PACKETS: u64, counter
 * @EDGETSN_A_CLASS_SENT_BYTES: u64, counter
 * @EDGETSN_A_CLASS_DROP_QUEUE_FULL: u64, frames dropped at enqueue: the
 *	class's packet or byte limit was reached
 * @EDGETSN_A_CLASS_DROP_OVERSIZE: u64, frames dropped at enqueue: longer
 *	than the class's effective max-SDU
 * @EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS: u64, frames dropped at enqueue:
 *	no entry of the operational schedule opens the class's gate
 * @EDGETSN_A_CLASS_GUARD_DEFERRALS: u64, times the head frame was held
 *	back because its transmission would not end before its gate closes
 * @EDGETSN_A_CLASS_SOJOURN_MAX: u64, ns, longest time a sent frame waited
 * @EDGETSN_A_CLASS_SOJOURN_AVG: u64, ns, mean wait of sent frames
 * @EDGETSN_A_CLASS_SOJOURN_HIST: binary, %EDGETSN_SOJOURN_BUCKETS __u64:
 *	sent frames by wait, log2 buckets of ns
 * @EDGETSN_A_CLASS_BACKLOG_PACKETS: u32, frames queued now
 * @EDGETSN_A_CLASS_BACKLOG_BYTES: u32, bytes queued now
 * @EDGETSN_A_CLASS_DROP_PURGED: u64, frames dropped from the queue: the
 *	class's gate stopped opening after they were queued (a new
 *	operational schedule, the class made preemptible, a change of MAC
 *	merge state); they are freed, with the socket memory they held, when
 *	the qdisc next looks at the class
 * @EDGETSN_A_CLASS_CLOSED: u8, read-only: 1 = no frame of the class can
 *	leave: the operational schedule never opens its gate, or its longest
 *	window is too short for a link-layer header
 * @__EDGETSN_A_CLASS_MAX: internal
 * @EDGETSN_A_CLASS_MAX: highest attribute
 */
enum edgetsn_a_class {
	EDGETSN_A_CLASS_UNSPEC,
	EDGETSN_A_CLASS_PAD,
	EDGETSN_A_CLASS_INDEX,
	EDGETSN_A_CLASS_LIMIT_PKTS,
	EDGETSN_A_CLASS_LIMIT_BYTES,
	EDGETSN_A_CLASS_PREEMPTIBLE,
	EDGETSN_A_CLASS_MAX_SDU,
	EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE,
	EDGETSN_A_CLASS_ENQ_PACKETS,
	EDGETSN_A_CLASS_ENQ_BYTES,
	EDGETSN_A_CLASS_SENT_PACKETS,
	EDGETSN_A_CLASS_SENT_BYTES,
	EDGETSN_A_CLASS_DROP_QUEUE_FULL,
	EDGETSN_A_CLASS_DROP_OVERSIZE,
	EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS,
	EDGETSN_A_CLASS_GUARD_DEFERRALS,
	EDGETSN_A_CLASS_SOJOURN_MAX,
	EDGETSN_A_CLASS_SOJOURN_AVG,
	EDGETSN_A_CLASS_SOJOURN_HIST,
	EDGETSN_A_CLASS_BACKLOG_PACKETS,
	EDGETSN_A_CLASS_BACKLOG_BYTES,
	EDGETSN_A_CLASS_DROP_PURGED,
	EDGETSN_A_CLASS_CLOSED,

	__EDGETSN_A_CLASS_MAX,
	EDGETSN_A_CLASS_MAX = __EDGETSN_A_CLASS_MAX - 1
};

/**
 * enum edgetsn_a_entry_stats - counters of one entry of the oper schedule
 * @EDGETSN_A_ENTRY_STATS_UNSPEC: unused
 * @EDGETSN_A_ENTRY_STATS_PAD: padding
 * @EDGETSN_A_ENTRY_STATS_INDEX: u32, the entry
 * @EDGETSN_A_ENTRY_STATS_FRAMES: u64, frames sent while it was in force
 * @EDGETSN_A_ENTRY_STATS_BYTES: u64, bytes sent while it was in force
 * @EDGETSN_A_ENTRY_STATS_OVERRUNS: deprecated, never sent. It re-checked
 *	what the guard band had already decided and was 0 by construction;
 *	the number stays reserved.
 * @__EDGETSN_A_ENTRY_STATS_MAX: internal
 * @EDGETSN_A_ENTRY_STATS_MAX: highest attribute
 */
enum edgetsn_a_entry_stats {
	EDGETSN_A_ENTRY_STATS_UNSPEC,
	EDGETSN_A_ENTRY_STATS_PAD,
	EDGETSN_A_ENTRY_STATS_INDEX,
	EDGETSN_A_ENTRY_STATS_FRAMES,
	EDGETSN_A_ENTRY_STATS_BYTES,
	EDGETSN_A_ENTRY_STATS_OVERRUNS,

	__EDGETSN_A_ENTRY_STATS_MAX,
	EDGETSN_A_ENTRY_STATS_MAX = __EDGETSN_A_ENTRY_STATS_MAX - 1
};

/**
 * enum edgetsn_a_sched_stats - counters of the schedule machinery
 * @EDGETSN_A_SCHED_STATS_UNSPEC: unused
 * @EDGETSN_A_SCHED_STATS_PAD: padding
 * @EDGETSN_A_SCHED_STATS_CYCLES: u64, cycles run by operational schedules
 * @EDGETSN_A_SCHED_STATS_CONFIG_CHANGES: u64, admin schedules that became
 *	operational
 * @EDGETSN_A_SCHED_STATS_TIMER_LATE: u64, gate timer expiries handled more
 *	than %EDGETSN_TIMER_LATE_NS after their due time
 * @EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX: u64, ns, worst lateness seen
 * @EDGETSN_A_SCHED_STATS_CLOCK_STEPS: u64, steps of the schedules' clock
 *	the schedules followed (%EDGETSN_CMD_EV_CLOCK_STEP)
 * @__EDGETSN_A_SCHED_STATS_MAX: internal
 * @EDGETSN_A_SCHED_STATS_MAX: highest attribute
 */
enum edgetsn_a_sched_stats {
	EDGETSN_A_SCHED_STATS_UNSPEC,
	EDGETSN_A_SCHED_STATS_PAD,
	EDGETSN_A_SCHED_STATS_CYCLES,
	EDGETSN_A_SCHED_STATS_CONFIG_CHANGES,
	EDGETSN_A_SCHED_STATS_TIMER_LATE,
	EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX,
	EDGETSN_A_SCHED_STATS_CLOCK_STEPS,

	__EDGETSN_A_SCHED_STATS_MAX,
	EDGETSN_A_SCHED_STATS_MAX = __EDGETSN_A_SCHED_STATS_MAX - 1
};

/**
 * enum edgetsn_a_dev - what the device offers for TSN
 * @EDGETSN_A_DEV_UNSPEC: unused
 * @EDGETSN_A_DEV_SPEED_REPORTED: u32, Mb/s from ethtool; 0 = unknown
 * @EDGETSN_A_DEV_SPEED_OVERRIDE: u32, Mb/s, the qdisc's override; 0 = none
 * @EDGETSN_A_DEV_SPEED: u32, Mb/s used for guard bands; 0 = unknown, and
 *	then no guard band is applied. The qdisc takes the reported speed at
 *	its creation and on link events (up, down, change); reading does not
 *	refresh it, so it can differ from %EDGETSN_A_DEV_SPEED_REPORTED
 * @EDGETSN_A_DEV_MM_STATE: u32, &enum edgetsn_mm_state
 * @EDGETSN_A_DEV_MM_MIN_FRAG: u32, bytes: the shortest fragment the MAC
 *	merge layer sends (valid when the state is %EDGETSN_MM_ACTIVE)
 * @__EDGETSN_A_DEV_MAX: internal
 * @EDGETSN_A_DEV_MAX: highest attribute
 */
enum edgetsn_a_dev {
	EDGETSN_A_DEV_UNSPEC,
	EDGETSN_A_DEV_SPEED_REPORTED,
	EDGETSN_A_DEV_SPEED_OVERRIDE,
	EDGETSN_A_DEV_SPEED,
	EDGETSN_A_DEV_MM_STATE,
	EDGETSN_A_DEV_MM_MIN_FRAG,

	__EDGETSN_A_DEV_MAX,
	EDGETSN_A_DEV_MAX = __EDGETSN_A_DEV_MAX - 1
};

/**
 * enum edgetsn_a_mgmt_stats - counters of the gate-exempt management queue
 * @EDGETSN_A_MGMT_STATS_UNSPEC: unused
 * @EDGETSN_A_MGMT_STATS_PAD: padding
 * @EDGETSN_A_MGMT_STATS_SENT_PACKETS: u64, management frames sent
 * @EDGETSN_A_MGMT_STATS_SENT_BYTES: u64, their bytes
 * @EDGETSN_A_MGMT_STATS_DROPS: u64, management frames dropped at enqueue:
 *	the packet or byte limit of the class their priority maps to was
 *	reached in the management queue
 * @EDGETSN_A_MGMT_STATS_DEFERRALS: u64, times the head management frame was
 *	held back by a protected window (in one, or one begins before it ends)
 * @EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS: u32, management frames queued now
 * @EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS: u64, management frames that were
 *	handed to the device although, by the qdisc's model of the wire at
 *	the link speed, they started inside a protected window or were still
 *	being sent when one began (at an unknown speed: started inside one).
 *	The guard band exists to keep this at 0.
 * @__EDGETSN_A_MGMT_STATS_MAX: internal
 * @EDGETSN_A_MGMT_STATS_MAX: highest attribute
 */
enum edgetsn_a_mgmt_stats {
	EDGETSN_A_MGMT_STATS_UNSPEC,
	EDGETSN_A_MGMT_STATS_PAD,
	EDGETSN_A_MGMT_STATS_SENT_PACKETS,
	EDGETSN_A_MGMT_STATS_SENT_BYTES,
	EDGETSN_A_MGMT_STATS_DROPS,
	EDGETSN_A_MGMT_STATS_DEFERRALS,
	EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS,
	EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS,

	__EDGETSN_A_MGMT_STATS_MAX,
	EDGETSN_A_MGMT_STATS_MAX = __EDGETSN_A_MGMT_STATS_MAX - 1
};

#endif /* _UAPI_LINUX_EDGETSN_H */
