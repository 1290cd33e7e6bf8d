// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/psfp.c and the rate parser — stream words to the exact
 * keys and values of bpf/etsn_psfp.h's maps, meter conversion, and every
 * rejection (which must leave the output untouched).
 */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/parse.h"
#include "lib/psfp.h"

#define WORDS(...) ((char *[]){ __VA_ARGS__ })
#define NWORDS(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(r, why, ...) etsn_psfp_parse_add(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), r, why)

static void rates_take_tc_units(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(0, etsn_parse_rate_Bps("10mbit", &v));
	assert_int_equal(1250000, v);
	assert_int_equal(0, etsn_parse_rate_Bps("1gbit", &v));
	assert_int_equal(125000000, v);
	assert_int_equal(0, etsn_parse_rate_Bps("500kbit", &v));
	assert_int_equal(62500, v);
	assert_int_equal(0, etsn_parse_rate_Bps("1.5mbit", &v));
	assert_int_equal(187500, v);
	assert_int_equal(0, etsn_parse_rate_Bps("125000bps", &v));
	assert_int_equal(125000, v);
	assert_int_equal(0, etsn_parse_rate_Bps("3kbps", &v));
	assert_int_equal(3000, v);
	assert_int_equal(0, etsn_parse_rate_Bps("8bit", &v));
	assert_int_equal(1, v);
	assert_int_equal(0, etsn_parse_rate_Bps("0bit", &v));
	assert_int_equal(0, v);
}

static void rates_reject_bad_text(void **state)
{
	uint64_t v = 77;

	(void)state;
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("1000", &v));	/* bits or bytes? */
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("12bit", &v));	/* 1.5 bytes/s */
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("10Mbit", &v));
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("mbit", &v));
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("-1mbit", &v));
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("1.mbit", &v));
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps("", &v));
	assert_int_equal(-EINVAL, etsn_parse_rate_Bps(NULL, &v));
	assert_int_equal(-ERANGE, etsn_parse_rate_Bps("99999999999999999999tbit", &v));
	assert_int_equal(-ERANGE, etsn_parse_rate_Bps("18446744073709551616bps", &v));
	assert_int_equal(77, v);
}

static void mac_vlan_key_is_bytes_and_host_order_vid(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xab };
	struct etsn_psfp_rule r;
	const char *why = NULL;
	const uint8_t *key;
	size_t size;

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "7", "dst", "02:00:5e:00:53:AB", "vlan", "100"));
	assert_int_equal(7, r.id);
	assert_int_equal(ETSN_PSFP_KEY_MAC, r.stream.key_kind);
	assert_string_equal(ETSN_PSFP_MAP_MAC, etsn_psfp_key_map(&r.stream));
	key = etsn_psfp_key(&r.stream, &size);
	assert_int_equal(8, size);
	assert_memory_equal(mac, key, 6);
	assert_int_equal(100, *(const uint16_t *)(key + 6));	/* host order, like the program */
	assert_int_equal(0, r.meter.flags);
	assert_int_equal(0, r.stream.max_sdu);
	assert_int_equal(-1, r.policy);
	/* Untagged: vid 0. */
	assert_int_equal(0, PARSE(&r, &why, "dst", "02:00:5e:00:53:ab", "id", "0"));
	assert_int_equal(0, r.stream.mac.vid);
}

static void ipv4_key_is_padded_and_ports_host_order(void **state)
{
	static const uint8_t src[16] = { 192, 0, 2, 1 }, dst[16] = { 192, 0, 2, 2 };
	struct etsn_psfp_rule r;
	const char *why = NULL;
	const struct etsn_psfp_ip_key *k;
	size_t size;

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "16383", "ip", "192.0.2.1", "192.0.2.2", "proto",
				  "udp", "sport", "1001", "dport", "6001"));
	assert_int_equal(16383, r.id);
	assert_int_equal(ETSN_PSFP_MAX_STREAMS - 1, r.id);
	assert_int_equal(ETSN_PSFP_MAX_STREAMS - 1, atoi(ETSN_PSFP_MAX_ID_TEXT));
	assert_string_equal(ETSN_PSFP_MAP_IP, etsn_psfp_key_map(&r.stream));
	k = etsn_psfp_key(&r.stream, &size);
	assert_int_equal(40, size);
	assert_int_equal(4, k->family);
	assert_int_equal(IPPROTO_UDP, k->proto);
	assert_int_equal(ETSN_PSFP_DSCP_ANY, k->dscp);
	assert_int_equal(0, k->pad);
	assert_int_equal(1001, k->sport);
	assert_int_equal(6001, k->dport);
	assert_memory_equal(src, k->src, 16);	/* network order, zero tail */
	assert_memory_equal(dst, k->dst, 16);
}

static void ipv6_key_with_dscp(void **state)
{
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct etsn_psfp_rule r;
	const char *why = NULL;
	char text[ETSN_PSFP_KEY_STRLEN];

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "5", "ip", "2001:db8::1", "2001:db8::2", "proto",
				  "tcp", "sport", "65535", "dport", "1", "dscp", "46",
				  "max-sdu", "300"));
	assert_int_equal(6, r.stream.ip.family);
	assert_int_equal(IPPROTO_TCP, r.stream.ip.proto);
	assert_int_equal(46, r.stream.ip.dscp);
	assert_int_equal(65535, r.stream.ip.sport);
	assert_memory_equal(dst, r.stream.ip.dst, 16);
	assert_int_equal(300, r.stream.max_sdu);
	etsn_psfp_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("ip 2001:db8::1 2001:db8::2 proto tcp sport 65535 dport 1 dscp 46", text);
}

static void meter_fills_buckets_in_nanobytes(void **state)
{
	struct etsn_psfp_rule r;
	const char *why = NULL;

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "2", "dst", "02:00:00:00:00:01", "cir", "1mbit",
				  "cbs", "3000", "eir", "500kbit", "ebs", "1500", "drop-yellow",
				  "unknown-policy", "drop"));
	assert_int_equal(ETSN_PSFP_F_METER | ETSN_PSFP_F_DROP_YELLOW, r.meter.flags);
	assert_int_equal(125000, r.meter.cir);
	assert_int_equal(3000, r.meter.cbs);
	assert_int_equal(62500, r.meter.eir);
	assert_int_equal(1500, r.meter.ebs);
	assert_true(r.meter.ctokens == 3000ULL * 1000000000ULL);
	assert_true(r.meter.etokens == 1500ULL * 1000000000ULL);
	assert_int_equal(0, r.meter.last_ns);
	assert_int_equal(ETSN_PSFP_UNKNOWN_DROP, r.policy);
	/* Single rate: no excess bucket. */
	assert_int_equal(0, PARSE(&r, &why, "id", "2", "dst", "02:00:00:00:00:01", "cir", "8bit",
				  "cbs", "1"));
	assert_int_equal(ETSN_PSFP_F_METER, r.meter.flags);
	assert_int_equal(1, r.meter.cir);
	assert_int_equal(0, r.meter.eir);
	assert_int_equal(0, r.meter.etokens);
}

static void meter_limits(void **state)
{
	struct etsn_psfp_meter s = { 0 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(0, etsn_psfp_set_meter(&s, ETSN_PSFP_MAX_RATE, ETSN_PSFP_MAX_BURST,
						 ETSN_PSFP_MAX_RATE, ETSN_PSFP_MAX_BURST, 0, &why));
	/* The program adds at most the missing tokens, so the largest bucket
	 * in nano-bytes is the largest sum: far below 2^64.
	 */
	assert_true(s.ctokens == ETSN_PSFP_MAX_BURST * ETSN_PSFP_NS_PER_SEC);
	assert_true(s.ctokens < UINT64_MAX / 16);
	memset(&s, 0, sizeof(s));
	assert_int_equal(-EINVAL, etsn_psfp_set_meter(&s, ETSN_PSFP_MAX_RATE + 1, 1, 0, 0, 0, &why));
	assert_int_equal(-EINVAL, etsn_psfp_set_meter(&s, 1, ETSN_PSFP_MAX_BURST + 1, 0, 0, 0, &why));
	assert_int_equal(-EINVAL, etsn_psfp_set_meter(&s, 1, 0, 0, 0, 0, &why));
	assert_int_equal(-EINVAL, etsn_psfp_set_meter(&s, 1, 1, 1, 0, 0, &why));
	assert_non_null(why);
	assert_int_equal(0, s.flags);
	assert_int_equal(0, s.ctokens);
}

#define METER(s, why, ...) etsn_psfp_parse_meter(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), s, why)

/* The meter of a running stream, mid-way (tokens spent). */
static struct etsn_psfp_meter running_meter(void)
{
	struct etsn_psfp_rule r;
	const char *why = NULL;

	assert_int_equal(0, PARSE(&r, &why, "id", "9", "ip", "192.0.2.1", "192.0.2.2", "proto",
				  "udp", "sport", "1", "dport", "2", "max-sdu", "1500", "cir",
				  "1mbit", "cbs", "3000", "eir", "1mbit", "ebs", "1500",
				  "drop-yellow"));
	r.meter.ctokens = 17;
	r.meter.etokens = 5;
	r.meter.last_ns = 123456789;
	return r.meter;
}

static void meter_set_converts_units_and_refills(void **state)
{
	struct etsn_psfp_meter s = running_meter();
	const char *why = NULL;

	(void)state;
	assert_int_equal(0, METER(&s, &why, "cir", "2.5gbit", "cbs", "64000", "eir", "8kbps",
				  "ebs", "1"));
	assert_true(s.cir == 312500000ULL);		/* 2.5e9 bit/s / 8 */
	assert_int_equal(64000, s.cbs);
	assert_int_equal(8000, s.eir);			/* kbps: 1000 bytes/s */
	assert_int_equal(1, s.ebs);
	/* Buckets full at the new sizes, in nano-bytes; a fresh start. */
	assert_true(s.ctokens == 64000ULL * 1000000000ULL);
	assert_true(s.etokens == 1000000000ULL);
	assert_int_equal(0, s.last_ns);
	/* drop-yellow not given: cleared. */
	assert_int_equal(ETSN_PSFP_F_METER, s.flags);

	/* Single rate, bytes per second, drop-yellow: no excess bucket. */
	assert_int_equal(0, METER(&s, &why, "drop-yellow", "cbs", "1", "cir", "125000bps"));
	assert_int_equal(ETSN_PSFP_F_METER | ETSN_PSFP_F_DROP_YELLOW, s.flags);
	assert_int_equal(125000, s.cir);
	assert_int_equal(0, s.eir);
	assert_int_equal(0, s.ebs);
	assert_int_equal(0, s.etokens);

	/* off: no meter flags, no parameters, no state. */
	assert_int_equal(0, METER(&s, &why, "off"));
	assert_int_equal(0, s.flags);
	assert_true(!s.cir && !s.cbs && !s.eir && !s.ebs && !s.ctokens && !s.etokens && !s.last_ns);
}

static void meter_set_bounds(void **state)
{
	struct etsn_psfp_meter s = running_meter();
	const char *why = NULL;

	(void)state;
	/* The largest rate (800gbit = 1e11 bytes/s) and burst are taken... */
	assert_int_equal(0, METER(&s, &why, "cir", "800gbit", "cbs", "1000000000", "eir",
				  "100gbps", "ebs", "1000000000"));
	assert_true(s.cir == ETSN_PSFP_MAX_RATE && s.eir == ETSN_PSFP_MAX_RATE);
	assert_true(s.cbs == ETSN_PSFP_MAX_BURST && s.ebs == ETSN_PSFP_MAX_BURST);
	/* ...and zero rates (a bucket that never refills). */
	assert_int_equal(0, METER(&s, &why, "cir", "0bit", "cbs", "1"));
	assert_int_equal(0, s.cir);

	s = running_meter();
	const struct etsn_psfp_meter before = s;
#define METER_REJECT(...)                                            \
	do {                                                          \
		why = NULL;                                           \
		assert_int_equal(-EINVAL, METER(&s, &why, __VA_ARGS__)); \
		assert_non_null(why);                                 \
		assert_memory_equal(&before, &s, sizeof(s));          \
	} while (0)
	METER_REJECT("cir", "800.000000008gbit", "cbs", "1");	/* 1e11 + 1 bytes/s */
	METER_REJECT("cir", "1tbit", "cbs", "1");
	METER_REJECT("cir", "1mbit", "cbs", "0");
	METER_REJECT("cir", "1mbit", "cbs", "1000000001");
	METER_REJECT("cir", "1mbit", "cbs", "1", "eir", "1mbit", "ebs", "1000000001");
	METER_REJECT("cir", "1mbit", "cbs", "1", "eir", "1mbit", "ebs", "0");
	METER_REJECT("cir", "1mbit", "cbs", "1", "eir", "1mbit");	/* eir without ebs */
	METER_REJECT("cir", "1000", "cbs", "1");			/* no unit */
	METER_REJECT("cir", "12bit", "cbs", "1");			/* 1.5 bytes/s */
	METER_REJECT("cir", "1mbit", "cbs", "1k");
	METER_REJECT("cir", "1mbit");
	METER_REJECT("cbs", "1");
	METER_REJECT("drop-yellow");
	METER_REJECT("cir", "1mbit", "cbs", "1", "max-sdu", "100");	/* not a meter word */
	METER_REJECT("cir", "1mbit", "cbs", "1", "cir", "2mbit");
	METER_REJECT("off", "cir", "1mbit", "cbs", "1");
	METER_REJECT("cir", "1mbit", "cbs");
#undef METER_REJECT
}

static void rejections_leave_the_rule_alone(void **state)
{
	struct etsn_psfp_rule r = { .id = 99 }, before;
	const char *why;

	(void)state;
	before = r;
#define REJECT(...)                                                   \
	do {                                                          \
		why = NULL;                                           \
		assert_int_equal(-EINVAL, PARSE(&r, &why, __VA_ARGS__)); \
		assert_non_null(why);                                 \
		assert_memory_equal(&before, &r, sizeof(r));          \
	} while (0)
	REJECT("dst", "02:00:00:00:00:01");					/* no id */
	REJECT("id", "16384", "dst", "02:00:00:00:00:01");
	REJECT("id", "-1", "dst", "02:00:00:00:00:01");
	REJECT("id", "1");							/* no key */
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "ip", "192.0.2.1", "192.0.2.2");
	REJECT("id", "1", "dst", "02:00:00:00:00:1");
	REJECT("id", "1", "dst", "02-00-00-00-00-01");
	REJECT("id", "1", "dst", "02:00:00:00:00:0g");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "vlan", "4095");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "vlan", "0");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "dscp", "1");
	REJECT("id", "1", "ip", "192.0.2.1", "2001:db8::2", "proto", "udp", "sport", "1", "dport", "2");
	REJECT("id", "1", "ip", "192.0.2.256", "192.0.2.2", "proto", "udp", "sport", "1", "dport", "2");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "icmp", "sport", "1", "dport", "2");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "0", "dport", "2");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1", "dport", "65536");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1", "dport", "2", "dscp", "64");
	REJECT("id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1", "dport", "2", "vlan", "3");
	REJECT("id", "1", "ip", "192.0.2.1");					/* ip needs SRC DST */
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "max-sdu", "0");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "max-sdu", "65536");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cir", "1mbit");		/* no cbs */
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cbs", "100");		/* no cir */
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cir", "1000", "cbs", "100");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cir", "1mbit", "cbs", "1k");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cir", "1mbit", "cbs", "100", "eir", "1mbit");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "cir", "1mbit", "cbs", "100", "eir", "1mbit", "ebs", "0");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "drop-yellow");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "unknown-policy", "reject");
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "id", "2");		/* twice */
	REJECT("id", "1", "dst", "02:00:00:00:00:01", "colour");
	REJECT("id", "1", "dst");
}

static void formats(void **state)
{
	struct etsn_psfp_rule r;
	const char *why;
	char text[ETSN_PSFP_KEY_STRLEN];

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "1", "dst", "02:00:5e:00:53:ab", "vlan", "5"));
	etsn_psfp_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("dst 02:00:5e:00:53:ab vlan 5", text);
	r.stream.mac.vid = 0;
	etsn_psfp_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("dst 02:00:5e:00:53:ab", text);
	etsn_psfp_format_rate(125000, text, sizeof(text));
	assert_string_equal("1mbit", text);
	etsn_psfp_format_rate(62500, text, sizeof(text));
	assert_string_equal("500kbit", text);
	etsn_psfp_format_rate(3, text, sizeof(text));
	assert_string_equal("24bit", text);
	etsn_psfp_format_rate(0, text, sizeof(text));
	assert_string_equal("0bit", text);
}

static void counters_sum_over_cpus(void **state)
{
	struct etsn_psfp_counters cpu[3] = {
		{ 1, 2, 3, 4, 5, 6 }, { 10, 20, 30, 40, 50, 60 }, { 100, 200, 300, 400, 500, 600 },
	};
	struct etsn_psfp_counters sum;

	(void)state;
	etsn_psfp_sum(cpu, 3, &sum);
	assert_int_equal(111, etsn_psfp_counter(&sum, 0));
	assert_int_equal(666, etsn_psfp_counter(&sum, 5));
	assert_string_equal("passed", etsn_psfp_counter_name(0));
	assert_string_equal("dropped_red", etsn_psfp_counter_name(3));
	assert_string_equal("dropped_gate", etsn_psfp_counter_name(5));
	assert_int_equal(333, sum.dropped_sdu);
	assert_int_equal(555, sum.dropped_yellow);
}

static void gate_schedule(void **state)
{
	struct etsn_psfp_gate g;
	const char *why = NULL;
	char text[ETSN_PSFP_GATE_STRLEN];

	(void)state;
	assert_int_equal(0, etsn_psfp_parse_gate(4, WORDS("open", "30ms", "closed", "70ms"),
						  5000000000LL, &g, &why));
	assert_int_equal(0, g.base_ns);
	assert_int_equal(100000000, g.cycle_ns);	/* the sum */
	assert_int_equal(2, g.count);
	assert_int_equal(1, g.ent[0].open);
	assert_int_equal(30000000, g.ent[0].interval_ns);
	assert_int_equal(0, g.ent[1].open);
	assert_int_equal(70000000, g.ent[1].interval_ns);
	etsn_psfp_format_gate(&g, text, sizeof(text));
	assert_string_equal("base 0 cycle 100000000 open 30000000 closed 70000000", text);
	/* base relative to the TAI now, cycle given */
	assert_int_equal(0, etsn_psfp_parse_gate(6, WORDS("base", "+1s", "cycle", "1ms", "closed",
						       "2ms"), 5000000000LL, &g, &why));
	assert_int_equal(6000000000ULL, g.base_ns);
	assert_int_equal(1000000, g.cycle_ns);
	assert_int_equal(1, g.count);
	assert_int_equal(0, etsn_psfp_parse_gate(4, WORDS("base", "1700000000.5", "open", "1"),
						  0, &g, &why));
	assert_true(g.base_ns == 1700000000500000000ULL);
}

static void gate_rejections(void **state)
{
	struct etsn_psfp_gate g = { .count = 77 };
	const char *why;

	(void)state;
#define REJECT_GATE(n, ...)                                                            \
	do {                                                                           \
		why = NULL;                                                            \
		assert_int_equal(-EINVAL, etsn_psfp_parse_gate(n, WORDS(__VA_ARGS__), 0, &g, &why)); \
		assert_non_null(why);                                                  \
		assert_int_equal(77, g.count);                                         \
	} while (0)
	REJECT_GATE(2, "base", "+1s");				/* no entry */
	REJECT_GATE(2, "open", "0");
	REJECT_GATE(2, "open", "1parsec");
	REJECT_GATE(1, "open");
	REJECT_GATE(2, "ajar", "1ms");
	REJECT_GATE(4, "cycle", "0", "open", "1ms");
	REJECT_GATE(4, "base", "soon", "open", "1ms");
	REJECT_GATE(18, "open", "1", "open", "1", "open", "1", "open", "1", "open", "1",
		    "open", "1", "open", "1", "open", "1", "open", "1");	/* 9 entries */
}

#define POLICIES(un, up, why, ...) \
	etsn_psfp_parse_policies((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)), \
				 (char *[]){ __VA_ARGS__ }, un, up, why)

static void policy_words(void **state)
{
	const char *why = NULL;
	int un = 7, up = 7;

	(void)state;
	assert_int_equal(0, POLICIES(&un, &up, &why, "drop"));
	assert_int_equal(ETSN_PSFP_UNKNOWN_DROP, un);
	assert_int_equal(-1, up);
	assert_int_equal(0, POLICIES(&un, &up, &why, "unparsed", "pass"));
	assert_int_equal(-1, un);
	assert_int_equal(ETSN_PSFP_UNPARSED_PASS, up);
	assert_int_equal(0, POLICIES(&un, &up, &why, "unknown", "pass", "unparsed", "drop"));
	assert_int_equal(ETSN_PSFP_UNKNOWN_PASS, un);
	assert_int_equal(ETSN_PSFP_UNPARSED_DROP, up);
	un = up = 7;
	assert_int_equal(-EINVAL, POLICIES(&un, &up, &why, "unparsed", "reject"));
	assert_string_equal("unparsed is pass or drop", why);
	assert_int_equal(-EINVAL, POLICIES(&un, &up, &why, "unknown", "drop", "unknown", "pass"));
	assert_string_equal("each of unknown and unparsed at most once", why);
	assert_int_equal(-EINVAL, POLICIES(&un, &up, &why, "unparsed"));
	assert_int_equal(-EINVAL, POLICIES(&un, &up, &why, "reject"));
	assert_int_equal(7, un);
	assert_int_equal(7, up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rates_take_tc_units),
		cmocka_unit_test(rates_reject_bad_text),
		cmocka_unit_test(mac_vlan_key_is_bytes_and_host_order_vid),
		cmocka_unit_test(ipv4_key_is_padded_and_ports_host_order),
		cmocka_unit_test(ipv6_key_with_dscp),
		cmocka_unit_test(meter_fills_buckets_in_nanobytes),
		cmocka_unit_test(meter_limits),
		cmocka_unit_test(meter_set_converts_units_and_refills),
		cmocka_unit_test(meter_set_bounds),
		cmocka_unit_test(rejections_leave_the_rule_alone),
		cmocka_unit_test(formats),
		cmocka_unit_test(counters_sum_over_cpus),
		cmocka_unit_test(gate_schedule),
		cmocka_unit_test(gate_rejections),
		cmocka_unit_test(policy_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
