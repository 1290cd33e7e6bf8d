// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/tele_policy.c and metrics_prom.c's policy part — the
 * firewall and PSFP aggregates the agent publishes: the JSON members of
 * tele/<ifname> (the keys of etsnctl -j fw show / stream show) and the
 * Prometheus series, each part only when its maps are there — and
 * tele_streams.c, which PSFP streams go on tele/<ifname>/streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/metrics_prom.h"
#include "lib/tele_policy.h"
#include "lib/tele_streams.h"

static void fill(struct etsn_tele_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->has_fw = true;
	p->fw.reasons[ETSN_FW_PASSED] = 9;
	p->fw.reasons[ETSN_FW_DROPPED_PORT] = 3;
	p->fw.syn[ETSN_FW_SYN_SEEN] = 4;
	p->fw.protos[ETSN_FW_PROTO_UDP] = 12;
	p->has_psfp = true;
	p->psfp_cfg.unknown_policy = ETSN_PSFP_UNKNOWN_DROP;
	p->psfp_cfg.unparsed = ETSN_PSFP_UNPARSED_PASS;
	p->psfp_glob[ETSN_PSFP_UNKNOWN_DROPPED] = 2;
	p->psfp_glob[ETSN_PSFP_UNPARSED_PASSED] = 5;
	p->psfp.streams = 10000;
	p->psfp.sum.passed = 4;
	p->psfp.sum.dropped_sdu = 1;
	p->psfp.sum.dropped_red = 2;
}

/* The members etsn_tele_policy_out writes into an object, as JSON. */
static char *members(const struct etsn_tele_policy *p)
{
	struct etsn_json j;
	struct etsn_out o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	etsn_json_init(&j, f);
	j.pretty = false;
	etsn_out_into(&o, &j);
	etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
	etsn_out_str(&o, "ifname", NULL, "a0");
	etsn_tele_policy_out(&o, p);
	etsn_out_close(&o);
	assert_true(etsn_json_finish(&j));
	fclose(f);
	return buf;
}

static void json_members(void **unused)
{
	struct etsn_tele_policy p;
	char *got;

	(void)unused;
	fill(&p);
	got = members(&p);
	assert_string_equal(got,
		"{\"ifname\":\"a0\",\"firewall\":{\"counters\":{\"passed\":9,\"dropped_cidr4\":0,"
		"\"dropped_cidr6\":0,\"dropped_port\":3,\"malformed\":0,\"dropped_syn\":0,"
		"\"unparsed\":0,\"unparsed_passed\":0,\"dropped_frag\":0,\"syn_seen\":4,"
		"\"syn_sources_added\":0},\"protocols\":{\"non_ip\":0,\"tcp\":0,\"udp\":12,"
		"\"icmp\":0,\"other_ip\":0}},\"psfp\":{\"streams\":10000,"
		"\"unknown\":{\"policy\":\"drop\",\"passed\":0,\"dropped\":2},"
		"\"unparsed\":{\"policy\":\"pass\",\"passed\":5,\"dropped\":0},"
		"\"counters\":{\"passed\":4,\"yellow\":0,\"dropped_sdu\":1,\"dropped_red\":2,"
		"\"dropped_yellow\":0,\"dropped_gate\":0}}}\n");
	free(got);
	/* A part whose maps are not pinned is left out. */
	p.has_fw = false;
	got = members(&p);
	assert_null(strstr(got, "firewall"));
	assert_non_null(strstr(got, "\"psfp\":{\"streams\":10000,"));
	free(got);
	p.has_psfp = false;
	got = members(&p);
	assert_string_equal(got, "{\"ifname\":\"a0\"}\n");
	free(got);
}

static char *prom(const struct etsn_tele_policy *pol)
{
	struct etsn_agent_state s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	memset(&s, 0, sizeof(s));
	s.nifaces = 2;
	snprintf(s.ifaces[0].name, sizeof(s.ifaces[0].name), "a0");
	snprintf(s.ifaces[1].name, sizeof(s.ifaces[1].name), "b0");
	etsn_prom_print(f, &s, NULL, pol);
	fclose(f);
	return buf;
}

static void prom_series(void **unused)
{
	struct etsn_tele_policy pol[2];
	char *out;

	(void)unused;
	fill(&pol[0]);
	memset(&pol[1], 0, sizeof(pol[1]));	/* b0: nothing pinned */
	out = prom(pol);
	assert_non_null(strstr(out, "# HELP edgetsn_firewall_frames_total "));
	assert_non_null(strstr(out, "# TYPE edgetsn_firewall_frames_total counter\n"));
	assert_non_null(strstr(out, "edgetsn_firewall_frames_total{interface=\"a0\",reason=\"passed\"} 9\n"));
	assert_non_null(strstr(out, "edgetsn_firewall_frames_total{interface=\"a0\",reason=\"dropped_port\"} 3\n"));
	assert_non_null(strstr(out, "edgetsn_firewall_syn_total{interface=\"a0\",counter=\"syn_seen\"} 4\n"));
	assert_non_null(strstr(out, "edgetsn_firewall_protocol_frames_total{interface=\"a0\",protocol=\"udp\"} 12\n"));
	assert_non_null(strstr(out, "# TYPE edgetsn_psfp_streams gauge\nedgetsn_psfp_streams{interface=\"a0\"} 10000\n"));
	assert_non_null(strstr(out, "edgetsn_psfp_stream_frames_total{interface=\"a0\",counter=\"dropped_red\"} 2\n"));
	assert_non_null(strstr(out, "edgetsn_psfp_unknown_frames_total{interface=\"a0\",verdict=\"dropped\"} 2\n"));
	assert_non_null(strstr(out, "edgetsn_psfp_unparsed_frames_total{interface=\"a0\",verdict=\"passed\"} 5\n"));
	/* Aggregates only: no series per stream, none for b0. */
	assert_null(strstr(out, "id=\""));
	assert_null(strstr(out, "edgetsn_firewall_frames_total{interface=\"b0\""));
	assert_null(strstr(out, "edgetsn_psfp_streams{interface=\"b0\""));
	free(out);
	/* No policy counters at all: no such family. */
	out = prom(NULL);
	assert_null(strstr(out, "edgetsn_firewall"));
	assert_null(strstr(out, "edgetsn_psfp"));
	free(out);
}

/* One tick: streams 0..n-1 seen, stream i with passed = base + i (base
 * 0: all zero). The ids picked, in order, into ids; how many.
 */
static size_t tick(struct etsn_tele_streams *t, uint32_t n, uint64_t base, uint32_t *ids)
{
	const struct etsn_tele_stream *s;
	struct etsn_psfp_counters c;
	size_t got;

	etsn_tele_streams_begin(t);
	for (uint32_t i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		c.passed = base ? base + i : 0;
		etsn_tele_streams_see(i, &c, t);
	}
	s = etsn_tele_streams_take(t, &got);
	for (size_t i = 0; i < got; i++) {
		ids[i] = s[i].id;
		assert_int_equal(s[i].c.passed, base ? base + s[i].id : 0);
	}
	etsn_tele_streams_end(t);
	return got;
}

static void changed_streams(void **unused)
{
	uint32_t *ids = calloc(ETSN_TELE_STREAMS_PER_TICK, sizeof(*ids));
	struct etsn_tele_streams t;

	(void)unused;
	assert_non_null(ids);
	memset(&t, 0, sizeof(t));
	/* Counters all zero: nothing changed, nothing sent, no memory taken. */
	assert_int_equal(tick(&t, 10000, 0, ids), 0);
	assert_null(t.seen);
	/* 10,000 changed: 1024 a tick, each tick from where the last stopped. */
	assert_int_equal(tick(&t, 10000, 1, ids), ETSN_TELE_STREAMS_PER_TICK);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[ETSN_TELE_STREAMS_PER_TICK - 1], 1023);
	assert_int_equal(tick(&t, 10000, 1, ids), ETSN_TELE_STREAMS_PER_TICK);
	assert_int_equal(ids[0], 1024);
	for (int k = 2; k < 9; k++)
		assert_int_equal(tick(&t, 10000, 1, ids), ETSN_TELE_STREAMS_PER_TICK);
	/* The tenth tick has the last 784; then all are as published. */
	assert_int_equal(tick(&t, 10000, 1, ids), 10000 - 9 * ETSN_TELE_STREAMS_PER_TICK);
	assert_int_equal(ids[0], 9216);
	assert_int_equal(tick(&t, 10000, 1, ids), 0);
	/* All change again, the cursor past the end: from 0 on. */
	assert_int_equal(tick(&t, 10000, 5, ids), ETSN_TELE_STREAMS_PER_TICK);
	assert_int_equal(ids[0], 0);
	/* Wrap-around: from the cursor (1024) to the end, then from 0 (the
	 * 1024 just sent are unchanged, so none below the cursor is due).
	 */
	assert_int_equal(tick(&t, 2000, 5, ids), 2000 - ETSN_TELE_STREAMS_PER_TICK);
	assert_int_equal(ids[0], 1024);
	assert_int_equal(tick(&t, 2000, 5, ids), 0);
	/* Counters zeroed (a stream re-added) count as a change. */
	assert_int_equal(tick(&t, 3, 0, ids), 3);
	etsn_tele_streams_free(&t);
	assert_null(t.seen);
	free(ids);
}

static void streams_json(void **unused)
{
	struct etsn_tele_stream s[2] = { { .id = 1, .c = { .passed = 4, .dropped_sdu = 1 } },
					 { .id = 2, .c = { .dropped_red = 2 } } };
	struct etsn_json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)unused;
	assert_non_null(f);
	etsn_json_init(&j, f);
	j.pretty = false;
	etsn_tele_streams_json(&j, "a0", s, 2);
	assert_true(etsn_json_finish(&j));
	fclose(f);
	assert_string_equal(buf,
		"{\"ifname\":\"a0\",\"streams\":[{\"id\":1,\"counters\":{\"passed\":4,"
		"\"yellow\":0,\"dropped_sdu\":1,\"dropped_red\":0,\"dropped_yellow\":0,"
		"\"dropped_gate\":0}},{\"id\":2,\"counters\":{\"passed\":0,\"yellow\":0,"
		"\"dropped_sdu\":0,\"dropped_red\":2,\"dropped_yellow\":0,\"dropped_gate\":0}}]}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_members),
		cmocka_unit_test(prom_series),
		cmocka_unit_test(changed_streams),
		cmocka_unit_test(streams_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
