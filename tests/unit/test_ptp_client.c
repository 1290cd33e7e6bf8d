// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/ptp_client.c against a datagram socket this test binds
 * in place of ptp4l, so that it can send what ptp4l would not: replies to
 * someone else, late, malformed or oversized datagrams, datagrams from
 * another path. The exchange with the real ptp4l is test_ptp_live.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/ptp_client.h"
#include "lib/ptp_mgmt.h"

#define TIMEOUT 1000u

struct got {
	struct ptp_client_event ev[32];
	struct ptp_mgmt_msg msg[32];
	char why[32][200];
	unsigned int n;
};

struct rig {
	char dir[64];
	char server[108];
	int srv;		/* the fake ptp4l */
	struct ptp_client *c;
	struct got got;
	uint8_t req[PTP_MGMT_MAX_LEN];	/* the last request received */
	size_t req_len;
};

static void on_event(void *ctx, const struct ptp_client_event *ev)
{
	struct got *g = ctx;

	assert_true(g->n < 32);
	g->ev[g->n] = *ev;
	if (ev->msg)
		g->msg[g->n] = *ev->msg;
	if (ev->why)
		snprintf(g->why[g->n], sizeof(g->why[0]), "%s", ev->why);
	g->n++;
}

static int bind_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static int setup(void **state)
{
	struct ptp_client_cfg cfg = { .domain = 7, .transport_specific = 1,
				      .timeout_ns = TIMEOUT };
	struct rig *r = calloc(1, sizeof(*r));
	const char *why;

	assert_non_null(r);
	strcpy(r->dir, "/tmp/etsn-ptpc-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(r->server, sizeof(r->server), "%s/ptp4l", r->dir);
	r->srv = bind_at(r->server);
	cfg.server_path = r->server;
	assert_int_equal(ptp_client_open(&r->c, &cfg, on_event, &r->got, &why), 0);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct rig *r = *state;

	ptp_client_close(r->c);
	close(r->srv);
	unlink(r->server);
	assert_int_equal(rmdir(r->dir), 0);	/* the client left nothing */
	free(r);
	return 0;
}

/* The fake ptp4l receives one request. */
static void serve(struct rig *r)
{
	ssize_t n = recv(r->srv, r->req, sizeof(r->req), MSG_DONTWAIT);

	assert_true(n > 0);
	r->req_len = (size_t)n;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A RESPONSE to the last request: its sequenceId, addressed to its
 * source, with a TLV of the given type, id and data.
 */
static size_t reply(const struct rig *r, uint8_t *b, uint16_t tlv_type, uint16_t id,
		    const uint8_t *data, size_t len)
{
	size_t total = 54 + len;

	memset(b, 0, total);
	b[0] = 0x1d;
	b[1] = 2;
	put16(b + 2, (uint16_t)total);
	b[4] = 7;
	memcpy(b + 20, "\x42\x67\xe1\xff\xfe\xea\x22\x9d\x00\x00", 10);
	memcpy(b + 30, r->req + 30, 2);		/* sequenceId */
	b[32] = 4;
	b[33] = 0x7f;
	memcpy(b + 34, r->req + 20, 10);	/* target: the requester */
	b[46] = PTP_MGMT_RESPONSE;
	put16(b + 48, tlv_type);
	put16(b + 50, (uint16_t)(len + 2));
	put16(b + 52, id);
	memcpy(b + 54, data, len);
	return total;
}

static void send_back(const struct rig *r, const uint8_t *b, size_t len)
{
	struct sockaddr_un to = { .sun_family = AF_UNIX };

	strcpy(to.sun_path, ptp_client_local_path(r->c));
	assert_int_equal(sendto(r->srv, b, len, 0, (struct sockaddr *)&to, sizeof(to)),
			 (ssize_t)len);
}

static const uint8_t port_ds[26] = { [9] = 1, [10] = PTP_PS_SLAVE };

static void open_refuses_bad_configuration(void **state)
{
	struct ptp_client_cfg cfg = { .server_path = "/tmp/x", .transport_specific = 16 };
	struct ptp_client *c = (struct ptp_client *)1;
	char longpath[200];
	const char *why;

	(void)state;
	assert_int_equal(ptp_client_open(&c, &cfg, NULL, NULL, &why), -EINVAL);
	assert_null(c);
	assert_string_equal(why, "no event callback");
	assert_int_equal(ptp_client_open(&c, &cfg, on_event, NULL, &why), -EINVAL);
	assert_string_equal(why, "transportSpecific must be 0..15");
	cfg.transport_specific = 0;
	cfg.server_path = "";
	assert_int_equal(ptp_client_open(&c, &cfg, on_event, NULL, &why), -EINVAL);
	assert_string_equal(why, "empty ptp4l socket path");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	cfg.server_path = longpath;
	assert_int_equal(ptp_client_open(&c, &cfg, on_event, NULL, &why), -ENAMETOOLONG);
	assert_string_equal(why, "ptp4l socket path too long");
	/* Our own name would not fit next to a server path of 100 bytes. */
	longpath[100] = '\0';
	longpath[95] = '/';
	assert_int_equal(ptp_client_open(&c, &cfg, on_event, NULL, &why), -ENAMETOOLONG);
	assert_string_equal(why, "local socket path too long");
	cfg.server_path = "/tmp/x";
	cfg.local_dir = "/nonexistent-etsn-dir";
	assert_int_equal(ptp_client_open(&c, &cfg, on_event, NULL, &why), -ENOENT);
	assert_string_equal(why, "bind of the local socket");
	assert_null(c);
	ptp_client_close(NULL);
}

static void requests_carry_the_configuration(void **state)
{
	struct rig *r = *state;
	struct ptp_client_cfg cfg = { .server_path = r->server, .domain = 7,
				      .transport_specific = 1 };
	struct ptp_client *second;
	uint8_t first_source[10];
	const char *why;
	uint16_t seq;

	/* Bound in the server's directory, as pmc does. */
	assert_int_equal(strncmp(ptp_client_local_path(r->c), r->dir, strlen(r->dir)), 0);
	assert_non_null(strstr(ptp_client_local_path(r->c), "/edgetsnd."));

	assert_int_equal(ptp_client_get(r->c, PTP_MID_TIME_STATUS_NP, 0, &seq), 0);
	assert_int_equal(seq, 0);
	serve(r);
	assert_int_equal(r->req_len, 54);
	assert_int_equal(r->req[0], 0x1d);		/* transportSpecific 1 */
	assert_int_equal(r->req[4], 7);			/* domain */
	assert_int_equal(r->req[46], PTP_MGMT_GET);
	assert_int_equal(r->req[52] << 8 | r->req[53], PTP_MID_TIME_STATUS_NP);
	memcpy(first_source, r->req + 20, 10);
	assert_int_equal(ptp_client_get(r->c, PTP_MID_PORT_DATA_SET, 0, &seq), 0);
	assert_int_equal(seq, 1);
	serve(r);
	assert_int_equal(r->req[30] << 8 | r->req[31], 1);

	assert_int_equal(ptp_client_subscribe(r->c, 180, 0, &seq), 0);
	serve(r);
	assert_int_equal(r->req_len, 120);
	assert_int_equal(r->req[46], PTP_MGMT_SET);
	assert_int_equal(r->req[54] << 8 | r->req[55], 180);
	assert_int_equal(r->req[56], 1);
	/* Duration 0 unsubscribes: an empty mask. */
	assert_int_equal(ptp_client_subscribe(r->c, 0, 0, &seq), 0);
	serve(r);
	assert_int_equal(r->req[54] << 8 | r->req[55], 0);
	assert_int_equal(r->req[56], 0);

	/* A second client: its own path and port identity (ptp4l keys
	 * subscriptions on the latter).
	 */
	assert_int_equal(ptp_client_open(&second, &cfg, on_event, &r->got, &why), 0);
	assert_string_not_equal(ptp_client_local_path(second), ptp_client_local_path(r->c));
	assert_int_equal(ptp_client_get(second, PTP_MID_PORT_DATA_SET, 0, &seq), 0);
	serve(r);
	assert_memory_not_equal(r->req + 20, first_source, 10);
	ptp_client_close(second);
}

static void replies_matched_pushes_told_apart(void **state)
{
	struct rig *r = *state;
	uint8_t b[200];
	uint16_t seq;
	size_t n;

	assert_int_equal(ptp_client_get(r->c, PTP_MID_PORT_DATA_SET, 0, &seq), 0);
	serve(r);
	/* Nothing waiting: process returns at once. */
	assert_int_equal(ptp_client_process(r->c), 0);
	assert_int_equal(r->got.n, 0);

	/* The same sequenceId, another managementId: not our answer. */
	n = reply(r, b, 1, PTP_MID_TIME_PROPERTIES_DATA_SET, (const uint8_t *)"\0\x25\0\xa0", 4);
	send_back(r, b, n);
	/* The answer. */
	n = reply(r, b, 1, PTP_MID_PORT_DATA_SET, port_ds, sizeof(port_ds));
	send_back(r, b, n);
	/* Again: nobody waits for it any more, but a PORT_DATA_SET addressed
	 * to us is a notification.
	 */
	send_back(r, b, n);
	/* One for another client (target port changed) and another domain. */
	b[43] ^= 1;
	send_back(r, b, n);
	b[43] ^= 1;
	b[4] = 8;
	send_back(r, b, n);
	assert_int_equal(ptp_client_process(r->c), 0);

	assert_int_equal(r->got.n, 5);
	assert_int_equal(r->got.ev[0].kind, PTP_CLIENT_STRAY);
	assert_int_equal(r->got.ev[0].id, PTP_MID_TIME_PROPERTIES_DATA_SET);
	assert_int_equal(r->got.msg[0].u.time_props.current_utc_offset, 37);
	assert_int_equal(r->got.ev[1].kind, PTP_CLIENT_REPLY);
	assert_int_equal(r->got.ev[1].seq, seq);
	assert_int_equal(r->got.msg[1].u.port_ds.state, PTP_PS_SLAVE);
	assert_int_equal(r->got.ev[2].kind, PTP_CLIENT_NOTIFY);
	assert_int_equal(r->got.ev[3].kind, PTP_CLIENT_STRAY);
	assert_int_equal(r->got.ev[4].kind, PTP_CLIENT_STRAY);
	/* Answered: nothing left to time out. */
	assert_int_equal(ptp_client_next_deadline(r->c), UINT64_MAX);
}

static void error_status_answers_the_request(void **state)
{
	/* managementId SUBSCRIBE_EVENTS_NP, reserved[4] */
	static const uint8_t about_subscribe[] = { 0xc0, 0x03, 0, 0, 0, 0 };
	struct rig *r = *state;
	uint8_t b[200];
	uint16_t seq;
	size_t n;

	assert_int_equal(ptp_client_subscribe(r->c, 60, 0, &seq), 0);
	serve(r);
	/* MANAGEMENT_ERROR_STATUS: error WRONG_LENGTH for the SET. */
	n = reply(r, b, 2, 3, about_subscribe, sizeof(about_subscribe));
	send_back(r, b, n);
	assert_int_equal(ptp_client_process(r->c), 0);
	assert_int_equal(r->got.n, 1);
	assert_int_equal(r->got.ev[0].kind, PTP_CLIENT_ERROR_STATUS);
	assert_int_equal(r->got.ev[0].id, PTP_MID_SUBSCRIBE_EVENTS_NP);
	assert_int_equal(r->got.msg[0].error, 3);
	assert_int_equal(ptp_client_next_deadline(r->c), UINT64_MAX);
}

static void malformed_foreign_and_oversized(void **state)
{
	struct rig *r = *state;
	char other[120];
	uint8_t b[2000];
	uint16_t seq;
	size_t n;
	int fd;

	assert_int_equal(ptp_client_get(r->c, PTP_MID_PORT_DATA_SET, 0, &seq), 0);
	serve(r);
	n = reply(r, b, 1, PTP_MID_PORT_DATA_SET, port_ds, sizeof(port_ds));
	send_back(r, b, n - 1);		/* truncated */
	memset(b + n, 0, sizeof(b) - n);
	send_back(r, b, sizeof(b));	/* oversized */
	/* The right bytes from another socket than ptp4l's. */
	snprintf(other, sizeof(other), "%s/intruder", r->dir);
	fd = bind_at(other);
	{
		struct sockaddr_un to = { .sun_family = AF_UNIX };

		strcpy(to.sun_path, ptp_client_local_path(r->c));
		assert_int_equal(sendto(fd, b, n, 0, (struct sockaddr *)&to, sizeof(to)),
				 (ssize_t)n);
	}
	close(fd);
	unlink(other);
	assert_int_equal(ptp_client_process(r->c), 0);
	assert_int_equal(r->got.n, 3);
	assert_int_equal(r->got.ev[0].kind, PTP_CLIENT_MALFORMED);
	assert_string_equal(r->got.why[0], "messageLength 80, but the datagram has 79 bytes");
	assert_int_equal(r->got.ev[1].kind, PTP_CLIENT_MALFORMED);
	assert_string_equal(r->got.why[1], "datagram of 2000 bytes, more than 1500");
	assert_int_equal(r->got.ev[2].kind, PTP_CLIENT_MALFORMED);
	assert_non_null(strstr(r->got.why[2], "/intruder\", not from ptp4l"));
	/* The request still waits for its answer. */
	assert_int_equal(ptp_client_next_deadline(r->c), TIMEOUT);
}

static void timeouts_and_a_full_table(void **state)
{
	struct rig *r = *state;
	uint8_t b[200];
	uint16_t seq;
	size_t n;

	assert_int_equal(ptp_client_next_deadline(r->c), UINT64_MAX);
	for (unsigned int i = 0; i < PTP_CLIENT_MAX_PENDING; i++) {
		assert_int_equal(ptp_client_get(r->c, PTP_MID_TIME_STATUS_NP, 100 + i, &seq), 0);
		serve(r);
	}
	assert_int_equal(ptp_client_get(r->c, PTP_MID_TIME_STATUS_NP, 200, &seq), -EBUSY);
	assert_int_equal(ptp_client_next_deadline(r->c), 100 + TIMEOUT);
	ptp_client_expire(r->c, 100 + TIMEOUT - 1);
	assert_int_equal(r->got.n, 0);
	ptp_client_expire(r->c, 101 + TIMEOUT);
	assert_int_equal(r->got.n, 2);
	assert_int_equal(r->got.ev[0].kind, PTP_CLIENT_TIMEOUT);
	assert_int_equal(r->got.ev[0].seq, 0);
	assert_int_equal(r->got.ev[0].id, PTP_MID_TIME_STATUS_NP);
	assert_int_equal(r->got.ev[1].seq, 1);
	assert_int_equal(ptp_client_next_deadline(r->c), 102 + TIMEOUT);
	/* Room again. */
	assert_int_equal(ptp_client_get(r->c, PTP_MID_TIME_STATUS_NP, 300, &seq), 0);
	assert_int_equal(seq, PTP_CLIENT_MAX_PENDING);
	/* The late answer to seq 1 (the last request served was seq 15;
	 * make it seq 1): nobody waits for it.
	 */
	serve(r);
	n = reply(r, b, 1, PTP_MID_TIME_STATUS_NP, (const uint8_t[50]){ 0 }, 50);
	b[31] = 1;
	send_back(r, b, n);
	assert_int_equal(ptp_client_process(r->c), 0);
	assert_int_equal(r->got.ev[2].kind, PTP_CLIENT_STRAY);
	assert_int_equal(r->got.ev[2].seq, 1);
	ptp_client_expire(r->c, UINT64_MAX);
	assert_int_equal(r->got.n, 3 + PTP_CLIENT_MAX_PENDING - 1);
	assert_int_equal(ptp_client_next_deadline(r->c), UINT64_MAX);
}

static void no_server(void **state)
{
	struct rig *r = *state;
	uint16_t seq = 77;

	close(r->srv);
	/* The socket file stays: nobody reads it. */
	assert_int_equal(ptp_client_get(r->c, PTP_MID_PORT_DATA_SET, 0, &seq), -ECONNREFUSED);
	unlink(r->server);
	assert_int_equal(ptp_client_get(r->c, PTP_MID_PORT_DATA_SET, 0, &seq), -ENOENT);
	assert_int_equal(seq, 77);
	/* A failed send leaves nothing pending. */
	assert_int_equal(ptp_client_next_deadline(r->c), UINT64_MAX);
	r->srv = bind_at(r->server);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_refuses_bad_configuration),
		cmocka_unit_test_setup_teardown(requests_carry_the_configuration, setup, teardown),
		cmocka_unit_test_setup_teardown(replies_matched_pushes_told_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(error_status_answers_the_request, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_foreign_and_oversized, setup, teardown),
		cmocka_unit_test_setup_teardown(timeouts_and_a_full_table, setup, teardown),
		cmocka_unit_test_setup_teardown(no_server, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
