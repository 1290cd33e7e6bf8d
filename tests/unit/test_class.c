// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/class.c — `class set` words (accepted forms, every
 * rejection), the CLASS_SET request checked against the uapi's types, and a
 * CLASS_GET reply printed as text and JSON.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>

#include "lib/class.h"
#include "lib/genl.h"

static int parse(struct etsn_class_cfg *c, const char *line, char *err, size_t errlen)
{
	char buf[1024], *argv[128];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
		assert_true(argc < 128);
		argv[argc++] = w;
	}
	return etsn_class_parse_words(c, argc, argv, err, errlen);
}

static void words_everything(void **state)
{
	struct etsn_class_cfg c;
	char err[256] = "";

	(void)state;
	assert_int_equal(0, parse(&c, "map 0 0 1 1 2 2 3 3 4 4 5 5 6 6 7 7 "
				  "tc 7 limit 10 bytes 15000 express max-sdu 1500 "
				  "tc 0 preemptible max-sdu auto speed 1000 overhead 24",
				  err, sizeof(err)));
	assert_string_equal("", err);
	assert_true(c.has_map);
	assert_int_equal(3, c.map[7]);
	assert_int_equal(7, c.map[15]);
	assert_true(c.tc[7].present && c.tc[7].has_limit_pkts && c.tc[7].has_limit_bytes);
	assert_int_equal(10, c.tc[7].limit_pkts);
	assert_int_equal(15000, c.tc[7].limit_bytes);
	assert_true(c.tc[7].has_preemptible && !c.tc[7].preemptible);
	assert_int_equal(1500, c.tc[7].max_sdu);
	assert_true(c.tc[0].present && c.tc[0].has_preemptible && c.tc[0].preemptible);
	assert_true(c.tc[0].has_max_sdu);
	assert_int_equal(0, c.tc[0].max_sdu);
	assert_false(c.tc[0].has_limit_pkts);
	for (int i = 1; i < 7; i++)
		assert_false(c.tc[i].present);
	assert_true(c.has_speed && c.has_overhead);
	assert_int_equal(1000, c.speed);
	assert_int_equal(24, c.overhead);
}

static void words_single_settings(void **state)
{
	struct etsn_class_cfg c;
	char err[256];

	(void)state;
	assert_int_equal(0, parse(&c, "speed auto", err, sizeof(err)));
	assert_true(c.has_speed);
	assert_int_equal(0, c.speed);
	assert_false(c.has_map || c.has_overhead);
	assert_int_equal(0, parse(&c, "tc 3 bytes 0", err, sizeof(err)));
	assert_true(c.tc[3].has_limit_bytes && !c.tc[3].has_limit_pkts);
	assert_int_equal(0, parse(&c, "overhead 0", err, sizeof(err)));
	assert_int_equal(0, parse(&c, "tc 1 limit 4294967295", err, sizeof(err)));
	assert_int_equal(UINT32_MAX, c.tc[1].limit_pkts);
}

static void expect_reject(const char *line, const char *msg)
{
	struct etsn_class_cfg c;
	char err[256] = "";

	assert_int_equal(-EINVAL, parse(&c, line, err, sizeof(err)));
	if (strcmp(err, msg) != 0)
		fail_msg("'%s': expected \"%s\", got \"%s\"", line, msg, err);
}

static void words_rejections(void **state)
{
	(void)state;
	expect_reject("", "nothing to set");
	expect_reject("map 0 1 2", "map needs 16 classes (of priorities 0 to 15), got 3");
	expect_reject("map 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 tc 1 limit 1",
		      "map needs 16 classes (of priorities 0 to 15), got 15");
	expect_reject("map 0 0 0 8 0 0 0 0 0 0 0 0 0 0 0 0",
		      "map: class 8 of priority 3 is above 7");
	expect_reject("map 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 map 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
		      "map given twice");
	expect_reject("map 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
		      "unknown keyword '0'");
	expect_reject("tc 8 limit 1", "'tc' needs a class number 0 to 7");
	expect_reject("tc x limit 1", "'tc' needs a class number 0 to 7");
	expect_reject("tc", "'tc' needs a class number 0 to 7");
	expect_reject("tc 1", "tc 1: nothing to set");
	expect_reject("tc 1 tc 2 limit 3", "tc 1: nothing to set");
	expect_reject("tc 1 limit 3 tc 1 bytes 5", "tc 1 given twice");
	expect_reject("limit 3", "'limit' must follow 'tc N'");
	expect_reject("preemptible", "'preemptible' must follow 'tc N'");
	expect_reject("tc 2 limit 0", "tc 2: limit '0' is not a frame count (1 to 4294967295)");
	expect_reject("tc 2 limit 4294967296",
		      "tc 2: limit '4294967296' is not a frame count (1 to 4294967295)");
	expect_reject("tc 2 limit", "tc 2: 'limit' needs a value");
	expect_reject("tc 2 limit 1 limit 2", "tc 2: limit given twice");
	expect_reject("tc 2 bytes -1", "tc 2: bytes '-1' is not a byte count (0 = none, up to "
		      "4294967295)");
	expect_reject("tc 2 bytes 1 bytes 1", "tc 2: bytes given twice");
	expect_reject("tc 2 express preemptible", "tc 2: preemptible/express given twice");
	expect_reject("tc 2 max-sdu big", "tc 2: max-sdu 'big' is not a byte count or auto");
	expect_reject("tc 2 max-sdu 1 max-sdu 2", "tc 2: max-sdu given twice");
	expect_reject("speed 0", "speed needs Mb/s (at least 1) or auto");
	expect_reject("speed", "speed needs Mb/s (at least 1) or auto");
	expect_reject("speed fast", "speed needs Mb/s (at least 1) or auto");
	expect_reject("speed 1 speed 2", "speed given twice");
	expect_reject("overhead -4", "overhead needs a byte count");
	expect_reject("overhead 1 overhead 1", "overhead given twice");
	expect_reject("tc 1 limit 1 quantum 5", "unknown keyword 'quantum'");
}

#define EXACT(t, n) { .type = (t), .minlen = (n), .maxlen = (n) }
static struct nla_policy top_policy[EDGETSN_A_MAX + 1] = {
	[EDGETSN_A_IFINDEX] = EXACT(NLA_U32, 4),
	[EDGETSN_A_PRIO_MAP] = { .type = NLA_BINARY, .minlen = 16, .maxlen = 16 },
	[EDGETSN_A_CLASS] = { .type = NLA_NESTED },
	[EDGETSN_A_LINK_SPEED_OVERRIDE] = EXACT(NLA_U32, 4),
	[EDGETSN_A_OVERHEAD] = EXACT(NLA_U32, 4),
	[EDGETSN_A_MGMT_EXEMPT] = EXACT(NLA_U8, 1),
	[EDGETSN_A_MGMT_PRIOS] = EXACT(NLA_U16, 2),
	[EDGETSN_A_MGMT_PROTECT] = EXACT(NLA_U8, 1),
};
static struct nla_policy class_policy[EDGETSN_A_CLASS_MAX + 1] = {
	[EDGETSN_A_CLASS_INDEX] = EXACT(NLA_U8, 1),
	[EDGETSN_A_CLASS_LIMIT_PKTS] = EXACT(NLA_U32, 4),
	[EDGETSN_A_CLASS_LIMIT_BYTES] = EXACT(NLA_U32, 4),
	[EDGETSN_A_CLASS_PREEMPTIBLE] = EXACT(NLA_U8, 1),
	[EDGETSN_A_CLASS_MAX_SDU] = EXACT(NLA_U32, 4),
};

static void message_matches_uapi(void **state)
{
	struct etsn_genl g = { .family = 0x42 };
	struct nlattr *tb[EDGETSN_A_MAX + 1], *a;
	struct etsn_class_cfg c, back;
	struct nl_msg *msg;
	struct genlmsghdr *gh;
	char err[256];
	int rem, n = 0;

	(void)state;
	assert_int_equal(0, parse(&c, "map 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 5 tc 5 limit 7 "
				  "preemptible tc 2 bytes 100 max-sdu 300 speed 100 overhead 20",
				  err, sizeof(err)));
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_CLASS_SET, 0, 0);
	assert_int_equal(0, etsn_genl_put_dev(&g, msg, "1"));
	assert_int_equal(0, etsn_class_put(msg, &c));
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(EDGETSN_CMD_CLASS_SET, gh->cmd);
	assert_int_equal(0, genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGETSN_A_MAX, top_policy));
	assert_int_equal(1, nla_get_u32(tb[EDGETSN_A_IFINDEX]));
	assert_memory_equal(c.map, nla_data(tb[EDGETSN_A_PRIO_MAP]), 16);
	assert_int_equal(100, nla_get_u32(tb[EDGETSN_A_LINK_SPEED_OVERRIDE]));
	assert_int_equal(20, nla_get_u32(tb[EDGETSN_A_OVERHEAD]));
	/* One nest per class given, in class order, only what was given. */
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		struct nlattr *ct[EDGETSN_A_CLASS_MAX + 1];

		if (nla_type(a) != EDGETSN_A_CLASS)
			continue;
		assert_int_equal(0, nla_parse_nested(ct, EDGETSN_A_CLASS_MAX, a, class_policy));
		if (n++ == 0) {
			assert_int_equal(2, nla_get_u8(ct[EDGETSN_A_CLASS_INDEX]));
			assert_int_equal(100, nla_get_u32(ct[EDGETSN_A_CLASS_LIMIT_BYTES]));
			assert_int_equal(300, nla_get_u32(ct[EDGETSN_A_CLASS_MAX_SDU]));
			assert_null(ct[EDGETSN_A_CLASS_LIMIT_PKTS]);
			assert_null(ct[EDGETSN_A_CLASS_PREEMPTIBLE]);
		} else {
			assert_int_equal(5, nla_get_u8(ct[EDGETSN_A_CLASS_INDEX]));
			assert_int_equal(7, nla_get_u32(ct[EDGETSN_A_CLASS_LIMIT_PKTS]));
			assert_int_equal(1, nla_get_u8(ct[EDGETSN_A_CLASS_PREEMPTIBLE]));
			assert_null(ct[EDGETSN_A_CLASS_LIMIT_BYTES]);
			assert_null(ct[EDGETSN_A_CLASS_MAX_SDU]);
		}
	}
	assert_int_equal(2, n);
	assert_int_equal(0, etsn_class_from_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
						  &back));
	assert_memory_equal(back.map, c.map, 16);
	assert_true(back.tc[5].preemptible && back.tc[5].limit_pkts == 7);
	assert_true(back.tc[2].limit_bytes == 100 && back.tc[2].max_sdu == 300);
	nlmsg_free(msg);
}

static char *show(const struct etsn_class_cfg *c, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	struct etsn_out o;

	assert_non_null(f);
	/* As etsnctl class show writes it. */
	etsn_out_begin(&o, f, json);
	etsn_class_out(&o, c);
	assert_true(etsn_out_end(&o));
	fclose(f);
	return buf;
}

static void reply_text_and_json(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	uint8_t map[16] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 7, 7, 7, 7 };
	struct etsn_class_cfg c;
	struct genlmsghdr *gh;
	char *out;

	(void)state;
	genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_CLASS_GET, 1);
	nla_put_u32(msg, EDGETSN_A_IFINDEX, 1);
	nla_put(msg, EDGETSN_A_PRIO_MAP, sizeof(map), map);
	/* Classes 0 (explicit), 3 (gate never opens) and 7 (no limit). */
	for (uint8_t i = 0; i < 3; i++) {
		struct nlattr *n = nla_nest_start(msg, EDGETSN_A_CLASS);

		nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, (uint8_t[]){ 0, 3, 7 }[i]);
		nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_PKTS, 1000);
		nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_BYTES, 0);
		nla_put_u8(msg, EDGETSN_A_CLASS_PREEMPTIBLE, i == 0);
		nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU, i ? 0 : 1200);
		nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE, i ? 0 : 1200);
		nla_put_u8(msg, EDGETSN_A_CLASS_CLOSED, i == 1);
		nla_nest_end(msg, n);
	}
	nla_put_u32(msg, EDGETSN_A_LINK_SPEED_OVERRIDE, 0);
	nla_put_u32(msg, EDGETSN_A_OVERHEAD, 24);
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(0, etsn_class_from_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
						  &c));
	out = show(&c, false);
	assert_string_equal(out,
		"map 0 0 0 0 1 1 1 1 2 2 2 2 7 7 7 7  # class of priority 0..15\n"
		"tc 0 limit 1000 bytes 0 preemptible max-sdu 1200  # effective max-sdu 1200\n"
		"tc 3 limit 1000 bytes 0 express max-sdu auto  # effective closed: no frame can leave\n"
		"tc 7 limit 1000 bytes 0 express max-sdu auto  # effective max-sdu: no limit\n"
		"speed auto\n"
		"overhead 24  # bytes per frame\n");
	free(out);
	out = show(&c, true);
	assert_string_equal(out,
		"{\"map\":[0,0,0,0,1,1,1,1,2,2,2,2,7,7,7,7],\"classes\":["
		"{\"tc\":0,\"limit_frames\":1000,\"preemptible\":true,\"max_sdu_bytes\":1200,"
		"\"closed\":false,\"max_sdu_effective_bytes\":1200},"
		"{\"tc\":3,\"limit_frames\":1000,\"preemptible\":false,\"closed\":true},"
		"{\"tc\":7,\"limit_frames\":1000,\"preemptible\":false,\"closed\":false}],"
		"\"overhead_bytes\":24}\n");
	free(out);
	nlmsg_free(msg);
}

static void reply_with_bad_class_index_is_rejected(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct etsn_class_cfg c;
	struct nlattr *n;

	(void)state;
	genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_CLASS_GET, 1);
	n = nla_nest_start(msg, EDGETSN_A_CLASS);
	nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, 8);
	nla_nest_end(msg, n);
	assert_int_equal(-EPROTO, etsn_class_from_attrs(
		genlmsg_attrdata(genlmsg_hdr(nlmsg_hdr(msg)), 0),
		genlmsg_attrlen(genlmsg_hdr(nlmsg_hdr(msg)), 0), &c));
	nlmsg_free(msg);
}

/* etsn_class_check: the kernel's limits (kmod/etsn_cfg.c) the words allow. */
static void check_mirrors_the_kernel(void **state)
{
	struct etsn_class_cfg c;
	char err[256];

	(void)state;
	assert_int_equal(0, parse(&c, "overhead 1024 speed 1600000", err, sizeof(err)));
	assert_null(etsn_class_check(&c));
	assert_int_equal(0, parse(&c, "overhead 1025", err, sizeof(err)));
	assert_string_equal("overhead must not exceed 1024 bytes", etsn_class_check(&c));
	assert_int_equal(0, parse(&c, "speed 1600001", err, sizeof(err)));
	assert_string_equal("link speed override must not exceed 1600000 Mb/s",
			    etsn_class_check(&c));
}

/* The management class words: request, reply, text that reads back. */
static void mgmt_words_request_and_reply(void **state)
{
	struct etsn_genl g = { .family = 0x42 };
	struct nlattr *tb[EDGETSN_A_MAX + 1];
	struct etsn_class_cfg c, back;
	struct genlmsghdr *gh;
	struct nl_msg *msg;
	char err[256] = "", *out;

	(void)state;
	assert_int_equal(0, parse(&c, "mgmt-ptp off mgmt-prios 7,0,15 mgmt-protect 0xc0",
				  err, sizeof(err)));
	assert_string_equal("", err);
	assert_true(c.has_mgmt_ptp && !c.mgmt_ptp);
	assert_int_equal(0x8081, c.mgmt_prios);
	assert_int_equal(0xc0, c.mgmt_protect);
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_CLASS_SET, 0, 0);
	assert_int_equal(0, etsn_genl_put_dev(&g, msg, "1"));
	assert_int_equal(0, etsn_class_put(msg, &c));
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(0, genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGETSN_A_MAX, top_policy));
	assert_int_equal(0, nla_get_u8(tb[EDGETSN_A_MGMT_EXEMPT]));
	assert_int_equal(0x8081, nla_get_u16(tb[EDGETSN_A_MGMT_PRIOS]));
	assert_int_equal(0xc0, nla_get_u8(tb[EDGETSN_A_MGMT_PROTECT]));
	assert_null(tb[EDGETSN_A_OVERHEAD]);
	assert_int_equal(0, etsn_class_from_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
						  &back));
	out = show(&back, false);
	assert_string_equal(out,
		"mgmt-ptp off  # PTP frames bypass the gates\n"
		"mgmt-prios 0,7,15  # priorities that bypass the gates\n"
		"mgmt-protect 0xc0  # classes whose windows they keep clear\n");
	free(out);
	out = show(&back, true);
	assert_string_equal(out, "{\"classes\":[],\"mgmt_ptp\":false,"
			    "\"mgmt_prios\":[0,7,15],\"mgmt_protect\":192}\n");
	free(out);
	nlmsg_free(msg);
	assert_int_equal(0, parse(&c, "mgmt-prios none mgmt-protect none mgmt-ptp on",
				  err, sizeof(err)));
	assert_true(c.has_mgmt_prios && c.has_mgmt_protect && c.mgmt_ptp);
	assert_int_equal(0, c.mgmt_prios);
	assert_int_equal(0, c.mgmt_protect);
	assert_int_equal(0, parse(&c, "mgmt-protect 255", err, sizeof(err)));
	assert_int_equal(0xff, c.mgmt_protect);
	expect_reject("mgmt-ptp yes", "mgmt-ptp needs on or off");
	expect_reject("mgmt-ptp", "mgmt-ptp needs on or off");
	expect_reject("mgmt-ptp on mgmt-ptp on", "mgmt-ptp given twice");
	expect_reject("mgmt-prios 16", "mgmt-prios needs priorities 0 to 15, comma-separated "
		      "(e.g. 6,7), or none");
	expect_reject("mgmt-prios 1,,2", "mgmt-prios needs priorities 0 to 15, comma-separated "
		      "(e.g. 6,7), or none");
	expect_reject("mgmt-prios 1,1", "mgmt-prios needs priorities 0 to 15, comma-separated "
		      "(e.g. 6,7), or none");
	expect_reject("mgmt-prios 3,", "mgmt-prios needs priorities 0 to 15, comma-separated "
		      "(e.g. 6,7), or none");
	expect_reject("mgmt-prios 1 mgmt-prios 2", "mgmt-prios given twice");
	expect_reject("mgmt-protect 0x100", "mgmt-protect needs a class mask 0x00 to 0xff, or none");
	expect_reject("mgmt-protect 256", "mgmt-protect needs a class mask 0x00 to 0xff, or none");
	expect_reject("mgmt-protect 0x", "mgmt-protect needs a class mask 0x00 to 0xff, or none");
	expect_reject("mgmt-protect", "mgmt-protect needs a class mask 0x00 to 0xff, or none");
	expect_reject("mgmt-protect 1 mgmt-protect 1", "mgmt-protect given twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_everything),
		cmocka_unit_test(words_single_settings),
		cmocka_unit_test(words_rejections),
		cmocka_unit_test(message_matches_uapi),
		cmocka_unit_test(reply_text_and_json),
		cmocka_unit_test(reply_with_bad_class_index_is_rejected),
		cmocka_unit_test(check_mirrors_the_kernel),
		cmocka_unit_test(mgmt_words_request_and_reply),
	};

	return cmocka_run_group_tests_name("class", tests, NULL, NULL);
}
