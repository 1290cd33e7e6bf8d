// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 802.1Qci per-stream filtering and policing at XDP ingress.
 *
 * Stream identification: destination MAC + VLAN ID first (etsn_psfp_mac),
 * then the IP 5-tuple with the frame's DSCP, then the 5-tuple for any DSCP
 * (etsn_psfp_ip). A frame no stream claims is passed or dropped by the
 * policy in etsn_psfp_cfg; one whose IP headers cannot be read to the
 * ports (truncated, or deeper than etsn_parse.h reads) might be any
 * 5-tuple stream's, and gets the unparsed verdict of etsn_psfp_cfg
 * (default drop). A claimed frame then meets its stream's filter
 * (longer than max_sdu: dropped) and meter: two-rate, colour-blind,
 * uncoupled token buckets (MEF 10.3 with CF = 0): green while the
 * committed bucket holds the frame, yellow while the excess one does, red
 * (dropped) otherwise; yellow frames pass, or are dropped for a stream
 * flagged drop-yellow. Between the two, an optional stream gate
 * (etsn_psfp_gate) drops frames that come while its schedule has it closed.
 *
 * The meter's state is shared by all CPUs and guarded by the bpf_spin_lock
 * in its value (etsn_psfp_meter, an array indexed by stream id, apart
 * from the filter so that etsnctl replaces one without the other):
 * per-CPU buckets would each let a full burst through, multiplying the
 * burst by the number of CPUs receiving the stream. The critical section
 * is a few additions, no helper calls.
 *
 * Lookups of empty maps are skipped (etsn_psfp_config.skip): with only
 * 5-tuple streams of any DSCP and no gates, a frame costs one hash lookup,
 * whose value holds the stream id and the filter; the counters and the
 * meter are arrays indexed by the id (no hashing).
 *
 * Runs as the firewall's tail call (etsn_xdp_next) or on its own.
 */
#include "etsn_parse.h"
#include "etsn_psfp.h"
#include "etsn_tbucket.h"
#include "etsn_stream_id.h"
#include "etsn_xdp_next.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__type(key, struct etsn_psfp_mac_key);
	__type(value, struct etsn_psfp_ident);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__type(key, struct etsn_psfp_ip_key);
	__type(value, struct etsn_psfp_ident);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_ip SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_psfp_stream);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_strm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_psfp_meter);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_meter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_psfp_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_PSFP_GLOBALS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_glob SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct etsn_psfp_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_PSFP_MAX_STREAMS);
	__uint(map_flags, BPF_F_NO_PREALLOC);	/* few streams have a gate */
	__type(key, __u32);
	__type(value, struct etsn_psfp_gate);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_psfp_gate SEC(".maps");

enum colour { GREEN, YELLOW, RED };

_Static_assert(__builtin_offsetof(struct etsn_psfp_ident, id) == 0,
	       "etsn_stream_id.h reads the stream id at the start of the value");

/* The frame's stream, or NULL (etsn_stream_id.h, as the classifier). */
static __always_inline struct etsn_psfp_ident *identify(void *data, void *end, int parsed,
							 const struct etsn_pkt *p, __u32 skip)
{
	return (struct etsn_psfp_ident *)
		etsn_stream_identify_skip(&etsn_psfp_mac, &etsn_psfp_ip, data, end,
					  etsn_stream_tag_vid(p), parsed, p, skip);
}

static __always_inline int meter(struct etsn_psfp_meter *m, __u64 len, __u64 now)
{
	__u64 len_nb = len * ETSN_PSFP_NS_PER_SEC;
	int c = RED;

	bpf_spin_lock(&m->lock);
	if (m->last_ns && now > m->last_ns) {
		__u64 dt = now - m->last_ns;

		etsn_tb_refill(&m->ctokens, m->cbs * ETSN_PSFP_NS_PER_SEC, m->cir, dt);
		etsn_tb_refill(&m->etokens, m->ebs * ETSN_PSFP_NS_PER_SEC, m->eir, dt);
	}
	if (now > m->last_ns)
		m->last_ns = now;
	if (m->ctokens >= len_nb) {
		m->ctokens -= len_nb;
		c = GREEN;
	} else if (m->etokens >= len_nb) {
		m->etokens -= len_nb;
		c = YELLOW;
	}
	bpf_spin_unlock(&m->lock);
	return c;
}

/* Whether the stream's gate is open now (no gate: open). */
static __always_inline int gate_open(const __u32 *id, __u32 skip)
{
	struct etsn_psfp_gate *g;
	__u64 now, off, end = 0;
	int i, open = 1;

	if (skip & ETSN_PSFP_SKIP_GATE)
		return 1;
	g = bpf_map_lookup_elem(&etsn_psfp_gate, id);
	if (!g)
		return 1;
	now = bpf_ktime_get_tai_ns();
	if (now < g->base_ns || !g->cycle_ns)
		return 1;
	off = (now - g->base_ns) % g->cycle_ns;
#pragma unroll
	for (i = 0; i < ETSN_PSFP_GATE_MAX; i++) {
		if (i >= g->count)
			break;
		open = g->ent[i].open;
		end += g->ent[i].interval_ns;
		if (off < end)
			break;
	}
	return open;
}

/* The verdict on a frame no stream claims; parsed says whether it could
 * have been identified at all.
 */
static __always_inline int unknown(const struct etsn_psfp_config *cfg, int parsed)
{
	__u32 g;
	__u64 *n;
	int drop;

	if (parsed == ETSN_PARSE_MALFORMED || parsed == ETSN_PARSE_UNPARSED) {
		/* No config (cannot happen with an array): fail closed. */
		drop = !cfg || cfg->unparsed != ETSN_PSFP_UNPARSED_PASS;
		g = drop ? ETSN_PSFP_UNPARSED_DROPPED : ETSN_PSFP_UNPARSED_PASSED;
	} else {
		drop = cfg && cfg->unknown_policy == ETSN_PSFP_UNKNOWN_DROP;
		g = drop ? ETSN_PSFP_UNKNOWN_DROPPED : ETSN_PSFP_UNKNOWN_PASSED;
	}
	n = bpf_map_lookup_elem(&etsn_psfp_glob, &g);
	if (n)
		*n += 1;	/* per-CPU slot: no other writer */
	return drop ? XDP_DROP : XDP_PASS;
}

static __always_inline int psfp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 len = (__u64)(end - data);
	struct etsn_psfp_counters *cnt;
	struct etsn_psfp_config *cfg;
	struct etsn_psfp_ident *s;
	struct etsn_psfp_meter *mt;
	struct etsn_pkt p = {};
	__u32 id, key = 0, skip;
	__u64 now;
	int parsed;

	cfg = bpf_map_lookup_elem(&etsn_psfp_cfg, &key);
	skip = cfg ? cfg->skip : 0;
	parsed = etsn_parse_xdp(ctx, &p);
	s = identify(data, end, parsed, &p, skip);
	if (!s)
		return unknown(cfg, parsed);
	id = s->id;
	cnt = bpf_map_lookup_elem(&etsn_psfp_cnt, &id);
	mt = bpf_map_lookup_elem(&etsn_psfp_meter, &id);
	if (!cnt || !mt)
		return unknown(cfg, ETSN_PARSE_OK);	/* an id past the arrays */
	if (s->max_sdu && len > s->max_sdu) {
		cnt->dropped_sdu++;
		return XDP_DROP;
	}
	if (!gate_open(&id, skip)) {
		cnt->dropped_gate++;
		return XDP_DROP;
	}
	if (!(mt->flags & ETSN_PSFP_F_METER)) {
		cnt->passed++;
		return XDP_PASS;
	}
	now = bpf_ktime_get_ns();
	switch (meter(mt, len, now)) {
	case GREEN:
		cnt->passed++;
		return XDP_PASS;
	case YELLOW:
		if (mt->flags & ETSN_PSFP_F_DROP_YELLOW) {
			cnt->dropped_yellow++;
			return XDP_DROP;
		}
		cnt->yellow++;
		cnt->passed++;
		return XDP_PASS;
	default:
		cnt->dropped_red++;
		return XDP_DROP;
	}
}

SEC("xdp")
int etsn_xdp_psfp(struct xdp_md *ctx)
{
	int verdict = psfp(ctx);

	/* FRER elimination of what PSFP passed; an empty slot falls through. */
	if (verdict == XDP_PASS)
		bpf_tail_call(ctx, &etsn_xdp_next, ETSN_XDP_NEXT_FRER);
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
