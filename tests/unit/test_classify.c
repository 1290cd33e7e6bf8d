// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/classify.c — "classify add" words to the exact keys and
 * values of bpf/etsn_classify.h's maps (the stream spec through PSFP's
 * parser), and every rejection, which must leave the rule untouched.
 */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/classify.h"

#define WORDS(...) ((char *[]){ __VA_ARGS__ })
#define NWORDS(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(r, why, ...) etsn_cls_parse_add(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), r, why)

static void mac_vlan_rule(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xab };
	struct etsn_cls_rule r;
	const char *why = NULL;
	const uint8_t *key;
	size_t size;

	(void)state;
	/* prio may come anywhere, also before the stream spec. */
	assert_int_equal(0, PARSE(&r, &why, "prio", "5", "id", "7", "dst", "02:00:5e:00:53:AB",
				  "vlan", "100"));
	assert_int_equal(7, r.id);
	assert_int_equal(5, r.stream.priority);
	assert_int_equal(ETSN_PSFP_KEY_MAC, r.stream.key_kind);
	assert_string_equal(ETSN_CLS_MAP_MAC, etsn_cls_key_map(&r.stream));
	key = etsn_cls_key(&r.stream, &size);
	assert_int_equal(8, size);
	assert_ptr_equal(&r.stream.mac, key);
	assert_memory_equal(mac, key, 6);
	assert_int_equal(100, *(const uint16_t *)(key + 6));	/* host order, like the program */

	assert_int_equal(0, PARSE(&r, &why, "id", "0", "dst", "02:00:5e:00:53:ab", "prio", "0"));
	key = etsn_cls_key(&r.stream, &size);
	assert_int_equal(0, *(const uint16_t *)(key + 6));	/* untagged */
	assert_int_equal(0, r.stream.priority);
}

static void ipv4_rule_key_bytes(void **state)
{
	struct etsn_psfp_ip_key want = {
		.family = 4, .proto = IPPROTO_UDP, .dscp = ETSN_PSFP_DSCP_ANY,
		.sport = 1001, .dport = 6001,
		.src = { 192, 0, 2, 1 }, .dst = { 192, 0, 2, 2 },
	};
	struct etsn_cls_rule r;
	const char *why = NULL;
	const void *key;
	size_t size;

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "255", "ip", "192.0.2.1", "192.0.2.2", "proto",
				  "udp", "sport", "1001", "dport", "6001", "prio", "15"));
	assert_int_equal(255, r.id);
	assert_int_equal(15, r.stream.priority);
	assert_int_equal(ETSN_PSFP_KEY_IP, r.stream.key_kind);
	assert_string_equal(ETSN_CLS_MAP_IP, etsn_cls_key_map(&r.stream));
	key = etsn_cls_key(&r.stream, &size);
	assert_int_equal(sizeof(want), size);
	assert_int_equal(40, size);
	/* Every byte, padding included: the hash compares them all. */
	assert_memory_equal(&want, key, sizeof(want));
}

static void ipv6_rule_with_dscp(void **state)
{
	struct etsn_psfp_ip_key want = {
		.family = 6, .proto = IPPROTO_TCP, .dscp = 46, .sport = 1, .dport = 65535,
		.src = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
		.dst = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
	};
	struct etsn_cls_rule r;
	const char *why = NULL;
	char text[ETSN_CLS_KEY_STRLEN];
	size_t size;

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "3", "ip", "2001:db8::1", "2001:db8::2", "proto",
				  "tcp", "sport", "1", "dport", "65535", "dscp", "46", "prio", "2"));
	assert_memory_equal(&want, etsn_cls_key(&r.stream, &size), sizeof(want));
	etsn_cls_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("ip 2001:db8::1 2001:db8::2 proto tcp sport 1 dport 65535 dscp 46",
			    text);
}

static void format_is_the_stream_spec(void **state)
{
	struct etsn_cls_rule r;
	const char *why = NULL;
	char text[ETSN_CLS_KEY_STRLEN];

	(void)state;
	assert_int_equal(0, PARSE(&r, &why, "id", "1", "dst", "02:00:5e:00:53:01", "vlan", "5",
				  "prio", "3"));
	etsn_cls_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("dst 02:00:5e:00:53:01 vlan 5", text);
	assert_int_equal(0, PARSE(&r, &why, "id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto",
				  "udp", "sport", "7", "dport", "8", "prio", "3"));
	etsn_cls_format_key(&r.stream, text, sizeof(text));
	assert_string_equal("ip 192.0.2.1 192.0.2.2 proto udp sport 7 dport 8", text);
}

/* Each rejection gives a reason and leaves r as it was. */
static void expect_reject(int argc, char **argv, const char *reason_part)
{
	struct etsn_cls_rule r, before;
	const char *why = NULL;

	memset(&r, 0x5a, sizeof(r));
	before = r;
	assert_int_equal(-EINVAL, etsn_cls_parse_add(argc, argv, &r, &why));
	assert_non_null(why);
	if (!strstr(why, reason_part))
		fail_msg("reason '%s' lacks '%s'", why, reason_part);
	assert_memory_equal(&before, &r, sizeof(r));
}

#define REJECT(part, ...) expect_reject(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), part)

static void rejections_leave_the_rule_alone(void **state)
{
	(void)state;
	REJECT("needs 'prio", "id", "1", "dst", "02:00:5e:00:53:01");
	REJECT("needs 'prio", "id", "1", "dst", "02:00:5e:00:53:01", "prio");
	REJECT("0..15", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "16");
	REJECT("0..15", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "-1");
	REJECT("0..15", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "high");
	REJECT("'prio' given twice", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "1", "prio",
	       "2");
	REJECT("needs 'id N'", "dst", "02:00:5e:00:53:01", "prio", "1");
	REJECT("0..255", "id", "256", "dst", "02:00:5e:00:53:01", "prio", "1");
	REJECT("'id' given twice", "id", "1", "id", "2", "dst", "02:00:5e:00:53:01", "prio", "1");
	/* The stream spec's own rejections come from PSFP's parser. */
	REJECT("MAC address", "id", "1", "dst", "02:00:5e:00:53", "prio", "1");
	REJECT("VLAN ID", "id", "1", "dst", "02:00:5e:00:53:01", "vlan", "4095", "prio", "1");
	REJECT("one of them", "id", "1", "prio", "1");
	REJECT("two IPv4 or two IPv6", "id", "1", "ip", "192.0.2.1", "2001:db8::2", "proto", "udp",
	       "sport", "1", "dport", "2", "prio", "1");
	REJECT("needs proto", "id", "1", "ip", "192.0.2.1", "192.0.2.2", "prio", "1");
	REJECT("DSCP", "id", "1", "ip", "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1",
	       "dport", "2", "dscp", "64", "prio", "1");
	REJECT("unknown word", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "1", "class", "2");
	/* PSFP-only words are not classify words. */
	REJECT("belong to 'etsnctl stream'", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "1",
	       "max-sdu", "100");
	REJECT("belong to 'etsnctl stream'", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "1",
	       "cir", "1mbit", "cbs", "1000");
	REJECT("belong to 'etsnctl stream'", "id", "1", "dst", "02:00:5e:00:53:01", "prio", "1",
	       "unknown-policy", "drop");
}

static void ids(void **state)
{
	const char *why = NULL;
	uint32_t id = 9;

	(void)state;
	assert_int_equal(0, etsn_cls_parse_id("255", &id, &why));
	assert_int_equal(255, id);
	assert_int_equal(-EINVAL, etsn_cls_parse_id("256", &id, &why));
	assert_int_equal(-EINVAL, etsn_cls_parse_id("x", &id, &why));
	assert_int_equal(-EINVAL, etsn_cls_parse_id(NULL, &id, &why));
	assert_int_equal(255, id);
}

static void counters_sum_over_cpus(void **state)
{
	const struct etsn_cls_counters percpu[3] = { { 1, 100 }, { 0, 0 }, { 5, 530 } };
	struct etsn_cls_counters sum;

	(void)state;
	etsn_cls_sum(percpu, 3, &sum);
	assert_int_equal(6, sum.packets);
	assert_int_equal(630, sum.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mac_vlan_rule),
		cmocka_unit_test(ipv4_rule_key_bytes),
		cmocka_unit_test(ipv6_rule_with_dscp),
		cmocka_unit_test(format_is_the_stream_spec),
		cmocka_unit_test(rejections_leave_the_rule_alone),
		cmocka_unit_test(ids),
		cmocka_unit_test(counters_sum_over_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
