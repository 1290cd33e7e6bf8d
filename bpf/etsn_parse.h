/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame parsing shared by edgetsn's BPF programs (firewall, PSFP, stream
 * and DSCP classifiers). It either understands a frame to its transport
 * ports or says why not, so every caller can fail closed:
 *
 * - Ethernet with 0..ETSN_VLAN_MAX_TAGS 802.1Q/802.1ad tags (any mix);
 * - IPv4 with options (skipped by ihl);
 * - IPv6 with 0..ETSN_IPV6_MAX_EXT extension headers: Hop-by-Hop,
 *   Routing, Fragment, Destination Options, AH (length in 4-byte units),
 *   Mobility, HIP, Shim6;
 * - the TCP/UDP ports of an unfragmented datagram or a first fragment.
 *
 * A non-first fragment carries no transport header: has_ports stays 0
 * and frag is ETSN_FRAG_LATER. Its ports are those of its first fragment,
 * which the ports cannot escape: fragment offsets are multiples of 8 bytes,
 * so a later fragment never overlaps the first 4 bytes of the transport
 * header (IPv4), and a first fragment must hold the whole header chain
 * and transport header (RFC 7112; else MALFORMED here), which a later
 * fragment may only overlap into a datagram that reassembly discards
 * (RFC 5722). A TCP fragment at offset 8 bytes would rewrite the TCP
 * flags (RFC 1858): MALFORMED.
 *
 * Every access is bounds-checked against data_end and the whole walk is
 * unrolled, so the verifier of 6.1 and later accepts any caller.
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

/* VLAN tags read; a frame with more is ETSN_PARSE_UNPARSED. */
#define ETSN_VLAN_MAX_TAGS	4
/* IEEE 802.1CB R-TAG: EtherType, 16 reserved bits, sequence number. */
#define ETSN_ETH_P_RTAG		0xF1C1
#define ETSN_RTAG_LEN		6
/* IPv6 extension headers walked; a longer chain is ETSN_PARSE_UNPARSED.
 * RFC 8200's full recommended chain is 6 headers (HbH, Destination
 * Options, Routing, Fragment, AH, Destination Options).
 */
#define ETSN_IPV6_MAX_EXT	8

/* IPv6 headers of the extension-header format (RFC 8200 4.1, RFC 7045)
 * with no names in the uapi headers of every kernel we build against.
 */
#define ETSN_IPPROTO_MH		135
#define ETSN_IPPROTO_HIP	139
#define ETSN_IPPROTO_SHIM6	140

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
	ETSN_PARSE_UNPARSED,	/* deeper than the parser reads: more than
				 * ETSN_VLAN_MAX_TAGS tags or
				 * ETSN_IPV6_MAX_EXT extension headers
				 */
};

/* Where a datagram's fragment lies (etsn_pkt.frag). */
enum etsn_frag {
	ETSN_FRAG_NONE,		/* not fragmented (also IPv6 atomic fragments) */
	ETSN_FRAG_FIRST,	/* offset 0, more to come: has the ports */
	ETSN_FRAG_LATER,	/* offset > 0: no transport header */
};

struct etsn_pkt {
	__u16 l3;		/* ETH_P_IP or ETH_P_IPV6 (host order), 0: not IP */
	__u16 vlan_tci;		/* outermost tag, host order; valid if vlan_tags */
	__u8 vlan_tags;		/* tags in the frame's data, 0..ETSN_VLAN_MAX_TAGS */
	__u8 l4;		/* IPPROTO_* of the transport header */
	__u8 has_ports;		/* 0 for later fragments and non-TCP/UDP */
	__u8 dscp;		/* valid once l3 is set */
	__u8 frag;		/* enum etsn_frag */
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

/* The ports of the transport header at l4, whose datagram says it holds
 * room bytes from there (a header past room is a tiny first fragment
 * padded up by Ethernet: malformed).
 */
static __always_inline int etsn_parse_ports(void *l4, void *end, __u32 room,
					    struct etsn_pkt *p)
{
	if (p->l4 == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > end || room < sizeof(*th))
			return ETSN_PARSE_MALFORMED;
		p->sport = bpf_ntohs(th->source);
		p->dport = bpf_ntohs(th->dest);
		p->tcp_flags = ((__u8 *)th)[13];
		p->has_ports = 1;
	} else if (p->l4 == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) > end || room < sizeof(*uh))
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
	__u32 hlen, tot, off;

	if ((void *)(ip + 1) > end)
		return ETSN_PARSE_MALFORMED;
	hlen = ip->ihl * 4;
	tot = bpf_ntohs(ip->tot_len);
	if (ip->version != 4 || hlen < sizeof(*ip) || tot < hlen || l3 + hlen > end)
		return ETSN_PARSE_MALFORMED;
	p->saddr4 = ip->saddr;
	p->daddr4 = ip->daddr;
	p->dscp = ip->tos >> 2;
	p->l4 = ip->protocol;
	off = bpf_ntohs(ip->frag_off);
	if (off & 0x1fff) {
		p->frag = ETSN_FRAG_LATER;
		/* RFC 1858: offset 8 bytes rewrites the TCP flags. */
		if ((off & 0x1fff) == 1 && p->l4 == IPPROTO_TCP)
			return ETSN_PARSE_MALFORMED;
		return ETSN_PARSE_OK;
	}
	if (off & 0x2000)
		p->frag = ETSN_FRAG_FIRST;
	return etsn_parse_ports(l3 + hlen, end, tot - hlen, p);
}

/* Whether an IPv6 next header is one etsn_parse_ipv6() skips. */
static __always_inline int etsn_ipv6_ext(__u8 next)
{
	switch (next) {
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_FRAGMENT:
	case IPPROTO_DSTOPTS:
	case IPPROTO_AH:
	case ETSN_IPPROTO_MH:
	case ETSN_IPPROTO_HIP:
	case ETSN_IPPROTO_SHIM6:
		return 1;
	default:
		return 0;
	}
}

static __always_inline int etsn_parse_ipv6(void *l3, void *end, struct etsn_pkt *p)
{
	struct ipv6hdr *ip6 = l3;
	void *cur = ip6 + 1;
	__u32 ext = 0, payload;
	__u8 next;
	int i;

	if ((void *)(ip6 + 1) > end)
		return ETSN_PARSE_MALFORMED;
	if (ip6->version != 6)
		return ETSN_PARSE_MALFORMED;
	p->saddr6 = ip6->saddr;
	p->daddr6 = ip6->daddr;
	p->dscp = ((ip6->priority << 4) | (ip6->flow_lbl[0] >> 4)) >> 2;
	payload = bpf_ntohs(ip6->payload_len);
	next = ip6->nexthdr;
#pragma unroll
	for (i = 0; i < ETSN_IPV6_MAX_EXT; i++) {
		struct ipv6_opt_hdr *opt = cur;
		__u32 len;

		if (!etsn_ipv6_ext(next))
			break;
		if ((void *)(opt + 1) > end)
			return ETSN_PARSE_MALFORMED;
		if (next == IPPROTO_FRAGMENT) {
			struct etsn_frag_hdr *fh = cur;
			__u16 off;

			if ((void *)(fh + 1) > end)
				return ETSN_PARSE_MALFORMED;
			off = bpf_ntohs(fh->frag_off);
			if (off & 0xfff8) {
				/* Later fragments: no transport header to read. */
				p->frag = ETSN_FRAG_LATER;
				p->l4 = fh->nexthdr;
				return ETSN_PARSE_OK;
			}
			if (off & 1)
				p->frag = ETSN_FRAG_FIRST;
			len = sizeof(*fh);
		} else if (next == IPPROTO_AH) {
			len = (opt->hdrlen + 2) * 4;	/* RFC 4302: 32-bit words - 2 */
		} else {
			len = (opt->hdrlen + 1) * 8;	/* RFC 8200: 8 octets - 1 */
		}
		next = opt->nexthdr;
		cur += len;
		ext += len;
	}
	/* Every header read is whole: a short one before the last is caught
	 * by the next one's check, the last one here.
	 */
	if (cur > end)
		return ETSN_PARSE_MALFORMED;
	p->l4 = next;
	if (etsn_ipv6_ext(next))
		return ETSN_PARSE_UNPARSED;
	/* payload_len 0 is a jumbogram (RFC 2675): its length is in HbH. */
	if (!payload)
		payload = 0xffffffff;
	if (ext > payload)
		return ETSN_PARSE_MALFORMED;
	return etsn_parse_ports(cur, end, payload - ext, p);
}

/* Parses the frame in [data, end) into *p; returns an etsn_parse_result. */
static __always_inline int etsn_parse(void *data, void *end, struct etsn_pkt *p)
{
	struct ethhdr *eth = data;
	void *l3 = eth + 1;
	__be16 proto;
	int i;

	if ((void *)(eth + 1) > end)
		return ETSN_PARSE_MALFORMED;
	proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < ETSN_VLAN_MAX_TAGS; i++) {
		struct etsn_vlan_hdr *vh = l3;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > end)
			return ETSN_PARSE_MALFORMED;
		if (i == 0)
			p->vlan_tci = bpf_ntohs(vh->tci);
		p->vlan_tags++;
		proto = vh->encap_proto;
		l3 = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
		return ETSN_PARSE_UNPARSED;
	/* An 802.1CB R-TAG follows the VLAN tags: what it carries is parsed,
	 * so the firewall and PSFP judge FRER frames by their contents.
	 */
	if (proto == bpf_htons(ETSN_ETH_P_RTAG)) {
		if (l3 + ETSN_RTAG_LEN > end)
			return ETSN_PARSE_MALFORMED;
		proto = *(__be16 *)(l3 + ETSN_RTAG_LEN - 2);
		l3 += ETSN_RTAG_LEN;
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

/*
 * The entry points of the programs: global functions, which the verifier
 * checks once on their own rather than once for every state of every
 * caller. Inlined, the parser's 8 extension headers times the firewall's
 * rules took 752K of the 1M instructions the verifier may process (6.18);
 * as a global function 219K. p may not be NULL; *p starts zeroed.
 */
__noinline int etsn_parse_xdp(struct xdp_md *ctx, struct etsn_pkt *p)
{
	if (!p)
		return ETSN_PARSE_MALFORMED;
	return etsn_parse((void *)(long)ctx->data, (void *)(long)ctx->data_end, p);
}

__noinline int etsn_parse_skb(struct __sk_buff *skb, struct etsn_pkt *p)
{
	if (!p)
		return ETSN_PARSE_MALFORMED;
	return etsn_parse((void *)(long)skb->data, (void *)(long)skb->data_end, p);
}

#endif /* ETSN_PARSE_H */
