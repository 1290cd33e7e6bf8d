/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counters of an etsn qdisc (EDGETSN_CMD_STATS_GET): per class, per entry
 * of the operational schedule, per schedule; read from a reply, printed as
 * text or JSON.
 */
#ifndef EDGETSN_STATS_H
#define EDGETSN_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/edgetsn.h>

#include "json.h"
#include "out.h"
#include "sched.h"

struct nlattr;

struct etsn_class_counters {
	bool present, has_hist, has_max_sdu_effective;
	uint64_t enq_packets, enq_bytes, sent_packets, sent_bytes;
	bool closed;
	uint64_t drop_queue_full, drop_oversize, drop_gate_never_opens, drop_purged;
	uint64_t guard_deferrals;
	uint64_t sojourn_max, sojourn_avg;
	uint64_t sojourn_hist[EDGETSN_SOJOURN_BUCKETS];
	uint32_t backlog_packets, backlog_bytes;
	uint32_t max_sdu_effective;
};

/* The gate-exempt management queue (PTP). */
struct etsn_mgmt_counters {
	uint64_t sent_packets, sent_bytes, drops, deferrals, protect_overruns;
	uint32_t backlog_packets;
};

struct etsn_entry_counters {
	uint32_t index;
	uint64_t frames, bytes;
};

struct etsn_stats {
	uint32_t ifindex;
	char ifname[16];
	struct etsn_class_counters cls[EDGETSN_NUM_TC];
	uint32_t num_entries;
	struct etsn_entry_counters entries[EDGETSN_MAX_ENTRIES];
	bool has_sched;
	struct etsn_sched_counters sched;
	bool has_mgmt;
	struct etsn_mgmt_counters mgmt;
};

/* From a reply's top-level attributes. 0 or -EPROTO/-E2BIG. */
int etsn_stats_from_attrs(struct nlattr *attrs, int len, struct etsn_stats *st);
/*
 * A dump splits one qdisc's counters across messages that each name the
 * device: the device a message is about (0 or -EPROTO), and adding one
 * message's parts to @st (0 or -EPROTO/-E2BIG).
 */
int etsn_stats_msg_ifindex(struct nlattr *attrs, int len, uint32_t *ifindex);
int etsn_stats_merge_attrs(struct nlattr *attrs, int len, struct etsn_stats *st);
/* Members of the current object (one device of etsnctl stats). */
void etsn_stats_out(struct etsn_out *o, const struct etsn_stats *st);
/* The same as one JSON object, inside an array or at the top (edgetsnd). */
void etsn_stats_json(struct etsn_json *j, const struct etsn_stats *st);

#endif
