// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/fw.c — rule words to the exact map keys of the XDP
 * firewall, and every rejection (which must leave the rule untouched).
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

#include "lib/fw.h"

static void cidr4_key_is_prefixlen_and_network_bytes(void **state)
{
	static const uint8_t net[4] = { 10, 1, 0, 0 };
	struct etsn_fw_rule r;
	const char *why = NULL;
	const void *key;
	size_t size;

	(void)state;
	assert_int_equal(0, etsn_fw_parse_cidr("10.1.0.0/16", &r, &why));
	assert_int_equal(ETSN_FW_CIDR4, r.kind);
	assert_int_equal(16, r.cidr4.prefixlen);
	assert_memory_equal(net, r.cidr4.addr, 4);
	key = etsn_fw_rule_key(&r, &size);
	assert_int_equal(8, size);
	/* The trie compares prefixlen (host order) then address bytes. */
	assert_int_equal(16, *(const uint32_t *)key);
	assert_memory_equal(net, (const uint8_t *)key + 4, 4);
	assert_string_equal(ETSN_FW_MAP_SRC4, etsn_fw_map_name(r.kind));
}

static void cidr4_bare_address_is_a_host(void **state)
{
	static const uint8_t host[4] = { 192, 0, 2, 77 };
	struct etsn_fw_rule r;
	const char *why;

	(void)state;
	assert_int_equal(0, etsn_fw_parse_cidr("192.0.2.77", &r, &why));
	assert_int_equal(32, r.cidr4.prefixlen);
	assert_memory_equal(host, r.cidr4.addr, 4);
	assert_int_equal(0, etsn_fw_parse_cidr("0.0.0.0/0", &r, &why));
	assert_int_equal(0, r.cidr4.prefixlen);
	assert_int_equal(0, etsn_fw_parse_cidr("192.0.2.77/32", &r, &why));
	assert_int_equal(32, r.cidr4.prefixlen);
}

static void cidr6_key_is_prefixlen_and_network_bytes(void **state)
{
	static const uint8_t net[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x80 };
	struct etsn_fw_rule r;
	const char *why;
	size_t size;

	(void)state;
	assert_int_equal(0, etsn_fw_parse_cidr("2001:db8:1:80::/57", &r, &why));
	assert_int_equal(ETSN_FW_CIDR6, r.kind);
	assert_int_equal(57, r.cidr6.prefixlen);
	assert_memory_equal(net, r.cidr6.addr, 16);
	etsn_fw_rule_key(&r, &size);
	assert_int_equal(20, size);
	assert_string_equal(ETSN_FW_MAP_SRC6, etsn_fw_map_name(r.kind));
	assert_int_equal(0, etsn_fw_parse_cidr("fd00::1", &r, &why));
	assert_int_equal(128, r.cidr6.prefixlen);
	assert_int_equal(0x01, r.cidr6.addr[15]);
	assert_int_equal(0, etsn_fw_parse_cidr("::/0", &r, &why));
	assert_int_equal(0, r.cidr6.prefixlen);
}

static void cidr_host_bits_are_rejected(void **state)
{
	struct etsn_fw_rule r = { .kind = ETSN_FW_PORT, .port = { .port = 7 } };
	const char *why = NULL;

	(void)state;
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.1.2.3/8", &r, &why));
	assert_non_null(strstr(why, "beyond the prefix"));
	/* The last bit inside the prefix is fine, the first one after is not. */
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.1.0/23", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("2001:db8::1/64", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("2001:db8:0:0:8000::/64", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("1.0.0.0/0", &r, &why));
	assert_int_equal(ETSN_FW_PORT, r.kind);
	assert_int_equal(7, r.port.port);

	assert_int_equal(0, etsn_fw_parse_cidr("10.0.2.0/23", &r, &why));
	assert_int_equal(0, etsn_fw_parse_cidr("2001:db8:0:0:8000::/65", &r, &why));
}

static void cidr_prefix_bounds_and_junk(void **state)
{
	struct etsn_fw_rule r = { .kind = ETSN_FW_PORT };
	const char *why;

	(void)state;
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0.0/33", &r, &why));
	assert_non_null(strstr(why, "0..32"));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("2001:db8::/129", &r, &why));
	assert_non_null(strstr(why, "0..128"));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0.0/", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0.0/-1", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0.0/8x", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0.0/99999999999999999999", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("10.0.0/8", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("256.0.0.0/8", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("/8", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr(NULL, &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("2001:db8:::/32", &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_cidr("eth0", &r, &why));
	assert_int_equal(-EINVAL,
			 etsn_fw_parse_cidr("1111:2222:3333:4444:5555:6666:7777:8888:9999/8", &r, &why));
	assert_int_equal(ETSN_FW_PORT, r.kind);
}

static void proto_and_port_words(void **state)
{
	uint16_t port = 9;
	uint8_t proto = 9;
	const char *why;

	(void)state;
	assert_int_equal(0, etsn_fw_parse_proto("tcp", &proto, &why));
	assert_int_equal(IPPROTO_TCP, proto);
	assert_int_equal(0, etsn_fw_parse_proto("udp", &proto, &why));
	assert_int_equal(IPPROTO_UDP, proto);
	assert_int_equal(-EINVAL, etsn_fw_parse_proto("TCP", &proto, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_proto("sctp", &proto, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_proto("6", &proto, &why));
	assert_int_equal(IPPROTO_UDP, proto);
	assert_string_equal("tcp", etsn_fw_proto_word(IPPROTO_TCP));
	assert_string_equal("udp", etsn_fw_proto_word(IPPROTO_UDP));
	assert_string_equal("?", etsn_fw_proto_word(IPPROTO_ICMP));

	assert_int_equal(0, etsn_fw_parse_port("1", &port, &why));
	assert_int_equal(1, port);
	assert_int_equal(0, etsn_fw_parse_port("65535", &port, &why));
	assert_int_equal(65535, port);
	assert_int_equal(-EINVAL, etsn_fw_parse_port("0", &port, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_port("65536", &port, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_port("-1", &port, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_port("80x", &port, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_port("", &port, &why));
	assert_int_equal(65535, port);
}

static void port_rule_key(void **state)
{
	char *words[] = { "port", "udp", "5001" };
	struct etsn_fw_rule r;
	const struct etsn_fw_port_key *k;
	const char *why;
	size_t size;

	(void)state;
	assert_int_equal(0, etsn_fw_parse_rule(3, words, &r, &why));
	assert_int_equal(ETSN_FW_PORT, r.kind);
	k = etsn_fw_rule_key(&r, &size);
	assert_int_equal(4, size);
	assert_int_equal(IPPROTO_UDP, k->proto);
	assert_int_equal(0, k->pad);
	assert_int_equal(5001, k->port);	/* host order: the program converts */
	assert_string_equal(ETSN_FW_MAP_PORT, etsn_fw_map_name(r.kind));
}

static void rule_word_counts(void **state)
{
	char *two[] = { "port", "udp" };
	char *four[] = { "port", "udp", "1", "2" };
	char *cidr_extra[] = { "10.0.0.0/8", "x" };
	char *bad_proto[] = { "port", "icmp", "1" };
	struct etsn_fw_rule r = { .kind = ETSN_FW_CIDR6 };
	const char *why;

	(void)state;
	assert_int_equal(-EINVAL, etsn_fw_parse_rule(0, NULL, &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_rule(2, two, &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_rule(4, four, &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_rule(2, cidr_extra, &r, &why));
	assert_int_equal(-EINVAL, etsn_fw_parse_rule(3, bad_proto, &r, &why));
	assert_non_null(strstr(why, "tcp or udp"));
	assert_int_equal(ETSN_FW_CIDR6, r.kind);
}

static void format_round_trips(void **state)
{
	static const char *const rules[][3] = {
		{ "10.0.0.0/8" }, { "192.0.2.77/32" }, { "2001:db8::/32" }, { "::/0" },
		{ "port", "tcp", "80" }, { "port", "udp", "65535" },
	};
	static const int words[] = { 1, 1, 1, 1, 3, 3 };

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char buf[ETSN_FW_RULE_STRLEN], expect[ETSN_FW_RULE_STRLEN] = "";
		struct etsn_fw_rule r, back;
		const char *why;
		size_t size;

		assert_int_equal(0, etsn_fw_parse_rule(words[i], (char **)rules[i], &r, &why));
		etsn_fw_format_rule(&r, buf, sizeof(buf));
		for (int w = 0; w < words[i]; w++)
			snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect), "%s%s",
				 w ? " " : "", rules[i][w]);
		assert_string_equal(expect, buf);
		/* A key read back from the map names the same rule. */
		etsn_fw_rule_from_key(r.kind, etsn_fw_rule_key(&r, &size), &back);
		assert_memory_equal(&r, &back, sizeof(r));
	}
}

static void counter_names(void **state)
{
	(void)state;
	assert_string_equal("passed", etsn_fw_reason_name(ETSN_FW_PASSED));
	assert_string_equal("dropped_cidr4", etsn_fw_reason_name(ETSN_FW_DROPPED_CIDR4));
	assert_string_equal("dropped_cidr6", etsn_fw_reason_name(ETSN_FW_DROPPED_CIDR6));
	assert_string_equal("dropped_port", etsn_fw_reason_name(ETSN_FW_DROPPED_PORT));
	assert_string_equal("malformed", etsn_fw_reason_name(ETSN_FW_MALFORMED));
	assert_string_equal("dropped_syn", etsn_fw_reason_name(ETSN_FW_DROPPED_SYN));
	assert_string_equal("unparsed", etsn_fw_reason_name(ETSN_FW_UNPARSED));
	assert_string_equal("unparsed_passed", etsn_fw_reason_name(ETSN_FW_UNPARSED_PASSED));
	assert_string_equal("dropped_frag", etsn_fw_reason_name(ETSN_FW_DROPPED_FRAG));
	assert_string_equal("syn_seen", etsn_fw_syn_counter_name(ETSN_FW_SYN_SEEN));
	assert_string_equal("syn_sources_added", etsn_fw_syn_counter_name(ETSN_FW_SYN_NEW_SOURCE));
	assert_string_equal("unknown", etsn_fw_syn_counter_name(ETSN_FW_SYN_COUNTERS));
	assert_string_equal("unknown", etsn_fw_reason_name(ETSN_FW_REASONS));
	assert_string_equal("udp", etsn_fw_proto_name(ETSN_FW_PROTO_UDP));
	assert_string_equal("unknown", etsn_fw_proto_name(ETSN_FW_PROTOS));
}

/* Parses words (NULL-terminated list) as a synlimit. */
static int synlimit(const char *const *words, struct etsn_fw_syn_config *cfg, const char **why)
{
	int argc = 0;

	while (words[argc])
		argc++;
	return etsn_fw_parse_synlimit(argc, (char **)words, cfg, why);
}

static void synlimit_to_bucket_parameters(void **state)
{
	static const char *const w1[] = { "rate", "100/s", "burst", "20", NULL };
	static const char *const w2[] = { "burst", "1", "rate", "0/s", NULL };
	static const char *const w3[] = { "rate", "10000000/s", "burst", "1000000", NULL };
	struct etsn_fw_syn_config cfg;
	uint64_t rate, burst;
	const char *why = NULL;

	(void)state;
	assert_int_equal(0, synlimit(w1, &cfg, &why));
	/* Nano-SYNs: rate is per ns as well as per s, the bucket 20e9. */
	assert_int_equal(100, cfg.rate);
	assert_int_equal(20000000000ULL, cfg.max_tokens);
	assert_true(etsn_fw_syn_limit(&cfg, &rate, &burst));
	assert_int_equal(100, rate);
	assert_int_equal(20, burst);
	assert_int_equal(0, synlimit(w2, &cfg, &why));
	assert_int_equal(0, cfg.rate);
	assert_int_equal(ETSN_FW_SYN_TOKEN, cfg.max_tokens);
	assert_int_equal(0, synlimit(w3, &cfg, &why));
	assert_int_equal(ETSN_FW_SYN_MAX_RATE, cfg.rate);
	assert_int_equal(ETSN_FW_SYN_MAX_BURST * ETSN_FW_SYN_TOKEN, cfg.max_tokens);
	/* The largest bucket stays far below 2^63 (the program's headroom). */
	assert_true(cfg.max_tokens < (1ULL << 60));
	assert_int_equal(0, etsn_fw_syn_config(7, 3, &cfg, &why));
	assert_int_equal(7, cfg.rate);
	assert_int_equal(3 * ETSN_FW_SYN_TOKEN, cfg.max_tokens);
}

/* Parses words (NULL-terminated list) as a policy. */
static int policy(const char *const *words, struct etsn_fw_policy *p, const char **why)
{
	int argc = 0;

	while (words[argc])
		argc++;
	return etsn_fw_parse_policy(argc, (char **)words, p, why);
}

static void policy_words_to_config(void **state)
{
	static const char *const both[] = { "fragments", "drop", "unparsed", "pass", NULL };
	static const char *const one[] = { "unparsed", "drop", NULL };
	struct etsn_fw_config cfg = { 0 };
	struct etsn_fw_policy p;
	const char *why = NULL;

	(void)state;
	/* A fresh (zeroed) config is the default: drop unparsed, pass fragments. */
	assert_string_equal("drop", etsn_fw_unparsed_word(&cfg));
	assert_string_equal("pass", etsn_fw_frag_word(&cfg));
	assert_int_equal(0, policy(both, &p, &why));
	etsn_fw_apply_policy(&p, &cfg);
	assert_int_equal(ETSN_FW_UNPARSED_PASS, cfg.unparsed);
	assert_int_equal(ETSN_FW_FRAG_DROP, cfg.frag);
	assert_string_equal("pass", etsn_fw_unparsed_word(&cfg));
	assert_string_equal("drop", etsn_fw_frag_word(&cfg));
	/* A field not given keeps its value. */
	assert_int_equal(0, policy(one, &p, &why));
	assert_int_equal(-1, p.frag);
	etsn_fw_apply_policy(&p, &cfg);
	assert_int_equal(ETSN_FW_UNPARSED_DROP, cfg.unparsed);
	assert_int_equal(ETSN_FW_FRAG_DROP, cfg.frag);
}

static void policy_rejections_leave_policy(void **state)
{
	static const char *const bad[][6] = {
		{ NULL },
		{ "unparsed", NULL },
		{ "unparsed", "maybe", NULL },
		{ "fragments", "DROP", NULL },
		{ "unparsed", "drop", "unparsed", "pass", NULL },
		{ "fragments", "pass", "bogus", "drop", NULL },
		{ "drop", NULL },
	};
	struct etsn_fw_policy p = { 7, 7 };
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(-EINVAL, policy(bad[i], &p, &why));
		assert_non_null(why);
		assert_int_equal(7, p.unparsed);
		assert_int_equal(7, p.frag);
	}
}

static void synlimit_off_is_all_zero(void **state)
{
	static const char *const off[] = { "off", NULL };
	struct etsn_fw_syn_config cfg = { .rate = 5, .max_tokens = 5 };
	uint64_t rate = 99, burst = 99;
	const char *why;

	(void)state;
	assert_int_equal(0, synlimit(off, &cfg, &why));
	assert_int_equal(0, cfg.rate);
	assert_int_equal(0, cfg.max_tokens);
	assert_false(etsn_fw_syn_limit(&cfg, &rate, &burst));
	/* A zeroed map value (fresh pin) reads as off too. */
	assert_int_equal(99, rate);
}

static void synlimit_rejections_leave_config(void **state)
{
	static const char *const bad[][7] = {
		{ NULL },
		{ "rate", "100/s", NULL },
		{ "burst", "5", NULL },
		{ "rate", "100", "burst", "5", NULL },
		{ "rate", "100/m", "burst", "5", NULL },
		{ "rate", "/s", "burst", "5", NULL },
		{ "rate", "-1/s", "burst", "5", NULL },
		{ "rate", "10000001/s", "burst", "5", NULL },
		{ "rate", "100/s", "burst", "0", NULL },
		{ "rate", "100/s", "burst", "1000001", NULL },
		{ "rate", "100/s", "burst", "5x", NULL },
		{ "rate", "100/s", "burst", NULL },
		{ "rate", "1/s", "rate", "2/s", "burst", "5", NULL },
		{ "rate", "1/s", "burst", "5", "burst", "6", NULL },
		{ "rate", "1/s", "burst", "5", "off", NULL },
		{ "off", "now", NULL },
		{ "limit", "5", NULL },
		{ "rate", "99999999999999999999999/s", "burst", "5", NULL },
	};
	const struct etsn_fw_syn_config keep = { .rate = 42, .max_tokens = 43 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct etsn_fw_syn_config cfg = keep;
		const char *why = NULL;

		assert_int_equal(-EINVAL, synlimit(bad[i], &cfg, &why));
		assert_non_null(why);
		assert_memory_equal(&keep, &cfg, sizeof(cfg));
	}
	{
		struct etsn_fw_syn_config cfg = keep;
		const char *why = NULL;

		assert_int_equal(-EINVAL, etsn_fw_syn_config(ETSN_FW_SYN_MAX_RATE + 1, 1, &cfg, &why));
		assert_string_equal("rate is 0..10000000/s", why);
		assert_int_equal(-EINVAL, etsn_fw_syn_config(1, 0, &cfg, &why));
		assert_string_equal("burst is 1..1000000 SYNs", why);
		assert_memory_equal(&keep, &cfg, sizeof(cfg));
	}
}

/* Rule map values are counter slot + 1: a new rule gets the lowest free
 * slot, never one another rule holds; none when all are taken.
 */
static void rule_slots_are_unique_and_lowest_free(void **state)
{
	static uint32_t used[ETSN_FW_MAX_RULES];
	const uint32_t some[] = { 1, 2, 4, 0, ETSN_FW_MAX_RULES + 1 };

	(void)state;
	assert_int_equal(1, etsn_fw_pick_slot(NULL, 0));
	/* 0 and out-of-range values (a hand-written rule) hold no slot */
	assert_int_equal(3, etsn_fw_pick_slot(some, 5));
	for (uint32_t i = 0; i < ETSN_FW_MAX_RULES; i++)
		used[i] = ETSN_FW_MAX_RULES - i;
	assert_int_equal(0, etsn_fw_pick_slot(used, ETSN_FW_MAX_RULES));
	used[100] = 0;	/* that rule's slot was ETSN_FW_MAX_RULES - 100 */
	assert_int_equal(ETSN_FW_MAX_RULES - 100, etsn_fw_pick_slot(used, ETSN_FW_MAX_RULES));
	used[100] = 1;	/* two rules claim slot 0: the freed one stays free */
	assert_int_equal(ETSN_FW_MAX_RULES - 100, etsn_fw_pick_slot(used, ETSN_FW_MAX_RULES));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cidr4_key_is_prefixlen_and_network_bytes),
		cmocka_unit_test(cidr4_bare_address_is_a_host),
		cmocka_unit_test(cidr6_key_is_prefixlen_and_network_bytes),
		cmocka_unit_test(cidr_host_bits_are_rejected),
		cmocka_unit_test(cidr_prefix_bounds_and_junk),
		cmocka_unit_test(proto_and_port_words),
		cmocka_unit_test(port_rule_key),
		cmocka_unit_test(rule_word_counts),
		cmocka_unit_test(format_round_trips),
		cmocka_unit_test(counter_names),
		cmocka_unit_test(synlimit_to_bucket_parameters),
		cmocka_unit_test(synlimit_off_is_all_zero),
		cmocka_unit_test(policy_words_to_config),
		cmocka_unit_test(policy_rejections_leave_policy),
		cmocka_unit_test(synlimit_rejections_leave_config),
		cmocka_unit_test(rule_slots_are_unique_and_lowest_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
