/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stream identification shared by PSFP (etsn_psfp.bpf.c, XDP ingress) and
 * the stream classifier (etsn_classify.bpf.c, TC egress), so that a stream
 * spec names the same frames in both: destination MAC + VLAN ID first
 * (struct etsn_psfp_mac_key), then the IP 5-tuple with the frame's DSCP,
 * then the 5-tuple for any DSCP (struct etsn_psfp_ip_key). Each program
 * passes its own two maps (key -> __u32 stream id).
 */
#ifndef ETSN_STREAM_ID_H
#define ETSN_STREAM_ID_H

#include "etsn_parse.h"
#include "etsn_psfp.h"

/* VLAN ID of a tag in the frame's data, 0 when untagged. */
static __always_inline __u16 etsn_stream_tag_vid(const struct etsn_pkt *p)
{
	return p->vlan_tags ? p->vlan_tci & 0x0fff : 0;
}

/* The 5-tuple key of a parsed frame with its DSCP; 0, or -1 when the frame
 * has no 5-tuple (not IP, malformed, not TCP/UDP, a later fragment).
 */
static __always_inline int etsn_stream_ip_key(int parsed, const struct etsn_pkt *p,
					      struct etsn_psfp_ip_key *k)
{
	if (parsed != ETSN_PARSE_OK || !p->has_ports)
		return -1;
	k->proto = p->l4;
	k->sport = p->sport;
	k->dport = p->dport;
	if (p->l3 == ETH_P_IP) {
		k->family = 4;
		__builtin_memcpy(k->src, &p->saddr4, 4);
		__builtin_memcpy(k->dst, &p->daddr4, 4);
	} else {
		k->family = 6;
		__builtin_memcpy(k->src, &p->saddr6, 16);
		__builtin_memcpy(k->dst, &p->daddr6, 16);
	}
	k->dscp = p->dscp;
	return 0;
}

/* The stream id of the frame in [data, end) (parsed into *p, result
 * parsed) whose VLAN ID is vid, or NULL. mac_map and ip_map are the
 * caller's identification maps; skip (ETSN_PSFP_SKIP_MAC, _DSCP) names
 * lookups the caller knows cannot hit, so the common case of 5-tuple
 * streams of any DSCP is one lookup.
 */
static __always_inline __u32 *etsn_stream_identify_skip(void *mac_map, void *ip_map,
							void *data, void *end, __u16 vid,
							int parsed, const struct etsn_pkt *p,
							__u32 skip)
{
	struct etsn_psfp_mac_key mk = {};
	struct etsn_psfp_ip_key ik = {};
	struct ethhdr *eth = data;
	__u32 *id;

	if ((void *)(eth + 1) > end)
		return NULL;
	if (!(skip & ETSN_PSFP_SKIP_MAC)) {
		__builtin_memcpy(mk.dst, eth->h_dest, sizeof(mk.dst));
		mk.vid = vid;
		id = bpf_map_lookup_elem(mac_map, &mk);
		if (id)
			return id;
	}
	if (etsn_stream_ip_key(parsed, p, &ik))
		return NULL;
	if (!(skip & ETSN_PSFP_SKIP_DSCP)) {
		id = bpf_map_lookup_elem(ip_map, &ik);
		if (id)
			return id;
	}
	ik.dscp = ETSN_PSFP_DSCP_ANY;
	return bpf_map_lookup_elem(ip_map, &ik);
}

/* As above, every lookup done. */
static __always_inline __u32 *etsn_stream_identify(void *mac_map, void *ip_map, void *data,
						   void *end, __u16 vid, int parsed,
						   const struct etsn_pkt *p)
{
	return etsn_stream_identify_skip(mac_map, ip_map, data, end, vid, parsed, p, 0);
}

#endif /* ETSN_STREAM_ID_H */
