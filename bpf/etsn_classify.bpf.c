// SPDX-License-Identifier: GPL-2.0
/*
 * Egress stream classifier (TC clsact egress, direct action): identifies a
 * frame's stream as PSFP does (bpf/etsn_stream_id.h: destination MAC +
 * VLAN ID, then IP 5-tuple with DSCP, then 5-tuple with any DSCP) and sets
 * skb->priority to the stream's priority, so the etsn qdisc puts it in
 * the stream's traffic class even when the application cannot set
 * SO_PRIORITY. Frames of no stream keep their priority, as do frames whose
 * IP headers cannot be read to the ports (counted apart: they might be a
 * 5-tuple stream's). Always TC_ACT_OK: classifying never drops.
 *
 * The VLAN ID comes from the tag in the frame or, when a VLAN device left
 * the tag for the driver to insert, from the skb's metadata: either way a
 * tagged stream is matched by the VID it leaves with.
 *
 * Maps are pinned by name: etsnctl pins them under
 * /sys/fs/bpf/edgetsn/<ifname>/, iproute2 in its own root.
 */
#include <linux/pkt_cls.h>

#include "etsn_parse.h"
#include "etsn_classify.h"
#include "etsn_stream_id.h"

/* Headers the parser needs in the linear area (Ethernet, up to 4 tags,
 * IPv6 with extension headers, the ports); a chain reaching past it in
 * paged data counts as unparsed.
 */
#define ETSN_CLS_PULL	256

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_CLS_MAX_STREAMS);
	__type(key, struct etsn_psfp_mac_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_cls_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_CLS_MAX_STREAMS);
	__type(key, struct etsn_psfp_ip_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_cls_ip SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_CLS_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_cls_stream);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_cls_strm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_CLS_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_cls_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_cls_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ETSN_CLS_MISSES);
	__type(key, __u32);
	__type(value, struct etsn_cls_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_cls_miss SEC(".maps");

static __always_inline void count(struct etsn_cls_counters *c, __u32 len)
{
	/* Per-CPU slot: no other writer. */
	c->packets++;
	c->bytes += len;
}

static __always_inline int miss(__u32 len, __u32 key)
{
	struct etsn_cls_counters *c;

	c = bpf_map_lookup_elem(&etsn_cls_miss, &key);
	if (c)
		count(c, len);
	return TC_ACT_OK;
}

SEC("tc")
int etsn_classify(struct __sk_buff *skb)
{
	struct etsn_cls_counters *cnt;
	struct etsn_cls_stream *s;
	struct etsn_pkt p = {};
	__u32 len = skb->len;
	void *data, *end;
	int parsed;
	__u16 vid;
	__u32 *id;

	/* Headers in paged data (rare on egress) are pulled into reach. */
	if (skb->data_end - skb->data < ETSN_CLS_PULL && len > skb->data_end - skb->data)
		bpf_skb_pull_data(skb, len < ETSN_CLS_PULL ? len : ETSN_CLS_PULL);
	data = (void *)(long)skb->data;
	end = (void *)(long)skb->data_end;
	parsed = etsn_parse_skb(skb, &p);
	vid = etsn_stream_tag_vid(&p);
	if (!p.vlan_tags && skb->vlan_present)
		vid = skb->vlan_tci & 0x0fff;
	id = etsn_stream_identify(&etsn_cls_mac, &etsn_cls_ip, data, end, vid, parsed, &p);
	if (!id)
		return miss(len, parsed == ETSN_PARSE_MALFORMED || parsed == ETSN_PARSE_UNPARSED ?
			    ETSN_CLS_MISS_UNPARSED : ETSN_CLS_MISS_UNKNOWN);
	s = bpf_map_lookup_elem(&etsn_cls_strm, id);
	cnt = bpf_map_lookup_elem(&etsn_cls_cnt, id);
	if (!s || !cnt)
		return miss(len, ETSN_CLS_MISS_UNKNOWN);	/* a key whose stream is going away */
	skb->priority = s->priority;
	count(cnt, len);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
