// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The XDP firewall (etsn_xdp.bpf.o) with `block tcp 22`, `block udp 53`
 * (a rule of value 0, as written by hand), 198.51.100.0/24 and
 * 2001:db8:bad::/48: every frame shape, its verdict and its reason.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/in.h>
#include <bpf/bpf.h>

#include "../../bpf/etsn_xdp.h"
#include "corpus.h"
#include "harness.h"
#include "shapes.h"
#include "target.h"

enum { M_STATS, M_CFG, M_SYNCFG };

static const char *const reason_names[] = {
	"passed", "dropped_cidr4", "dropped_cidr6", "dropped_port", "malformed",
	"dropped_syn", "unparsed", "unparsed_passed", "dropped_frag",
};

static const char *fw_ctr_name(int i)
{
	return i < (int)(sizeof(reason_names) / sizeof(reason_names[0])) ? reason_names[i] : "?";
}

static void fw_read(const struct target *t, uint64_t *v)
{
	for (int i = 0; i < t->nctr; i++)
		v[i] = harness_percpu(t->map[M_STATS], i, sizeof(uint64_t), 0);
}

#define PASS(r)	((struct want){ XDP_PASS, (r), 0 })
#define DROP(r)	((struct want){ XDP_DROP, (r), 0 })

static int set_cfg(const struct target *t, uint32_t unparsed, uint32_t frag)
{
	struct etsn_fw_config c = { .unparsed = unparsed, .frag = frag };
	uint32_t zero = 0;

	return bpf_map_update_elem(t->map[M_CFG], &zero, &c, BPF_ANY);
}

static int rules(struct bpf_object *obj)
{
	struct etsn_fw_port_key ssh = { .proto = IPPROTO_TCP, .port = 22 };
	struct etsn_fw_port_key dns = { .proto = IPPROTO_UDP, .port = 53 };
	struct etsn_fw_lpm4 k4 = { .prefixlen = 24 };
	struct etsn_fw_lpm6 k6 = { .prefixlen = 48 };
	uint32_t slot1 = 1, none = 0, slot2 = 2, slot3 = 3;
	int port = harness_map(obj, ETSN_FW_MAP_PORT);
	int src4 = harness_map(obj, ETSN_FW_MAP_SRC4);
	int src6 = harness_map(obj, ETSN_FW_MAP_SRC6);

	inet_pton(AF_INET, "198.51.100.0", k4.addr);
	inet_pton(AF_INET6, "2001:db8:bad::", k6.addr);
	return bpf_map_update_elem(port, &ssh, &slot1, BPF_ANY) ||
	       bpf_map_update_elem(port, &dns, &none, BPF_ANY) ||
	       bpf_map_update_elem(src4, &k4, &slot2, BPF_ANY) ||
	       bpf_map_update_elem(src6, &k6, &slot3, BPF_ANY);
}

static void tcp4(struct frame *f, int ntags, uint16_t tpid, const char *src, int opts,
		 uint16_t frag, uint16_t dport)
{
	shape_tcp4(f, mac_host, ntags, tpid, src, "192.0.2.2", opts, frag, 0, dport);
}

static void tcp6(struct frame *f, int ntags, const char *src, int kind, int depth,
		 uint16_t dport)
{
	shape_tcp6(f, mac_host, ntags, src, "2001:db8:2::2", kind, depth, 0, dport);
}

static void vlan_stacks(const struct target *t)
{
	static const uint16_t tpids[] = { 0, ETH_8021Q, ETH_8021AD };
	struct frame f;
	char l[128];

	for (int i = 0; i < 3; i++) {
		for (int n = 0; n <= SHAPE_MAX_TAGS + 1; n++) {
			int deep = n > SHAPE_MAX_TAGS;

			snprintf(l, sizeof(l), "ipv4 tcp 22, %d tags (tpid %#x)", n, tpids[i]);
			tcp4(&f, n, tpids[i], "10.0.0.1", 0, 0, 22);
			expect_cuts(t, l, &f, DROP(deep ? ETSN_FW_UNPARSED : ETSN_FW_DROPPED_PORT),
				    DROP(ETSN_FW_MALFORMED));
			snprintf(l, sizeof(l), "ipv4 tcp 80, %d tags (tpid %#x)", n, tpids[i]);
			tcp4(&f, n, tpids[i], "10.0.0.1", 0, 0, 80);
			expect(t, l, &f, 0, deep ? DROP(ETSN_FW_UNPARSED) : PASS(ETSN_FW_PASSED));
		}
	}
}

static void ipv4_options(const struct target *t)
{
	struct frame f;
	char l[128];

	for (int w = 0; w <= 10; w++) {
		snprintf(l, sizeof(l), "ipv4 tcp 22, %d option words, QinQ", w);
		tcp4(&f, 2, 0, "10.0.0.1", w, 0, 22);
		expect_cuts(t, l, &f, DROP(ETSN_FW_DROPPED_PORT), DROP(ETSN_FW_MALFORMED));
		snprintf(l, sizeof(l), "ipv4 tcp 80, %d option words", w);
		tcp4(&f, 0, 0, "10.0.0.1", w, 0, 80);
		expect(t, l, &f, 0, PASS(ETSN_FW_PASSED));
	}
}

static void ipv6_chains(const struct target *t)
{
	static const int kinds[] = { EXT_DST, EXT_HOP, EXT_ROUTING, EXT_FRAG, EXT_AH,
				     EXT_MH, EXT_HIP, EXT_SHIM6, EXT_MIXED };
	struct frame f;
	char l[128];

	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int d = 0; d <= SHAPE_MAX_EXT + 1; d++) {
			int deep = d > SHAPE_MAX_EXT;

			snprintf(l, sizeof(l), "ipv6 tcp 22 behind %d %s", d,
				 shape_kind_name(kinds[k]));
			tcp6(&f, 0, "2001:db8:1::1", kinds[k], d, 22);
			expect_cuts(t, l, &f, DROP(deep ? ETSN_FW_UNPARSED : ETSN_FW_DROPPED_PORT),
				    DROP(ETSN_FW_MALFORMED));
			snprintf(l, sizeof(l), "ipv6 tcp 80 behind %d %s", d,
				 shape_kind_name(kinds[k]));
			tcp6(&f, 1, "2001:db8:1::1", kinds[k], d, 80);
			expect(t, l, &f, 0, deep ? DROP(ETSN_FW_UNPARSED) : PASS(ETSN_FW_PASSED));
		}
	}
}

static void unparsed_pass(const struct target *t)
{
	struct frame f;

	if (set_cfg(t, ETSN_FW_UNPARSED_PASS, ETSN_FW_FRAG_PASS)) {
		harness_result(0, "firewall: cannot set etsn_fw_cfg");
		return;
	}
	tcp6(&f, 0, "2001:db8:1::1", EXT_DST, SHAPE_MAX_EXT + 1, 22);
	expect(t, "unparsed pass: ipv6 tcp 22 behind 9 dstopts", &f, 0,
	       PASS(ETSN_FW_UNPARSED_PASSED));
	tcp6(&f, 0, "2001:db8:bad::1", EXT_DST, SHAPE_MAX_EXT + 1, 22);
	expect(t, "unparsed pass: blocked ipv6 source behind 9 dstopts", &f, 0,
	       DROP(ETSN_FW_DROPPED_CIDR6));
	tcp4(&f, SHAPE_MAX_TAGS + 1, 0, "10.0.0.1", 0, 0, 22);
	expect(t, "unparsed pass: 5 tags", &f, 0, PASS(ETSN_FW_UNPARSED_PASSED));
	tcp6(&f, 0, "2001:db8:1::1", EXT_DST, 2, 22);
	expect(t, "unparsed pass: ipv6 tcp 22 behind 2 dstopts", &f, 0,
	       DROP(ETSN_FW_DROPPED_PORT));
	set_cfg(t, ETSN_FW_UNPARSED_DROP, ETSN_FW_FRAG_PASS);
}

static void ipv4_fragments(const struct target *t, int drop_later)
{
	struct want later = drop_later ? DROP(ETSN_FW_DROPPED_FRAG) : PASS(ETSN_FW_PASSED);
	struct frame f;

	tcp4(&f, 0, 0, "10.0.0.1", 0, 0x2000, 22);
	expect_cuts(t, "ipv4 first fragment tcp 22", &f, DROP(ETSN_FW_DROPPED_PORT),
		    DROP(ETSN_FW_MALFORMED));
	tcp4(&f, 0, 0, "10.0.0.1", 0, 0x2000, 80);
	expect(t, "ipv4 first fragment tcp 80", &f, 0, PASS(ETSN_FW_PASSED));
	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv4(&f, "10.0.0.1", "192.0.2.2", 0, 0, 0x2000);
	frame_udp(&f, 40000, 53);
	frame_mark(&f);
	frame_end(&f, 60);
	expect(t, "ipv4 first fragment udp 53 (rule value 0)", &f, 0, DROP(ETSN_FW_DROPPED_PORT));
	/* Tiny first fragment: 8 bytes of TCP, Ethernet padding behind. */
	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv4(&f, "10.0.0.1", "192.0.2.2", 0, 0, 0x2000);
	frame_proto(&f, IPPROTO_TCP);
	frame_bytes(&f, 8);
	frame_end(&f, 0);
	frame_bytes(&f, 60 - f.len);
	expect(t, "ipv4 tiny first fragment (8 bytes of tcp, padded)", &f, 0,
	       DROP(ETSN_FW_MALFORMED));
	/* Later fragments: IP header only. */
	shape_l2(&f, mac_host, 1, 0, NULL);
	frame_ipv4(&f, "10.0.0.1", "192.0.2.2", 2, 0, 185);
	frame_proto(&f, IPPROTO_TCP);
	frame_mark(&f);
	frame_bytes(&f, 40);
	frame_end(&f, 60);
	expect_cuts(t, "ipv4 later fragment tcp", &f, later, DROP(ETSN_FW_MALFORMED));
	f.b[f.ip_off + 7] = 1;	/* offset 8 bytes: over the TCP flags */
	expect(t, "ipv4 tcp fragment at offset 8 (RFC 1858)", &f, 0, DROP(ETSN_FW_MALFORMED));
	frame_proto(&f, IPPROTO_UDP);
	expect(t, "ipv4 udp fragment at offset 8", &f, 0, later);
	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv4(&f, "198.51.100.7", "192.0.2.2", 0, 0, 185);
	frame_proto(&f, IPPROTO_TCP);
	frame_bytes(&f, 40);
	frame_end(&f, 60);
	expect(t, "ipv4 later fragment from a blocked source", &f, 0, DROP(ETSN_FW_DROPPED_CIDR4));
}

static void ipv6_fragments(const struct target *t, int drop_later)
{
	struct want later = drop_later ? DROP(ETSN_FW_DROPPED_FRAG) : PASS(ETSN_FW_PASSED);
	struct frame f;

	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv6(&f, "2001:db8:1::1", "2001:db8:2::2", 0);
	frame_ext(&f, EXT_HOP, 8);
	frame_frag6(&f, 0, 1);
	frame_ext(&f, EXT_DST, 16);
	frame_tcp(&f, 40000, 22, 0x02);
	frame_mark(&f);
	frame_bytes(&f, 100);
	frame_end(&f, 60);
	expect_cuts(t, "ipv6 first fragment, dstopts after it, tcp 22", &f,
		    DROP(ETSN_FW_DROPPED_PORT), DROP(ETSN_FW_MALFORMED));
	/* First fragment whose chain ends in the next fragment (RFC 7112). */
	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv6(&f, "2001:db8:1::1", "2001:db8:2::2", 0);
	frame_frag6(&f, 0, 1);
	frame_ext(&f, EXT_DST, 16);
	frame_proto(&f, IPPROTO_TCP);
	frame_end(&f, 0);
	expect(t, "ipv6 first fragment without its transport header", &f, 0,
	       DROP(ETSN_FW_MALFORMED));
	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ipv6(&f, "2001:db8:1::1", "2001:db8:2::2", 0);
	frame_ext(&f, EXT_HOP, 8);
	frame_frag6(&f, 100, 1);
	frame_proto(&f, IPPROTO_TCP);
	frame_mark(&f);
	frame_bytes(&f, 64);
	frame_end(&f, 60);
	expect_cuts(t, "ipv6 later fragment", &f, later, DROP(ETSN_FW_MALFORMED));
}

static void others(const struct target *t)
{
	struct frame f;

	shape_l2(&f, mac_host, 0, 0, NULL);
	frame_ethertype(&f, 0x0806);
	frame_bytes(&f, 46);
	expect(t, "arp", &f, 0, PASS(ETSN_FW_PASSED));
	shape_l2(&f, mac_host, 2, 0, NULL);
	frame_ethertype(&f, 0x0806);
	frame_bytes(&f, 46);
	expect(t, "arp in QinQ", &f, 0, PASS(ETSN_FW_PASSED));
	tcp4(&f, 3, 0, "198.51.100.9", 1, 0, 80);
	expect(t, "blocked ipv4 source, 3 tags", &f, 0, DROP(ETSN_FW_DROPPED_CIDR4));
	tcp6(&f, 4, "2001:db8:bad::9", EXT_MIXED, 6, 80);
	expect(t, "blocked ipv6 source, 4 tags, 6 headers", &f, 0, DROP(ETSN_FW_DROPPED_CIDR6));
}

/* Every lock index in reach: with one SYN per source and no refill, each
 * of many sources passes its first SYN and loses its second.
 */
static void syn_locks(const struct target *t)
{
	struct etsn_fw_syn_config on = { .rate = 0, .max_tokens = ETSN_FW_SYN_TOKEN }, off = { 0 };
	uint32_t zero = 0;
	struct frame f;
	char src[64], l[128];

	if (bpf_map_update_elem(t->map[M_SYNCFG], &zero, &on, BPF_ANY)) {
		harness_result(0, "firewall: cannot set etsn_fw_syncfg");
		return;
	}
	for (int i = 0; i < 512; i++) {
		snprintf(src, sizeof(src), "10.%d.%d.1", i / 256, i % 256);
		tcp4(&f, 0, 0, src, 0, 0, 80);
		snprintf(l, sizeof(l), "syn limit: first syn of %s", src);
		expect(t, l, &f, 0, PASS(ETSN_FW_PASSED));
		snprintf(l, sizeof(l), "syn limit: second syn of %s", src);
		expect(t, l, &f, 0, DROP(ETSN_FW_DROPPED_SYN));
	}
	bpf_map_update_elem(t->map[M_SYNCFG], &zero, &off, BPF_ANY);
}

void corpus_fw(const char *dir)
{
	struct target t = { .name = "firewall", .nctr = ETSN_FW_REASONS,
			    .ctr_name = fw_ctr_name, .read = fw_read };
	struct bpf_object *obj = target_load(&t, dir, "etsn_xdp.bpf.o", ETSN_FW_PROG_NAME);

	if (!obj)
		return;
	t.map[M_STATS] = harness_map(obj, ETSN_FW_MAP_STATS);
	t.map[M_CFG] = harness_map(obj, ETSN_FW_MAP_CONFIG);
	t.map[M_SYNCFG] = harness_map(obj, ETSN_FW_MAP_SYN_CFG);
	if (rules(obj)) {
		harness_result(0, "firewall: cannot set the rules");
	} else {
		vlan_stacks(&t);
		ipv4_options(&t);
		ipv6_chains(&t);
		unparsed_pass(&t);
		ipv4_fragments(&t, 0);
		ipv6_fragments(&t, 0);
		if (set_cfg(&t, ETSN_FW_UNPARSED_DROP, ETSN_FW_FRAG_DROP)) {
			harness_result(0, "firewall: cannot set etsn_fw_cfg");
		} else {
			ipv4_fragments(&t, 1);
			ipv6_fragments(&t, 1);
			set_cfg(&t, ETSN_FW_UNPARSED_DROP, ETSN_FW_FRAG_PASS);
		}
		others(&t);
		syn_locks(&t);
	}
	bpf_object__close(obj);
}
