// SPDX-License-Identifier: GPL-2.0
/*
 * IEEE 802.1CB talker at TC egress (clsact): sequence generation and
 * replication. A frame of a FRER stream (etsn_stream_id.h, as PSFP and
 * the classifier identify it) gets an R-TAG with the stream's next
 * sequence number after its MAC addresses, or after its VLAN tag when the
 * tag is in the frame's data; a tag left for the driver to insert goes on
 * the wire before the R-TAG, where 802.1CB wants it. A copy then leaves
 * by the stream's second device (bpf_clone_redirect) and the frame goes
 * on by the device the program is attached to, each with its own VLAN ID
 * if the stream names one. Frames of no stream leave untouched.
 */
#include <linux/pkt_cls.h>

#include "etsn_parse.h"
#include "etsn_stream_id.h"
#include "etsn_frer.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, struct etsn_psfp_mac_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_tmac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, struct etsn_psfp_ip_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_tip SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ETSN_FRER_MAX_STREAMS);
	__type(key, __u32);
	__type(value, struct etsn_frer_talker);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_frer_talk SEC(".maps");

#define MACS_LEN	(2 * ETH_ALEN)
#define VLAN_LEN	((__u32)sizeof(struct etsn_vlan_hdr))

/* Makes room for the R-TAG at off (MACS_LEN, or MACS_LEN + VLAN_LEN after
 * a tag in the data) and writes it. 0 or a negative errno.
 */
static __always_inline int insert_rtag(struct __sk_buff *skb, __u32 off, __u16 seq)
{
	__u8 hdr[MACS_LEN + VLAN_LEN];
	__be16 rtag[2] = { bpf_htons(ETSN_FRER_ETH_P_RTAG), bpf_htons(seq) };
	__be16 zero = 0;
	int err;

	err = bpf_skb_change_head(skb, ETSN_FRER_RTAG_LEN, 0);
	if (err)
		return err;
	if (off == MACS_LEN)
		err = bpf_skb_load_bytes(skb, ETSN_FRER_RTAG_LEN, hdr, MACS_LEN) ?:
		      bpf_skb_store_bytes(skb, 0, hdr, MACS_LEN, 0);
	else
		err = bpf_skb_load_bytes(skb, ETSN_FRER_RTAG_LEN, hdr, MACS_LEN + VLAN_LEN) ?:
		      bpf_skb_store_bytes(skb, 0, hdr, MACS_LEN + VLAN_LEN, 0);
	if (err)
		return err;
	/* EtherType, 16 reserved bits, the sequence number. */
	return bpf_skb_store_bytes(skb, off, &rtag[0], 2, 0) ?:
	       bpf_skb_store_bytes(skb, off + 2, &zero, 2, 0) ?:
	       bpf_skb_store_bytes(skb, off + 4, &rtag[1], 2, 0);
}

/* The frame's VLAN ID becomes vid: in the data's tag when there is one,
 * else in the tag the driver inserts. The priority bits stay.
 */
static __always_inline int set_vid(struct __sk_buff *skb, int tag_in_data, __u16 vid)
{
	__u16 tci;
	__be16 ntci;

	if (tag_in_data) {
		if (bpf_skb_load_bytes(skb, MACS_LEN + 2, &ntci, 2))
			return -1;
		ntci = bpf_htons((bpf_ntohs(ntci) & 0xf000) | vid);
		return bpf_skb_store_bytes(skb, MACS_LEN + 2, &ntci, 2, 0);
	}
	tci = skb->vlan_present ? skb->vlan_tci & 0xf000 : 0;
	if (skb->vlan_present && bpf_skb_vlan_pop(skb))
		return -1;
	return bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), tci | vid);
}

/* Back to the tag the frame had (metadata only: a data tag is rewritten). */
static __always_inline int restore_vid(struct __sk_buff *skb, int tag_in_data, int present,
				       __u16 tci)
{
	if (tag_in_data)
		return set_vid(skb, 1, tci & 0x0fff);
	if (skb->vlan_present && bpf_skb_vlan_pop(skb))
		return -1;
	return present ? bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), tci) : 0;
}

SEC("tc")
int etsn_frer_talker(struct __sk_buff *skb)
{
	struct etsn_frer_talker *t;
	void *data, *end;
	struct etsn_pkt p = {};
	__u32 ifindex2, present, off;
	__u16 vid, seq, vid1, vid2, tci;
	int parsed, tag_in_data;
	__u32 *id;

	/* The global parser is verified once, not once per caller state. */
	parsed = etsn_parse_skb(skb, &p);
	data = (void *)(long)skb->data;
	end = (void *)(long)skb->data_end;
	vid = etsn_stream_tag_vid(&p);
	if (!p.vlan_tags && skb->vlan_present)
		vid = skb->vlan_tci & 0x0fff;
	id = etsn_stream_identify(&etsn_frer_tmac, &etsn_frer_tip, data, end, vid, parsed, &p);
	if (!id)
		return TC_ACT_OK;
	t = bpf_map_lookup_elem(&etsn_frer_talk, id);
	if (!t)
		return TC_ACT_OK;
	bpf_spin_lock(&t->lock);
	/* A GSO skb would share one number among its segments, and an R-TAG
	 * goes after one tag at most here: such frames leave untagged.
	 */
	if (skb->gso_segs > 1 || p.vlan_tags > 1) {
		t->untagged++;
		bpf_spin_unlock(&t->lock);
		return TC_ACT_OK;
	}
	seq = t->seq++;
	t->sent++;
	ifindex2 = t->ifindex2;
	vid1 = t->vid1;
	vid2 = t->vid2;
	bpf_spin_unlock(&t->lock);

	tag_in_data = p.vlan_tags == 1;
	present = skb->vlan_present;
	tci = tag_in_data ? p.vlan_tci : skb->vlan_tci;
	off = tag_in_data ? MACS_LEN + VLAN_LEN : MACS_LEN;
	if (insert_rtag(skb, off, seq))
		return TC_ACT_SHOT;	/* a frame half rewritten must not leave */
	if (vid2 && set_vid(skb, tag_in_data, vid2))
		return TC_ACT_SHOT;
	bpf_clone_redirect(skb, ifindex2, 0);
	if (vid1)
		return set_vid(skb, tag_in_data, vid1) ? TC_ACT_SHOT : TC_ACT_OK;
	if (vid2 && restore_vid(skb, tag_in_data, present, tci))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
