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
	[EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS] = { .type = NLA_U64 },
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
	m->protect_overruns = u64_of(tb[EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS]);
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

/* Bucket i of the histogram covers [2^i, 2^(i+1)) ns; bucket 0 is [0, 2).
 * JSON has every bucket; text only those that counted something.
 */
static void hist_out(struct etsn_out *o, const struct etsn_class_counters *c)
{
	char lo[24], hi[24];
	bool any = false;

	etsn_out_open_array(o, "sojourn_hist", NULL);
	for (int i = 0; i < EDGETSN_SOJOURN_BUCKETS; i++) {
		etsn_out_u64(o, ETSN_OUT_ITEM, NULL, c->sojourn_hist[i]);
		if (!c->sojourn_hist[i])
			continue;
		if (!any)
			etsn_out_text(o, "    sojourn histogram:");
		any = true;
		etsn_fmt_duration(i ? UINT64_C(1) << i : 0, lo, sizeof(lo));
		if (i == EDGETSN_SOJOURN_BUCKETS - 1)
			snprintf(hi, sizeof(hi), "inf");
		else
			etsn_fmt_duration(UINT64_C(1) << (i + 1), hi, sizeof(hi));
		etsn_out_text(o, " [%s,%s) %" PRIu64, lo, hi, c->sojourn_hist[i]);
	}
	if (any)
		etsn_out_text(o, "\n");
	etsn_out_close_array(o);
}

static void class_out(struct etsn_out *o, int tc, const struct etsn_class_counters *c)
{
	char b[24];

	etsn_out_open(o, ETSN_OUT_ITEM, NULL);
	etsn_out_u64(o, "tc", "tc %" PRIu64 ":", (uint64_t)tc);
	etsn_out_u64(o, "enq_packets", " enqueued %" PRIu64 " pkts", c->enq_packets);
	etsn_out_u64(o, "enq_bytes", " %" PRIu64 " bytes,", c->enq_bytes);
	etsn_out_u64(o, "sent_packets", " sent %" PRIu64 " pkts", c->sent_packets);
	etsn_out_u64(o, "sent_bytes", " %" PRIu64 " bytes,", c->sent_bytes);
	etsn_out_u64(o, "backlog_packets", " backlog %" PRIu64 " pkts", c->backlog_packets);
	etsn_out_u64(o, "backlog_bytes", " %" PRIu64 " bytes\n", c->backlog_bytes);
	etsn_out_open(o, "drops", "    drops:");
	etsn_out_u64(o, "queue_full", " queue-full %" PRIu64, c->drop_queue_full);
	etsn_out_u64(o, "oversize", " oversize %" PRIu64, c->drop_oversize);
	etsn_out_u64(o, "gate_never_opens", " gate-never-opens %" PRIu64,
		     c->drop_gate_never_opens);
	etsn_out_u64(o, "purged", " purged %" PRIu64, c->drop_purged);
	etsn_out_close(o);
	etsn_out_u64(o, "guard_deferrals", "; guard-deferrals %" PRIu64 "\n", c->guard_deferrals);
	etsn_out_u64(o, "sojourn_max_ns", "    sojourn: max %" PRIu64 "ns", c->sojourn_max);
	etsn_out_text(o, " (%s)", etsn_fmt_duration(c->sojourn_max, b, sizeof(b)));
	etsn_out_u64(o, "sojourn_avg_ns", " avg %" PRIu64 "ns", c->sojourn_avg);
	etsn_out_text(o, " (%s)", etsn_fmt_duration(c->sojourn_avg, b, sizeof(b)));
	if (c->has_max_sdu_effective)
		etsn_max_sdu_eff_out(o, "; ", c->closed, c->max_sdu_effective);
	etsn_out_text(o, "\n");
	if (c->has_hist)
		hist_out(o, c);
	etsn_out_close(o);
}

static void mgmt_out(struct etsn_out *o, const struct etsn_mgmt_counters *m)
{
	etsn_out_open(o, "mgmt", "mgmt:");
	etsn_out_u64(o, "sent_packets", " sent %" PRIu64 " pkts", m->sent_packets);
	etsn_out_u64(o, "sent_bytes", " %" PRIu64 " bytes", m->sent_bytes);
	etsn_out_u64(o, "drops", ", drops %" PRIu64, m->drops);
	etsn_out_u64(o, "deferrals", ", protected-window deferrals %" PRIu64, m->deferrals);
	etsn_out_u64(o, "protect_overruns", " overruns %" PRIu64, m->protect_overruns);
	etsn_out_u64(o, "backlog_packets", ", backlog %" PRIu64 " pkts\n", m->backlog_packets);
	etsn_out_close(o);
}

void etsn_stats_out(struct etsn_out *o, const struct etsn_stats *st)
{
	etsn_out_dev(o, st->ifindex, st->ifname);
	etsn_out_open_array(o, "classes", NULL);
	for (int i = 0; i < EDGETSN_NUM_TC; i++)
		if (st->cls[i].present)
			class_out(o, i, &st->cls[i]);
	etsn_out_close_array(o);
	etsn_out_open_array(o, "entries", NULL);
	for (uint32_t i = 0; i < st->num_entries; i++) {
		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(o, "index", "entry %" PRIu64 ":", st->entries[i].index);
		etsn_out_u64(o, "frames", " frames %" PRIu64, st->entries[i].frames);
		etsn_out_u64(o, "bytes", " bytes %" PRIu64 "\n", st->entries[i].bytes);
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	if (st->has_mgmt)
		mgmt_out(o, &st->mgmt);
	if (st->has_sched)
		etsn_sched_counters_out(o, &st->sched);
}

void etsn_stats_json(struct etsn_json *j, const struct etsn_stats *st)
{
	struct etsn_out o;

	etsn_out_into(&o, j);
	etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
	etsn_stats_out(&o, st);
	etsn_out_close(&o);
}
