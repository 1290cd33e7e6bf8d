// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/ptp_mgmt.c — bytes in, fields out. The RESPONSE vectors
 * are datagrams Debian's ptp4l 3.1.1 sent (domain 7, utc_offset 35,
 * slaveOnly, on a veth), captured with `strace -xx` under pmc and with a
 * raw client for the error status; the malformed ones are those with one
 * field changed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ptp_mgmt.h"

/* GET PORT_DATA_SET answered: port 1 LISTENING, logAnnounceInterval -2. */
static const char port_ds_hex[] =
	"0d020050070000000000000000000000000000004267e1fffeea229d0001000004 7f"
	"00000000000000000fc500000200" "0001001c2004"
	"4267e1fffeea229d0001" "04" "00" "0000000000000000" "fe" "02" "00" "01" "00" "02";
/* GET TIME_STATUS_NP answered by a clock that is its own GM. */
static const char time_status_hex[] =
	"0d020068070000000000000000000000000000004267e1fffeea229d00000001047f"
	"00000000000000000fc500000200" "00010034c000"
	"0000000000000000" "0000000000000000" "00000000" "00000000" "0000"
	"000000000000000000000000" "00000000" "4267e1fffeea229d";
/* GET TIME_PROPERTIES_DATA_SET answered: UTC offset 35, source 0xa0. */
static const char time_props_hex[] =
	"0d02003a070000000000000000000000000000004267e1fffeea229d00000002047f"
	"00000000000000000fc500000200" "000100062003" "0023" "00" "a0";
/* SET SUBSCRIBE_EVENTS_NP answered: 10 s, port state notifications. */
static const char subscription_hex[] =
	"0d020078070000000000000000000000000000004267e1fffeea229d00000000047f"
	"0000000000000000" "12e2" "00000200" "00010044c003" "000a" "01"
	"000000000000000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000000000";
/* GET GRANDMASTER_CLUSTER_TABLE (0x2017): NOT_SUPPORTED. */
static const char error_hex[] =
	"0d02003c070000000000000000000000000000004267e1fffeea229d00000005047f"
	"0000000000000000" "1234" "00000200" "00020008" "0006" "2017" "00000000";
/* SET PRIORITY1 answered: a managementId this codec does not decode. */
static const char priority1_hex[] =
	"0d020038070000000000000000000000000000004267e1fffeea229d00000001047f"
	"0000000000000000" "12e2" "00000200" "000100042005" "2c00";

struct vec {
	uint8_t b[PTP_MGMT_MAX_LEN];
	size_t len;
};

static void load(struct vec *v, const char *hex)
{
	unsigned int byte;

	memset(v, 0, sizeof(*v));
	for (const char *p = hex; *p; ) {
		if (*p == ' ') {
			p++;
			continue;
		}
		assert_int_equal(sscanf(p, "%2x", &byte), 1);
		v->b[v->len++] = (uint8_t)byte;
		p += 2;
	}
}

/* Keeps messageLength and the TLV length consistent with a new length,
 * so that only the check under test can reject the message.
 */
static void resize(struct vec *v, size_t len, int tlv_delta)
{
	uint16_t tlv;

	v->len = len;
	if (len >= 4) {
		v->b[2] = (uint8_t)(len >> 8);
		v->b[3] = (uint8_t)len;
	}
	if (tlv_delta && len >= 52) {
		tlv = (uint16_t)((v->b[50] << 8 | v->b[51]) + tlv_delta);
		v->b[50] = (uint8_t)(tlv >> 8);
		v->b[51] = (uint8_t)tlv;
	}
}

static void expect_bad(const struct vec *v, const char *why)
{
	struct ptp_mgmt_msg m;
	char err[160];

	assert_int_equal(ptp_mgmt_decode(v->b, v->len, &m, err, sizeof(err)), -EBADMSG);
	assert_string_equal(err, why);
}

static void decode_ok(const struct vec *v, struct ptp_mgmt_msg *m)
{
	char err[160];
	int rc = ptp_mgmt_decode(v->b, v->len, m, err, sizeof(err));

	if (rc)
		fail_msg("decode: %s", err);
}

static const uint8_t ptp4l_clock[8] = { 0x42, 0x67, 0xe1, 0xff, 0xfe, 0xea, 0x22, 0x9d };

static void port_data_set_from_ptp4l(void **state)
{
	struct ptp_mgmt_msg m;
	struct vec v;
	char buf[16];

	(void)state;
	load(&v, port_ds_hex);
	assert_int_equal(v.len, 80);
	decode_ok(&v, &m);
	assert_int_equal(m.transport_specific, 0);
	assert_int_equal(m.domain, 7);
	assert_int_equal(m.seq, 0);
	assert_memory_equal(m.source.clock, ptp4l_clock, 8);
	assert_int_equal(m.source.port, 1);
	assert_int_equal(m.target.port, 0x0fc5);
	assert_false(m.is_error);
	assert_int_equal(m.id, PTP_MID_PORT_DATA_SET);
	assert_memory_equal(m.u.port_ds.id.clock, ptp4l_clock, 8);
	assert_int_equal(m.u.port_ds.id.port, 1);
	assert_int_equal(m.u.port_ds.state, PTP_PS_LISTENING);
	assert_string_equal(ptp_port_state_name(m.u.port_ds.state, buf), "LISTENING");
	assert_int_equal(m.u.port_ds.log_min_delay_req_interval, 0);
	assert_int_equal(m.u.port_ds.peer_mean_path_delay, 0);
	assert_int_equal(m.u.port_ds.log_announce_interval, -2);
	assert_int_equal(m.u.port_ds.announce_receipt_timeout, 2);
	assert_int_equal(m.u.port_ds.log_sync_interval, 0);
	assert_int_equal(m.u.port_ds.delay_mechanism, 1);
	assert_int_equal(m.u.port_ds.log_min_pdelay_req_interval, 0);
	assert_int_equal(m.u.port_ds.version, 2);

	/* Big-endian, signed: a peer delay of -2 ns (scaled), state SLAVE. */
	memset(v.b + 66, 0xff, 7);
	v.b[73] = 0xfe;
	v.b[64] = PTP_PS_SLAVE;
	v.b[0] = 0x1d;	/* transportSpecific 1, as gPTP.cfg has it */
	decode_ok(&v, &m);
	assert_int_equal(m.u.port_ds.peer_mean_path_delay, -2);
	assert_int_equal(m.u.port_ds.state, PTP_PS_SLAVE);
	assert_int_equal(m.transport_specific, 1);
}

static void time_status_from_ptp4l(void **state)
{
	static const uint8_t gm[8] = { 1, 2, 3, 0xff, 0xfe, 4, 5, 6 };
	struct ptp_mgmt_msg m;
	struct vec v;

	(void)state;
	load(&v, time_status_hex);
	assert_int_equal(v.len, 104);
	decode_ok(&v, &m);
	assert_int_equal(m.id, PTP_MID_TIME_STATUS_NP);
	assert_int_equal(m.seq, 1);
	assert_int_equal(m.u.time_status.master_offset_ns, 0);
	assert_int_equal(m.u.time_status.gm_present, 0);
	assert_memory_equal(m.u.time_status.gm_identity, ptp4l_clock, 8);

	/* A slave's: offset -1234 ns, ingress 0x0102030405060708, rate
	 * offset -1, GM present with another identity.
	 */
	memcpy(v.b + 54, "\xff\xff\xff\xff\xff\xff\xfb\x2e", 8);
	memcpy(v.b + 62, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memcpy(v.b + 70, "\xff\xff\xff\xff", 4);
	memcpy(v.b + 74, "\x00\x00\x01\x00", 4);
	memcpy(v.b + 78, "\x00\x07", 2);
	v.b[80] = 0xaa;
	v.b[91] = 0xbb;
	memcpy(v.b + 92, "\x00\x00\x00\x01", 4);
	memcpy(v.b + 96, gm, 8);
	decode_ok(&v, &m);
	assert_int_equal(m.u.time_status.master_offset_ns, -1234);
	assert_int_equal(m.u.time_status.ingress_time_ns, 0x0102030405060708ll);
	assert_int_equal(m.u.time_status.cumulative_scaled_rate_offset, -1);
	assert_int_equal(m.u.time_status.scaled_last_gm_phase_change, 256);
	assert_int_equal(m.u.time_status.gm_time_base_indicator, 7);
	assert_int_equal(m.u.time_status.last_gm_phase_change[0], 0xaa);
	assert_int_equal(m.u.time_status.last_gm_phase_change[11], 0xbb);
	assert_int_equal(m.u.time_status.gm_present, 1);
	assert_memory_equal(m.u.time_status.gm_identity, gm, 8);
}

static void time_properties_carry_the_utc_offset(void **state)
{
	struct ptp_mgmt_msg m;
	struct vec v;

	(void)state;
	load(&v, time_props_hex);
	decode_ok(&v, &m);
	assert_int_equal(m.id, PTP_MID_TIME_PROPERTIES_DATA_SET);
	assert_int_equal(m.u.time_props.current_utc_offset, 35);
	assert_int_equal(m.u.time_props.flags, 0);
	assert_int_equal(m.u.time_props.time_source, 0xa0);

	/* 37 s, valid, PTP timescale, traceable: whatever the GM sends. */
	v.b[55] = 37;
	v.b[56] = PTP_TP_UTC_OFF_VALID | PTP_TP_PTP_TIMESCALE | PTP_TP_TIME_TRACEABLE;
	decode_ok(&v, &m);
	assert_int_equal(m.u.time_props.current_utc_offset, 37);
	assert_int_equal(m.u.time_props.flags, 0x1c);
	/* Signed 16 bits. */
	v.b[54] = 0xff;
	v.b[55] = 0xfe;
	decode_ok(&v, &m);
	assert_int_equal(m.u.time_props.current_utc_offset, -2);
}

static void subscription_response(void **state)
{
	struct ptp_mgmt_msg m;
	struct vec v;

	(void)state;
	load(&v, subscription_hex);
	assert_int_equal(v.len, 120);
	decode_ok(&v, &m);
	assert_int_equal(m.id, PTP_MID_SUBSCRIBE_EVENTS_NP);
	assert_int_equal(m.target.port, 0x12e2);
	assert_int_equal(m.u.subscription.duration_s, 10);
	assert_int_equal(m.u.subscription.bitmask[0], 1 << PTP_NOTIFY_PORT_STATE);
	for (int i = 1; i < PTP_EVENT_BITMASK_LEN; i++)
		assert_int_equal(m.u.subscription.bitmask[i], 0);
}

static void error_status(void **state)
{
	struct ptp_mgmt_msg m;
	struct vec v;
	char buf[16];

	(void)state;
	load(&v, error_hex);
	assert_int_equal(v.len, 60);
	decode_ok(&v, &m);
	assert_true(m.is_error);
	assert_int_equal(m.error, 6);
	assert_string_equal(ptp_mgmt_error_name(m.error, buf), "NOT_SUPPORTED");
	assert_int_equal(m.id, 0x2017);
	assert_int_equal(m.seq, 5);
	assert_int_equal(m.target.port, 0x1234);
	assert_string_equal(m.error_text, "");

	/* displayData "abc": 8 + 1 + 3, even. */
	memcpy(v.b + 60, "\x03" "abc", 4);
	resize(&v, 64, 4);
	decode_ok(&v, &m);
	assert_string_equal(m.error_text, "abc");
	/* displayData "ab": 8 + 1 + 2 = 11, padded to 12. */
	memcpy(v.b + 60, "\x02" "ab\0", 4);
	decode_ok(&v, &m);
	assert_string_equal(m.error_text, "ab");
	/* Text longer than the TLV. */
	v.b[60] = 4;
	expect_bad(&v, "MANAGEMENT_ERROR_STATUS displayData of 4 bytes does not fill its length 12");
	/* Text shorter than the TLV by more than the pad byte. */
	v.b[60] = 1;
	expect_bad(&v, "MANAGEMENT_ERROR_STATUS displayData of 1 bytes does not fill its length 12");
	/* Shorter than its fixed part. */
	load(&v, error_hex);
	resize(&v, 58, -2);
	expect_bad(&v, "MANAGEMENT_ERROR_STATUS length 6, expected at least 8");
}

/* Every proper prefix of every vector is refused, whether messageLength
 * still says the full length or was made to agree with the prefix.
 */
static void every_truncation_is_refused(void **state)
{
	const char *const all[] = { port_ds_hex, time_status_hex, time_props_hex,
				    subscription_hex, error_hex };
	struct ptp_mgmt_msg m;
	char err[160];
	struct vec v;

	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		load(&v, all[i]);
		size_t full = v.len;

		for (size_t len = 0; len < full; len++) {
			assert_int_equal(ptp_mgmt_decode(v.b, len, &m, err, sizeof(err)), -EBADMSG);
			assert_true(err[0]);
		}
		for (size_t len = 0; len < full; len++) {
			load(&v, all[i]);
			resize(&v, len, 0);
			assert_int_equal(ptp_mgmt_decode(v.b, len, &m, err, sizeof(err)), -EBADMSG);
			assert_true(err[0]);
		}
	}
	/* What each length is told. */
	load(&v, port_ds_hex);
	resize(&v, 33, 0);
	expect_bad(&v, "message of 33 bytes, shorter than the 34-byte header");
	load(&v, port_ds_hex);
	v.len = 79;
	expect_bad(&v, "messageLength 80, but the datagram has 79 bytes");
	v.len = 81;
	expect_bad(&v, "messageLength 80, but the datagram has 81 bytes");
	resize(&v, 47, 0);
	expect_bad(&v, "management body truncated: 13 of 14 bytes");
	resize(&v, 48, 0);
	expect_bad(&v, "TLV header truncated: 0 of 4 bytes");
	resize(&v, 51, 0);
	expect_bad(&v, "TLV header truncated: 3 of 4 bytes");
	load(&v, port_ds_hex);
	resize(&v, 79, 0);
	expect_bad(&v, "TLV length 28 exceeds the 27 bytes left");
}

static void every_wrong_length_is_refused(void **state)
{
	struct vec v;

	(void)state;
	/* Data one byte short and one byte long of what each id carries. */
	load(&v, port_ds_hex);
	resize(&v, 79, -1);
	expect_bad(&v, "PORT_DATA_SET data is 25 bytes, expected 26");
	load(&v, port_ds_hex);
	resize(&v, 81, 1);
	expect_bad(&v, "PORT_DATA_SET data is 27 bytes, expected 26");
	load(&v, time_status_hex);
	resize(&v, 103, -1);
	expect_bad(&v, "TIME_STATUS_NP data is 49 bytes, expected 50");
	load(&v, time_status_hex);
	resize(&v, 105, 1);
	expect_bad(&v, "TIME_STATUS_NP data is 51 bytes, expected 50");
	load(&v, time_props_hex);
	resize(&v, 57, -1);
	expect_bad(&v, "TIME_PROPERTIES_DATA_SET data is 3 bytes, expected 4");
	load(&v, time_props_hex);
	resize(&v, 59, 1);
	expect_bad(&v, "TIME_PROPERTIES_DATA_SET data is 5 bytes, expected 4");
	load(&v, subscription_hex);
	resize(&v, 119, -1);
	expect_bad(&v, "SUBSCRIBE_EVENTS_NP data is 65 bytes, expected 66");
	load(&v, subscription_hex);
	resize(&v, 121, 1);
	expect_bad(&v, "SUBSCRIBE_EVENTS_NP data is 67 bytes, expected 66");
	/* A RESPONSE without data (what a GET looks like). */
	load(&v, port_ds_hex);
	resize(&v, 54, -26);
	expect_bad(&v, "PORT_DATA_SET data is 0 bytes, expected 26");
	/* TLV length below the managementId. */
	load(&v, port_ds_hex);
	resize(&v, 53, -27);
	expect_bad(&v, "MANAGEMENT TLV length 1, less than its 2-byte managementId");
	/* The datagram longer than the TLV. */
	load(&v, port_ds_hex);
	resize(&v, 82, 0);
	expect_bad(&v, "2 bytes after the TLV");
}

static void wrong_type_action_version_tlv_or_id(void **state)
{
	struct vec v;

	(void)state;
	load(&v, port_ds_hex);
	v.b[0] = 0x0b;	/* ANNOUNCE */
	expect_bad(&v, "message type 11, not MANAGEMENT (13)");
	load(&v, port_ds_hex);
	v.b[1] = 0x01;
	expect_bad(&v, "PTP version 1, expected 2");
	for (uint8_t a = PTP_MGMT_GET; a <= 15; a++) {
		char want[64];

		if (a == PTP_MGMT_RESPONSE)
			continue;
		load(&v, port_ds_hex);
		v.b[46] = a;
		snprintf(want, sizeof(want), "action %u, expected RESPONSE (2)", a);
		expect_bad(&v, want);
	}
	load(&v, port_ds_hex);
	v.b[49] = 0x03;	/* ORGANIZATION_EXTENSION */
	expect_bad(&v, "TLV type 0x0003, not MANAGEMENT or MANAGEMENT_ERROR_STATUS");
	load(&v, priority1_hex);
	expect_bad(&v, "managementId 0x2005 not supported");
}

static void encode_get_and_subscribe(void **state)
{
	/* GET PORT_DATA_SET, transportSpecific 1, domain 7, seq 0x0102,
	 * source 0000000000001234:5, empty TLV, boundaryHops 0.
	 */
	static const char get_hex[] =
		"1d020036070000000000000000000000000000000000000000001234" "0005" "0102" "04" "7f"
		"ffffffffffffffffffff" "0000" "00" "00" "0001" "0002" "2004";
	struct ptp_subscription sub = { .duration_s = 180 };
	struct ptp_mgmt_req req = {
		.transport_specific = 1, .domain = 7, .seq = 0x0102,
		.source = { .clock = { 0, 0, 0, 0, 0, 0, 0x12, 0x34 }, .port = 5 },
		.action = PTP_MGMT_GET, .id = PTP_MID_PORT_DATA_SET,
	};
	uint8_t buf[PTP_MGMT_MAX_LEN];
	struct vec want;

	(void)state;
	load(&want, get_hex);
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), 54);
	assert_memory_equal(buf, want.b, 54);
	assert_int_equal(ptp_mgmt_encode(&req, buf, 53), -ENOSPC);

	sub.bitmask[0] = 1;
	req.action = PTP_MGMT_SET;
	req.id = PTP_MID_SUBSCRIBE_EVENTS_NP;
	req.subscribe = &sub;
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), 120);
	assert_int_equal(buf[2] << 8 | buf[3], 120);
	assert_int_equal(buf[46], PTP_MGMT_SET);
	assert_int_equal(buf[50] << 8 | buf[51], 68);
	assert_int_equal(buf[52] << 8 | buf[53], 0xc003);
	assert_int_equal(buf[54] << 8 | buf[55], 180);
	assert_int_equal(buf[56], 1);
	for (int i = 57; i < 120; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(ptp_mgmt_encode(&req, buf, 119), -ENOSPC);

	/* What the codec does not build. */
	req.subscribe = NULL;
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), -EINVAL);
	req.subscribe = &sub;
	req.id = PTP_MID_PORT_DATA_SET;
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), -EINVAL);
	req.action = PTP_MGMT_COMMAND;
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), -EINVAL);
	req.action = PTP_MGMT_GET;
	req.transport_specific = 16;
	assert_int_equal(ptp_mgmt_encode(&req, buf, sizeof(buf)), -EINVAL);
}

static void names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(ptp_port_state_name(PTP_PS_SLAVE, buf), "SLAVE");
	assert_string_equal(ptp_port_state_name(PTP_PS_UNCALIBRATED, buf), "UNCALIBRATED");
	assert_string_equal(ptp_port_state_name(0, buf), "state0");
	assert_string_equal(ptp_port_state_name(200, buf), "state200");
	assert_string_equal(ptp_mgmt_error_name(0xfffe, buf), "GENERAL_ERROR");
	assert_string_equal(ptp_mgmt_error_name(9, buf), "error9");
	assert_string_equal(ptp_mgmt_id_name(PTP_MID_TIME_STATUS_NP, buf), "TIME_STATUS_NP");
	assert_string_equal(ptp_mgmt_id_name(0x2017, buf), "0x2017");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(port_data_set_from_ptp4l),
		cmocka_unit_test(time_status_from_ptp4l),
		cmocka_unit_test(time_properties_carry_the_utc_offset),
		cmocka_unit_test(subscription_response),
		cmocka_unit_test(error_status),
		cmocka_unit_test(every_truncation_is_refused),
		cmocka_unit_test(every_wrong_length_is_refused),
		cmocka_unit_test(wrong_type_action_version_tlv_or_id),
		cmocka_unit_test(encode_get_and_subscribe),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
