// SPDX-License-Identifier: GPL-2.0
/*
 * Egress TC classifier (clsact): sets skb->priority from the IPv4/IPv6 DSCP
 * (read by bpf/etsn_parse.h) through the etsn_dscp_prio map, so that
 * applications which cannot set SO_PRIORITY still land in the right etsn
 * traffic class. DSCPs without an entry leave skb->priority alone (map
 * layout: etsn_dscp_prio.h; driven by etsnctl dscp). Maps are pinned by
 * name, so iproute2 (tc filter ... bpf da obj) and bpftool find them in
 * /sys/fs/bpf.
 */
#include <linux/pkt_cls.h>

#include "etsn_dscp_prio.h"
#include "etsn_parse.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ETSN_DSCP_COUNT);
	__type(key, __u32);
	__type(value, struct etsn_dscp_prio);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_dscp_prio SEC(".maps");

/* Frames whose priority this program set, per DSCP. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_DSCP_COUNT);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_dscp_hits SEC(".maps");

/* DSCP of an IPv4 or IPv6 frame behind up to 4 VLAN tags (an extension
 * chain too deep to read does not hide it), or -1 for anything else,
 * truncated frames included.
 */
static __always_inline int frame_dscp(struct __sk_buff *skb)
{
	struct etsn_pkt p = {};
	int parsed;

	parsed = etsn_parse_skb(skb, &p);
	if (!p.l3 || parsed == ETSN_PARSE_MALFORMED)
		return -1;
	return p.dscp;
}

SEC("tc")
int etsn_dscp_classify(struct __sk_buff *skb)
{
	struct etsn_dscp_prio *map;
	__u64 *hits;
	__u32 key;
	int dscp;

	dscp = frame_dscp(skb);
	if (dscp < 0)
		return TC_ACT_OK;
	key = dscp;
	map = bpf_map_lookup_elem(&etsn_dscp_prio, &key);
	if (!map || !map->valid)
		return TC_ACT_OK;
	skb->priority = map->priority;
	hits = bpf_map_lookup_elem(&etsn_dscp_hits, &key);
	if (hits)
		*hits += 1;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
