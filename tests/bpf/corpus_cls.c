// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The egress classifiers, as TC programs fed by BPF_PROG_TEST_RUN with
 * skb->priority 99 going in. Stream classifier (etsn_classify.bpf.o):
 * stream 1 IPv4 TCP 10.0.0.1:1000 > 10.0.0.2:22 to priority 5, stream 2
 * the same over IPv6 to 6, stream 3 MAC 02:00:00:00:00:33 VLAN 100 to 7.
 * DSCP classifier (etsn_dscp_prio.bpf.o): DSCP 46 to priority 3. Both
 * always return TC_ACT_OK; what they cannot read keeps its priority.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>

#include "../../bpf/etsn_classify.h"
#include "../../bpf/etsn_dscp_prio.h"
#include "corpus.h"
#include "harness.h"
#include "shapes.h"
#include "target.h"

enum { M_CNT, M_MISS, M_HITS = 0 };

#define STREAMS	4
#define MISS(r)	(STREAMS + (r))

static const char *cls_ctr_name(int i)
{
	static const char *const n[] = { "stream 0", "stream 1", "stream 2", "stream 3",
					 "miss unknown", "miss unparsed" };

	return i < (int)(sizeof(n) / sizeof(n[0])) ? n[i] : "?";
}

static void cls_read(const struct target *t, uint64_t *v)
{
	for (int id = 0; id < STREAMS; id++)
		v[id] = harness_percpu(t->map[M_CNT], id, sizeof(struct etsn_cls_counters), 0);
	for (int r = 0; r < ETSN_CLS_MISSES; r++)
		v[MISS(r)] = harness_percpu(t->map[M_MISS], r, sizeof(struct etsn_cls_counters), 0);
}

#define SET(c, p)	((struct want){ TC_ACT_OK, (c), (p) })
#define KEEP(c)		((struct want){ TC_ACT_OK, (c), PRIO_IN })

static int add(struct bpf_object *obj, uint32_t id, const struct etsn_cls_stream *s)
{
	int strm = harness_map(obj, ETSN_CLS_MAP_STREAM);

	if (bpf_map_update_elem(strm, &id, s, BPF_ANY))
		return -1;
	if (s->key_kind == ETSN_PSFP_KEY_MAC)
		return bpf_map_update_elem(harness_map(obj, ETSN_CLS_MAP_MAC), &s->mac, &id,
					   BPF_ANY);
	return bpf_map_update_elem(harness_map(obj, ETSN_CLS_MAP_IP), &s->ip, &id, BPF_ANY);
}

static int streams(struct bpf_object *obj)
{
	struct etsn_cls_stream s4 = { .priority = 5, .key_kind = ETSN_PSFP_KEY_IP };
	struct etsn_cls_stream s6 = { .priority = 6, .key_kind = ETSN_PSFP_KEY_IP };
	struct etsn_cls_stream sm = { .priority = 7, .key_kind = ETSN_PSFP_KEY_MAC };

	s4.ip = (struct etsn_psfp_ip_key){ .family = 4, .proto = IPPROTO_TCP,
					   .dscp = ETSN_PSFP_DSCP_ANY, .sport = 1000, .dport = 22 };
	inet_pton(AF_INET, "10.0.0.1", s4.ip.src);
	inet_pton(AF_INET, "10.0.0.2", s4.ip.dst);
	s6.ip = s4.ip;
	s6.ip.family = 6;
	inet_pton(AF_INET6, "2001:db8:1::1", s6.ip.src);
	inet_pton(AF_INET6, "2001:db8:2::2", s6.ip.dst);
	memcpy(sm.mac.dst, mac_stream, 6);
	sm.mac.vid = 100;
	return add(obj, 1, &s4) || add(obj, 2, &s6) || add(obj, 3, &sm);
}

static void classify_cases(const struct target *t)
{
	static const int kinds[] = { EXT_DST, EXT_AH, EXT_MH, EXT_MIXED };
	static const uint16_t outer100[] = { 100, 5, 6, 7, 8 };
	struct frame f;
	char l[128];

	for (int n = 0; n <= SHAPE_MAX_TAGS + 1; n++) {
		snprintf(l, sizeof(l), "ipv4 stream 1, %d tags, 2 option words", n);
		shape_tcp4(&f, mac_host, n, 0, "10.0.0.1", "10.0.0.2", 2, 0, 0, 22);
		expect_cuts(t, l, &f,
			    n > SHAPE_MAX_TAGS ? KEEP(MISS(ETSN_CLS_MISS_UNPARSED)) : SET(1, 5),
			    KEEP(MISS(ETSN_CLS_MISS_UNPARSED)));
	}
	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int d = 0; d <= SHAPE_MAX_EXT + 1; d++) {
			snprintf(l, sizeof(l), "ipv6 stream 2 behind %d %s", d,
				 shape_kind_name(kinds[k]));
			shape_tcp6(&f, mac_host, 0, "2001:db8:1::1", "2001:db8:2::2", kinds[k], d,
				   0, 22);
			expect_cuts(t, l, &f,
				    d > SHAPE_MAX_EXT ? KEEP(MISS(ETSN_CLS_MISS_UNPARSED)) :
							SET(2, 6),
				    KEEP(MISS(ETSN_CLS_MISS_UNPARSED)));
		}
	}
	shape_tcp4(&f, mac_host, 0, 0, "10.0.0.1", "10.0.0.2", 0, 200, 0, 22);
	expect(t, "ipv4 later fragment: no ports, unknown", &f, 0,
	       KEEP(MISS(ETSN_CLS_MISS_UNKNOWN)));
	shape_l2(&f, mac_stream, 5, 0, outer100);
	frame_ethertype(&f, 0x88f7);
	frame_bytes(&f, 44);
	expect(t, "mac stream 3, 5 tags, outer vlan 100", &f, 0, SET(3, 7));
}

void corpus_classify(const char *dir)
{
	struct target t = { .name = "classify", .tc = 1, .nctr = STREAMS + ETSN_CLS_MISSES,
			    .ctr_name = cls_ctr_name, .read = cls_read };
	struct bpf_object *obj = target_load(&t, dir, "etsn_classify.bpf.o", ETSN_CLS_PROG_NAME);

	if (!obj)
		return;
	t.map[M_CNT] = harness_map(obj, ETSN_CLS_MAP_COUNT);
	t.map[M_MISS] = harness_map(obj, ETSN_CLS_MAP_MISS);
	if (streams(obj))
		harness_result(0, "classify: cannot add the streams");
	else
		classify_cases(&t);
	bpf_object__close(obj);
}

static const char *dscp_ctr_name(int i)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "hits of dscp %d", i);
	return buf;
}

static void dscp_read(const struct target *t, uint64_t *v)
{
	for (int d = 0; d < 64; d++)
		v[d] = harness_percpu(t->map[M_HITS], d, sizeof(uint64_t), 0);
}

void corpus_dscp(const char *dir)
{
	struct target t = { .name = "dscp", .tc = 1, .nctr = 64, .ctr_name = dscp_ctr_name,
			    .read = dscp_read };
	struct bpf_object *obj = target_load(&t, dir, "etsn_dscp_prio.bpf.o", "etsn_dscp_classify");
	struct etsn_dscp_prio ef = { .priority = 3, .valid = 1 };
	uint32_t key = 46;
	struct frame f;
	char l[128];

	if (!obj)
		return;
	t.map[M_HITS] = harness_map(obj, ETSN_DSCP_MAP_HITS);
	if (bpf_map_update_elem(harness_map(obj, ETSN_DSCP_MAP_PRIO), &key, &ef, BPF_ANY)) {
		harness_result(0, "dscp: cannot map DSCP 46");
		bpf_object__close(obj);
		return;
	}
	for (int n = 0; n <= SHAPE_MAX_TAGS + 1; n++) {
		snprintf(l, sizeof(l), "ipv4 dscp 46, %d tags", n);
		shape_tcp4(&f, mac_host, n, 0, "10.0.0.1", "10.0.0.2", 1, 0, 46, 80);
		expect_cuts(&t, l, &f, n > SHAPE_MAX_TAGS ? KEEP(NO_COUNTER) : SET(46, 3),
			    KEEP(NO_COUNTER));
		snprintf(l, sizeof(l), "ipv4 dscp 10, %d tags", n);
		shape_tcp4(&f, mac_host, n, 0, "10.0.0.1", "10.0.0.2", 1, 0, 10, 80);
		expect(&t, l, &f, 0, KEEP(NO_COUNTER));
	}
	for (int d = 0; d <= SHAPE_MAX_EXT + 1; d++) {
		snprintf(l, sizeof(l), "ipv6 dscp 46 behind %d mixed (DSCP needs no chain)", d);
		shape_tcp6(&f, mac_host, 1, "2001:db8:1::1", "2001:db8:2::2", EXT_MIXED, d, 46, 80);
		expect(&t, l, &f, 0, SET(46, 3));
	}
	bpf_object__close(obj);
}
