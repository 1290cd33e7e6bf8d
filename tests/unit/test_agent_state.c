// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/agent_state.c (the state from a config, the apply
 * record, text and JSON from one print path) and user/lib/metrics_prom.c
 * (the exposition and its atomic write).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/agent_state.h"
#include "lib/metrics_prom.h"

static const char yaml[] =
	"ptp: {enabled: false}\n"
	"on-stop: revert\n"
	"interfaces:\n"
	"  eth0:\n"
	"    qdisc: etsn\n"
	"    schedule:\n"
	"      admin-control-list:\n"
	"        - {gate-states-value: 0x80, time-interval-value: 250us}\n"
	"        - {gate-states-value: 0x7f, time-interval-value: 750us}\n"
	"    fail-safe: {on-sync-loss: all-open}\n"
	"  eth1:\n"
	"    qdisc: etsn\n"
	"  eth2:\n"
	"    firewall:\n"
	"      rules: [192.0.2.0/24, port tcp 23]\n"
	"    psfp:\n"
	"      streams:\n"
	"        - {id: 7, dst: 02:00:5e:00:53:07}\n"
	"    dscp:\n"
	"      map: {46: 7, 0x22: 1:2, 0: 4}\n"
	"    frer:\n"
	"      talkers:\n"
	"        - id 1 dst 02:00:5e:00:53:01 dev2 eth0\n"
	"  eth3:\n"
	"    classify:\n"
	"      rules:\n"
	"        - {id: 4, ip: [192.0.2.1, 192.0.2.2], proto: udp, sport: 1, dport: 2, prio: 5}\n";

/* A state from yaml, started at 1000 s. */
static void state_from_yaml(struct etsn_agent_state *s)
{
	struct etsn_agent_check_opts opts = { .host = false };
	struct etsn_agent_config *c;
	struct etsn_diag d;

	etsn_diag_init(&d, "test.yaml");
	c = etsn_agent_config_parse(yaml, strlen(yaml), &opts, &d);
	assert_non_null(c);
	memset(s, 0, sizeof(*s));
	s->started = 1000;
	etsn_agent_state_set_config(s, "/etc/edgetsn/edgetsnd.yaml", c);
	etsn_agent_config_free(c);
	etsn_diag_free(&d);
}

/* What fn printed, as one string (free it). */
static char *capture_text(const struct etsn_agent_state *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	etsn_agent_state_show(NULL, f, s, 1042);
	fclose(f);
	return buf;
}

static char *capture_json(const struct etsn_agent_state *s)
{
	struct etsn_json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	etsn_json_init(&j, f);
	etsn_agent_state_show(&j, f, s, 1042);
	assert_true(etsn_json_finish(&j));
	fclose(f);
	return buf;
}

static void from_config(void **unused)
{
	struct etsn_agent_state s;

	(void)unused;
	state_from_yaml(&s);
	assert_int_equal(s.nifaces, 4);
	assert_string_equal(s.ifaces[0].name, "eth0");
	assert_true(s.ifaces[0].schedule);
	assert_int_equal(s.ifaces[0].entries, 2);
	/* No admin-cycle-time: the sum of the intervals. */
	assert_int_equal(s.ifaces[0].cycle_time_ns, 1000000);
	assert_int_equal(s.ifaces[0].failsafe, ETSN_FAILSAFE_ALL_OPEN);
	assert_false(s.ifaces[1].schedule);
	assert_int_equal(s.on_stop, ETSN_ON_STOP_REVERT);
	assert_int_equal(s.result, ETSN_APPLY_NONE);
}

static void apply_record(void **unused)
{
	struct etsn_agent_state s;

	(void)unused;
	state_from_yaml(&s);
	etsn_agent_state_applied(&s, "start", -ENOENT, true, 0, "no module");
	s.retry_in_s = 5;
	assert_int_equal(s.result, ETSN_APPLY_FAILED);
	etsn_agent_state_applied(&s, "retry", 0, true, 3, "");
	assert_int_equal(s.result, ETSN_APPLY_OK);
	assert_int_equal(s.retry_in_s, 0);
	assert_string_equal(s.error, "");
	etsn_agent_state_applied(&s, "reload", -EBUSY, false, 0, "t0: \"clock\" busy");
	assert_int_equal(s.result, ETSN_APPLY_REFUSED);
	assert_int_equal(s.applies, 3);
	assert_int_equal(s.failures, 2);
	assert_int_equal(s.changes, 3);	/* only successful applies count */
	assert_string_equal(s.reason, "reload");
}

static void text_and_json_carry_the_same(void **unused)
{
	struct etsn_agent_state s;
	char *text, *json;

	(void)unused;
	state_from_yaml(&s);
	etsn_agent_state_applied(&s, "reload", -EBUSY, false, 0, "t0: \"clock\" busy");
	s.applied_at = 1040;
	text = capture_text(&s);
	json = capture_json(&s);
	assert_non_null(strstr(text, " config /etc/edgetsn/edgetsnd.yaml uptime-s 42 on-stop revert\n"));
	assert_non_null(strstr(text, "apply: result refused reason reload at 1040 applies 1 failures 1 changes 0\n"
				     "  error: t0: \"clock\" busy\n"));
	assert_non_null(strstr(text, "sync: state unsupervised transitions 0\n"));
	assert_non_null(strstr(text, "eth0: qdisc yes schedule yes entries 2 cycle-time 1ms failsafe all-open failsafe-active no\n"));
	assert_non_null(strstr(text, "eth1: qdisc yes schedule no failsafe keep failsafe-active no\n"));
	assert_non_null(strstr(json, "\"config\":\"/etc/edgetsn/edgetsnd.yaml\",\"uptime-s\":42,\"on-stop\":\"revert\""));
	assert_non_null(strstr(json, "\"apply\":{\"result\":\"refused\",\"reason\":\"reload\",\"at\":1040,"
				     "\"applies\":1,\"failures\":1,\"changes\":0,"
				     "\"error\":\"t0: \\\"clock\\\" busy\"}"));
	assert_non_null(strstr(json, "\"sync\":{\"state\":\"unsupervised\",\"transitions\":0}"));
	assert_non_null(strstr(json, "{\"name\":\"eth0\",\"qdisc\":true,\"schedule\":true,\"entries\":2,"
				     "\"cycle-time\":1000000,\"failsafe\":\"all-open\",\"failsafe-active\":false}"));
	/* The policy plane: counts only for the parts an interface has. */
	assert_non_null(strstr(text, "eth2: qdisc yes schedule no failsafe keep failsafe-active no"
				     " firewall-rules 2 psfp-streams 1 dscp-codes 3 frer-talkers 1"
				     " frer-listeners 0\n"));
	assert_non_null(strstr(text, "eth3: qdisc yes schedule no failsafe keep failsafe-active no"
				     " classify-rules 1\n"));
	assert_non_null(strstr(json, "\"failsafe-active\":false,\"firewall-rules\":2,"
				     "\"psfp-streams\":1,\"dscp-codes\":3,\"frer-talkers\":1,"
				     "\"frer-listeners\":0}"));
	assert_non_null(strstr(json, "\"failsafe-active\":false,\"classify-rules\":1}"));
	free(text);
	free(json);
}

static void sync_filled_in(void **unused)
{
	struct etsn_agent_state s;
	char *text, *json;

	(void)unused;
	state_from_yaml(&s);
	s.sync.supervised = true;
	s.sync.state = PTP_SYNC_LOCKED;
	s.sync.has_offset = true;
	s.sync.offset_ns = -42;
	s.sync.transitions = 2;
	text = capture_text(&s);
	json = capture_json(&s);
	assert_non_null(strstr(text, "sync: state locked offset-ns -42 transitions 2\n"));
	assert_non_null(strstr(json, "\"sync\":{\"state\":\"locked\",\"offset-ns\":-42,\"transitions\":2}"));
	free(text);
	free(json);
}

static char *capture_prom(const struct etsn_agent_state *s, const struct etsn_stats *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	etsn_prom_print(f, s, st, NULL);
	fclose(f);
	return buf;
}

static void prom_exposition(void **unused)
{
	struct etsn_agent_state s;
	struct etsn_stats *st = calloc(ETSN_AGENT_MAX_IFACES, sizeof(*st));
	char *out;

	(void)unused;
	assert_non_null(st);
	state_from_yaml(&s);
	snprintf(s.ifaces[1].name, sizeof(s.ifaces[1].name), "a\"b");
	etsn_agent_state_applied(&s, "start", 0, true, 3, "");
	s.sync.supervised = true;
	s.sync.state = PTP_SYNC_DEGRADED;
	s.sync.has_offset = true;
	s.sync.offset_ns = 1500;
	s.ifaces[0].failsafe_active = true;
	snprintf(st[0].ifname, sizeof(st[0].ifname), "eth0");
	st[0].cls[0].present = true;
	st[0].cls[0].sent_packets = 5;
	st[0].cls[0].backlog_packets = 7;
	st[0].has_sched = true;
	st[0].sched.config_changes = 2;
	/* st[1] has no ifname: its qdisc did not answer. */
	out = capture_prom(&s, st);
	assert_non_null(strstr(out, "# TYPE edgetsnd_applies_total counter\nedgetsnd_applies_total 1\n"));
	assert_non_null(strstr(out, "edgetsnd_apply_changes_total 3\n"));
	assert_non_null(strstr(out, "edgetsnd_config_in_force 1\n"));
	assert_non_null(strstr(out, "edgetsnd_start_time_seconds 1000\n"));
	assert_non_null(strstr(out, "edgetsnd_sync_state{state=\"unsupervised\"} 0\n"));
	assert_non_null(strstr(out, "edgetsnd_sync_state{state=\"degraded\"} 1\n"));
	assert_non_null(strstr(out, "edgetsnd_sync_state{state=\"locked\"} 0\n"));
	assert_non_null(strstr(out, "edgetsnd_sync_offset_seconds 0.000001500\n"));
	assert_non_null(strstr(out, "edgetsnd_failsafe_active{interface=\"eth0\"} 1\n"));
	assert_non_null(strstr(out, "edgetsnd_failsafe_active{interface=\"a\\\"b\"} 0\n"));
	assert_non_null(strstr(out, "edgetsn_class_sent_packets_total{interface=\"eth0\",tc=\"0\"} 5\n"));
	assert_non_null(strstr(out, "edgetsn_class_backlog_packets{interface=\"eth0\",tc=\"0\"} 7\n"));
	assert_non_null(strstr(out, "edgetsn_schedule_config_changes_total{interface=\"eth0\"} 2\n"));
	assert_null(strstr(out, "tc=\"1\""));		/* a class not reported */
	assert_null(strstr(out, "edgetsn_class_sent_packets_total{interface=\"a"));
	free(out);
	free(st);
}

static void prom_write_is_atomic(void **unused)
{
	char dir[] = "/tmp/etsn-prom-XXXXXX", path[64], tmp[72], err[256], *want, got[16384];
	struct etsn_agent_state s;
	struct stat sb;
	size_t n;
	FILE *f;

	(void)unused;
	state_from_yaml(&s);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/edgetsn.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(etsn_prom_write(path, &s, NULL, NULL, err, sizeof(err)), 0);
	want = capture_prom(&s, NULL);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	fclose(f);
	got[n] = '\0';
	assert_string_equal(got, want);
	assert_int_equal(stat(tmp, &sb), -1);	/* renamed, nothing left */
	free(want);
	unlink(path);
	rmdir(dir);
	/* A directory that is not there: the reason, and no file. */
	assert_int_equal(etsn_prom_write(path, &s, NULL, NULL, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "edgetsn.prom.tmp: No such file or directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_config),
		cmocka_unit_test(apply_record),
		cmocka_unit_test(text_and_json_carry_the_same),
		cmocka_unit_test(sync_filled_in),
		cmocka_unit_test(prom_exposition),
		cmocka_unit_test(prom_write_is_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
