/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame parsing shared by edgetsn's XDP programs (the firewall now, PSFP
 * and the stream classifier later): Ethernet with at most one 802.1Q/802.1ad
 * tag, IPv4 or IPv6 (skipping up to ETSN_IPV6_MAX_EXT extension headers),
 * then the TCP/UDP ports. Every access is bounds-checked against data_end,
 * so the verifier of 6.1 and later accepts any caller.
 */
#ifndef ETSN_PARSE_H
#define ETSN_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETSN_IPV6_MAX_EXT	4

/* Not in the uapi headers: the 4 bytes after the source MAC of a tagged frame. */
struct etsn_vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

/* IPv6 fragment header (not in the uapi headers either). */
struct etsn_frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

/* What etsn_parse() found. */
enum etsn_parse_result {
	ETSN_PARSE_OK,		/* IPv4 or IPv6; l4 fields valid if has_ports */
	ETSN_PARSE_NOT_IP,	/* a well-formed frame of another EtherType */
	ETSN_PARSE_MALFORMED,	/* truncated or inconsistent headers */
};

struct etsn_pkt {
	__u16 l3;		/* ETH_P_IP or ETH_P_IPV6 (host order) */
	__u16 vlan_tci;		/* host order; valid if has_vlan */
	__u8 has_vlan;
	__u8 l4;		/* IPPROTO_* of the transport header */
	__u8 has_ports;		/* 0 for non-first fragments and non-TCP/UDP */
	__u8 dscp;
	__u16 sport;		/* host order */
	__u16 dport;		/* host order */
	__be32 saddr4;
	__be32 daddr4;
	struct in6_addr saddr6;
	struct in6_addr daddr6;
	__u8 tcp_flags;		/* TCP: byte 13 (CWR..FIN); else 0 */
};

#define ETSN_TCP_FLAG_SYN	0x02
#define ETSN_TCP_FLAG_ACK	0x10

static __always_inline int etsn_parse_ports(void *l4, void *end, struct etsn_pkt *p)
{
	if (p->l4 == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > end)
			return ETSN_PARSE_MALFORMED;
		p->sport = bpf_ntohs(th->source);
		p->dport = bpf_ntohs(th->dest);
		p->tcp_flags = ((__u8 *)th)[13];
		p->has_ports = 1;
	} else if (p->l4 == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) > end)
			return ETSN_PARSE_MALFORMED;
		p->sport = bpf_ntohs(uh->source);
		p->dport = bpf_ntohs(uh->dest);
		p->has_ports = 1;
	}
	return ETSN_PARSE_OK;
}

static __always_inline int etsn_parse_ipv4(void *l3, void *end, struct etsn_pkt *p)
{
	struct iphdr *ip = l3;
	__u32 hlen;

	if ((void *)(ip + 1) > end)
		return ETSN_PARSE_MALFORMED;
	hlen = ip->ihl * 4;
	if (ip->version != 4 || hlen < sizeof(*ip) || l3 + hlen > end)
		return ETSN_PARSE_MALFORMED;
	p->saddr4 = ip->saddr;
	p->daddr4 = ip->daddr;
	p->dscp = ip->tos >> 2;
	p->l4 = ip->protocol;
	/* Only the first fragment carries the transport header. */
	if (ip->frag_off & bpf_htons(0x1fff))
		return ETSN_PARSE_OK;
	return etsn_parse_ports(l3 + hlen, end, p);
}

static __always_inline int etsn_parse_ipv6(void *l3, void *end, struct etsn_pkt *p)
{
	struct ipv6hdr *ip6 = l3;
	void *cur = ip6 + 1;
	__u8 next;
	int i;

	if ((void *)(ip6 + 1) > end)
		return ETSN_PARSE_MALFORMED;
	if (ip6->version != 6)
		return ETSN_PARSE_MALFORMED;
	p->saddr6 = ip6->saddr;
	p->daddr6 = ip6->daddr;
	p->dscp = ((ip6->priority << 4) | (ip6->flow_lbl[0] >> 4)) >> 2;
	next = ip6->nexthdr;
#pragma unroll
	for (i = 0; i < ETSN_IPV6_MAX_EXT; i++) {
		struct ipv6_opt_hdr *opt = cur;

		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT)
			break;
		if ((void *)(opt + 1) > end)
			return ETSN_PARSE_MALFORMED;
		if (next == IPPROTO_FRAGMENT) {
			struct etsn_frag_hdr *fh = cur;

			if ((void *)(fh + 1) > end)
				return ETSN_PARSE_MALFORMED;
			p->l4 = fh->nexthdr;
			/* Later fragments: no transport header to read. */
			if (fh->frag_off & bpf_htons(0xfff8))
				return ETSN_PARSE_OK;
			next = fh->nexthdr;
			cur = fh + 1;
			continue;
		}
		next = opt->nexthdr;
		cur += (opt->hdrlen + 1) * 8;
	}
	p->l4 = next;
	return etsn_parse_ports(cur, end, p);
}

/* Parses the frame in [data, end) into *p; returns an etsn_parse_result. */
static __always_inline int etsn_parse(void *data, void *end, struct etsn_pkt *p)
{
	struct ethhdr *eth = data;
	void *l3 = eth + 1;
	__be16 proto;

	if ((void *)(eth + 1) > end)
		return ETSN_PARSE_MALFORMED;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct etsn_vlan_hdr *vh = l3;

		if ((void *)(vh + 1) > end)
			return ETSN_PARSE_MALFORMED;
		p->has_vlan = 1;
		p->vlan_tci = bpf_ntohs(vh->tci);
		proto = vh->encap_proto;
		l3 = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		p->l3 = ETH_P_IP;
		return etsn_parse_ipv4(l3, end, p);
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		p->l3 = ETH_P_IPV6;
		return etsn_parse_ipv6(l3, end, p);
	}
	return ETSN_PARSE_NOT_IP;
}

#endif /* ETSN_PARSE_H */
