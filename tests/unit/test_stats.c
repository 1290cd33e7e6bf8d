// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/stats.c, event.c and fmt.c — a STATS_GET reply and
 * events built in memory as the kernel sends them, printed as text and
 * JSON; human-readable durations and times.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>

#include "lib/event.h"
#include "lib/fmt.h"
#include "lib/stats.h"

static struct nl_msg *stats_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	uint64_t hist[EDGETSN_SOJOURN_BUCKETS] = { 0 };
	struct nlattr *n;

	assert_non_null(genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_STATS_GET, 1));
	nla_put_u32(msg, EDGETSN_A_IFINDEX, 9);
	nla_put_string(msg, EDGETSN_A_IFNAME, "t0");
	hist[10] = 5;	/* [1024, 2048) ns */
	hist[31] = 1;	/* the open-ended last bucket */
	n = nla_nest_start(msg, EDGETSN_A_CLASS);
	nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, 3);
	nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE, 1500);
	nla_put_u64(msg, EDGETSN_A_CLASS_ENQ_PACKETS, 7);
	nla_put_u64(msg, EDGETSN_A_CLASS_ENQ_BYTES, 994);
	nla_put_u64(msg, EDGETSN_A_CLASS_SENT_PACKETS, 6);
	nla_put_u64(msg, EDGETSN_A_CLASS_SENT_BYTES, 852);
	nla_put_u64(msg, EDGETSN_A_CLASS_DROP_QUEUE_FULL, 1);
	nla_put_u64(msg, EDGETSN_A_CLASS_DROP_OVERSIZE, 2);
	nla_put_u64(msg, EDGETSN_A_CLASS_DROP_GATE_NEVER_OPENS, 3);
	nla_put_u64(msg, EDGETSN_A_CLASS_DROP_PURGED, 5);
	nla_put_u8(msg, EDGETSN_A_CLASS_CLOSED, 0);
	nla_put_u64(msg, EDGETSN_A_CLASS_GUARD_DEFERRALS, 4);
	nla_put_u64(msg, EDGETSN_A_CLASS_SOJOURN_MAX, 3000000000ULL);
	nla_put_u64(msg, EDGETSN_A_CLASS_SOJOURN_AVG, 1500);
	nla_put(msg, EDGETSN_A_CLASS_SOJOURN_HIST, sizeof(hist), hist);
	nla_put_u32(msg, EDGETSN_A_CLASS_BACKLOG_PACKETS, 1);
	nla_put_u32(msg, EDGETSN_A_CLASS_BACKLOG_BYTES, 142);
	nla_nest_end(msg, n);
	for (uint32_t i = 0; i < 2; i++) {
		n = nla_nest_start(msg, EDGETSN_A_ENTRY_STATS);
		nla_put_u32(msg, EDGETSN_A_ENTRY_STATS_INDEX, i);
		nla_put_u64(msg, EDGETSN_A_ENTRY_STATS_FRAMES, 10 + i);
		nla_put_u64(msg, EDGETSN_A_ENTRY_STATS_BYTES, 1000 + i);
		/* Deprecated: an older module sends it; etsnctl shows nothing of it. */
		nla_put_u64(msg, EDGETSN_A_ENTRY_STATS_OVERRUNS, i);
		nla_nest_end(msg, n);
	}
	n = nla_nest_start(msg, EDGETSN_A_SCHED_STATS);
	nla_put_u64(msg, EDGETSN_A_SCHED_STATS_CYCLES, 12345);
	nla_put_u64(msg, EDGETSN_A_SCHED_STATS_CONFIG_CHANGES, 1);
	nla_put_u64(msg, EDGETSN_A_SCHED_STATS_TIMER_LATE, 2);
	nla_put_u64(msg, EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX, 25500);
	nla_put_u64(msg, EDGETSN_A_SCHED_STATS_CLOCK_STEPS, 3);
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, EDGETSN_A_MGMT_STATS);
	nla_put_u64(msg, EDGETSN_A_MGMT_STATS_SENT_PACKETS, 40);
	nla_put_u64(msg, EDGETSN_A_MGMT_STATS_SENT_BYTES, 3600);
	nla_put_u64(msg, EDGETSN_A_MGMT_STATS_DROPS, 1);
	nla_put_u64(msg, EDGETSN_A_MGMT_STATS_DEFERRALS, 2);
	nla_put_u32(msg, EDGETSN_A_MGMT_STATS_BACKLOG_PACKETS, 0);
	nla_put_u64(msg, EDGETSN_A_MGMT_STATS_PROTECT_OVERRUNS, 6);
	nla_nest_end(msg, n);
	return msg;
}

static struct etsn_stats *parse_reply(struct nl_msg *msg)
{
	struct genlmsghdr *gh = genlmsg_hdr(nlmsg_hdr(msg));
	struct etsn_stats *st = malloc(sizeof(*st));

	assert_non_null(st);
	assert_int_equal(0, etsn_stats_from_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
						  st));
	return st;
}

static char *render(const struct etsn_stats *st, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	struct etsn_out o;

	assert_non_null(f);
	/* As etsnctl stats dev DEV writes it: one object, the device's. */
	etsn_out_begin(&o, f, json);
	etsn_stats_out(&o, st);
	assert_true(etsn_out_end(&o));
	fclose(f);
	return buf;
}

static void reply_as_json(void **state)
{
	struct nl_msg *msg = stats_reply();
	struct etsn_stats *st = parse_reply(msg);
	char *out = render(st, true);

	(void)state;
	assert_string_equal(out,
		"{\"ifindex\":9,\"ifname\":\"t0\",\"classes\":[{\"tc\":3,"
		"\"enq_packets\":7,\"enq_bytes\":994,\"sent_packets\":6,\"sent_bytes\":852,"
		"\"backlog_packets\":1,\"backlog_bytes\":142,"
		"\"drops\":{\"queue_full\":1,\"oversize\":2,\"gate_never_opens\":3,\"purged\":5},"
		"\"guard_deferrals\":4,\"sojourn_max_ns\":3000000000,\"sojourn_avg_ns\":1500,"
		"\"closed\":false,\"max_sdu_effective_bytes\":1500,"
		"\"sojourn_hist\":[0,0,0,0,0,0,0,0,0,0,5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]}],"
		"\"entries\":[{\"index\":0,\"frames\":10,\"bytes\":1000},"
		"{\"index\":1,\"frames\":11,\"bytes\":1001}],"
		"\"mgmt\":{\"sent_packets\":40,\"sent_bytes\":3600,\"drops\":1,\"deferrals\":2,\"protect_overruns\":6,"
		"\"backlog_packets\":0},"
		"\"schedule_counters\":{\"cycles\":12345,\"config_changes\":1,\"timer_late\":2,"
		"\"timer_lateness_max_ns\":25500,\"clock_steps\":3}}\n");
	free(out);
	free(st);
	nlmsg_free(msg);
}

static void reply_as_text(void **state)
{
	struct nl_msg *msg = stats_reply();
	struct etsn_stats *st = parse_reply(msg);
	char *out = render(st, false);

	(void)state;
	assert_string_equal(out,
		"dev t0 (ifindex 9)\n"
		"tc 3: enqueued 7 pkts 994 bytes, sent 6 pkts 852 bytes, backlog 1 pkts 142 bytes\n"
		"    drops: queue-full 1 oversize 2 gate-never-opens 3 purged 5; guard-deferrals 4\n"
		"    sojourn: max 3000000000ns (3s) avg 1500ns (1.5us); max-sdu 1500\n"
		"    sojourn histogram: [1.024us,2.048us) 5 [2.147s,inf) 1\n"
		"entry 0: frames 10 bytes 1000\n"
		"entry 1: frames 11 bytes 1001\n"
		"mgmt: sent 40 pkts 3600 bytes, drops 1, protected-window deferrals 2 overruns 6, backlog 0 pkts\n"
		"schedule: cycles 12345 config-changes 1 timer-late 2 timer-lateness-max 25500ns "
		"(25.5us) clock-steps 3\n");
	free(out);
	free(st);
	nlmsg_free(msg);
}

static void reply_with_short_histogram_is_rejected(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct etsn_stats *st = malloc(sizeof(*st));
	uint64_t hist[4] = { 1, 2, 3, 4 };
	struct genlmsghdr *gh;
	struct nlattr *n;

	(void)state;
	genlmsg_put(msg, 0, 0, 0x42, 0, 0, EDGETSN_CMD_STATS_GET, 1);
	n = nla_nest_start(msg, EDGETSN_A_CLASS);
	nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, 0);
	nla_put(msg, EDGETSN_A_CLASS_SOJOURN_HIST, sizeof(hist), hist);
	nla_nest_end(msg, n);
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(-EPROTO, etsn_stats_from_attrs(genlmsg_attrdata(gh, 0),
							genlmsg_attrlen(gh, 0), st));
	free(st);
	nlmsg_free(msg);
}

static char *event(uint8_t cmd, bool json, void (*add)(struct nl_msg *))
{
	struct nl_msg *msg = nlmsg_alloc();
	struct genlmsghdr *gh;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	genlmsg_put(msg, 0, 0, 0x42, 0, 0, cmd, 1);
	nla_put_u32(msg, EDGETSN_A_IFINDEX, 4);
	nla_put_string(msg, EDGETSN_A_IFNAME, "t0");
	if (add)
		add(msg);
	gh = genlmsg_hdr(nlmsg_hdr(msg));
	assert_int_equal(0, etsn_event_print(f, json, gh->cmd, genlmsg_attrdata(gh, 0),
					     genlmsg_attrlen(gh, 0)));
	fclose(f);
	nlmsg_free(msg);
	return buf;
}

static void add_time(struct nl_msg *msg)
{
	nla_put_s64(msg, EDGETSN_A_EV_TIME, 1700000000000000001LL);
}

static void add_error(struct nl_msg *msg)
{
	nla_put_s32(msg, EDGETSN_A_EV_ERROR, -EINVAL);
}

static void add_speed(struct nl_msg *msg)
{
	nla_put_u32(msg, EDGETSN_A_EV_LINK_SPEED, 1000);
}

static void events_one_line_each(void **state)
{
	static const struct {
		uint8_t cmd;
		void (*add)(struct nl_msg *);
		const char *text, *json;
	} cases[] = {
		{ EDGETSN_CMD_EV_QDISC_NEW, NULL, "qdisc_new dev t0 ifindex 4\n",
		  "{\"event\":\"qdisc_new\",\"ifindex\":4,\"ifname\":\"t0\"}\n" },
		{ EDGETSN_CMD_EV_QDISC_DEL, NULL, "qdisc_del dev t0 ifindex 4\n",
		  "{\"event\":\"qdisc_del\",\"ifindex\":4,\"ifname\":\"t0\"}\n" },
		{ EDGETSN_CMD_EV_SCHED_OPER, add_time,
		  "sched_oper dev t0 ifindex 4 time 1700000000.000000001\n",
		  "{\"event\":\"sched_oper\",\"ifindex\":4,\"ifname\":\"t0\","
		  "\"time_ns\":1700000000000000001}\n" },
		{ EDGETSN_CMD_EV_CLOCK_STEP, add_time,
		  "clock_step dev t0 ifindex 4 time 1700000000.000000001\n",
		  "{\"event\":\"clock_step\",\"ifindex\":4,\"ifname\":\"t0\","
		  "\"time_ns\":1700000000000000001}\n" },
		{ EDGETSN_CMD_EV_CONFIG_ERROR, add_error,
		  "config_error dev t0 ifindex 4 error -22 (Invalid argument)\n",
		  "{\"event\":\"config_error\",\"ifindex\":4,\"ifname\":\"t0\",\"error\":-22}\n" },
		{ EDGETSN_CMD_EV_LINK_SPEED, add_speed,
		  "link_speed dev t0 ifindex 4 speed 1000 Mb/s\n",
		  "{\"event\":\"link_speed\",\"ifindex\":4,\"ifname\":\"t0\",\"link_speed_mbps\":1000}\n" },
		{ 200, NULL, "event200 dev t0 ifindex 4\n",
		  "{\"event\":\"event200\",\"ifindex\":4,\"ifname\":\"t0\"}\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = event(cases[i].cmd, false, cases[i].add);

		assert_string_equal(cases[i].text, out);
		free(out);
		out = event(cases[i].cmd, true, cases[i].add);
		assert_string_equal(cases[i].json, out);
		free(out);
	}
}

static void durations_and_times_for_humans(void **state)
{
	char b[48];

	(void)state;
	assert_string_equal("0ns", etsn_fmt_duration(0, b, sizeof(b)));
	assert_string_equal("999ns", etsn_fmt_duration(999, b, sizeof(b)));
	assert_string_equal("1us", etsn_fmt_duration(1000, b, sizeof(b)));
	assert_string_equal("1.5ms", etsn_fmt_duration(1500000, b, sizeof(b)));
	assert_string_equal("12.346us", etsn_fmt_duration(12346, b, sizeof(b)));
	/* Rounding that reaches the next whole unit carries. */
	assert_string_equal("2ms", etsn_fmt_duration(1999999, b, sizeof(b)));
	assert_string_equal("18446744073.71s", etsn_fmt_duration(UINT64_MAX, b, sizeof(b)));
	assert_string_equal("0.000000000", etsn_fmt_time(0, b, sizeof(b)));
	assert_string_equal("-1.500000000", etsn_fmt_time(-1500000000LL, b, sizeof(b)));
	assert_string_equal("-9223372036.854775808", etsn_fmt_time(INT64_MIN, b, sizeof(b)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_as_json),
		cmocka_unit_test(reply_as_text),
		cmocka_unit_test(reply_with_short_histogram_is_rejected),
		cmocka_unit_test(events_one_line_each),
		cmocka_unit_test(durations_and_times_for_humans),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
