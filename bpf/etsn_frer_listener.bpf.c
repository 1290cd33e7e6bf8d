// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 802.1CB listener at XDP: sequence recovery and elimination.
 *
 * A frame's R-TAG (after the MAC addresses or the VLAN tag) is taken off
 * first, so that the stream is identified on the frame as its talker sent
 * it (etsn_stream_id.h: MAC + VLAN, then the IP 5-tuple) and the stack
 * gets the frame without it. The stream's recovery function
 * (etsn_frer_rcvy.h) then passes the first copy of each sequence number
 * and drops the others. The same program and maps serve every member
 * interface of the stream, so the state lives in one map value per stream,
 * guarded by its bpf_spin_lock against the CPUs receiving on each path.
 * Frames of no FRER stream pass (untagged, if they carried an R-TAG).
 */
#include "etsn_parse.h"
#include "etsn_stream_id.h"
#include "etsn_frer.h"
#include "etsn_frer_rcvy.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, struct etsn_psfp_mac_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_lmac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, struct etsn_psfp_ip_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_lip SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_frer_rcvy);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_rcvy SEC(".maps");

/* Bytes before the R-TAG: the MAC addresses and at most one VLAN tag. */
#define HDR_MAX	(2 * ETH_ALEN + sizeof(struct etsn_vlan_hdr))

/* Takes the R-TAG off the frame: the hdr bytes before it move up over it
 * and the frame starts ETSN_FRER_RTAG_LEN later. 0 and *seq, or -1 when
 * the frame has no R-TAG (or is too short for one).
 */
static __always_inline int strip_rtag(struct xdp_md *ctx, __u16 *seq)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 hdr[HDR_MAX];
	__be16 *type;
	__u32 off = 2 * ETH_ALEN;

	if (data + HDR_MAX + ETSN_FRER_RTAG_LEN + 2 > end)
		return -1;
	type = data + off;
	if (*type == bpf_htons(ETH_P_8021Q) || *type == bpf_htons(ETH_P_8021AD)) {
		off += sizeof(struct etsn_vlan_hdr);
		type = data + off;
	}
	if (*type != bpf_htons(ETSN_FRER_ETH_P_RTAG))
		return -1;
	*seq = bpf_ntohs(*(__be16 *)((__u8 *)type + 4));
	__builtin_memcpy(hdr, data, HDR_MAX);
	if (off == 2 * ETH_ALEN)
		__builtin_memcpy(data + ETSN_FRER_RTAG_LEN, hdr, 2 * ETH_ALEN);
	else
		__builtin_memcpy(data + ETSN_FRER_RTAG_LEN, hdr, HDR_MAX);
	return bpf_xdp_adjust_head(ctx, ETSN_FRER_RTAG_LEN) ? -1 : 0;
}

SEC("xdp")
int etsn_frer_listener(struct xdp_md *ctx)
{
	struct etsn_frer_rcvy *r;
	struct etsn_pkt p = {};
	void *data, *end;
	__u16 seq = 0;
	int tagged, parsed, verdict;
	__u32 *id;
	__u64 now;

	tagged = !strip_rtag(ctx, &seq);
	/* The global parser is verified once, not once per caller state. */
	parsed = etsn_parse_xdp(ctx, &p);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	id = etsn_stream_identify(&etsn_frer_lmac, &etsn_frer_lip, data, end,
				  etsn_stream_tag_vid(&p), parsed, &p);
	if (!id)
		return XDP_PASS;
	r = bpf_map_lookup_elem(&etsn_frer_rcvy, id);
	if (!r)
		return XDP_PASS;
	now = bpf_ktime_get_ns();
	bpf_spin_lock(&r->lock);
	verdict = etsn_frer_recover(r, tagged, seq, now);
	bpf_spin_unlock(&r->lock);
	return verdict == ETSN_FRER_PASS ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
