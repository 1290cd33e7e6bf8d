// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PSFP (etsn_psfp.bpf.o) on its own, unknown streams passed: stream 1 is
 * IPv4 TCP 10.0.0.1:1000 > 10.0.0.2:22, stream 2 IPv6 TCP
 * 2001:db8:1::1:1000 > 2001:db8:2::2:22 (any DSCP), stream 3 the MAC
 * 02:00:00:00:00:33 on VLAN 100. Each frame must land in the counter of
 * its stream, of the unknown streams, or of the unparsed frames. The
 * corpus runs with every lookup done and again with the lookups etsnctl
 * lets frames skip (etsn_psfp_config.skip); the skip bits themselves are
 * checked against what the maps hold.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/in.h>
#include <bpf/bpf.h>

#include "../../bpf/etsn_psfp.h"
#include "../../user/lib/psfp_maps.h"
#include "corpus.h"
#include "harness.h"
#include "shapes.h"
#include "target.h"

enum { M_GLOB, M_CNT, M_CFG };

#define STREAMS	4	/* ids 0..3 are read */
#define FIELDS	(sizeof(struct etsn_psfp_counters) / sizeof(uint64_t))
#define STREAM_PASSED(id)	(ETSN_PSFP_GLOBALS + (id) * (int)FIELDS)

static const char *psfp_ctr_name(int i)
{
	static const char *const g[] = { "unknown_passed", "unknown_dropped",
					 "unparsed_passed", "unparsed_dropped" };
	static const char *const s[] = { "passed", "yellow", "dropped_sdu", "dropped_red",
					 "dropped_yellow", "dropped_gate" };
	static char buf[4][48];
	static int n;

	if (i < ETSN_PSFP_GLOBALS)
		return i < 4 ? g[i] : "global ?";
	i -= ETSN_PSFP_GLOBALS;
	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "stream %d %s", i / (int)FIELDS, s[i % FIELDS]);
	return buf[n];
}

static void psfp_read(const struct target *t, uint64_t *v)
{
	for (int i = 0; i < ETSN_PSFP_GLOBALS; i++)
		v[i] = harness_percpu(t->map[M_GLOB], i, sizeof(uint64_t), 0);
	for (int id = 0; id < STREAMS; id++)
		for (size_t f = 0; f < FIELDS; f++)
			v[ETSN_PSFP_GLOBALS + id * FIELDS + f] =
				harness_percpu(t->map[M_CNT], id, sizeof(struct etsn_psfp_counters),
					       f * sizeof(uint64_t));
}

#define PASS(r)	((struct want){ XDP_PASS, (r), 0 })
#define DROP(r)	((struct want){ XDP_DROP, (r), 0 })

static int add_ip_dscp(struct bpf_object *obj, uint32_t id, int family, const char *src,
		       const char *dst, uint8_t dscp)
{
	struct etsn_psfp_stream s = { .key_kind = ETSN_PSFP_KEY_IP };
	struct etsn_psfp_ident v = { .id = id };
	struct etsn_psfp_ip_key *k = &s.ip;

	k->family = family;
	k->proto = IPPROTO_TCP;
	k->dscp = dscp;
	k->sport = 1000;
	k->dport = 22;
	inet_pton(family == 4 ? AF_INET : AF_INET6, src, k->src);
	inet_pton(family == 4 ? AF_INET : AF_INET6, dst, k->dst);
	return bpf_map_update_elem(harness_map(obj, ETSN_PSFP_MAP_STREAM), &id, &s, BPF_ANY) ||
	       bpf_map_update_elem(harness_map(obj, ETSN_PSFP_MAP_IP), k, &v, BPF_ANY);
}

static int add_ip(struct bpf_object *obj, uint32_t id, int family, const char *src,
		  const char *dst)
{
	return add_ip_dscp(obj, id, family, src, dst, ETSN_PSFP_DSCP_ANY);
}

static int add_mac(struct bpf_object *obj, uint32_t id, uint16_t vid)
{
	struct etsn_psfp_stream s = { .key_kind = ETSN_PSFP_KEY_MAC };
	struct etsn_psfp_ident v = { .id = id };

	memcpy(s.mac.dst, mac_stream, 6);
	s.mac.vid = vid;
	return bpf_map_update_elem(harness_map(obj, ETSN_PSFP_MAP_STREAM), &id, &s, BPF_ANY) ||
	       bpf_map_update_elem(harness_map(obj, ETSN_PSFP_MAP_MAC), &s.mac, &v, BPF_ANY);
}

static struct etsn_psfp_config read_cfg(const struct target *t)
{
	struct etsn_psfp_config c = { 0 };
	uint32_t zero = 0;

	bpf_map_lookup_elem(t->map[M_CFG], &zero, &c);
	return c;
}

static int set_unparsed(const struct target *t, uint32_t verdict)
{
	struct etsn_psfp_config c = read_cfg(t);
	uint32_t zero = 0;

	c.unknown_policy = ETSN_PSFP_UNKNOWN_PASS;
	c.unparsed = verdict;
	return bpf_map_update_elem(t->map[M_CFG], &zero, &c, BPF_ANY);
}

static void set_skip(const struct target *t, uint32_t skip)
{
	struct etsn_psfp_config c = read_cfg(t);
	uint32_t zero = 0;

	c.skip = skip;
	if (bpf_map_update_elem(t->map[M_CFG], &zero, &c, BPF_ANY))
		harness_result(0, "psfp: cannot set etsn_psfp_cfg");
}

static void v4(struct frame *f, const uint8_t *mac, int ntags, int opts, uint16_t frag)
{
	shape_tcp4(f, mac, ntags, 0, "10.0.0.1", "10.0.0.2", opts, frag, 10, 22);
}

static void v6(struct frame *f, int ntags, int kind, int depth)
{
	shape_tcp6(f, mac_host, ntags, "2001:db8:1::1", "2001:db8:2::2", kind, depth, 10, 22);
}

static void shapes(const struct target *t)
{
	static const int kinds[] = { EXT_DST, EXT_HOP, EXT_ROUTING, EXT_FRAG, EXT_AH,
				     EXT_MH, EXT_HIP, EXT_SHIM6, EXT_MIXED };
	struct frame f;
	char l[128];

	for (int n = 0; n <= SHAPE_MAX_TAGS + 1; n++) {
		snprintf(l, sizeof(l), "ipv4 stream 1, %d tags", n);
		v4(&f, mac_host, n, 0, 0);
		expect_cuts(t, l, &f,
			    n > SHAPE_MAX_TAGS ? DROP(ETSN_PSFP_UNPARSED_DROPPED) :
						 PASS(STREAM_PASSED(1)),
			    DROP(ETSN_PSFP_UNPARSED_DROPPED));
	}
	for (int w = 1; w <= 10; w++) {
		snprintf(l, sizeof(l), "ipv4 stream 1, %d option words", w);
		v4(&f, mac_host, 1, w, 0);
		expect_cuts(t, l, &f, PASS(STREAM_PASSED(1)), DROP(ETSN_PSFP_UNPARSED_DROPPED));
	}
	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int d = 0; d <= SHAPE_MAX_EXT + 1; d++) {
			snprintf(l, sizeof(l), "ipv6 stream 2 behind %d %s", d,
				 shape_kind_name(kinds[k]));
			v6(&f, 0, kinds[k], d);
			expect_cuts(t, l, &f,
				    d > SHAPE_MAX_EXT ? DROP(ETSN_PSFP_UNPARSED_DROPPED) :
							PASS(STREAM_PASSED(2)),
				    DROP(ETSN_PSFP_UNPARSED_DROPPED));
		}
	}
	v4(&f, mac_host, 0, 0, 0x2000);
	expect(t, "ipv4 first fragment of stream 1", &f, 0, PASS(STREAM_PASSED(1)));
	v4(&f, mac_host, 0, 0, 200);
	f.len = f.hdr_end = 14 + 20;
	frame_end(&f, 60);
	expect(t, "ipv4 later fragment of stream 1: no ports", &f, 0,
	       PASS(ETSN_PSFP_UNKNOWN_PASSED));
	shape_tcp4(&f, mac_host, 0, 0, "10.0.0.1", "10.0.0.2", 0, 0, 0, 23);
	expect(t, "ipv4 tcp of no stream", &f, 0, PASS(ETSN_PSFP_UNKNOWN_PASSED));
	shape_l2(&f, mac_host, 1, 0, NULL);
	frame_ethertype(&f, 0x88f7);	/* PTP */
	frame_bytes(&f, 44);
	expect(t, "ptp over ethernet, no stream", &f, 0, PASS(ETSN_PSFP_UNKNOWN_PASSED));
}

static void mac_streams(const struct target *t)
{
	static const uint16_t outer100[] = { 100, 5, 6, 7, 8 }, inner100[] = { 5, 100 };
	struct frame f;

	shape_l2(&f, mac_stream, 1, 0, outer100);
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3, vlan 100", &f, 0, PASS(STREAM_PASSED(3)));
	shape_l2(&f, mac_stream, 2, 0, outer100);
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3, QinQ outer vlan 100", &f, 0, PASS(STREAM_PASSED(3)));
	shape_l2(&f, mac_stream, 2, 0, inner100);
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3's MAC, QinQ inner vlan 100: no stream", &f, 0,
	       PASS(ETSN_PSFP_UNKNOWN_PASSED));
	shape_l2(&f, mac_stream, 5, 0, outer100);
	frame_ipv4(&f, "10.0.0.1", "10.0.0.2", 0, 0, 0);
	frame_tcp(&f, 1000, 22, 0x02);
	frame_end(&f, 60);
	expect(t, "mac stream 3, 5 tags: identified by MAC + outer VLAN", &f, 0,
	       PASS(STREAM_PASSED(3)));
}

static void unparsed_pass(const struct target *t)
{
	struct frame f;

	if (set_unparsed(t, ETSN_PSFP_UNPARSED_PASS)) {
		harness_result(0, "psfp: cannot set etsn_psfp_cfg");
		return;
	}
	v6(&f, 0, EXT_DST, SHAPE_MAX_EXT + 1);
	expect(t, "unparsed pass: stream 2 behind 9 dstopts", &f, 0,
	       PASS(ETSN_PSFP_UNPARSED_PASSED));
	expect(t, "unparsed pass: a truncated frame", &f, 30, PASS(ETSN_PSFP_UNPARSED_PASSED));
	set_unparsed(t, ETSN_PSFP_UNPARSED_DROP);
}

static void maps_of(struct bpf_object *obj, struct etsn_psfp_maps *m)
{
	static const char *const names[ETSN_PSFP_M_N] = {
		[ETSN_PSFP_M_MAC] = ETSN_PSFP_MAP_MAC, [ETSN_PSFP_M_IP] = ETSN_PSFP_MAP_IP,
		[ETSN_PSFP_M_STREAM] = ETSN_PSFP_MAP_STREAM,
		[ETSN_PSFP_M_COUNT] = ETSN_PSFP_MAP_COUNT,
		[ETSN_PSFP_M_GLOBAL] = ETSN_PSFP_MAP_GLOBAL,
		[ETSN_PSFP_M_CONFIG] = ETSN_PSFP_MAP_CONFIG,
		[ETSN_PSFP_M_GATE] = ETSN_PSFP_MAP_GATE,
		[ETSN_PSFP_M_METER] = ETSN_PSFP_MAP_METER,
	};

	for (int i = 0; i < ETSN_PSFP_M_N; i++)
		m->fd[i] = names[i] ? harness_map(obj, names[i]) : -1;
}

/* skip_sync gives want, and the config's other fields survive it. */
static void expect_skip(const struct target *t, const struct etsn_psfp_maps *m,
			const char *label, uint32_t want)
{
	struct etsn_psfp_config c;
	char l[160];
	int err = etsn_psfp_maps_skip_sync(m);

	c = read_cfg(t);
	snprintf(l, sizeof(l), "psfp: skip bits %s: want 0x%x, got 0x%x (err %d)", label, want,
		 c.skip, err);
	harness_result(!err && c.skip == want && c.unknown_policy == ETSN_PSFP_UNKNOWN_PASS,
		       l);
}

/* The lookups skipped as etsnctl sets them: identification unchanged. */
static void skipping(const struct target *t, struct bpf_object *obj)
{
	struct etsn_psfp_gate g = { .base_ns = 1, .cycle_ns = 1000, .count = 1,
				    .ent[0] = { .open = 0, .interval_ns = 1000 } };
	struct etsn_psfp_maps m;
	struct frame f;
	uint32_t id = 3;

	maps_of(obj, &m);
	expect_skip(t, &m, "mac stream, no dscp key, no gate",
		    ETSN_PSFP_SKIP_DSCP | ETSN_PSFP_SKIP_GATE);
	shapes(t);
	mac_streams(t);
	unparsed_pass(t);

	/* A bit forced on wrongly hides what it skips: the bits are obeyed. */
	set_skip(t, ETSN_PSFP_SKIP_MAC);
	shape_l2(&f, mac_stream, 1, 0, (const uint16_t[]){ 100 });
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3 with its lookup skipped: unknown", &f, 0,
	       PASS(ETSN_PSFP_UNKNOWN_PASSED));

	/* A DSCP stream: its lookup comes back, and it wins over any DSCP. */
	if (add_ip_dscp(obj, 0, 4, "10.0.0.1", "10.0.0.2", 10)) {
		harness_result(0, "psfp: cannot add the dscp stream");
		return;
	}
	expect_skip(t, &m, "with a dscp key", ETSN_PSFP_SKIP_GATE);
	v4(&f, mac_host, 0, 0, 0);
	shape_tcp4(&f, mac_host, 0, 0, "10.0.0.1", "10.0.0.2", 0, 0, 10, 22);
	expect(t, "ipv4 dscp 10: stream 0, not stream 1", &f, 0, PASS(STREAM_PASSED(0)));

	/* A gate: its lookup comes back, and a closed gate drops. */
	if (bpf_map_update_elem(m.fd[ETSN_PSFP_M_GATE], &id, &g, BPF_ANY)) {
		harness_result(0, "psfp: cannot add the gate");
		return;
	}
	expect_skip(t, &m, "with a gate", 0);
	shape_l2(&f, mac_stream, 1, 0, (const uint16_t[]){ 100 });
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3 behind its closed gate", &f, 0,
	       DROP(STREAM_PASSED(3) + 5));
}

/* Stream 1's filter and meter as the program reads them: max_sdu from
 * the identification value (not etsn_psfp_strm, which holds none here),
 * the meter from etsn_psfp_meter[1].
 */
static void filter_and_meter(const struct target *t, struct bpf_object *obj)
{
	struct etsn_psfp_ip_key k = { .family = 4, .proto = IPPROTO_TCP,
				      .dscp = ETSN_PSFP_DSCP_ANY, .sport = 1000, .dport = 22 };
	struct etsn_psfp_ident v = { .id = 1, .max_sdu = 40 };
	struct etsn_psfp_meter mt = { .flags = ETSN_PSFP_F_METER, .cbs = 100,
				      .ctokens = 100 * ETSN_PSFP_NS_PER_SEC };
	int ip = harness_map(obj, ETSN_PSFP_MAP_IP), meter = harness_map(obj, ETSN_PSFP_MAP_METER);
	uint32_t id = 1;
	struct frame f;

	inet_pton(AF_INET, "10.0.0.1", k.src);
	inet_pton(AF_INET, "10.0.0.2", k.dst);
	/* DSCP 0: stream 0 (skipping()) holds DSCP 10 of the same 5-tuple. */
	shape_tcp4(&f, mac_host, 0, 0, "10.0.0.1", "10.0.0.2", 0, 0, 0, 22);
	if (bpf_map_update_elem(ip, &k, &v, BPF_EXIST)) {
		harness_result(0, "psfp: cannot set stream 1's max_sdu");
		return;
	}
	expect(t, "stream 1 over its max-sdu (identification value)", &f, 0,
	       DROP(STREAM_PASSED(1) + 2));
	v.max_sdu = 0;
	if (bpf_map_update_elem(ip, &k, &v, BPF_EXIST) ||
	    bpf_map_update_elem(meter, &id, &mt, BPF_F_LOCK)) {
		harness_result(0, "psfp: cannot set stream 1's meter");
		return;
	}
	/* Zero rates: the committed bucket holds one frame of 60 bytes. */
	expect(t, "stream 1 metered, within cbs: green", &f, 0, PASS(STREAM_PASSED(1)));
	expect(t, "stream 1 metered, past cbs: red", &f, 0, DROP(STREAM_PASSED(1) + 3));
	mt = (struct etsn_psfp_meter){ 0 };
	bpf_map_update_elem(meter, &id, &mt, BPF_F_LOCK);
}

void corpus_psfp(const char *dir)
{
	struct target t = { .name = "psfp", .nctr = ETSN_PSFP_GLOBALS + STREAMS * FIELDS,
			    .ctr_name = psfp_ctr_name, .read = psfp_read };
	struct bpf_object *obj = target_load(&t, dir, "etsn_psfp.bpf.o", ETSN_PSFP_PROG_NAME);

	if (!obj)
		return;
	t.map[M_GLOB] = harness_map(obj, ETSN_PSFP_MAP_GLOBAL);
	t.map[M_CNT] = harness_map(obj, ETSN_PSFP_MAP_COUNT);
	t.map[M_CFG] = harness_map(obj, ETSN_PSFP_MAP_CONFIG);
	if (add_ip(obj, 1, 4, "10.0.0.1", "10.0.0.2") ||
	    add_ip(obj, 2, 6, "2001:db8:1::1", "2001:db8:2::2") || add_mac(obj, 3, 100)) {
		harness_result(0, "psfp: cannot add the streams");
	} else {
		set_skip(&t, 0);
		shapes(&t);
		mac_streams(&t);
		unparsed_pass(&t);
		skipping(&t, obj);
		filter_and_meter(&t, obj);
	}
	bpf_object__close(obj);
}
