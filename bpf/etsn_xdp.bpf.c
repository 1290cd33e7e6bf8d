// SPDX-License-Identifier: GPL-2.0
/*
 * Ingress XDP firewall: drops frames whose IPv4/IPv6 source falls in a
 * blocked prefix (LPM tries) or whose TCP/UDP destination port is blocked,
 * and frames too mangled to parse; frames deeper than the parser reads
 * (etsn_parse.h) and later IP fragments get the verdict of etsn_fw_cfg
 * (default: drop the first, pass the second); passes everything else.
 * Counts every
 * verdict by reason, every frame by protocol and each rule's drops (per
 * CPU; etsnctl sums).
 * Maps are pinned by name: etsnctl pins them under
 * /sys/fs/bpf/edgetsn/<ifname>/, iproute2 (ip link ... xdp obj) under its
 * own pin root, so either loader finds rules set before. A passed frame
 * goes on to the programs in etsn_xdp_next (PSFP, then the FRER
 * listener), if there are any.
 *
 * SYN limit (off until etsnctl sets etsn_fw_syncfg): after the rules, a
 * TCP SYN without ACK takes one token from its source address's bucket
 * (etsn_fw_synsrc) or is dropped. The buckets are shared by all CPUs, for
 * the PSFP meter's reason: per-CPU buckets would each let a full burst
 * through, and RSS spreads one source's SYNs (their source ports differ)
 * over every RX queue. An LRU hash cannot hold a bpf_spin_lock, so the
 * locks live in an array (etsn_fw_synlck) and a bucket is changed only
 * under the lock its address hashes to; the critical section is a few
 * additions and one division, no helper calls.
 */
#include "etsn_parse.h"
#include "etsn_tbucket.h"
#include "etsn_xdp.h"
#include "etsn_xdp_next.h"

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, ETSN_FW_MAX_CIDR);
	__type(key, struct etsn_fw_lpm4);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_src4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, ETSN_FW_MAX_CIDR);
	__type(key, struct etsn_fw_lpm6);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_src6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FW_MAX_PORTS);
	__type(key, struct etsn_fw_port_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_FW_REASONS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_FW_MAX_RULES);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_rulecnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_FW_PROTOS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_proto SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct etsn_fw_syn_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_syncfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ETSN_FW_SYN_SOURCES);
	__type(key, struct etsn_fw_syn_key);
	__type(value, struct etsn_fw_syn_bucket);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_synsrc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ETSN_FW_SYN_LOCKS);
	__type(key, __u32);
	__type(value, struct etsn_fw_syn_lock);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_synlck SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct etsn_fw_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_FW_SYN_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_syncnt SEC(".maps");

static __always_inline void count(void *map, __u32 key)
{
	__u64 *n = bpf_map_lookup_elem(map, &key);

	if (n)
		*n += 1;	/* per-CPU slot: no other writer */
}

/* Whether a rule map holds key; a hit counts in the rule's own slot. */
static __always_inline int rule_hit(void *map, const void *key)
{
	__u32 *slot = bpf_map_lookup_elem(map, key);

	if (!slot)
		return 0;
	if (*slot)	/* 0: a rule without a counter, still a rule */
		count(&etsn_fw_rulecnt, *slot - 1);
	return 1;
}

static __always_inline __u32 proto_class(int parsed, const struct etsn_pkt *p)
{
	if (parsed == ETSN_PARSE_NOT_IP || !p->l3)	/* also > 4 VLAN tags */
		return ETSN_FW_PROTO_NON_IP;
	switch (p->l4) {
	case IPPROTO_TCP:
		return ETSN_FW_PROTO_TCP;
	case IPPROTO_UDP:
		return ETSN_FW_PROTO_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return ETSN_FW_PROTO_ICMP;
	default:
		return ETSN_FW_PROTO_OTHER_IP;
	}
}

static __always_inline int is_syn(const struct etsn_pkt *p)
{
	return p->l4 == IPPROTO_TCP && p->has_ports &&
	       (p->tcp_flags & (ETSN_TCP_FLAG_SYN | ETSN_TCP_FLAG_ACK)) == ETSN_TCP_FLAG_SYN;
}

_Static_assert(ETSN_FW_SYN_LOCK_BITS >= 1 && ETSN_FW_SYN_LOCK_BITS <= 16,
	       "the lock index is the top ETSN_FW_SYN_LOCK_BITS bits of a 32-bit hash");

/* Which of etsn_fw_synlck guards the bucket of p's source. */
static __always_inline __u32 lock_index(const struct etsn_pkt *p)
{
	__u32 h = p->saddr4;

	if (p->l3 != ETH_P_IP)
		h = p->saddr6.in6_u.u6_addr32[0] ^ p->saddr6.in6_u.u6_addr32[1] ^
		    p->saddr6.in6_u.u6_addr32[2] ^ p->saddr6.in6_u.u6_addr32[3];
	/* Top bits of the product: 0..ETSN_FW_SYN_LOCKS - 1. */
	return (h * 0x9e3779b1U) >> (32 - ETSN_FW_SYN_LOCK_BITS);
}

/* Whether the SYN of p may pass: takes a token from its source's bucket,
 * creating a full bucket for a new source. A failed map update (not
 * expected with an LRU) passes: the limit then does nothing, as when off.
 */
static __always_inline int syn_allowed(const struct etsn_pkt *p)
{
	const struct etsn_fw_syn_config *cfg;
	struct etsn_fw_syn_bucket *b, init;
	struct etsn_fw_syn_key k = {};
	struct etsn_fw_syn_lock *l;
	__u32 zero = 0, li;
	__u64 now, max;
	int ok = 0;

	cfg = bpf_map_lookup_elem(&etsn_fw_syncfg, &zero);
	if (!cfg || !cfg->max_tokens)
		return 1;
	max = cfg->max_tokens;
	if (p->l3 == ETH_P_IP) {
		k.family = 4;
		__builtin_memcpy(k.addr, &p->saddr4, 4);
	} else {
		k.family = 6;
		__builtin_memcpy(k.addr, &p->saddr6, 16);
	}
	li = lock_index(p);
	l = bpf_map_lookup_elem(&etsn_fw_synlck, &li);
	if (!l)
		return 1;
	now = bpf_ktime_get_ns();
	b = bpf_map_lookup_elem(&etsn_fw_synsrc, &k);
	if (!b) {
		/* Full bucket; another CPU may create it first (then EEXIST). */
		init.tokens = max;
		init.last_ns = now;
		if (!bpf_map_update_elem(&etsn_fw_synsrc, &k, &init, BPF_NOEXIST))
			count(&etsn_fw_syncnt, ETSN_FW_SYN_NEW_SOURCE);
		b = bpf_map_lookup_elem(&etsn_fw_synsrc, &k);
		if (!b)
			return 1;
	}
	bpf_spin_lock(&l->lock);
	if (now > b->last_ns) {
		etsn_tb_refill(&b->tokens, max, cfg->rate, now - b->last_ns);
		b->last_ns = now;
	} else if (b->tokens > max) {
		b->tokens = max;	/* the limit was lowered */
	}
	if (b->tokens >= ETSN_FW_SYN_TOKEN) {
		b->tokens -= ETSN_FW_SYN_TOKEN;
		ok = 1;
	}
	bpf_spin_unlock(&l->lock);
	return ok;
}

/* The reason for a frame beyond the parser's depth: the configured
 * verdict, drop when there is no config (cannot happen with an array).
 */
static __always_inline __u32 unparsed(const struct etsn_fw_config *cfg)
{
	if (cfg && cfg->unparsed == ETSN_FW_UNPARSED_PASS)
		return ETSN_FW_UNPARSED_PASSED;
	return ETSN_FW_UNPARSED;
}

/* The reason to drop an IP frame (parsed OK or UNPARSED: its addresses
 * are known), or ETSN_FW_PASSED.
 */
static __always_inline __u32 verdict(const struct etsn_pkt *p, int parsed,
				     const struct etsn_fw_config *cfg)
{
	if (p->l3 == ETH_P_IP) {
		struct etsn_fw_lpm4 k4 = { .prefixlen = 32 };

		__builtin_memcpy(k4.addr, &p->saddr4, sizeof(k4.addr));
		if (rule_hit(&etsn_fw_src4, &k4))
			return ETSN_FW_DROPPED_CIDR4;
	} else {
		struct etsn_fw_lpm6 k6 = { .prefixlen = 128 };

		__builtin_memcpy(k6.addr, &p->saddr6, sizeof(k6.addr));
		if (rule_hit(&etsn_fw_src6, &k6))
			return ETSN_FW_DROPPED_CIDR6;
	}
	if (parsed == ETSN_PARSE_UNPARSED)
		return unparsed(cfg);	/* its ports are out of reach */
	if (p->frag == ETSN_FRAG_LATER && cfg && cfg->frag == ETSN_FW_FRAG_DROP)
		return ETSN_FW_DROPPED_FRAG;
	if (p->has_ports) {
		struct etsn_fw_port_key pk = { .proto = p->l4, .port = p->dport };

		if (rule_hit(&etsn_fw_port, &pk))
			return ETSN_FW_DROPPED_PORT;
	}
	if (is_syn(p) && !syn_allowed(p))
		return ETSN_FW_DROPPED_SYN;
	return ETSN_FW_PASSED;
}

SEC("xdp")
int etsn_xdp_fw(struct xdp_md *ctx)
{
	const struct etsn_fw_config *cfg;
	struct etsn_pkt p = {};
	__u32 reason, zero = 0;
	int parsed;

	cfg = bpf_map_lookup_elem(&etsn_fw_cfg, &zero);
	parsed = etsn_parse_xdp(ctx, &p);
	count(&etsn_fw_proto, proto_class(parsed, &p));
	if (parsed == ETSN_PARSE_MALFORMED)
		reason = ETSN_FW_MALFORMED;
	else if (parsed == ETSN_PARSE_UNPARSED && !p.l3)	/* too many tags */
		reason = unparsed(cfg);
	else if (parsed == ETSN_PARSE_NOT_IP)
		reason = ETSN_FW_PASSED;
	else
		reason = verdict(&p, parsed, cfg);
	if (parsed == ETSN_PARSE_OK && is_syn(&p))
		count(&etsn_fw_syncnt, ETSN_FW_SYN_SEEN);
	count(&etsn_fw_stats, reason);
	if (reason != ETSN_FW_PASSED && reason != ETSN_FW_UNPARSED_PASSED)
		return XDP_DROP;
	/* PSFP, else the FRER listener, when etsnctl put them there; an
	 * empty slot falls through.
	 */
	bpf_tail_call(ctx, &etsn_xdp_next, ETSN_XDP_NEXT_PSFP);
	bpf_tail_call(ctx, &etsn_xdp_next, ETSN_XDP_NEXT_FRER);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
