// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/genl.c — extack extraction from hand-built NLMSG_ERROR
 * and NLMSG_DONE messages, and the request/dump/error paths against a
 * family every kernel has ("nlctrl"), since edgetsn.ko is never loaded on
 * the host.
 */
#define _GNU_SOURCE	/* unshare() */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <netlink/genl/genl.h>

#include "lib/genl.h"

/* Builds an error message by hand: header, nlmsgerr, then TLVs. */
struct builder {
	unsigned char buf[1024];
	size_t len;
};

static struct nlmsghdr *hdr(struct builder *b)
{
	return (struct nlmsghdr *)b->buf;
}

static void put(struct builder *b, const void *data, size_t len)
{
	memcpy(b->buf + b->len, data, len);
	b->len += NLMSG_ALIGN(len);
	hdr(b)->nlmsg_len = (uint32_t)b->len;
}

static void put_tlv(struct builder *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	memcpy(b->buf + b->len, &a, sizeof(a));
	memcpy(b->buf + b->len + NLA_HDRLEN, data, len);
	b->len += NLA_ALIGN(NLA_HDRLEN + len);
	hdr(b)->nlmsg_len = (uint32_t)b->len;
}

static void start_error(struct builder *b, int error, uint16_t flags, size_t request_payload)
{
	struct nlmsgerr e = { .error = error };

	memset(b, 0, sizeof(*b));
	b->len = NLMSG_HDRLEN;
	hdr(b)->nlmsg_type = NLMSG_ERROR;
	hdr(b)->nlmsg_flags = flags;
	e.msg.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + request_payload);
	e.msg.nlmsg_type = 0x42;
	put(b, &e, sizeof(e));
	/* Uncapped: the request's payload follows (its header is in e.msg). */
	if (request_payload) {
		unsigned char junk[64];

		memset(junk, 0xa5, sizeof(junk));
		put(b, junk, request_payload);
	}
}

static void capped_error_with_message_and_offset(void **state)
{
	struct etsn_genl_error e;
	struct builder b;
	uint32_t off = 36;

	(void)state;
	start_error(&b, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "interval must be at least 1 ns", 31);
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &off, sizeof(off));
	assert_int_equal(-EINVAL, etsn_genl_parse_error(hdr(&b), &e));
	assert_int_equal(-EINVAL, e.err);
	assert_string_equal("interval must be at least 1 ns", e.msg);
	assert_int_equal(36, e.offset);
}

static void uncapped_error_skips_the_echoed_request(void **state)
{
	struct etsn_genl_error e;
	struct builder b;

	(void)state;
	start_error(&b, -ENODEV, NLM_F_ACK_TLVS, 40);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "no etsn qdisc on l0", 20);
	assert_int_equal(-ENODEV, etsn_genl_parse_error(hdr(&b), &e));
	assert_string_equal("no etsn qdisc on l0", e.msg);
	assert_int_equal(-1, e.offset);
}

static void error_without_tlvs_has_no_message(void **state)
{
	struct etsn_genl_error e;
	struct builder b;

	(void)state;
	start_error(&b, -EPERM, NLM_F_CAPPED, 0);
	assert_int_equal(-EPERM, etsn_genl_parse_error(hdr(&b), &e));
	assert_string_equal("", e.msg);
	assert_int_equal(-1, e.offset);
	/* An ack is an error message with errno 0. */
	start_error(&b, 0, NLM_F_CAPPED, 0);
	assert_int_equal(0, etsn_genl_parse_error(hdr(&b), &e));
}

static void truncated_and_unterminated_tlvs_are_safe(void **state)
{
	struct etsn_genl_error e;
	struct builder b;
	char longmsg[400];

	(void)state;
	/* A TLV claiming more bytes than the message holds is ignored. */
	start_error(&b, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "cut", 4);
	((struct nlattr *)(b.buf + b.len - 8))->nla_len = 200;
	assert_int_equal(-EINVAL, etsn_genl_parse_error(hdr(&b), &e));
	assert_string_equal("", e.msg);
	/* No NUL inside the TLV, and longer than the buffer: cut, terminated. */
	memset(longmsg, 'x', sizeof(longmsg));
	start_error(&b, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0);
	put_tlv(&b, NLMSGERR_ATTR_MSG, longmsg, sizeof(longmsg));
	assert_int_equal(-EINVAL, etsn_genl_parse_error(hdr(&b), &e));
	assert_int_equal(sizeof(e.msg) - 1, strlen(e.msg));
	/* Shorter than an nlmsgerr. */
	start_error(&b, -EINVAL, 0, 0);
	hdr(&b)->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(-EPROTO, etsn_genl_parse_error(hdr(&b), &e));
	/* An uncapped error whose echoed length runs past the end. */
	start_error(&b, -EINVAL, NLM_F_ACK_TLVS, 8);
	((struct nlmsgerr *)NLMSG_DATA(hdr(&b)))->msg.nlmsg_len = 4000;
	assert_int_equal(-EINVAL, etsn_genl_parse_error(hdr(&b), &e));
	assert_string_equal("", e.msg);
}

static void done_with_error_carries_extack(void **state)
{
	struct etsn_genl_error e;
	struct builder b;
	int err = -EMSGSIZE;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.len = NLMSG_HDRLEN;
	hdr(&b)->nlmsg_type = NLMSG_DONE;
	hdr(&b)->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	put(&b, &err, sizeof(err));
	put_tlv(&b, NLMSGERR_ATTR_MSG, "dump interrupted", 17);
	assert_int_equal(-EMSGSIZE, etsn_genl_parse_error(hdr(&b), &e));
	assert_string_equal("dump interrupted", e.msg);
	err = 0;
	hdr(&b)->nlmsg_flags = NLM_F_MULTI;
	memcpy(b.buf + NLMSG_HDRLEN, &err, sizeof(err));
	assert_int_equal(0, etsn_genl_parse_error(hdr(&b), &e));
}

/* A family that no kernel has. The edgetsn family's own "is edgetsn.ko
 * loaded?" hint is proven in the VM before the module loads (module_load),
 * since the host may well have edgetsn installed.
 */
static void absent_family_is_named(void **state)
{
	struct etsn_genl g;

	(void)state;
	assert_int_equal(-ENOENT, etsn_genl_open_family(&g, "etsn-nonexistent"));
	assert_null(g.sk);
	assert_string_equal("etsn-nonexistent family not found", etsn_genl_strerror(&g));
}

struct seen {
	unsigned replies;
	bool nlctrl;
};

static int count_families(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
			  int len, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct seen *s = arg;

	(void)nlh;
	assert_int_equal(CTRL_CMD_NEWFAMILY, cmd);
	assert_int_equal(0, nla_parse(tb, CTRL_ATTR_MAX, attrs, len, NULL));
	assert_non_null(tb[CTRL_ATTR_FAMILY_NAME]);
	if (strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), "nlctrl") == 0)
		s->nlctrl = true;
	s->replies++;
	return 0;
}

static void request_reply_and_dump_with_nlctrl(void **state)
{
	struct seen s = { 0 };
	struct etsn_genl g;
	struct nl_msg *msg;

	(void)state;
	assert_int_equal(0, etsn_genl_open_family(&g, "nlctrl"));
	assert_int_equal(GENL_ID_CTRL, g.family);
	/* One request, one reply, then the ack. */
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 0, 0);
	assert_int_equal(0, nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl"));
	assert_int_equal(0, etsn_genl_transact(&g, msg, count_families, &s));
	assert_int_equal(1, s.replies);
	assert_true(s.nlctrl);
	/* A dump: one reply per family, every one delivered. */
	s = (struct seen){ 0 };
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 1, 0);
	assert_int_equal(0, etsn_genl_transact(&g, msg, count_families, &s));
	assert_true(s.replies > 1);
	assert_true(s.nlctrl);
	/* The socket stays usable after a refusal. */
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 0, 0);
	assert_int_equal(0, nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "etsn-nope"));
	assert_int_equal(-ENOENT, etsn_genl_transact(&g, msg, count_families, &s));
	assert_int_equal(-ENOENT, g.error.err);
	s = (struct seen){ 0 };
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 0, 0);
	assert_int_equal(0, nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, GENL_ID_CTRL));
	assert_int_equal(0, etsn_genl_transact(&g, msg, count_families, &s));
	assert_int_equal(1, s.replies);
	etsn_genl_close(&g);
}

static void kernel_extack_reaches_the_caller(void **state)
{
	struct etsn_genl g;
	struct nl_msg *msg;

	(void)state;
	assert_int_equal(0, etsn_genl_open_family(&g, "nlctrl"));
	/* Family names have at most 15 characters: the kernel's policy says no. */
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 0, 0);
	assert_int_equal(0, nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "a-much-too-long-family-name"));
	assert_int_equal(-EINVAL, etsn_genl_transact(&g, msg, NULL, NULL));
	assert_int_equal(-EINVAL, g.error.err);
	assert_string_equal("Attribute failed policy validation", etsn_genl_strerror(&g));
	/* The offending attribute: right after the nlmsghdr and genlmsghdr. */
	assert_int_equal(NLMSG_HDRLEN + GENL_HDRLEN, g.error.offset);
	etsn_genl_close(&g);
}

static int fail_reply(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		      int len, void *arg)
{
	unsigned *calls = arg;

	(void)nlh;
	(void)cmd;
	(void)attrs;
	(void)len;
	(*calls)++;
	return -EPROTO;
}

static void callback_failure_stops_delivery_and_drains_the_dump(void **state)
{
	struct seen s = { 0 };
	struct etsn_genl g;
	struct nl_msg *msg;
	unsigned calls = 0;

	(void)state;
	assert_int_equal(0, etsn_genl_open_family(&g, "nlctrl"));
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 1, 0);
	assert_int_equal(-EPROTO, etsn_genl_transact(&g, msg, fail_reply, &calls));
	assert_int_equal(1, calls);
	assert_string_equal("malformed reply from the kernel", etsn_genl_strerror(&g));
	/* Nothing of the dump is left to confuse the next request. */
	msg = etsn_genl_request_new(&g, CTRL_CMD_GETFAMILY, 0, 0);
	assert_int_equal(0, nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl"));
	assert_int_equal(0, etsn_genl_transact(&g, msg, count_families, &s));
	assert_int_equal(1, s.replies);
	etsn_genl_close(&g);
}

static int note_features_ntf(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
			     int len, void *arg)
{
	unsigned *seen = arg;

	(void)nlh;
	(void)attrs;
	(void)len;
	if (cmd == ETHTOOL_MSG_FEATURES_NTF)
		(*seen)++;
	return 0;
}

/* Multicast events arrive through the same layer `etsnctl monitor` uses.
 * No edgetsn here, so the ethtool family's "monitor" group stands in: in a
 * network namespace of our own, changing a veth's features notifies it.
 */
static void events_from_a_multicast_group(void **state)
{
	struct etsn_genl g;
	unsigned seen = 0;

	(void)state;
	if (unshare(CLONE_NEWNET)) {
		print_message("no network namespace of our own (%s): needs root\n", strerror(errno));
		skip();
	}
	assert_int_equal(0, etsn_genl_open_family(&g, "ethtool"));
	assert_int_equal(-ENOENT, etsn_genl_subscribe(&g, "no-such-group"));
	assert_string_equal("no 'no-such-group' group in the ethtool family: "
			    "Object not found", etsn_genl_strerror(&g));
	assert_int_equal(0, etsn_genl_subscribe(&g, "monitor"));
	/* Nothing queued yet: a read returns at once. */
	assert_int_equal(0, etsn_genl_read_events(&g, note_features_ntf, &seen));
	assert_int_equal(0, seen);
	assert_int_equal(0, system("ip link add v0 type veth peer name v1 && "
				   "ethtool -K v0 tx-checksumming off > /dev/null"));
	while (!seen) {
		struct pollfd p = { .fd = etsn_genl_fd(&g), .events = POLLIN };

		/* A hang guard, not a timing check. */
		assert_int_equal(1, poll(&p, 1, 10000));
		assert_int_equal(0, etsn_genl_read_events(&g, note_features_ntf, &seen));
	}
	assert_int_equal(1, seen);
	etsn_genl_close(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capped_error_with_message_and_offset),
		cmocka_unit_test(uncapped_error_skips_the_echoed_request),
		cmocka_unit_test(error_without_tlvs_has_no_message),
		cmocka_unit_test(truncated_and_unterminated_tlvs_are_safe),
		cmocka_unit_test(done_with_error_carries_extack),
		cmocka_unit_test(absent_family_is_named),
		cmocka_unit_test(request_reply_and_dump_with_nlctrl),
		cmocka_unit_test(kernel_extack_reaches_the_caller),
		cmocka_unit_test(callback_failure_stops_delivery_and_drains_the_dump),
		cmocka_unit_test(events_from_a_multicast_group),
	};

	return cmocka_run_group_tests_name("genl", tests, NULL, NULL);
}
