// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for kmod/etsn_mgmt.c and etsn_rt_next_open(): which frames
 * are PTP messages (L2, behind one VLAN tag, UDP over IPv4/IPv6, and the
 * look-alikes that are not), when a management frame may leave before a
 * protected window, and where the next protected window begins.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "etsn_guard.h"
#include "etsn_mgmt.h"
#include "etsn_sched.h"

#define US 1000LL
#define MS 1000000LL

/* Builds a frame: Ethernet, @ntags VLAN tags of @tpid, @type, @l3 bytes. */
static struct sk_buff *frame(struct kunit *test, int ntags, u16 tpid, u16 type,
			     const void *l3, u32 l3len)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct ethhdr *eth;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put_zero(skb, 12);
	eth->h_source[5] = 1;
	for (i = 0; i < ntags; i++) {
		__be16 *tag = skb_put(skb, 4);

		tag[0] = htons(tpid);
		tag[1] = htons(5);
	}
	*(__be16 *)skb_put(skb, 2) = htons(type);
	skb_put_data(skb, l3, l3len);
	return skb;
}

static bool is_ptp(struct kunit *test, struct sk_buff *skb)
{
	bool r = etsn_mgmt_is_ptp(skb);

	kfree_skb(skb);
	return r;
}

struct v4udp {
	struct iphdr ip;
	u8 opts[4];
	struct udphdr udp;
} __packed;

static u32 v4(struct v4udp *p, u8 proto, u16 dport, u16 frag, bool opts)
{
	memset(p, 0, sizeof(*p));
	p->ip.version = 4;
	p->ip.ihl = opts ? 6 : 5;
	p->ip.protocol = proto;
	p->ip.frag_off = htons(frag);
	if (opts) {
		p->udp.dest = htons(dport);
		return sizeof(*p);
	}
	/* Without options the UDP header follows the IP header at once. */
	((struct udphdr *)p->opts)->dest = htons(dport);
	return sizeof(struct iphdr) + sizeof(struct udphdr);
}

static void l2_ptp_untagged_and_one_tag(struct kunit *test)
{
	u8 msg[44] = { 0x00, 0x02 };	/* Sync, PTPv2 */

	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_1588, msg, sizeof(msg))));
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 1, ETH_P_8021Q, ETH_P_1588,
						   msg, sizeof(msg))));
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 1, ETH_P_8021AD, ETH_P_1588,
						   msg, sizeof(msg))));
	/* Two tags: beyond the one tag the class looks behind. */
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 2, ETH_P_8021Q, ETH_P_1588,
						    msg, sizeof(msg))));
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_ARP, msg, sizeof(msg))));
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_LLDP, msg, sizeof(msg))));
}

static void udp_ipv4_ports_319_320(struct kunit *test)
{
	struct v4udp p;
	u32 n;

	n = v4(&p, IPPROTO_UDP, 319, 0, false);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 320, 0, false);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 320, 0, false);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 1, ETH_P_8021Q, ETH_P_IP, &p, n)));
	/* Options move the UDP header. */
	n = v4(&p, IPPROTO_UDP, 319, 0, true);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	/* First fragment (MF set) has the header; later ones do not. */
	n = v4(&p, IPPROTO_UDP, 319, IP_MF, false);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 319, 3, false);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 321, 0, false);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 318, 0, false);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_TCP, 319, 0, false);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	/* A bad header length, and a frame cut inside the UDP header. */
	n = v4(&p, IPPROTO_UDP, 319, 0, false);
	p.ip.ihl = 4;
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p, n)));
	n = v4(&p, IPPROTO_UDP, 319, 0, false);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IP, &p,
						    sizeof(struct iphdr) + 2)));
}

static void udp_ipv6_ports_319_320(struct kunit *test)
{
	struct {
		struct ipv6hdr ip6;
		struct udphdr udp;
	} __packed p = {};

	p.ip6.version = 6;
	p.ip6.nexthdr = IPPROTO_UDP;
	p.udp.dest = htons(319);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IPV6, &p, sizeof(p))));
	p.udp.dest = htons(320);
	KUNIT_EXPECT_TRUE(test, is_ptp(test, frame(test, 1, ETH_P_8021Q, ETH_P_IPV6,
						   &p, sizeof(p))));
	p.udp.dest = htons(123);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IPV6, &p, sizeof(p))));
	/* Behind an extension header: not looked into. */
	p.udp.dest = htons(319);
	p.ip6.nexthdr = NEXTHDR_HOP;
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IPV6, &p, sizeof(p))));
	/* Truncated before the UDP header. */
	p.ip6.nexthdr = IPPROTO_UDP;
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_IPV6, &p,
						    sizeof(p.ip6))));
}

static void truncated_frames_are_not_ptp(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, 13);
	KUNIT_EXPECT_FALSE(test, is_ptp(test, skb));
	/* A VLAN tag announced but cut. */
	KUNIT_EXPECT_FALSE(test, is_ptp(test, frame(test, 0, 0, ETH_P_8021Q, "\x00", 1)));
}

static void mgmt_fits_before_protected_window(struct kunit *test)
{
	/* 100 bytes + 24 at 100 Mb/s: 9920 ns. */
	const s64 now = 5 * MS;

	KUNIT_EXPECT_TRUE(test, etsn_guard_protect_fits(now, now + 9920, 100, 24, 100));
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(now, now + 9919, 100, 24, 100));
	KUNIT_EXPECT_TRUE(test, etsn_guard_protect_fits(now, ETSN_NEVER, 100, 24, 100));
	/* Inside a protected window: never, at any speed, known or not. */
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(now, now, 100, 24, 100));
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(now, now - MS, 100, 24, 100));
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(now, now, 100, 24, 0));
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(now, now - 1, 1, 0, 0));
	/* Unknown speed: outside the window it cannot be timed, so it goes. */
	KUNIT_EXPECT_TRUE(test, etsn_guard_protect_fits(now, now + 1, 1500, 24, 0));
}

static struct etsn_rt *make_rt(struct kunit *test, u64 cycle, u32 n,
			       const struct etsn_gcl_entry *e)
{
	struct etsn_gcl *gcl = kvzalloc(struct_size(gcl, entries, n), GFP_KERNEL);
	struct etsn_rt *rt;

	KUNIT_ASSERT_NOT_NULL(test, gcl);
	gcl->cycle_time = cycle;
	gcl->num_entries = n;
	memcpy(gcl->entries, e, n * sizeof(*e));
	etsn_gcl_fill_defaults(gcl);
	KUNIT_ASSERT_EQ(test, 0, etsn_gcl_validate(gcl, NULL));
	rt = etsn_rt_build(gcl);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	return rt;
}

static s64 next_open(struct kunit *test, const struct etsn_rt *rt, s64 t, u8 mask)
{
	struct etsn_rt_pos pos;

	KUNIT_ASSERT_EQ(test, 0, etsn_rt_lookup(rt, t, &pos));
	return etsn_rt_next_open(rt, &pos, ETSN_VIEW_EXPRESS, mask);
}

static void next_protected_window(struct kunit *test)
{
	/* 10 ms: class 0 (PTP) 1 ms, class 7 (critical) 1 ms, class 1 8 ms. */
	static const struct etsn_gcl_entry e[] = {
		{ EDGETSN_GATE_OP_SET, BIT(0), MS },
		{ EDGETSN_GATE_OP_SET, BIT(7), MS },
		{ EDGETSN_GATE_OP_SET, BIT(1), 8 * MS },
	};
	struct etsn_rt *rt = make_rt(test, 10 * MS, ARRAY_SIZE(e), e);
	const s64 c = 100 * 10 * MS;	/* a cycle start */
	s64 p7;

	KUNIT_EXPECT_EQ(test, c + MS, next_open(test, rt, c, BIT(7)));
	KUNIT_EXPECT_EQ(test, c + MS, next_open(test, rt, c + MS - 1, BIT(7)));
	/* Inside it: its own start. */
	KUNIT_EXPECT_EQ(test, c + MS, next_open(test, rt, c + MS + 500 * US, BIT(7)));
	/* After it: the next cycle's, across the wrap. */
	KUNIT_EXPECT_EQ(test, c + 11 * MS, next_open(test, rt, c + 2 * MS, BIT(7)));
	KUNIT_EXPECT_EQ(test, c + 11 * MS, next_open(test, rt, c + 10 * MS - 1, BIT(7)));
	/* Several classes: the first of them. */
	KUNIT_EXPECT_EQ(test, c + 2 * MS, next_open(test, rt, c, BIT(1)));
	KUNIT_EXPECT_EQ(test, c + MS, next_open(test, rt, c + 500 * US, BIT(1) | BIT(7)));
	KUNIT_EXPECT_EQ(test, c + 2 * MS, next_open(test, rt, c + 3 * MS, BIT(1) | BIT(7)));
	KUNIT_EXPECT_EQ(test, ETSN_NEVER, next_open(test, rt, c, BIT(3)));
	KUNIT_EXPECT_EQ(test, ETSN_NEVER, next_open(test, rt, c, 0));
	/* A frame of 100 bytes at 100 Mb/s in the PTP window, 9920 ns before. */
	p7 = next_open(test, rt, c, BIT(7));
	KUNIT_EXPECT_TRUE(test, etsn_guard_protect_fits(c + MS - 9920, p7, 100, 24, 100));
	KUNIT_EXPECT_FALSE(test, etsn_guard_protect_fits(c + MS - 9919, p7, 100, 24, 100));
	etsn_rt_free(rt);
}

static struct kunit_case etsn_mgmt_cases[] = {
	KUNIT_CASE(l2_ptp_untagged_and_one_tag),
	KUNIT_CASE(udp_ipv4_ports_319_320),
	KUNIT_CASE(udp_ipv6_ports_319_320),
	KUNIT_CASE(truncated_frames_are_not_ptp),
	KUNIT_CASE(mgmt_fits_before_protected_window),
	KUNIT_CASE(next_protected_window),
	{}
};

static struct kunit_suite etsn_mgmt_suite = {
	.name = "edgetsn_mgmt",
	.test_cases = etsn_mgmt_cases,
};
kunit_test_suite(etsn_mgmt_suite);
