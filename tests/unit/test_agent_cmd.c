// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: edgetsnd's MQTT commands (user/lib/agent_cmd*.c) and the strict
 * JSON reader under them (jsontree.c): every verb carried out through the
 * callbacks with the exact reply, and every malformed form answered with
 * an error reply that names the reason, the callbacks left untouched.
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

#include "lib/agent_cmd.h"
#include "lib/jsontree.h"

static const char config_yaml[] =
	"mqtt:\n"
	"  enabled: true\n"
	"  commands-enabled: true\n"
	"interfaces:\n"
	"  eth0:\n"
	"    schedule:\n"
	"      admin-control-list:\n"
	"        - { gate-states-value: 0x01, time-interval-value: 300us }\n"
	"        - { gate-states-value: 0xfe, time-interval-value: 700us }\n"
	"  eth1:\n"
	"    qdisc: etsn\n";

static struct etsn_agent_config *cfg;

/* What the callbacks were asked, and what they answer. */
static struct {
	int calls;
	char ifname[IF_NAMESIZE];
	struct etsn_sched sched;
	bool has_at, persist;
	int64_t at_ns;
	int ret;
	const char *json;
	const char *reason;
} cb;

static int get_any(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	(void)ctx;
	cb.calls++;
	snprintf(cb.ifname, sizeof(cb.ifname), "%s", ifname);
	if (cb.ret) {
		snprintf(reason, rlen, "%s", cb.reason ? cb.reason : "");
		return cb.ret;
	}
	*json = strdup(cb.json);
	return 0;
}

static int set_schedule(void *ctx, const struct etsn_cmd *c, bool persist, char *reason,
			size_t rlen)
{
	(void)ctx;
	cb.calls++;
	snprintf(cb.ifname, sizeof(cb.ifname), "%s", c->ifname);
	cb.sched = *c->sched;
	cb.has_at = c->has_at;
	cb.at_ns = c->at_ns;
	cb.persist = persist;
	if (cb.reason)
		snprintf(reason, rlen, "%s", cb.reason);
	return cb.ret;
}

static int reload(void *ctx, char *reason, size_t rlen)
{
	(void)ctx;
	cb.calls++;
	if (cb.ret && cb.reason)
		snprintf(reason, rlen, "%s", cb.reason);
	return cb.ret;
}

static const struct etsn_cmd_ops ops = {
	.get_state = get_any,
	.get_stats = get_any,
	.set_schedule = set_schedule,
	.reload = reload,
};

static int setup(void **state)
{
	struct etsn_agent_check_opts opts = { .host = false };
	struct etsn_diag d;

	(void)state;
	etsn_diag_init(&d, "t.yaml");
	cfg = etsn_agent_config_parse(config_yaml, strlen(config_yaml), &opts, &d);
	etsn_diag_print(&d, stderr);
	etsn_diag_free(&d);
	memset(&cb, 0, sizeof(cb));
	cb.json = "{\"eth0\":{\"sync\":\"locked\"}}";
	return cfg ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	etsn_agent_config_free(cfg);
	return 0;
}

/* Runs verb with payload; the reply must be want, reply_to rt. */
static void run_expect(const char *verb, const char *payload, const char *want,
		       const char *want_rt)
{
	char rt[ETSN_CMD_TOPIC_MAX] = "junk";
	char *got = etsn_cmd_run(verb, payload, strlen(payload), cfg, &ops, rt, sizeof(rt));

	assert_non_null(got);
	if (strcmp(got, want))
		print_message("  payload: %s\n  got:  %s\n  want: %s\n", payload, got, want);
	assert_string_equal(got, want);
	assert_string_equal(rt, want_rt);
	free(got);
}

static void get_state(void **state)
{
	(void)state;
	run_expect("get-state", "", "{\"command\":\"get-state\",\"status\":\"ok\",\"result\":"
		   "{\"eth0\":{\"sync\":\"locked\"}}}", "");
	assert_int_equal(cb.calls, 1);
	assert_string_equal(cb.ifname, "");
	run_expect("get-state", "{\"id\":\"a1\",\"reply_to\":\"plant/replies\",\"interface\":\"eth1\"}",
		   "{\"id\":\"a1\",\"command\":\"get-state\",\"status\":\"ok\",\"result\":"
		   "{\"eth0\":{\"sync\":\"locked\"}}}", "plant/replies");
	assert_int_equal(cb.calls, 2);
	assert_string_equal(cb.ifname, "eth1");
}

static void get_stats_numeric_id(void **state)
{
	(void)state;
	cb.json = "[1, 2]";
	run_expect("get-stats", " { \"id\" : -17.5e3 } ",
		   "{\"id\":-17.5e3,\"command\":\"get-stats\",\"status\":\"ok\",\"result\":[1, 2]}",
		   "");
	assert_int_equal(cb.calls, 1);
}

static void callback_errors(void **state)
{
	(void)state;
	cb.ret = -EBUSY;
	cb.reason = "eth0: the qdisc is not etsn";
	run_expect("get-stats", "{\"id\":7}", "{\"id\":7,\"command\":\"get-stats\",\"status\":"
		   "\"error\",\"reason\":\"eth0: the qdisc is not etsn\"}", "");
	cb.reason = NULL;
	run_expect("reload", "{}", "{\"command\":\"reload\",\"status\":\"error\",\"reason\":"
		   "\"reload failed (Device or resource busy)\"}", "");
	cb.ret = 0;
	cb.json = "{\"broken\":";
	run_expect("get-state", "{}", "{\"command\":\"get-state\",\"status\":\"error\",\"reason\":"
		   "\"internal: the agent's get-state answer is not JSON\"}", "");
}

static void reload_ok(void **state)
{
	(void)state;
	run_expect("reload", "{\"id\":\"r\"}",
		   "{\"id\":\"r\",\"command\":\"reload\",\"status\":\"ok\"}", "");
	assert_int_equal(cb.calls, 1);
}

static void set_schedule_next_cycle(void **state)
{
	(void)state;
	run_expect("set-schedule",
		   "{\"id\":\"s1\",\"interface\":\"eth0\",\"schedule\":{\"admin-cycle-time\":\"1ms\","
		   "\"admin-control-list\":[{\"operation-name\":\"set-and-hold-mac\","
		   "\"gate-states-value\":\"0x03\",\"time-interval-value\":\"250us\"},"
		   "{\"gate-states-value\":252,\"time-interval-value\":750000}]}}",
		   "{\"id\":\"s1\",\"command\":\"set-schedule\",\"status\":\"ok\"}", "");
	assert_int_equal(cb.calls, 1);
	assert_string_equal(cb.ifname, "eth0");
	assert_false(cb.has_at);
	assert_false(cb.persist);
	assert_int_equal(cb.sched.num_entries, 2);
	assert_int_equal(cb.sched.cycle_time, 1000000);
	assert_int_equal(cb.sched.entries[0].op, EDGETSN_GATE_OP_SET_AND_HOLD);
	assert_int_equal(cb.sched.entries[0].gates, 3);
	assert_int_equal(cb.sched.entries[0].interval, 250000);
	assert_int_equal(cb.sched.entries[1].gates, 252);
	assert_int_equal(cb.sched.entries[1].interval, 750000);
}

/* Kept for later (a fail-safe in force): ok, with the callback's why. */
static void set_schedule_deferred(void **state)
{
	(void)state;
	cb.reason = "eth0: fail-safe in force: \"later\"";
	run_expect("set-schedule",
		   "{\"id\":\"s2\",\"interface\":\"eth0\",\"schedule\":{\"admin-cycle-time\":\"1ms\","
		   "\"admin-control-list\":[{\"gate-states-value\":3,\"time-interval-value\":\"1ms\"}]}}",
		   "{\"id\":\"s2\",\"command\":\"set-schedule\",\"status\":\"ok\",\"result\":"
		   "{\"installed\":false,\"why\":\"eth0: fail-safe in force: \\\"later\\\"\"}}", "");
	assert_int_equal(cb.calls, 1);
}

static void set_schedule_at(void **state)
{
	(void)state;
	run_expect("set-schedule",
		   "{\"interface\":\"eth0\",\"at\":\"1700000000.5\",\"schedule\":{\"clock\":\"tai\","
		   "\"admin-base-time\":{\"seconds\":100,\"nanoseconds\":5},"
		   "\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":\"1ms\"}]}}",
		   "{\"command\":\"set-schedule\",\"status\":\"ok\"}", "");
	assert_true(cb.has_at);
	assert_int_equal(cb.at_ns, 1700000000500000000LL);
	assert_int_equal(cb.sched.base_time, 100000000005LL);
	cb.ret = -ERANGE;
	cb.reason = "eth0: the kernel refused the schedule: change time in the past";
	run_expect("set-schedule",
		   "{\"interface\":\"eth0\",\"at\":\"next-cycle\",\"schedule\":{"
		   "\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":\"1ms\"}]}}",
		   "{\"command\":\"set-schedule\",\"status\":\"error\",\"reason\":"
		   "\"eth0: the kernel refused the schedule: change time in the past\"}", "");
	assert_false(cb.has_at);
}

/* Each malformed form: an error reply naming the reason; no callback. */
static const struct bad {
	const char *verb, *payload, *reason;
} bad[] = {
	{ "nope", "{}", "unknown command 'nope' (known: get-state, get-stats, set-schedule, reload)" },
	{ "get-state/x", "{}", "unknown command 'get-state/x' (known: get-state, get-stats, set-schedule, reload)" },
	{ "get-state", "{", "payload:1:2: JSON: expected a key in double quotes" },
	{ "get-state", "{\"id\":1,}", "payload:1:9: JSON: a comma before a closing bracket" },
	{ "get-state", "[1,]", "payload:1:4: JSON: a comma before a closing bracket" },
	{ "get-state", "{'id':1}", "payload:1:2: JSON: expected a key in double quotes" },
	{ "get-state", "{\"id\":01}", "payload:1:7: JSON: expected a value (string, number, object, array, true, false or null)" },
	{ "get-state", "{\"id\":1.}", "payload:1:7: JSON: expected a value (string, number, object, array, true, false or null)" },
	{ "get-state", "{\"id\":tru}", "payload:1:7: JSON: expected a value (string, number, object, array, true, false or null)" },
	{ "get-state", "{\"id\":1} {}", "payload:1:10: JSON: more after the value" },
	{ "get-state", "{\"id\":1 /* c */}", "payload:1:9: JSON: expected ',' or '}'" },
	{ "get-state", "{\"id\" 1}", "payload:1:7: JSON: expected ':' after a key" },
	{ "get-state", "{\"id\":\"a\tb\"}", "payload:1:9: JSON: a control character in a string (escape it)" },
	{ "get-state", "{\"id\":\"a\\qb\"}", "payload:1:9: JSON: an unknown escape in a string" },
	{ "get-state", "{\"id\":\"\\u12\"}", "payload:1:8: JSON: \\u needs four hex digits" },
	{ "get-state", "{\"id\":\"\\ud800x\"}", "payload:1:14: JSON: a high surrogate without a low one" },
	{ "get-state", "{\"id\":\"\\udc00\"}", "payload:1:8: JSON: a low surrogate without a high one" },
	{ "get-state", "{\"id\":\"\xc0\xaf\"}", "payload:1:8: JSON: invalid UTF-8 in a string" },
	{ "get-state", "{\"id\":\"\xed\xa0\x80\"}", "payload:1:8: JSON: invalid UTF-8 in a string" },
	{ "get-state", "{\"id\":\"abc", "payload:1:11: JSON: a string without its closing quote" },
	{ "get-state", "{\"id\\u0000x\":1}", "payload:1:2: JSON: a key holds a NUL character" },
	{ "get-state", "   ", "payload:1:4: JSON: expected a value, found the end" },
	{ "get-state", "[]", "payload:1:1: payload: expected a JSON object, found an array" },
	{ "get-state", "\"x\"", "payload:1:1: payload: expected a JSON object, found a scalar" },
	{ "get-state", "{\"id\":1,\"id\":2}", "payload:1:9: payload: duplicate key 'id'" },
	{ "get-state", "{\"ifname\":\"eth0\"}", "payload:1:2: payload: unknown key 'ifname' (known: id, reply_to, interface, schedule, at)" },
	{ "get-state", "{\"id\":true}", "payload:1:7: id: wrong type: expected a string or a number" },
	{ "get-state", "{\"id\":{}}", "payload:1:7: id: wrong type: expected a string or a number" },
	{ "get-state", "{\"id\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}", "payload:1:7: id: 70 bytes or a NUL character; at most 64 bytes" },
	{ "get-state", "{\"reply_to\":5}", "payload:1:13: reply_to: wrong type: expected a string" },
	{ "get-state", "{\"reply_to\":\"a/#\"}", "payload:1:13: reply_to: a topic to publish on has no '+' or '#' and does not start with '$'" },
	{ "get-state", "{\"reply_to\":\"\"}", "payload:1:13: reply_to: length 0 is out of range (1 to 255)" },
	{ "get-state", "{\"interface\":\"eth9\"}", "payload:1:14: interface: 'eth9' is not in the configuration" },
	{ "get-state", "{\"interface\":0}", "payload:1:14: interface: wrong type: expected a string" },
	{ "get-state", "{\"at\":\"next-cycle\"}", "payload:1:7: get-state does not take 'at'" },
	{ "reload", "{\"interface\":\"eth0\"}", "payload:1:14: reload does not take 'interface'" },
	{ "set-schedule", "{\"interface\":\"eth0\"}", "payload:1:1: set-schedule needs 'interface' and 'schedule'" },
	{ "set-schedule", "{\"interface\":\"eth0\",\"schedule\":[]}", "payload:1:32: schedule: wrong type: expected a mapping, found a list" },
	{ "set-schedule", "{\"interface\":\"eth0\",\"schedule\":{}}", "payload:1:32: schedule: needs admin-control-list (at least one entry)" },
	{ "set-schedule", "{\"interface\":\"eth0\",\"schedule\":{\"admin-control-list\":[{\"gate-states-value\":256,\"time-interval-value\":1}]}}", "payload:1:76: schedule.admin-control-list[0].gate-states-value: " },
	{ "set-schedule", "{\"interface\":\"eth0\",\"schedule\":{\"admin-cycle-time\":\"1us\",\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":\"2us\"}]}}", "payload:1:52: schedule: the kernel would refuse it: cycle time is shorter than the sum of the entry intervals" },
	{ "set-schedule", "{\"interface\":\"eth0\",\"at\":\"+1s\",\"schedule\":{\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":1}]}}", "payload:1:26: at: '+1s' is relative; give an absolute time on the schedule's clock or \"next-cycle\"" },
	{ "set-schedule", "{\"interface\":\"eth0\",\"at\":\"soon\",\"schedule\":{\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":1}]}}", "payload:1:26: at: " },
	{ "set-schedule", "{\"interface\":\"eth0\",\"schedule\":{\"queue-max-sdu-table\":[],\"admin-control-list\":[{\"gate-states-value\":1,\"time-interval-value\":1}]}}", "payload:1:55: schedule.queue-max-sdu-table: only the primary schedule has one (max-SDU is a class setting)" },
};

static void malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char rt[ETSN_CMD_TOPIC_MAX];
		char *got = etsn_cmd_run(bad[i].verb, bad[i].payload, strlen(bad[i].payload), cfg,
					 &ops, rt, sizeof(rt));
		const char *prefix = "\"status\":\"error\",\"reason\":\"";

		assert_non_null(got);
		if (!strstr(got, prefix))
			print_message("  [%zu] %s\n  got:  %s\n  want: %s\n", i, bad[i].payload, got,
				      bad[i].reason);
		assert_non_null(strstr(got, prefix));
		free(got);
	}
	assert_int_equal(cb.calls, 0);
}

/* The reasons as the reply carries them (JSON-escaped). */
static void malformed_reasons(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct etsn_cmd c;
		char reason[1024];
		int ret = etsn_cmd_parse(bad[i].verb, bad[i].payload, strlen(bad[i].payload), cfg, &c,
					 reason, sizeof(reason));

		if (ret != -EINVAL || strncmp(reason, bad[i].reason, strlen(bad[i].reason)))
			print_message("  [%zu] %s\n  got:  %s\n  want: %s\n", i, bad[i].payload,
				      reason, bad[i].reason);
		assert_int_equal(ret, -EINVAL);
		assert_memory_equal(reason, bad[i].reason, strlen(bad[i].reason));
		etsn_cmd_free(&c);
	}
}

/* Several errors in one payload: all of them, in payload order. */
static void several_errors(void **state)
{
	(void)state;
	run_expect("get-state", "{\"id\":\"q\",\"reply_to\":\"r/1\",\"x\":1,\"interface\":\"eth7\"}",
		   "{\"id\":\"q\",\"command\":\"get-state\",\"status\":\"error\",\"reason\":"
		   "\"payload:1:28: payload: unknown key 'x' (known: id, reply_to, interface, schedule, at); "
		   "payload:1:46: interface: 'eth7' is not in the configuration\"}", "r/1");
	assert_int_equal(cb.calls, 0);
}

/* A verb that is not UTF-8 (found by the fuzzer) is echoed as ASCII. */
static void verb_not_utf8(void **state)
{
	(void)state;
	run_expect("gsti\xf1-\x01", "", "{\"command\":\"gsti?-?\",\"status\":\"error\",\"reason\":"
		   "\"unknown command 'gsti?-?' (known: get-state, get-stats, set-schedule, reload)\"}",
		   "");
}

/* A long reason is cut, never inside a UTF-8 sequence (found by the fuzzer). */
static void long_reason_stays_utf8(void **state)
{
	char payload[3000] = "{", rt[ETSN_CMD_TOPIC_MAX], *got;
	struct etsn_ynode *n;
	struct etsn_diag d;

	(void)state;
	/* Unknown keys of 3-byte characters, until the reasons overflow. */
	for (int i = 0; i < 40; i++)
		snprintf(payload + strlen(payload), sizeof(payload) - strlen(payload),
			 "%s\"k%02d\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\":1", i ? "," : "", i);
	strcat(payload, "}");
	got = etsn_cmd_run("get-state", payload, strlen(payload), cfg, &ops, rt, sizeof(rt));
	etsn_diag_init(&d, "reply");
	n = etsn_jtree_parse(got, strlen(got), &d);
	if (!n)
		print_message("  %s\n  %s\n", got, d.msgs[0].text);
	assert_non_null(n);
	assert_non_null(strstr(got, "...\"}"));
	etsn_ytree_free(n);
	etsn_diag_free(&d);
	free(got);
}

static void oversized(void **state)
{
	size_t len = ETSN_CMD_MAX_PAYLOAD + 1;
	char *big = malloc(len + 1);
	char rt[ETSN_CMD_TOPIC_MAX];
	char *got;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	big[0] = '{';
	big[len - 1] = '}';
	big[len] = '\0';
	got = etsn_cmd_run("get-state", big, len, cfg, &ops, rt, sizeof(rt));
	assert_string_equal(got, "{\"command\":\"get-state\",\"status\":\"error\",\"reason\":"
			    "\"payload: 131073 bytes, at most 131072\"}");
	free(got);
	/* At the limit it is read. */
	big[len - 2] = '}';
	got = etsn_cmd_run("get-state", big, len - 1, cfg, &ops, rt, sizeof(rt));
	assert_non_null(strstr(got, "\"status\":\"ok\""));
	free(got);
	free(big);
}

static void disabled(void **state)
{
	(void)state;
	cfg->mqtt.commands_enabled = false;
	run_expect("reload", "{\"id\":\"d\",\"reply_to\":\"x/y\"}",
		   "{\"id\":\"d\",\"command\":\"reload\",\"status\":\"error\",\"reason\":"
		   "\"commands are disabled (mqtt.commands-enabled is false)\"}", "x/y");
	cfg->mqtt.commands_enabled = true;
	assert_int_equal(cb.calls, 0);
}

static void persist_flag(void **state)
{
	(void)state;
	cfg->mqtt.commands_persist = true;
	run_expect("set-schedule", "{\"interface\":\"eth1\",\"schedule\":{\"admin-control-list\":"
		   "[{\"gate-states-value\":1,\"time-interval-value\":1}]}}",
		   "{\"command\":\"set-schedule\",\"status\":\"ok\"}", "");
	assert_true(cb.persist);
	assert_string_equal(cb.ifname, "eth1");
}

/* The reader itself: what strict JSON allows comes through as written. */
static void json_values(void **state)
{
	static const char doc[] = "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0000\","
				  "\"n\":[0,-0,12.5E+3,true,false,null],\"e\":{}}";
	struct etsn_ynode *n, *s, *a;
	struct etsn_diag d;

	(void)state;
	etsn_diag_init(&d, "j");
	n = etsn_jtree_parse(doc, strlen(doc), &d);
	assert_non_null(n);
	assert_int_equal(n->nkids, 6);
	s = n->kids[1];
	assert_true(s->quoted);
	assert_int_equal(s->len, 15);
	assert_memory_equal(s->text, "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80\0", 16);
	a = n->kids[3];
	assert_int_equal(a->kind, ETSN_Y_SEQ);
	assert_int_equal(a->nkids, 6);
	assert_string_equal(a->kids[2]->text, "12.5E+3");
	assert_false(a->kids[2]->quoted);
	assert_string_equal(a->kids[5]->text, "null");
	assert_int_equal(n->kids[5]->kind, ETSN_Y_MAP);
	assert_int_equal(n->kids[5]->nkids, 0);
	etsn_ytree_free(n);
	assert_int_equal(etsn_diag_errors(&d), 0);
	etsn_diag_free(&d);
}

static void json_depth(void **state)
{
	char doc[80];
	struct etsn_ynode *n;
	struct etsn_diag d;

	(void)state;
	memset(doc, '[', 32);
	memset(doc + 32, ']', 32);
	doc[64] = '\0';
	etsn_diag_init(&d, "j");
	n = etsn_jtree_parse(doc, 64, &d);
	assert_non_null(n);
	etsn_ytree_free(n);
	memset(doc, '[', 33);
	memset(doc + 33, ']', 33);
	n = etsn_jtree_parse(doc, 66, &d);
	assert_null(n);
	assert_string_equal(d.msgs[0].text, "j:1:33: JSON: nested too deep");
	etsn_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(get_state, setup, teardown),
		cmocka_unit_test_setup_teardown(get_stats_numeric_id, setup, teardown),
		cmocka_unit_test_setup_teardown(callback_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(reload_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(set_schedule_next_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(set_schedule_at, setup, teardown),
		cmocka_unit_test_setup_teardown(set_schedule_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(several_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(verb_not_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(long_reason_stays_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(oversized, setup, teardown),
		cmocka_unit_test_setup_teardown(disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(persist_flag, setup, teardown),
		cmocka_unit_test(json_values),
		cmocka_unit_test(json_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
