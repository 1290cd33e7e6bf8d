// SPDX-License-Identifier: GPL-2.0
/*
 * Egress TC classifier (clsact): sets skb->priority from the IPv4/IPv6 DSCP
 * through the etsn_dscp_prio map, so that applications which cannot set
 * SO_PRIORITY still land in the right etsn traffic class. DSCPs without an
 * entry leave skb->priority alone. Maps are pinned by name, so iproute2
 * (tc filter ... bpf da obj) and bpftool find them in /sys/fs/bpf.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define DSCP_COUNT 64

/* One entry per DSCP; valid = 0 means "not mapped". */
struct dscp_prio {
	__u32 priority;
	__u32 valid;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DSCP_COUNT);
	__type(key, __u32);
	__type(value, struct dscp_prio);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_dscp_prio SEC(".maps");

/* Frames whose priority this program set, per DSCP. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, DSCP_COUNT);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_dscp_hits SEC(".maps");

/* DSCP of an IPv4 or IPv6 frame, or -1 for anything else. */
static __always_inline int frame_dscp(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return -1;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return -1;
		return ip->tos >> 2;
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return -1;
		/* Traffic class straddles the first two bytes. */
		return ((ip6->priority << 4) | (ip6->flow_lbl[0] >> 4)) >> 2;
	}
	return -1;
}

SEC("tc")
int etsn_dscp_classify(struct __sk_buff *skb)
{
	struct dscp_prio *map;
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
