// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <netlink/attr.h>

#include "fmt.h"
#include "class.h"
#include "genl.h"
#include "stats.h"

static struct nla_policy class_policy[EDGETSN_A_CLASS_MAX + 1] = {
	[EDGETSN_A_CLASS_INDEX] = { .type = NLA_U8 },
	[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_ENQ_PACKETS] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_ENQ_BYTES] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_SENT_PACKETS] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_SENT_BYTES] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_DROP_QUEUE_FULL] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_DROP_OVERSIZE] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_GUARD_DEFERRALS] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_SOJOURN_MAX] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_SOJOURN_AVG] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_SOJOURN_HIST] = {
		.type = NLA_BINARY,
		.minlen = EDGETSN_SOJOURN_BUCKETS * sizeof(uint64_t),
	},
	[EDGETSN_A_CLASS_BACKLOG_PACKETS] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_BACKLOG_BYTES] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_DROP_PURGED] = { .type = NLA_U64 },
	[EDGETSN_A_CLASS_CLOSED] = { .type = NLA_U8 },
};

static struct nla_policy entry_policy[EDGETSN_A_ENTRY_STATS_MAX + 1] = {
	[EDGETSN_A_ENTRY_STATS_INDEX] = { .type = NLA_U32 },
	[EDGETSN_A_ENTRY_STATS_FRAMES] = { .type = NLA_U64 },
	[EDGETSN_A_ENTRY_STATS_BYTES] = { .type = NLA_U64 },
};

static struct nla_policy mgmt_policy[EDGETSN_A_MGMT_STATS_MAX + 1] = {
	[EDGETSN_A_MGMT_STATS_SENT_PACKETS] = { .type = NLA_U64 },
	[EDGETSN_A_MGMT_STATS_SENT_BYTES] = { .type = NLA_U64 },
	[EDGETSN_A_MGMT_STATS_DROPS] = { .type = NLA_U64 },
	[EDGETSN_A_MGMT_STATS_DEFERRALS] = { .type = NLA_U64 },
	[EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS] = { .type = NLA_U32 },
};

static uint64_t u64_of(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t u32_of(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

static int class_from_nest(struct nlattr *nest, struct etsn_stats *st)
{
	struct nlattr *tb[EDGETSN_A_CLASS_MAX + 1];
	struct etsn_class_counters *c;
	uint8_t idx;

	if (nla_parse_nested(tb, EDGETSN_A_CLASS_MAX, nest, class_policy) < 0 ||
	    !tb[EDGETSN_A_CLASS_INDEX])
		return -EPROTO;
	idx = nla_get_u8(tb[EDGETSN_A_CLASS_INDEX]);
	if (idx >= EDGETSN_NUM_TC)
		return -EPROTO;
	c = &st->cls[idx];
	c->present = true;
	c->enq_packets = u64_of(tb[EDGETSN_A_CLASS_ENQ_PACKETS]);
	c->enq_bytes = u64_of(tb[EDGETSN_A_CLASS_ENQ_BYTES]);
	c->sent_packets = u64_of(tb[EDGETSN_A_CLASS_SENT_PACKETS]);
	c->sent_bytes = u64_of(tb[EDGETSN_A_CLASS_SENT_BYTES]);
	c->drop_queue_full = u64_of(tb[EDGETSN_A_CLASS_DROP_QUEUE_FULL]);
	c->drop_oversize = u64_of(tb[EDGETSN_A_CLASS_DROP_OVERSIZE]);
	c->drop_gate_never_opens = u64_of(tb[EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS]);
	c->drop_purged = u64_of(tb[EDGETSN_A_CLASS_DROP_PURGED]);
	c->closed = tb[EDGETSN_A_CLASS_CLOSED] && nla_get_u8(tb[EDGETSN_A_CLASS_CLOSED]);
	c->guard_deferrals = u64_of(tb[EDGETSN_A_CLASS_GUARD_DEFERRALS]);
	c->sojourn_max = u64_of(tb[EDGETSN_A_CLASS_SOJOURN_MAX]);
	c->sojourn_avg = u64_of(tb[EDGETSN_A_CLASS_SOJOURN_AVG]);
	c->backlog_packets = u32_of(tb[EDGETSN_A_CLASS_BACKLOG_PACKETS]);
	c->backlog_bytes = u32_of(tb[EDGETSN_A_CLASS_BACKLOG_BYTES]);
	if ((c->has_max_sdu_effective = tb[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE]))
		c->max_sdu_effective = nla_get_u32(tb[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE]);
	if ((c->has_hist = tb[EDGETSN_A_CLASS_SOJOURN_HIST]))
		memcpy(c->sojourn_hist, nla_data(tb[EDGETSN_A_CLASS_SOJOURN_HIST]),
		       sizeof(c->sojourn_hist));
	return 0;
}

static int entry_from_nest(struct nlattr *nest, struct etsn_stats *st)
{
	struct nlattr *tb[EDGETSN_A_ENTRY_STATS_MAX + 1];
	struct etsn_entry_counters *e;

	if (st->num_entries == EDGETSN_MAX_ENTRIES)
		return -E2BIG;
	if (nla_parse_nested(tb, EDGETSN_A_ENTRY_STATS_MAX, nest, entry_policy) < 0 ||
	    !tb[EDGETSN_A_ENTRY_STATS_INDEX])
		return -EPROTO;
	e = &st->entries[st->num_entries++];
	e->index = nla_get_u32(tb[EDGETSN_A_ENTRY_STATS_INDEX]);
	e->frames = u64_of(tb[EDGETSN_A_ENTRY_STATS_FRAMES]);
	e->bytes = u64_of(tb[EDGETSN_A_ENTRY_STATS_BYTES]);
	return 0;
}

static int mgmt_from_nest(struct nlattr *nest, struct etsn_mgmt_counters *m)
{
	struct nlattr *tb[EDGETSN_A_MGMT_STATS_MAX + 1];

	if (nla_parse_nested(tb, EDGETSN_A_MGMT_STATS_MAX, nest, mgmt_policy) < 0)
		return -EPROTO;
	m->sent_packets = u64_of(tb[EDGETSN_A_MGMT_STATS_SENT_PACKETS]);
	m->sent_bytes = u64_of(tb[EDGETSN_A_MGMT_STATS_SENT_BYTES]);
	m->drops = u64_of(tb[EDGETSN_A_MGMT_STATS_DROPS]);
	m->deferrals = u64_of(tb[EDGETSN_A_MGMT_STATS_DEFERRALS]);
	m->backlog_packets = u32_of(tb[EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS]);
	return 0;
}

int etsn_stats_from_attrs(struct nlattr *attrs, int len, struct etsn_stats *st)
{
	memset(st, 0, sizeof(*st));
	return etsn_stats_merge_attrs(attrs, len, st);
}

int etsn_stats_msg_ifindex(struct nlattr *attrs, int len, uint32_t *ifindex)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1];

	if (etsn_genl_parse_attrs(attrs, len, tb) || !tb[EDGETSN_A_IFINDEX])
		return -EPROTO;
	*ifindex = nla_get_u32(tb[EDGETSN_A_IFINDEX]);
	return 0;
}

int etsn_stats_merge_attrs(struct nlattr *attrs, int len, struct etsn_stats *st)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1], *a;
	struct etsn_dev_id id;
	int rem, err = 0;

	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	etsn_dev_id_from_attrs(tb, &id);
	st->ifindex = id.ifindex;
	memcpy(st->ifname, id.ifname, sizeof(st->ifname));
	/* A dump sends the schedule counters in the first part only. */
	if (tb[EDGETSN_A_SCHED_STATS]) {
		st->has_sched = true;
		err = etsn_sched_counters_from_nest(tb[EDGETSN_A_SCHED_STATS], &st->sched);
	}
	if (!err && tb[EDGETSN_A_MGMT_STATS]) {
		st->has_mgmt = true;
		err = mgmt_from_nest(tb[EDGETSN_A_MGMT_STATS], &st->mgmt);
	}
	nla_for_each_attr(a, attrs, len, rem) {
		if (err)
			break;
		if (nla_type(a) == EDGETSN_A_CLASS)
			err = class_from_nest(a, st);
		else if (nla_type(a) == EDGETSN_A_ENTRY_STATS)
			err = entry_from_nest(a, st);
	}
	return err;
}

/* Bucket i of the histogram covers [2^i, 2^(i+1)) ns; bucket 0 is [0, 2). */
static void print_hist(FILE *out, const struct etsn_class_counters *c)
{
	char lo[24], hi[24];
	bool any = false;

	for (int i = 0; i < EDGETSN_SOJOURN_BUCKETS; i++) {
		if (!c->sojourn_hist[i])
			continue;
		if (!any)
			fputs("    sojourn histogram:", out);
		any = true;
		etsn_fmt_duration(i ? UINT64_C(1) << i : 0, lo, sizeof(lo));
		if (i == EDGETSN_SOJOURN_BUCKETS - 1)
			fprintf(out, " [%s,inf) %" PRIu64, lo, c->sojourn_hist[i]);
		else
			fprintf(out, " [%s,%s) %" PRIu64, lo,
				etsn_fmt_duration(UINT64_C(1) << (i + 1), hi, sizeof(hi)),
				c->sojourn_hist[i]);
	}
	if (any)
		fputc('\n', out);
}

void etsn_stats_print(FILE *out, const struct etsn_stats *st)
{
	char b1[24], b2[24];

	if (st->ifname[0])
		fprintf(out, "dev %s (ifindex %" PRIu32 ")\n", st->ifname, st->ifindex);
	else
		fprintf(out, "dev ifindex %" PRIu32 "\n", st->ifindex);
	for (int i = 0; i < EDGETSN_NUM_TC; i++) {
		const struct etsn_class_counters *c = &st->cls[i];

		if (!c->present)
			continue;
		fprintf(out, "tc %d: enqueued %" PRIu64 " pkts %" PRIu64 " bytes, sent %" PRIu64
			" pkts %" PRIu64 " bytes, backlog %" PRIu32 " pkts %" PRIu32 " bytes\n",
			i, c->enq_packets, c->enq_bytes, c->sent_packets, c->sent_bytes,
			c->backlog_packets, c->backlog_bytes);
		fprintf(out, "    drops: queue-full %" PRIu64 " oversize %" PRIu64
			" gate-never-opens %" PRIu64 " purged %" PRIu64
			"; guard-deferrals %" PRIu64 "\n",
			c->drop_queue_full, c->drop_oversize, c->drop_gate_never_opens,
			c->drop_purged, c->guard_deferrals);
		fprintf(out, "    sojourn: max %" PRIu64 "ns (%s) avg %" PRIu64 "ns (%s)",
			c->sojourn_max, etsn_fmt_duration(c->sojourn_max, b1, sizeof(b1)),
			c->sojourn_avg, etsn_fmt_duration(c->sojourn_avg, b2, sizeof(b2)));
		if (c->has_max_sdu_effective)
			etsn_max_sdu_eff_print(out, "; ", c->closed, c->max_sdu_effective);
		fputc('\n', out);
		print_hist(out, c);
	}
	for (uint32_t i = 0; i < st->num_entries; i++) {
		const struct etsn_entry_counters *e = &st->entries[i];

		fprintf(out, "entry %" PRIu32 ": frames %" PRIu64 " bytes %" PRIu64 "\n",
			e->index, e->frames, e->bytes);
	}
	if (st->has_mgmt)
		fprintf(out, "mgmt: sent %" PRIu64 " pkts %" PRIu64 " bytes, drops %" PRIu64
			", protected-window deferrals %" PRIu64 ", backlog %" PRIu32 " pkts\n",
			st->mgmt.sent_packets, st->mgmt.sent_bytes, st->mgmt.drops,
			st->mgmt.deferrals, st->mgmt.backlog_packets);
	if (st->has_sched)
		etsn_sched_counters_print(out, &st->sched);
}

void etsn_stats_json(struct etsn_json *j, const struct etsn_stats *st)
{
	etsn_json_open_object(j, NULL);
	etsn_json_u64(j, "ifindex", st->ifindex);
	etsn_json_string(j, "ifname", st->ifname);
	etsn_json_open_array(j, "classes");
	for (int i = 0; i < EDGETSN_NUM_TC; i++) {
		const struct etsn_class_counters *c = &st->cls[i];

		if (!c->present)
			continue;
		etsn_json_open_object(j, NULL);
		etsn_json_u64(j, "tc", (uint64_t)i);
		etsn_json_u64(j, "enq_packets", c->enq_packets);
		etsn_json_u64(j, "enq_bytes", c->enq_bytes);
		etsn_json_u64(j, "sent_packets", c->sent_packets);
		etsn_json_u64(j, "sent_bytes", c->sent_bytes);
		etsn_json_open_object(j, "drops");
		etsn_json_u64(j, "queue_full", c->drop_queue_full);
		etsn_json_u64(j, "oversize", c->drop_oversize);
		etsn_json_u64(j, "gate_never_opens", c->drop_gate_never_opens);
		etsn_json_u64(j, "purged", c->drop_purged);
		etsn_json_close_object(j);
		etsn_json_u64(j, "guard_deferrals", c->guard_deferrals);
		etsn_json_u64(j, "sojourn_max", c->sojourn_max);
		etsn_json_u64(j, "sojourn_avg", c->sojourn_avg);
		if (c->has_hist) {
			etsn_json_open_array(j, "sojourn_hist");
			for (int b = 0; b < EDGETSN_SOJOURN_BUCKETS; b++)
				etsn_json_u64(j, NULL, c->sojourn_hist[b]);
			etsn_json_close_array(j);
		}
		etsn_json_u64(j, "backlog_packets", c->backlog_packets);
		etsn_json_u64(j, "backlog_bytes", c->backlog_bytes);
		if (c->has_max_sdu_effective)
			etsn_max_sdu_eff_json(j, c->closed, c->max_sdu_effective);
		etsn_json_close_object(j);
	}
	etsn_json_close_array(j);
	etsn_json_open_array(j, "entries");
	for (uint32_t i = 0; i < st->num_entries; i++) {
		etsn_json_open_object(j, NULL);
		etsn_json_u64(j, "index", st->entries[i].index);
		etsn_json_u64(j, "frames", st->entries[i].frames);
		etsn_json_u64(j, "bytes", st->entries[i].bytes);
		etsn_json_close_object(j);
	}
	etsn_json_close_array(j);
	if (st->has_mgmt) {
		etsn_json_open_object(j, "mgmt");
		etsn_json_u64(j, "sent_packets", st->mgmt.sent_packets);
		etsn_json_u64(j, "sent_bytes", st->mgmt.sent_bytes);
		etsn_json_u64(j, "drops", st->mgmt.drops);
		etsn_json_u64(j, "deferrals", st->mgmt.deferrals);
		etsn_json_u64(j, "backlog_packets", st->mgmt.backlog_packets);
		etsn_json_close_object(j);
	}
	if (st->has_sched)
		etsn_sched_counters_json(j, "schedule", &st->sched);
	etsn_json_close_object(j);
}
