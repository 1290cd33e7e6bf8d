// SPDX-License-Identifier: GPL-2.0
/*
 * Management frames (PTP above all) must not wait behind a closed gate:
 * ptp4l gives up on a TX timestamp after tx_timestamp_timeout (1 ms by
 * default) and faults the port. They bypass the gates, yet never start in
 * a protected window nor run into the next one, so critical windows stay
 * as clean as the guard band keeps them for every other frame.
 */
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>

#include "compat.h"
#include "etsn_mgmt.h"

static bool etsn_udp_is_ptp(const struct sk_buff *skb, int off)
{
	struct udphdr buf;
	const struct udphdr *uh = skb_header_pointer(skb, off, sizeof(buf), &buf);
	u16 port;

	if (!uh)
		return false;
	port = ntohs(uh->dest);
	return port == ETSN_PTP_EVENT_PORT || port == ETSN_PTP_GENERAL_PORT;
}

static bool etsn_ipv4_is_ptp(const struct sk_buff *skb, int off)
{
	struct iphdr buf;
	const struct iphdr *iph = skb_header_pointer(skb, off, sizeof(buf), &buf);

	/* Later fragments carry no UDP header. */
	if (!iph || iph->ihl < 5 || iph->protocol != IPPROTO_UDP ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return false;
	return etsn_udp_is_ptp(skb, off + iph->ihl * 4);
}

static bool etsn_ipv6_is_ptp(const struct sk_buff *skb, int off)
{
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6h = skb_header_pointer(skb, off, sizeof(buf), &buf);

	/* PTP over IPv6 carries no extension headers (1588 Annex E). */
	if (!ip6h || ip6h->nexthdr != IPPROTO_UDP)
		return false;
	return etsn_udp_is_ptp(skb, off + sizeof(*ip6h));
}

/**
 * etsn_mgmt_is_ptp() - is a frame a PTP message
 * @skb: a frame from its Ethernet header on (as a qdisc sees it)
 *
 * PTP over Ethernet (EtherType 0x88F7), untagged or behind one VLAN tag
 * (802.1Q or 802.1ad), or UDP to port 319 or 320 over IPv4 (first
 * fragment) or IPv6 (no extension headers).
 *
 * Return: true for a PTP message.
 */
bool etsn_mgmt_is_ptp(const struct sk_buff *skb)
{
	struct vlan_ethhdr buf;
	const struct ethhdr *eth = skb_header_pointer(skb, 0, ETH_HLEN, &buf);
	__be16 proto;
	int off = ETH_HLEN;

	if (!eth)
		return false;
	proto = eth->h_proto;
	if (eth_type_vlan(proto)) {
		const struct vlan_ethhdr *veth;

		veth = skb_header_pointer(skb, 0, VLAN_ETH_HLEN, &buf);
		if (!veth)
			return false;
		proto = veth->h_vlan_encapsulated_proto;
		off = VLAN_ETH_HLEN;
	}
	switch (proto) {
	case htons(ETH_P_1588):
		return true;
	case htons(ETH_P_IP):
		return etsn_ipv4_is_ptp(skb, off);
	case htons(ETH_P_IPV6):
		return etsn_ipv6_is_ptp(skb, off);
	default:
		return false;
	}
}
ETSN_EXPORT_FOR_KUNIT(etsn_mgmt_is_ptp);
