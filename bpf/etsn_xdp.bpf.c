// SPDX-License-Identifier: GPL-2.0
/*
 * Ingress XDP firewall: drops frames whose IPv4/IPv6 source falls in a
 * blocked prefix (LPM tries) or whose TCP/UDP destination port is blocked,
 * and frames too mangled to parse; passes everything else. Counts every
 * verdict by reason and every frame by protocol (per CPU; etsnctl sums).
 * Maps are pinned by name: etsnctl pins them under
 * /sys/fs/bpf/edgetsn/<ifname>/, iproute2 (ip link ... xdp obj) under its
 * own pin root, so either loader finds rules set before. A passed frame
 * goes on to the program in etsn_xdp_next (PSFP), if there is one.
 */
#include "etsn_parse.h"
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
	__uint(max_entries, ETSN_FW_PROTOS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_fw_proto SEC(".maps");

static __always_inline void count(void *map, __u32 key)
{
	__u64 *n = bpf_map_lookup_elem(map, &key);

	if (n)
		*n += 1;	/* per-CPU slot: no other writer */
}

static __always_inline __u32 proto_class(int parsed, const struct etsn_pkt *p)
{
	if (parsed == ETSN_PARSE_NOT_IP || !p->l3)
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

/* The reason to drop a well-formed IP frame, or ETSN_FW_PASSED. */
static __always_inline __u32 verdict(const struct etsn_pkt *p)
{
	if (p->l3 == ETH_P_IP) {
		struct etsn_fw_lpm4 k4 = { .prefixlen = 32 };

		__builtin_memcpy(k4.addr, &p->saddr4, sizeof(k4.addr));
		if (bpf_map_lookup_elem(&etsn_fw_src4, &k4))
			return ETSN_FW_DROPPED_CIDR4;
	} else {
		struct etsn_fw_lpm6 k6 = { .prefixlen = 128 };

		__builtin_memcpy(k6.addr, &p->saddr6, sizeof(k6.addr));
		if (bpf_map_lookup_elem(&etsn_fw_src6, &k6))
			return ETSN_FW_DROPPED_CIDR6;
	}
	if (p->has_ports) {
		struct etsn_fw_port_key pk = { .proto = p->l4, .port = p->dport };

		if (bpf_map_lookup_elem(&etsn_fw_port, &pk))
			return ETSN_FW_DROPPED_PORT;
	}
	return ETSN_FW_PASSED;
}

SEC("xdp")
int etsn_xdp_fw(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct etsn_pkt p = {};
	__u32 reason;
	int parsed;

	parsed = etsn_parse(data, end, &p);
	count(&etsn_fw_proto, proto_class(parsed, &p));
	if (parsed == ETSN_PARSE_MALFORMED)
		reason = ETSN_FW_MALFORMED;
	else if (parsed == ETSN_PARSE_NOT_IP)
		reason = ETSN_FW_PASSED;
	else
		reason = verdict(&p);
	count(&etsn_fw_stats, reason);
	if (reason != ETSN_FW_PASSED)
		return XDP_DROP;
	/* PSFP when etsnctl put it there; an empty slot falls through. */
	bpf_tail_call(ctx, &etsn_xdp_next, ETSN_XDP_NEXT_PSFP);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
