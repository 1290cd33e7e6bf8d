// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/frer.c — talker and listener words to the exact values
 * of bpf/etsn_frer.h's maps, the defaults, and every rejection (which must
 * leave the output untouched).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/frer.h"

#define WORDS(...) ((char *[]){ __VA_ARGS__ })
#define NWORDS(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define TALKER(r, why, ...) \
	etsn_frer_parse_talker(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), r, why)
#define LISTENER(r, why, ...) \
	etsn_frer_parse_listener(NWORDS(__VA_ARGS__), WORDS(__VA_ARGS__), r, why)

static void talker_words_to_value(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
	struct etsn_frer_talker_rule t;
	const char *why = NULL;
	size_t size;

	(void)state;
	assert_int_equal(0, TALKER(&t, &why, "id", "1023", "dst", "02:00:5e:00:53:01", "vlan",
				   "5", "dev2", "eth1", "vlan1", "10", "vlan2", "4094"));
	assert_int_equal(1023, t.id);
	assert_string_equal("eth1", t.dev2);
	assert_int_equal(10, t.t.vid1);
	assert_int_equal(4094, t.t.vid2);
	assert_int_equal(0, t.t.seq);
	assert_int_equal(ETSN_PSFP_KEY_MAC, t.t.key_kind);
	assert_memory_equal(mac, t.t.mac.dst, 6);
	assert_int_equal(5, t.t.mac.vid);
	assert_string_equal(ETSN_FRER_MAP_TMAC, etsn_frer_key_map(t.t.key_kind, 1));
	assert_ptr_equal(&t.t.mac, etsn_frer_key(t.t.key_kind, &t.t.mac, &t.t.ip, &size));
	assert_int_equal(sizeof(struct etsn_psfp_mac_key), size);
}

static void listener_defaults_and_options(void **state)
{
	struct etsn_frer_listener_rule l;
	const char *why = NULL;
	char key[ETSN_PSFP_KEY_STRLEN];

	(void)state;
	assert_int_equal(0, LISTENER(&l, &why, "id", "0", "ip", "192.0.2.1", "192.0.2.2", "proto",
				     "udp", "sport", "1", "dport", "2"));
	assert_int_equal(ETSN_FRER_ALG_VECTOR, l.r.alg);
	assert_int_equal(32, l.r.history_len);
	assert_int_equal(2000, l.r.reset_ms);
	assert_int_equal(1, l.r.take_any);
	assert_int_equal(0, l.r.flags);
	assert_string_equal("", l.member);
	assert_string_equal(ETSN_FRER_MAP_LIP, etsn_frer_key_map(l.r.key_kind, 0));
	etsn_frer_format_key(l.r.key_kind, &l.r.mac, &l.r.ip, key, sizeof(key));
	assert_string_equal("ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 2", key);

	assert_int_equal(0, LISTENER(&l, &why, "member", "eth1", "id", "7", "dst",
				     "02:00:5e:00:53:01", "history", "64", "reset-ms", "3600000",
				     "algorithm", "match", "take-no-sequence"));
	assert_int_equal(7, l.id);
	assert_string_equal("eth1", l.member);
	assert_int_equal(ETSN_FRER_ALG_MATCH, l.r.alg);
	assert_int_equal(64, l.r.history_len);
	assert_int_equal(3600000, l.r.reset_ms);
	assert_int_equal(ETSN_FRER_F_TAKE_NO_SEQ, l.r.flags);
}

static void listener_individual_and_latent(void **state)
{
	struct etsn_frer_listener_rule l;
	const char *why = NULL;

	(void)state;
	assert_int_equal(0, LISTENER(&l, &why, "id", "1", "dst", "02:00:5e:00:53:01", "individual"));
	assert_int_equal(ETSN_FRER_F_INDIVIDUAL, l.r.flags);
	assert_int_equal(0, LISTENER(&l, &why, "id", "1", "dst", "02:00:5e:00:53:01",
				     "latent-paths", "3"));
	assert_int_equal(ETSN_FRER_F_LATENT, l.r.flags);
	assert_int_equal(3, l.r.lat_paths);
	assert_int_equal(0, l.r.lat_difference);
	assert_int_equal(2000, l.r.lat_period_ms);
	assert_int_equal(30000, l.r.lat_reset_ms);
	assert_int_equal(0, LISTENER(&l, &why, "id", "1", "dst", "02:00:5e:00:53:01",
				     "latent-difference", "5", "latent-period", "1000",
				     "latent-reset", "60000"));
	assert_int_equal(5, l.r.lat_difference);
	assert_int_equal(1000, l.r.lat_period_ms);
	assert_int_equal(60000, l.r.lat_reset_ms);
	assert_int_equal(2, l.r.lat_paths);
	assert_int_equal(0, l.r.lat_error);
	assert_int_equal(0, l.r.lat_test_ns);
	assert_int_equal(0, l.r.lat_reset_ns);
	assert_int_equal(0, LISTENER(&l, &why, "id", "1", "dst", "02:00:5e:00:53:01", "vlan", "10",
				     "vlan2", "20"));
	assert_int_equal(10, l.r.mac.vid);
	assert_int_equal(20, l.r.vid2);
}

static void rejections_leave_output_untouched(void **state)
{
	struct etsn_frer_listener_rule l, lsaved;
	struct etsn_frer_talker_rule t, tsaved;
	const char *why;

	(void)state;
	memset(&l, 0x5a, sizeof(l));
	memset(&t, 0xa5, sizeof(t));
	lsaved = l;
	tsaved = t;
#define BAD_L(text, ...) do { why = NULL; \
	assert_int_equal(-EINVAL, LISTENER(&l, &why, __VA_ARGS__)); \
	assert_string_equal(text, why); } while (0)
#define BAD_T(text, ...) do { why = NULL; \
	assert_int_equal(-EINVAL, TALKER(&t, &why, __VA_ARGS__)); \
	assert_string_equal(text, why); } while (0)
	BAD_L("history is 2..64 sequence numbers", "id", "1", "dst", "02:00:00:00:00:01",
	      "history", "1");
	BAD_L("history is 2..64 sequence numbers", "id", "1", "dst", "02:00:00:00:00:01",
	      "history", "65");
	BAD_L("history is 2..64 sequence numbers", "id", "1", "dst", "02:00:00:00:00:01",
	      "history");
	BAD_L("reset-ms is 1..3600000", "id", "1", "dst", "02:00:00:00:00:01", "reset-ms", "0");
	BAD_L("algorithm is vector or match", "id", "1", "dst", "02:00:00:00:00:01", "algorithm",
	      "Vector");
	BAD_L("not a device name", "id", "1", "dst", "02:00:00:00:00:01", "member", "a/b");
	BAD_L("a FRER stream id is 0..1023", "id", "1024", "dst", "02:00:00:00:00:01");
	BAD_L("max-sdu, meters and policies belong to 'etsnctl stream'", "id", "1", "dst",
	      "02:00:00:00:00:01", "max-sdu", "100");
	BAD_L("an individual recovery function has no latent error detection", "id", "1", "dst",
	      "02:00:00:00:00:01", "individual", "latent-difference", "2");
	BAD_L("latent-paths is 2..16", "id", "1", "dst", "02:00:00:00:00:01", "latent-paths", "1");
	BAD_L("latent-period is 1..3600000 ms", "id", "1", "dst", "02:00:00:00:00:01",
	      "latent-period", "0");
	BAD_L("latent-reset is 1..3600000 ms", "id", "1", "dst", "02:00:00:00:00:01",
	      "latent-reset");
	BAD_L("latent-difference is 0..2147483647 frames", "id", "1", "dst", "02:00:00:00:00:01",
	      "latent-difference", "-1");
	BAD_L("vlan2 is a second VLAN ID of a 'dst MAC vlan V' stream", "id", "1", "dst",
	      "02:00:00:00:00:01", "vlan", "10", "vlan2", "10");
	BAD_L("vlan2 is a second VLAN ID of a 'dst MAC vlan V' stream", "id", "1", "ip",
	      "192.0.2.1", "192.0.2.2", "proto", "udp", "sport", "1", "dport", "2", "vlan2", "10");
	BAD_L("a VLAN ID is 1..4094", "id", "1", "dst", "02:00:00:00:00:01", "vlan2", "0");
	BAD_T("a talker needs 'dev2 DEV', the device of the second path", "id", "1", "dst",
	      "02:00:00:00:00:01");
	BAD_T("a VLAN ID is 1..4094", "id", "1", "dst", "02:00:00:00:00:01", "dev2", "x",
	      "vlan1", "0");
	BAD_T("a VLAN ID is 1..4094", "id", "1", "dst", "02:00:00:00:00:01", "dev2", "x",
	      "vlan2", "4095");
	assert_memory_equal(&lsaved, &l, sizeof(l));
	assert_memory_equal(&tsaved, &t, sizeof(t));
}

static void counters_in_standard_order(void **state)
{
	struct etsn_frer_counters c = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const char *const names[] = { "passed", "discarded", "out_of_order", "rogue",
					     "lost", "tagless", "resets", "latent_errors",
					     "latent_resets" };

	(void)state;
	for (unsigned int i = 0; i < ETSN_FRER_COUNTERS; i++) {
		assert_string_equal(names[i], etsn_frer_counter_name(i));
		assert_int_equal(i + 1, etsn_frer_counter(&c, i));
	}
	assert_string_equal("match", etsn_frer_alg_name(ETSN_FRER_ALG_MATCH));
	assert_string_equal("vector", etsn_frer_alg_name(ETSN_FRER_ALG_VECTOR));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(talker_words_to_value),
		cmocka_unit_test(listener_defaults_and_options),
		cmocka_unit_test(listener_individual_and_latent),
		cmocka_unit_test(rejections_leave_output_untouched),
		cmocka_unit_test(counters_in_standard_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
