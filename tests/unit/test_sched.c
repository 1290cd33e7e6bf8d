// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/sched.c — schedule words and files (every accepted form,
 * every rejection with its message), the EDGETSN_A_SCHED_ADMIN nest checked
 * against a policy written from the uapi, and the SCHED_GET reply printed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>

#include "lib/genl.h"
#include "lib/sched.h"

#define NOW_TAI 1000000000000000000LL	/* 1e9 s */

/* A fixed clock: TAI reads NOW_TAI, every other clock 5 s. */
static int fixed_clock(uint32_t clockid, int64_t *now)
{
	*now = clockid == CLOCK_TAI ? NOW_TAI : 5000000000LL;
	return 0;
}

static int broken_clock(uint32_t clockid, int64_t *now)
{
	(void)clockid;
	(void)now;
	return -EINVAL;
}

/* Splits a command line into words (up to 8192 of them) and parses it. */
static int parse(struct etsn_sched *s, const char *line, char *err, size_t errlen)
{
	static char buf[1 << 16];
	static char *argv[8192];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
		assert_true(argc < 8192);
		argv[argc++] = w;
	}
	return etsn_sched_parse_words(s, argc, argv, fixed_clock, err, errlen);
}

static struct etsn_sched *new_sched(void)
{
	struct etsn_sched *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	return s;
}

static void words_full_schedule(void **state)
{
	struct etsn_sched *s = new_sched();
	char err[256] = "";

	(void)state;
	assert_int_equal(0, parse(s, "base-time 1700000000.5 cycle-time 1ms extension 10us "
				  "clock realtime entry S 0x3 300us entry H 4 200000 "
				  "entry R 0xFF 500us", err, sizeof(err)));
	assert_true(s->has_base_time && s->has_cycle_time && s->has_extension && s->has_clockid);
	assert_true(s->base_time == 1700000000500000000LL);
	assert_int_equal(1000000, s->cycle_time);
	assert_int_equal(10000, s->extension);
	assert_int_equal(CLOCK_REALTIME, s->clockid);
	assert_int_equal(3, s->num_entries);
	assert_int_equal(EDGETSN_GATE_OP_SET, s->entries[0].op);
	assert_int_equal(0x3, s->entries[0].gates);
	assert_int_equal(300000, s->entries[0].interval);
	assert_int_equal(EDGETSN_GATE_OP_SET_AND_HOLD, s->entries[1].op);
	assert_int_equal(4, s->entries[1].gates);
	assert_int_equal(200000, s->entries[1].interval);
	assert_int_equal(EDGETSN_GATE_OP_SET_AND_RELEASE, s->entries[2].op);
	assert_int_equal(0xff, s->entries[2].gates);
	free(s);
}

static void words_defaults_left_to_kernel(void **state)
{
	struct etsn_sched *s = new_sched();
	char err[256];

	(void)state;
	assert_int_equal(0, parse(s, "entry S 1 1", err, sizeof(err)));
	assert_false(s->has_base_time || s->has_cycle_time || s->has_extension || s->has_clockid);
	assert_int_equal(1, s->num_entries);
	assert_int_equal(1, s->entries[0].interval);
	free(s);
}

static void words_relative_base_time_uses_chosen_clock(void **state)
{
	struct etsn_sched *s = new_sched();
	char err[256];

	(void)state;
	/* Default clock TAI. */
	assert_int_equal(0, parse(s, "base-time +2s entry S 1 1ms", err, sizeof(err)));
	assert_true(s->base_time == NOW_TAI + 2000000000LL);
	/* The clock named after base-time still decides what "now" is. */
	assert_int_equal(0, parse(s, "base-time +1ms entry S 1 1ms clock monotonic", err,
				  sizeof(err)));
	assert_true(s->base_time == 5000000000LL + 1000000);
	assert_int_equal(0, parse(s, "base-time 250ns entry S 1 1ms", err, sizeof(err)));
	assert_true(s->base_time == 250);
	free(s);
}

static void words_1024_entries_accepted_1025_rejected(void **state)
{
	struct etsn_sched *s = new_sched();
	static char line[1025 * 16];
	char err[256];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 1024; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "entry S %d 1 ", i & 0xff);
	assert_int_equal(0, parse(s, line, err, sizeof(err)));
	assert_int_equal(1024, s->num_entries);
	assert_int_equal(1023 & 0xff, s->entries[1023].gates);
	snprintf(line + n, sizeof(line) - n, "entry S 1 1");
	assert_int_equal(-EINVAL, parse(s, line, err, sizeof(err)));
	assert_string_equal(err, "more than 1024 entries");
	free(s);
}

static void expect_reject(const char *line, const char *msg)
{
	struct etsn_sched *s = new_sched();
	char err[256] = "";

	assert_int_equal(-EINVAL, parse(s, line, err, sizeof(err)));
	if (strcmp(err, msg) != 0)
		fail_msg("'%s': expected \"%s\", got \"%s\"", line, msg, err);
	free(s);
}

static void words_rejections(void **state)
{
	(void)state;
	expect_reject("entry X 1 1ms", "unknown entry operation 'X' (S, H or R)");
	expect_reject("entry s 1 1ms", "unknown entry operation 's' (S, H or R)");
	expect_reject("entry S 0x100 1ms", "gate mask '0x100' is above 0xff (classes 0 to 7)");
	expect_reject("entry S 256 1ms", "gate mask '256' is above 0xff (classes 0 to 7)");
	expect_reject("entry S 0x1000000000000000000 1ms",
		      "gate mask '0x1000000000000000000' is above 0xff (classes 0 to 7)");
	expect_reject("entry S 0x 1ms", "gate mask '0x' is not a number (hex 0x.. or decimal)");
	expect_reject("entry S 0xg 1ms", "gate mask '0xg' is not a number (hex 0x.. or decimal)");
	expect_reject("entry S -1 1ms", "gate mask '-1' is not a number (hex 0x.. or decimal)");
	expect_reject("entry S 1 0", "interval must be at least 1ns");
	expect_reject("entry S 1 0ns", "interval must be at least 1ns");
	expect_reject("entry S 1 5s", "interval '5s' is above 4294967295ns");
	expect_reject("entry S 1 1xs", "interval '1xs' is not a duration (e.g. 250us, 1ms, 1000)");
	expect_reject("entry S 1", "'entry' needs OP MASK INTERVAL");
	expect_reject("", "no entries: a schedule needs at least one 'entry OP MASK INTERVAL'");
	expect_reject("cycle-time 1ms",
		      "no entries: a schedule needs at least one 'entry OP MASK INTERVAL'");
	expect_reject("clock gps entry S 1 1", "unknown clock 'gps' (tai, realtime, monotonic, boottime)");
	expect_reject("clock", "'clock' needs a value");
	expect_reject("clock tai clock tai entry S 1 1", "clock given twice");
	expect_reject("base-time yesterday entry S 1 1",
		      "base-time 'yesterday' is not a time (seconds[.fraction], <n>ns/us/ms/s, "
		      "or +DURATION from now)");
	expect_reject("base-time -5 entry S 1 1",
		      "base-time '-5' is not a time (seconds[.fraction], <n>ns/us/ms/s, "
		      "or +DURATION from now)");
	expect_reject("base-time +1x entry S 1 1",
		      "base-time '+1x' is not a time (seconds[.fraction], <n>ns/us/ms/s, "
		      "or +DURATION from now)");
	expect_reject("base-time 1 base-time 2 entry S 1 1", "base-time given twice");
	expect_reject("base-time +9223372036s entry S 1 1",
		      "base-time '+9223372036s' is too far in the future");
	expect_reject("cycle-time 1ms cycle-time 2ms entry S 1 1", "cycle-time given twice");
	expect_reject("cycle-time soon entry S 1 1",
		      "cycle-time 'soon' is not a duration (e.g. 250us, 1ms, 1000)");
	expect_reject("cycle-time 99999999999999999999 entry S 1 1",
		      "cycle-time '99999999999999999999' is too long");
	expect_reject("extension 1ms extension 1ms entry S 1 1", "extension given twice");
	expect_reject("extension", "'extension' needs a value");
	expect_reject("entry S 1 1 bogus", "unknown keyword 'bogus'");
}

static void words_clock_failure_is_reported(void **state)
{
	struct etsn_sched *s = new_sched();
	char *argv[] = { "base-time", "+1s", "entry", "S", "1", "1" };
	char err[256];

	(void)state;
	assert_int_equal(-EINVAL, etsn_sched_parse_words(s, 6, argv, broken_clock, err,
							 sizeof(err)));
	assert_string_equal(err, "cannot read the clock: Invalid argument");
	/* An absolute base time needs no clock reading. */
	argv[1] = "7";
	assert_int_equal(0, etsn_sched_parse_words(s, 6, argv, broken_clock, err, sizeof(err)));
	assert_true(s->base_time == 7000000000LL);
	free(s);
}

static void words_real_clock_relative_is_after_now(void **state)
{
	struct etsn_sched *s = new_sched();
	char *argv[] = { "base-time", "+1s", "entry", "S", "1", "1" };
	int64_t before;
	char err[256];

	(void)state;
	assert_int_equal(0, etsn_clock_now(CLOCK_TAI, &before));
	assert_int_equal(0, etsn_sched_parse_words(s, 6, argv, NULL, err, sizeof(err)));
	assert_true(s->base_time >= before + 1000000000LL);
	free(s);
}

/* Writes text to a fresh file under /tmp; the caller unlinks it. */
static void write_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/etsn-sched-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal((ssize_t)strlen(text), write(fd, text, strlen(text)));
	close(fd);
}

static int parse_text(struct etsn_sched *s, const char *text, char *path, char *err,
		      size_t errlen)
{
	int ret;

	write_file(path, text);
	ret = etsn_sched_parse_file(s, path, fixed_clock, err, errlen);
	unlink(path);
	return ret;
}

static void file_good(void **state)
{
	struct etsn_sched *s = new_sched();
	char path[64], err[256] = "";

	(void)state;
	assert_int_equal(0, parse_text(s,
		"# a 1 ms cycle\n"
		"\n"
		"clock tai   base-time +1s\n"
		"cycle-time 1ms\n"
		"entry S 0x01 300us   # class 0\n"
		"\tentry H 0x06 700us\r\n"
		"entry R 0x80 1ns", path, err, sizeof(err)));
	assert_string_equal("", err);
	assert_true(s->base_time == NOW_TAI + 1000000000LL);
	assert_int_equal(1000000, s->cycle_time);
	assert_int_equal(3, s->num_entries);
	assert_int_equal(0x06, s->entries[1].gates);
	assert_int_equal(EDGETSN_GATE_OP_SET_AND_HOLD, s->entries[1].op);
	assert_int_equal(1, s->entries[2].interval);
	free(s);
}

static void expect_file_reject(const char *text, const char *reason)
{
	struct etsn_sched *s = new_sched();
	char path[64], err[512], want[512];

	assert_int_equal(-EINVAL, parse_text(s, text, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:%s", path, reason);
	if (strcmp(err, want) != 0)
		fail_msg("expected \"%s\", got \"%s\"", want, err);
	free(s);
}

static void file_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_file_reject("entry S 1 1ms\n# ok\nentry S 1 0\n", "3: interval must be at least 1ns");
	expect_file_reject("entry Q 1 1ms\n", "1: unknown entry operation 'Q' (S, H or R)");
	expect_file_reject("\n\nentry S 0x1ff 1ms\n",
			   "3: gate mask '0x1ff' is above 0xff (classes 0 to 7)");
	expect_file_reject("clock utc\nentry S 1 1\n",
			   "1: unknown clock 'utc' (tai, realtime, monotonic, boottime)");
	/* A keyword's values do not continue on the next line. */
	expect_file_reject("entry S 1\n1ms\n", "1: 'entry' needs OP MASK INTERVAL");
	expect_file_reject("entry S 1 1\nbase-time noon\n",
			   "2: base-time 'noon' is not a time (seconds[.fraction], <n>ns/us/ms/s, "
			   "or +DURATION from now)");
	expect_file_reject("entry S 1 1\nbase-time +9223372036s\n",
			   "2: base-time '+9223372036s' is too far in the future");
	expect_file_reject("# nothing\n",
			   " no entries: a schedule needs at least one 'entry OP MASK INTERVAL'");
}

static void file_1025_entries_rejected_at_its_line(void **state)
{
	static char text[1026 * 16];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(text, sizeof(text), "cycle-time 2ms\n");
	for (int i = 0; i < 1025; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "entry S 1 1\n");
	expect_file_reject(text, "1026: more than 1024 entries");
}

static void file_unreadable(void **state)
{
	struct etsn_sched *s = new_sched();
	char err[256];

	(void)state;
	assert_int_equal(-ENOENT, etsn_sched_parse_file(s, "/nonexistent/sched", fixed_clock,
							err, sizeof(err)));
	assert_string_equal(err, "/nonexistent/sched: No such file or directory");
	free(s);
}

/* The uapi's types, exactly: a u32 sent as u64 would fail maxlen. */
#define EXACT(t, n) { .type = (t), .minlen = (n), .maxlen = (n) }
static struct nla_policy top_policy[EDGETSN_A_MAX + 1] = {
	[EDGETSN_A_IFINDEX] = EXACT(NLA_U32, 4),
	[EDGETSN_A_IFNAME] = { .type = NLA_STRING, .maxlen = 16 },
	[EDGETSN_A_SCHED_ADMIN] = { .type = NLA_NESTED },
};
static struct nla_policy sched_policy[EDGETSN_A_SCHED_MAX + 1] = {
	[EDGETSN_A_SCHED_BASE_TIME] = EXACT(NLA_S64, 8),
	[EDGETSN_A_SCHED_CYCLE_TIME] = EXACT(NLA_U64, 8),
	[EDGETSN_A_SCHED_CYCLE_TIME_EXT] = EXACT(NLA_U64, 8),
	[EDGETSN_A_SCHED_CLOCKID] = EXACT(NLA_U32, 4),
	[EDGETSN_A_SCHED_ENTRY] = { .type = NLA_NESTED },
};
static struct nla_policy entry_policy[EDGETSN_A_ENTRY_MAX + 1] = {
	[EDGETSN_A_ENTRY_OP] = EXACT(NLA_U8, 1),
	[EDGETSN_A_ENTRY_GATES] = EXACT(NLA_U8, 1),
	[EDGETSN_A_ENTRY_INTERVAL] = EXACT(NLA_U32, 4),
};

static void message_matches_uapi(void **state)
{
	struct etsn_genl g = { .family = 0x42 };
	struct etsn_sched *s = new_sched(), *back = new_sched();
	struct nlattr *tb[EDGETSN_A_MAX + 1], *st[EDGETSN_A_SCHED_MAX + 1], *a;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	char err[256];
	int rem, i = 0, others = 0;

	(void)state;
	assert_int_equal(0, parse(s, "base-time 2.5 cycle-time 1ms extension 1us clock boottime "
				  "entry S 0x01 100us entry H 0x02 200us entry R 0xfe 700us",
				  err, sizeof(err)));
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_SCHED_SET, 0, etsn_sched_msg_size(s));
	assert_non_null(msg);
	assert_int_equal(0, etsn_genl_put_dev(&g, msg, "lo"));
	assert_int_equal(0, etsn_sched_put(msg, EDGETSN_A_SCHED_ADMIN, s));
	nlh = nlmsg_hdr(msg);
	assert_int_equal(0x42, nlh->nlmsg_type);
	assert_int_equal(EDGETSN_CMD_SCHED_SET, genlmsg_hdr(nlh)->cmd);
	assert_int_equal(EDGETSN_GENL_VERSION, genlmsg_hdr(nlh)->version);
	assert_int_equal(0, genlmsg_parse(nlh, 0, tb, EDGETSN_A_MAX, top_policy));
	/* lo is ifindex 1 in every network namespace. */
	assert_non_null(tb[EDGETSN_A_IFINDEX]);
	assert_int_equal(1, nla_get_u32(tb[EDGETSN_A_IFINDEX]));
	assert_null(tb[EDGETSN_A_IFNAME]);
	assert_non_null(tb[EDGETSN_A_SCHED_ADMIN]);
	assert_int_equal(0, nla_parse_nested(st, EDGETSN_A_SCHED_MAX, tb[EDGETSN_A_SCHED_ADMIN],
					     sched_policy));
	assert_true(nla_get_s64(st[EDGETSN_A_SCHED_BASE_TIME]) == 2500000000LL);
	assert_true(nla_get_u64(st[EDGETSN_A_SCHED_CYCLE_TIME]) == 1000000);
	assert_true(nla_get_u64(st[EDGETSN_A_SCHED_CYCLE_TIME_EXT]) == 1000);
	assert_int_equal(CLOCK_BOOTTIME, nla_get_u32(st[EDGETSN_A_SCHED_CLOCKID]));
	/* Entries: repeated nests, in the order given, each complete. */
	nla_for_each_nested(a, tb[EDGETSN_A_SCHED_ADMIN], rem) {
		struct nlattr *et[EDGETSN_A_ENTRY_MAX + 1];

		if (nla_type(a) != EDGETSN_A_SCHED_ENTRY) {
			others++;
			continue;
		}
		assert_true(i < 3);
		assert_int_equal(0, nla_parse_nested(et, EDGETSN_A_ENTRY_MAX, a, entry_policy));
		assert_int_equal(s->entries[i].op, nla_get_u8(et[EDGETSN_A_ENTRY_OP]));
		assert_int_equal(s->entries[i].gates, nla_get_u8(et[EDGETSN_A_ENTRY_GATES]));
		assert_int_equal(s->entries[i].interval, nla_get_u32(et[EDGETSN_A_ENTRY_INTERVAL]));
		i++;
	}
	assert_int_equal(3, i);
	assert_int_equal(4, others);
	assert_int_equal(0, rem);
	assert_int_equal(0, etsn_sched_from_nest(tb[EDGETSN_A_SCHED_ADMIN], back));
	assert_memory_equal(s, back, sizeof(*s));
	nlmsg_free(msg);
	free(s);
	free(back);
}

static void message_omits_defaults_and_holds_1024_entries(void **state)
{
	struct etsn_genl g = { .family = 0x42 };
	struct etsn_sched *s = new_sched(), *back = new_sched();
	struct nlattr *tb[EDGETSN_A_MAX + 1], *st[EDGETSN_A_SCHED_MAX + 1];
	struct nl_msg *msg;

	(void)state;
	s->num_entries = EDGETSN_MAX_ENTRIES;
	for (int i = 0; i < EDGETSN_MAX_ENTRIES; i++)
		s->entries[i] = (struct etsn_sched_entry){ .op = (uint8_t)(i % 3),
			.gates = (uint8_t)i, .interval = (uint32_t)i + 1 };
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_SCHED_SET, 0, etsn_sched_msg_size(s));
	assert_non_null(msg);
	assert_int_equal(0, etsn_genl_put_dev(&g, msg, "no-such-dev0"));
	assert_int_equal(0, etsn_sched_put(msg, EDGETSN_A_SCHED_ADMIN, s));
	assert_int_equal(0, genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGETSN_A_MAX, top_policy));
	/* A name unknown here goes to the kernel as a name. */
	assert_null(tb[EDGETSN_A_IFINDEX]);
	assert_string_equal("no-such-dev0", nla_get_string(tb[EDGETSN_A_IFNAME]));
	assert_int_equal(0, nla_parse_nested(st, EDGETSN_A_SCHED_MAX, tb[EDGETSN_A_SCHED_ADMIN],
					     sched_policy));
	assert_null(st[EDGETSN_A_SCHED_BASE_TIME]);
	assert_null(st[EDGETSN_A_SCHED_CYCLE_TIME]);
	assert_null(st[EDGETSN_A_SCHED_CYCLE_TIME_EXT]);
	assert_null(st[EDGETSN_A_SCHED_CLOCKID]);
	assert_int_equal(0, etsn_sched_from_nest(tb[EDGETSN_A_SCHED_ADMIN], back));
	assert_memory_equal(s, back, sizeof(*s));
	nlmsg_free(msg);
	free(s);
	free(back);
}

static void device_names_checked_locally(void **state)
{
	struct etsn_genl g = { .family = 0x42 };
	struct nl_msg *msg = etsn_genl_request_new(&g, EDGETSN_CMD_SCHED_GET, 0, 0);

	(void)state;
	assert_int_equal(-EINVAL, etsn_genl_put_dev(&g, msg, "a-name-longer-than-15"));
	assert_string_equal(g.error.msg, "'a-name-longer-than-15' is not a device name");
	assert_int_equal(-EINVAL, etsn_genl_put_dev(&g, msg, ""));
	assert_int_equal(-EINVAL, etsn_genl_put_dev(&g, msg, "a/b"));
	assert_int_equal(-EINVAL, etsn_genl_put_dev(&g, msg, "a b"));
	assert_int_equal(-EINVAL, etsn_genl_put_dev(&g, msg, NULL));
	nlmsg_free(msg);
}

/* A number that is no device name here is an ifindex, if it can be one. */
static void device_numbers_are_ifindexes(void **state)
{
	static const struct {
		const char *dev;
		uint32_t ifindex;	/* 0: sent as a name */
	} cases[] = {
		{ "lo", 1 }, { "7", 7 }, { "2147483647", 2147483647 },
		{ "2147483648", 0 }, { "99999999999", 0 }, { "0", 0 }, { "eth9x", 0 },
	};
	struct etsn_genl g = { .family = 0x42 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = etsn_genl_request_new(&g, EDGETSN_CMD_SCHED_GET, 0, 0);
		struct nlattr *tb[EDGETSN_A_MAX + 1];

		assert_int_equal(0, etsn_genl_put_dev(&g, msg, cases[i].dev));
		assert_int_equal(0, genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGETSN_A_MAX, top_policy));
		if (cases[i].ifindex) {
			assert_null(tb[EDGETSN_A_IFNAME]);
			assert_int_equal(cases[i].ifindex, nla_get_u32(tb[EDGETSN_A_IFINDEX]));
		} else {
			assert_null(tb[EDGETSN_A_IFINDEX]);
			assert_string_equal(cases[i].dev, nla_get_string(tb[EDGETSN_A_IFNAME]));
		}
		nlmsg_free(msg);
	}
}

/* A SCHED_GET reply as the kernel builds it: oper, admin and status. */
static struct nl_msg *sched_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);
	struct etsn_sched *oper = new_sched(), *admin = new_sched();
	struct nlattr *st;
	char err[256];

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_SCHED_GET, 1));
	assert_int_equal(0, parse(oper, "base-time 100 cycle-time 1ms extension 0 clock tai "
				  "entry S 0x01 300us entry S 0xfe 700us", err, sizeof(err)));
	assert_int_equal(0, parse(admin, "base-time 200.000000001 cycle-time 500us clock tai "
				  "entry H 0x03 500us", err, sizeof(err)));
	assert_int_equal(0, nla_put_u32(msg, EDGETSN_A_IFINDEX, 7));
	assert_int_equal(0, nla_put_string(msg, EDGETSN_A_IFNAME, "t0"));
	assert_int_equal(0, etsn_sched_put(msg, EDGETSN_A_SCHED_OPER, oper));
	assert_int_equal(0, etsn_sched_put(msg, EDGETSN_A_SCHED_ADMIN, admin));
	st = nla_nest_start(msg, EDGETSN_A_STATUS);
	assert_int_equal(0, nla_put_flag(msg, EDGETSN_A_STATUS_CONFIG_PENDING));
	assert_int_equal(0, nla_put_s64(msg, EDGETSN_A_STATUS_CONFIG_CHANGE_TIME, 200000000001LL));
	assert_int_equal(0, nla_put_u64(msg, EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR, 2));
	assert_int_equal(0, nla_put_u32(msg, EDGETSN_A_STATUS_CURRENT_ENTRY, 1));
	assert_int_equal(0, nla_put_s64(msg, EDGETSN_A_STATUS_CURRENT_TIME, 150000400000LL));
	assert_int_equal(0, nla_put_u8(msg, EDGETSN_A_STATUS_GATES, 0xfe));
	assert_int_equal(0, nla_put_u32(msg, EDGETSN_A_STATUS_CLOCKID, CLOCK_TAI));
	nla_nest_end(msg, st);
	free(oper);
	free(admin);
	return msg;
}

static char *capture(void (*fn)(FILE *, const struct etsn_sched_reply *, void *),
		     const struct etsn_sched_reply *r, void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, r, arg);
	fclose(f);
	return buf;
}

/* Both outputs come from the one print path, as etsnctl sched show calls it. */
static void reply_out(FILE *f, bool json, const struct etsn_sched_reply *r, void *arg)
{
	struct etsn_out o;

	etsn_out_begin(&o, f, json);
	etsn_sched_reply_out(&o, r, arg);
	assert_true(etsn_out_end(&o));
}

static void to_json(FILE *f, const struct etsn_sched_reply *r, void *arg)
{
	reply_out(f, true, r, arg);
}

static void to_text(FILE *f, const struct etsn_sched_reply *r, void *arg)
{
	reply_out(f, false, r, arg);
}

static void reply_json_and_text(void **state)
{
	struct etsn_sched_reply *r = calloc(1, sizeof(*r));
	struct etsn_sched_counters c = { 1000, 2, 3, 45000, 1 };
	struct nl_msg *msg = sched_reply();
	struct genlmsghdr *gh = genlmsg_hdr(nlmsg_hdr(msg));
	char *out;

	(void)state;
	assert_int_equal(0, etsn_sched_reply_from_attrs(genlmsg_attrdata(gh, 0),
							genlmsg_attrlen(gh, 0), r));
	out = capture(to_json, r, &c);
	assert_string_equal(out,
		"{\"ifindex\":7,\"ifname\":\"t0\","
		"\"status\":{\"config_pending\":true,\"clock\":\"tai\","
		"\"config_change_time_ns\":200000000001,\"config_change_errors\":2,"
		"\"current_time_ns\":150000400000,\"current_entry\":1,\"gates\":254},"
		"\"oper\":{\"clock\":\"tai\",\"base_time_ns\":100000000000,"
		"\"cycle_time_ns\":1000000,\"extension_ns\":0,\"entries\":["
		"{\"index\":0,\"op\":\"S\",\"gates\":1,\"interval_ns\":300000},"
		"{\"index\":1,\"op\":\"S\",\"gates\":254,\"interval_ns\":700000}]},"
		"\"admin\":{\"clock\":\"tai\",\"base_time_ns\":200000000001,"
		"\"cycle_time_ns\":500000,"
		"\"entries\":[{\"index\":0,\"op\":\"H\",\"gates\":3,\"interval_ns\":500000}]},"
		"\"schedule_counters\":{\"cycles\":1000,\"config_changes\":2,\"timer_late\":3,"
		"\"timer_lateness_max_ns\":45000,\"clock_steps\":1}}\n");
	free(out);
	out = capture(to_text, r, NULL);
	assert_string_equal(out,
		"dev t0 (ifindex 7)\n"
		"status:\n"
		"  config-pending yes\n"
		"  clock tai\n"
		"  config-change-time 200.000000001  # 200000000001ns\n"
		"  config-change-errors 2\n"
		"  current-time 150.000400000\n"
		"  current-entry 1\n"
		"  gates 0xfe\n"
		"oper:\n"
		"  clock tai\n"
		"  base-time 100.000000000  # 100000000000ns\n"
		"  cycle-time 1000000  # 1ms\n"
		"  extension 0  # 0ns\n"
		"  entry S 0x01 300000     # 0: 300us\n"
		"  entry S 0xfe 700000     # 1: 700us\n"
		"admin:\n"
		"  clock tai\n"
		"  base-time 200.000000001  # 200000000001ns\n"
		"  cycle-time 500000  # 500us\n"
		"  entry H 0x03 500000     # 0: 500us\n");
	free(out);
	nlmsg_free(msg);
	free(r);
}

static void reply_without_schedules(void **state)
{
	struct etsn_sched_reply *r = calloc(1, sizeof(*r));
	struct nl_msg *msg = nlmsg_alloc();
	struct genlmsghdr *gh;
	char *out;

	(void)state;
	assert_non_null(genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_SCHED_GET, 1));
	assert_int_equal(0, nla_put_u32(msg, EDGETSN_A_IFINDEX, 1));
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(0, etsn_sched_reply_from_attrs(genlmsg_attrdata(gh, 0),
							genlmsg_attrlen(gh, 0), r));
	assert_string_equal(r->ifname, "lo");
	out = capture(to_json, r, NULL);
	assert_string_equal(out, "{\"ifindex\":1,\"ifname\":\"lo\"}\n");
	free(out);
	out = capture(to_text, r, NULL);
	assert_string_equal(out, "dev lo (ifindex 1)\noper: none (all gates open)\n"
			    "admin: none pending\n");
	free(out);
	nlmsg_free(msg);
	free(r);
}

static void reply_with_bad_entry_is_rejected(void **state)
{
	struct etsn_sched *s = new_sched();
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *e;

	(void)state;
	nest = nla_nest_start(msg, EDGETSN_A_SCHED_OPER);
	e = nla_nest_start(msg, EDGETSN_A_SCHED_ENTRY);
	/* No interval: required by the uapi. */
	nla_put_u8(msg, EDGETSN_A_ENTRY_GATES, 1);
	nla_nest_end(msg, e);
	nla_nest_end(msg, nest);
	assert_int_equal(-EPROTO, etsn_sched_from_nest(nest, s));
	nlmsg_free(msg);
	free(s);
}

/* etsn_sched_check: the kernel's rules (kmod/etsn_gcl.c) on parsed values. */
static void check_mirrors_the_kernel(void **state)
{
	struct etsn_sched *s = new_sched();
	char err[256];
	bool ext;

	(void)state;
	assert_int_equal(0, parse(s, "cycle-time 100 entry S 1 60 entry S 2 40", err, sizeof(err)));
	assert_null(etsn_sched_check(s, &ext));
	assert_int_equal(0, parse(s, "cycle-time 99 entry S 1 60 entry S 2 40", err, sizeof(err)));
	assert_string_equal("cycle time is shorter than the sum of the entry intervals",
			    etsn_sched_check(s, &ext));
	assert_false(ext);
	/* Without a cycle time the sum is the cycle: the extension must be below it. */
	assert_int_equal(0, parse(s, "extension 100 entry S 1 60 entry S 2 40", err, sizeof(err)));
	assert_string_equal("cycle time extension must be shorter than the cycle",
			    etsn_sched_check(s, &ext));
	assert_true(ext);
	assert_int_equal(0, parse(s, "extension 99 entry S 1 60 entry S 2 40", err, sizeof(err)));
	assert_null(etsn_sched_check(s, &ext));
	assert_int_equal(0, parse(s, "cycle-time 9223372036854775808 entry S 1 60", err,
				  sizeof(err)));
	assert_string_equal("cycle time is too long", etsn_sched_check(s, &ext));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_full_schedule),
		cmocka_unit_test(words_defaults_left_to_kernel),
		cmocka_unit_test(words_relative_base_time_uses_chosen_clock),
		cmocka_unit_test(words_1024_entries_accepted_1025_rejected),
		cmocka_unit_test(words_rejections),
		cmocka_unit_test(words_clock_failure_is_reported),
		cmocka_unit_test(words_real_clock_relative_is_after_now),
		cmocka_unit_test(file_good),
		cmocka_unit_test(file_errors_name_file_and_line),
		cmocka_unit_test(file_1025_entries_rejected_at_its_line),
		cmocka_unit_test(file_unreadable),
		cmocka_unit_test(message_matches_uapi),
		cmocka_unit_test(message_omits_defaults_and_holds_1024_entries),
		cmocka_unit_test(device_names_checked_locally),
		cmocka_unit_test(device_numbers_are_ifindexes),
		cmocka_unit_test(reply_json_and_text),
		cmocka_unit_test(reply_without_schedules),
		cmocka_unit_test(reply_with_bad_entry_is_rejected),
		cmocka_unit_test(check_mirrors_the_kernel),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
