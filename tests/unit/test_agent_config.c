// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: edgetsnd's config (user/lib/agent_config.c and its sections) —
 * every key read into the model, the shipped example valid, and each kind
 * of error reported as FILE:LINE:COL: reason, several in one file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "lib/agent_config.h"

#ifndef EXAMPLE_CONFIG
#error "EXAMPLE_CONFIG: path of docs/edgetsnd.example.yaml, from the Makefile"
#endif

static struct etsn_diag diag;

static struct etsn_agent_config *parse(const char *yaml, bool host)
{
	struct etsn_agent_check_opts opts = { .host = host };

	etsn_diag_free(&diag);
	etsn_diag_init(&diag, "t.yaml");
	return etsn_agent_config_parse(yaml, strlen(yaml), &opts, &diag);
}

/* The file is refused with exactly these messages, in file order. */
static void expect_errors(const char *yaml, bool host, const char *const *msgs, size_t n)
{
	struct etsn_agent_config *c = parse(yaml, host);
	bool same = etsn_diag_errors(&diag) == n;

	etsn_diag_sort(&diag);
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(msgs[i], diag.msgs[i].text) == 0;
	for (size_t i = 0; !same && i < diag.count; i++)
		print_message("  got: %s\n", diag.msgs[i].text);
	assert_null(c);
	assert_int_equal(n, etsn_diag_errors(&diag));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(msgs[i], diag.msgs[i].text);
}

#define EXPECT(yaml, ...)								\
	do {										\
		static const char *const m_[] = { __VA_ARGS__ };			\
		expect_errors(yaml, false, m_, sizeof(m_) / sizeof(m_[0]));		\
	} while (0)

static int teardown(void **state)
{
	(void)state;
	etsn_diag_free(&diag);
	return 0;
}

static void empty_file_is_the_defaults(void **state)
{
	struct etsn_agent_config *c = parse("", true);

	(void)state;
	assert_non_null(c);
	assert_int_equal(0, c->nifaces);
	assert_true(c->ptp.enabled);
	assert_string_equal("/var/run/ptp4l", c->ptp.uds_path);
	assert_int_equal(100, c->ptp.locked_threshold_ns);
	assert_int_equal(1000000000, c->ptp.poll_interval_ns);
	assert_int_equal(1, c->ptp.port);
	assert_false(c->ptp.clock_check);
	assert_string_equal("", c->ptp.phc_interface);
	assert_int_equal(50000, c->ptp.clock_tolerance_ns);
	assert_false(c->mqtt.enabled);
	assert_int_equal(1883, c->mqtt.port);
	assert_int_equal(ETSN_LOG_INFO, c->logging.level);
	assert_int_equal(ETSN_ON_STOP_KEEP, c->on_stop);
	etsn_agent_config_free(c);
}

static const char all_agent_keys[] =
	"ptp:\n"
	"  enabled: false\n"
	"  uds-path: /var/run/ptp/ptp4l\n"
	"  domain: 24\n"
	"  transport-specific: 1\n"
	"  port: 2\n"
	"  locked-threshold: 50ns\n"
	"  degraded-threshold: 2us\n"
	"  hysteresis: 5\n"
	"  poll-interval: 250ms\n"
	"  watchdog-intervals: 4\n"
	"  subscribe-duration: 60\n"
	"  clock-check: true\n"
	"  phc-interface: eth3\n"
	"  clock-tolerance: 20us\n"
	"mqtt:\n"
	"  enabled: true\n"
	"  host: 192.0.2.1\n"
	"  port: 8883\n"
	"  root-topic: plant/cell7\n"
	"  node-id: plc1\n"
	"  client-id: agent-plc1\n"
	"  username: u\n"
	"  password: p\n"
	"  ca-file: /ca.pem\n"
	"  cert-file: /c.pem\n"
	"  key-file: /c.key\n"
	"  keepalive: 10\n"
	"  telemetry-qos: 1\n"
	"  telemetry-interval: 500ms\n"
	"  queue-max: 50\n"
	"  commands-enabled: true\n"
	"  commands-persist: true\n"
	"metrics:\n"
	"  enabled: true\n"
	"  textfile: /run/edgetsn.prom\n"
	"  interval: 30s\n"
	"logging:\n"
	"  level: debug\n"
	"on-stop: revert\n";

static void a_lone_document_marker_is_empty(void **state)
{
	struct etsn_agent_config *c = parse("---\n# nothing yet\n", true);

	(void)state;
	assert_non_null(c);
	assert_int_equal(0, c->nifaces);
	etsn_agent_config_free(c);
}

static void uds_path_fits_a_unix_socket(void **state)
{
	char yaml[512];

	(void)state;
	snprintf(yaml, sizeof(yaml), "ptp:\n  uds-path: /%0107d\n", 0);
	EXPECT("ptp:\n  uds-path: ptp4l\n",
	       "t.yaml:2:13: ptp.uds-path: 'ptp4l' is not an absolute path");
	EXPECT(yaml, "t.yaml:2:13: ptp.uds-path: length 108 is out of range (1 to 107, a UNIX "
	       "socket path)");
}

static void every_agent_key_reaches_the_model(void **state)
{
	struct etsn_agent_config *c = parse(all_agent_keys, true);

	(void)state;
	assert_non_null(c);
	assert_false(c->ptp.enabled);
	assert_string_equal("/var/run/ptp/ptp4l", c->ptp.uds_path);
	assert_int_equal(24, c->ptp.domain);
	assert_int_equal(1, c->ptp.transport_specific);
	assert_int_equal(2, c->ptp.port);
	assert_int_equal(50, c->ptp.locked_threshold_ns);
	assert_int_equal(2000, c->ptp.degraded_threshold_ns);
	assert_int_equal(5, c->ptp.hysteresis);
	assert_int_equal(250000000, c->ptp.poll_interval_ns);
	assert_int_equal(4, c->ptp.watchdog_intervals);
	assert_int_equal(60, c->ptp.subscribe_duration_s);
	assert_true(c->ptp.clock_check);
	assert_string_equal("eth3", c->ptp.phc_interface);
	assert_int_equal(20000, c->ptp.clock_tolerance_ns);
	assert_true(c->mqtt.enabled);
	assert_string_equal("192.0.2.1", c->mqtt.host);
	assert_int_equal(8883, c->mqtt.port);
	assert_string_equal("plant/cell7", c->mqtt.root_topic);
	assert_string_equal("plc1", c->mqtt.node_id);
	assert_string_equal("agent-plc1", c->mqtt.client_id);
	assert_string_equal("u", c->mqtt.username);
	assert_string_equal("p", c->mqtt.password);
	assert_string_equal("/ca.pem", c->mqtt.ca_file);
	assert_string_equal("/c.pem", c->mqtt.cert_file);
	assert_string_equal("/c.key", c->mqtt.key_file);
	assert_int_equal(10, c->mqtt.keepalive_s);
	assert_int_equal(1, c->mqtt.qos);
	assert_int_equal(500000000, c->mqtt.telemetry_interval_ns);
	assert_int_equal(50, c->mqtt.queue_max);
	assert_true(c->mqtt.commands_enabled);
	assert_true(c->mqtt.commands_persist);
	assert_true(c->metrics.enabled);
	assert_string_equal("/run/edgetsn.prom", c->metrics.textfile);
	assert_int_equal(30000000000ULL, c->metrics.interval_ns);
	assert_int_equal(ETSN_LOG_DEBUG, c->logging.level);
	assert_int_equal(ETSN_ON_STOP_REVERT, c->on_stop);
	etsn_agent_config_free(c);
}

/* The shipped example: valid, and each interface key lands in the model. */
static void example_config_is_valid_and_complete(void **state)
{
	struct etsn_agent_check_opts opts = { .host = false };
	struct etsn_agent_config *c;
	struct etsn_agent_iface *i;
	const struct etsn_sched *s;
	char text[ETSN_PSFP_GATE_STRLEN];

	(void)state;
	etsn_diag_free(&diag);
	etsn_diag_init(&diag, EXAMPLE_CONFIG);
	c = etsn_agent_config_load(&opts, &diag);
	for (size_t k = 0; k < diag.count; k++)
		print_message("  got: %s\n", diag.msgs[k].text);
	assert_non_null(c);
	assert_int_equal(2, c->nifaces);
	i = &c->ifaces[0];
	assert_string_equal("eth0", i->name);
	assert_true(i->qdisc);
	/* classes */
	assert_true(i->has_classes);
	assert_true(i->classes.has_map);
	assert_int_equal(7, i->classes.map[15]);
	assert_int_equal(3, i->classes.map[3]);
	assert_true(i->classes.has_speed);
	assert_int_equal(0, i->classes.speed);
	assert_true(i->classes.has_overhead);
	assert_int_equal(24, i->classes.overhead);
	assert_int_equal(64, i->classes.tc[7].limit_pkts);
	assert_true(i->classes.tc[7].has_preemptible);
	assert_false(i->classes.tc[7].preemptible);
	assert_true(i->classes.tc[7].has_max_sdu);	/* queue-max-sdu-table */
	assert_int_equal(300, i->classes.tc[7].max_sdu);
	assert_int_equal(1000, i->classes.tc[0].limit_pkts);
	assert_int_equal(1500000, i->classes.tc[0].limit_bytes);
	assert_true(i->classes.tc[0].preemptible);
	assert_false(i->classes.tc[1].present);
	/* schedule */
	s = i->schedule;
	assert_non_null(s);
	assert_true(s->has_clockid);
	assert_int_equal(CLOCK_TAI, s->clockid);
	assert_true(s->has_base_time);
	assert_int_equal(0, s->base_time);
	assert_int_equal(1000000, s->cycle_time);
	assert_int_equal(10000, s->extension);
	assert_int_equal(2, s->num_entries);
	assert_int_equal(EDGETSN_GATE_OP_SET, s->entries[0].op);
	assert_int_equal(0x80, s->entries[0].gates);
	assert_int_equal(250000, s->entries[0].interval);
	assert_int_equal(0x7f, s->entries[1].gates);
	assert_int_equal(750000, s->entries[1].interval);
	/* fallback and fail-safe */
	assert_int_equal(1, i->nfallbacks);
	assert_string_equal("best-effort", i->fallbacks[0].name);
	assert_int_equal(0xff, i->fallbacks[0].sched->entries[0].gates);
	assert_int_equal(ETSN_FAILSAFE_FALLBACK, i->failsafe);
	assert_int_equal(0, i->failsafe_fallback);
	assert_true(i->refuse_unsynced);
	/* firewall */
	assert_true(i->has_firewall);
	assert_int_equal(3, i->nfw_rules);
	assert_int_equal(ETSN_FW_CIDR4, i->fw_rules[0].kind);
	assert_int_equal(ETSN_FW_CIDR6, i->fw_rules[1].kind);
	assert_int_equal(ETSN_FW_PORT, i->fw_rules[2].kind);
	etsn_fw_format_rule(&i->fw_rules[2], text, sizeof(text));
	assert_string_equal("port tcp 23", text);
	assert_true(i->has_syn_limit);
	assert_int_equal(ETSN_FW_UNPARSED_DROP, i->fw_policy.unparsed);
	assert_int_equal(ETSN_FW_FRAG_DROP, i->fw_policy.frag);
	/* PSFP */
	assert_true(i->has_psfp);
	assert_int_equal(ETSN_PSFP_UNKNOWN_PASS, i->psfp_unknown_policy);
	assert_int_equal(ETSN_PSFP_UNPARSED_DROP, i->psfp_unparsed_policy);
	assert_int_equal(2, i->nstreams);
	assert_int_equal(1, i->streams[0].id);
	etsn_psfp_format_key(&i->streams[0].stream, text, sizeof(text));
	assert_string_equal("dst 02:00:5e:00:53:01 vlan 5", text);
	assert_int_equal(300, i->streams[0].stream.max_sdu);
	assert_true(i->streams[0].has_gate);
	etsn_psfp_format_gate(&i->gates[0], text, sizeof(text));
	assert_string_equal("base 0 cycle 1000000 open 250000 closed 750000", text);
	assert_false(i->streams[1].has_gate);
	etsn_psfp_format_key(&i->streams[1].stream, text, sizeof(text));
	assert_string_equal("ip 192.0.2.10 192.0.2.20 proto udp sport 5000 dport 5001 dscp 46",
			    text);
	/* classifier */
	assert_true(i->has_classify);
	assert_int_equal(1, i->ncls_rules);
	assert_int_equal(7, i->cls_rules[0].stream.priority);
	assert_false(i->has_dscp);
	/* DSCP classifier */
	i = &c->ifaces[1];
	assert_string_equal("eth1", i->name);
	assert_false(i->qdisc);
	assert_true(i->has_dscp);
	assert_int_equal((1ull << 46) | (1ull << 34), i->dscp->set);
	assert_int_equal(7, i->dscp->prio[46]);
	assert_int_equal(0x10002, i->dscp->prio[34]);
	etsn_agent_config_free(c);
}

/* The interface keys and forms the example leaves out. */
static void other_interface_forms(void **state)
{
	struct etsn_agent_config *c = parse(
		"interfaces:\n"
		"  lo:\n"
		"    classes:\n"
		"      link-speed: 1000\n"
		"      traffic-classes:\n"
		"        - {traffic-class: 2, max-sdu: 1500}\n"
		"        - {traffic-class: 3, max-sdu: auto}\n"
		"    schedule:\n"
		"      clock: realtime\n"
		"      admin-base-time: 1700000000.5\n"
		"      admin-control-list: [{gate-states-value: 255, time-interval-value: 1ms}]\n"
		"    fail-safe: {on-sync-loss: all-open}\n"
		"    psfp:\n"
		"      unknown-policy: drop\n"
		"      streams:\n"
		"        - {id: 7, dst: 02:00:5e:00:53:07, cir: 1mbit, cbs: 1500, eir: 2mbit,"
		" ebs: 3000, drop-yellow: true, unknown-policy: pass}\n"
		"  eth0:\n"
		"    qdisc: none\n"
		"    firewall:\n"
		"      rules: [[port, udp, 53]]\n"
		"      syn-limit: off\n"
		"    classify:\n"
		"      rules:\n"
		"        - {id: 4, ip: [192.0.2.1, 192.0.2.2], proto: udp, sport: 1, dport: 2,"
		" dscp: 46, prio: 5}\n", true);
	const struct etsn_agent_iface *lo, *eth0;
	char text[ETSN_PSFP_KEY_STRLEN];

	(void)state;
	for (size_t k = 0; k < diag.count; k++)
		print_message("  got: %s\n", diag.msgs[k].text);
	assert_non_null(c);
	lo = &c->ifaces[0];
	eth0 = &c->ifaces[1];
	assert_int_equal(1000, lo->classes.speed);
	assert_false(lo->classes.has_map);
	assert_true(lo->classes.tc[2].has_max_sdu);
	assert_int_equal(1500, lo->classes.tc[2].max_sdu);
	assert_true(lo->classes.tc[3].has_max_sdu);
	assert_int_equal(0, lo->classes.tc[3].max_sdu);
	assert_int_equal(CLOCK_REALTIME, lo->schedule->clockid);
	assert_int_equal(1700000000500000000LL, lo->schedule->base_time);
	assert_false(lo->schedule->has_cycle_time);
	assert_int_equal(ETSN_FAILSAFE_ALL_OPEN, lo->failsafe);
	assert_false(lo->has_firewall);
	assert_int_equal(ETSN_PSFP_UNKNOWN_DROP, lo->psfp_unknown_policy);
	assert_int_equal(7, lo->streams[0].id);
	assert_int_equal(ETSN_PSFP_UNKNOWN_PASS, lo->streams[0].policy);
	assert_true(lo->streams[0].has_meter);
	assert_int_equal(125000, lo->meters[0].cir);
	assert_int_equal(250000, lo->meters[0].eir);
	assert_int_equal(3000, lo->meters[0].ebs);
	assert_false(eth0->qdisc);
	assert_false(eth0->has_classes);
	assert_null(eth0->schedule);
	assert_int_equal(ETSN_FAILSAFE_KEEP, eth0->failsafe);
	assert_int_equal(1, eth0->nfw_rules);
	etsn_fw_format_rule(&eth0->fw_rules[0], text, sizeof(text));
	assert_string_equal("port udp 53", text);
	assert_true(eth0->has_syn_limit);
	assert_false(etsn_fw_syn_limit(&eth0->syn_limit, &(uint64_t){ 0 }, &(uint64_t){ 0 }));
	etsn_cls_format_key(&eth0->cls_rules[0].stream, text, sizeof(text));
	assert_string_equal("ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 2 dscp 46", text);
	assert_int_equal(5, eth0->cls_rules[0].stream.priority);
	etsn_agent_config_free(c);
}

/* YANG forms: rational cycle time, {seconds, nanoseconds} base time. */
static void yang_rational_and_ptp_time_forms(void **state)
{
	struct etsn_agent_config *c = parse(
		"interfaces:\n"
		"  lo:\n"
		"    schedule:\n"
		"      admin-base-time: {seconds: 100, nanoseconds: 5}\n"
		"      admin-cycle-time: {numerator: 1, denominator: 4000}\n"
		"      admin-control-list:\n"
		"        - {operation-name: set-and-hold-mac, gate-states-value: 1,"
		" time-interval-value: 100000}\n"
		"        - {operation-name: set-and-release-mac, gate-states-value: 254,"
		" time-interval-value: 150us}\n", true);

	(void)state;
	assert_non_null(c);
	assert_int_equal(100000000005LL, c->ifaces[0].schedule->base_time);
	assert_int_equal(250000, c->ifaces[0].schedule->cycle_time);
	assert_int_equal(EDGETSN_GATE_OP_SET_AND_HOLD, c->ifaces[0].schedule->entries[0].op);
	assert_int_equal(EDGETSN_GATE_OP_SET_AND_RELEASE, c->ifaces[0].schedule->entries[1].op);
	assert_int_equal(150000, c->ifaces[0].schedule->entries[1].interval);
	etsn_agent_config_free(c);
}

static void yaml_syntax_error(void **state)
{
	(void)state;
	EXPECT("ptp:\n  domain: [1, 2\n",
	       "t.yaml:3:1: YAML syntax: did not find expected ',' or ']' while parsing a flow sequence");
}

static void unknown_keys(void **state)
{
	(void)state;
	EXPECT("ptp:\n  domian: 1\nfoo: 2\n",
	       "t.yaml:2:3: ptp: unknown key 'domian' (known: enabled, uds-path, domain, "
	       "transport-specific, port, locked-threshold, degraded-threshold, hysteresis, "
	       "poll-interval, watchdog-intervals, subscribe-duration, clock-check, "
	       "phc-interface, clock-tolerance)",
	       "t.yaml:3:1: top level: unknown key 'foo' (known: ptp, mqtt, metrics, logging, "
	       "on-stop, interfaces)");
}

static void wrong_types(void **state)
{
	(void)state;
	EXPECT("ptp:\n  domain: \"1\"\n  enabled: yes\nmqtt: [1]\nlogging:\n  level: {a: 1}\n",
	       "t.yaml:2:11: ptp.domain: wrong type: expected a number, found a quoted string",
	       "t.yaml:3:12: ptp.enabled: wrong type: expected true or false, found 'yes'",
	       "t.yaml:4:7: mqtt: wrong type: expected a mapping, found a list",
	       "t.yaml:6:10: logging.level: wrong type: expected a scalar, found a mapping");
}

static void out_of_range(void **state)
{
	(void)state;
	EXPECT("ptp:\n  domain: 256\n  poll-interval: 1ms\n  transport-specific: 99999999999999999999\n"
	       "mqtt:\n  port: 0\n",
	       "t.yaml:2:11: ptp.domain: 256 is out of range (0 to 255)",
	       "t.yaml:3:18: ptp.poll-interval: 1ms is out of range (10000000ns to 60000000000ns)",
	       "t.yaml:4:23: ptp.transport-specific: 99999999999999999999 is out of range (0 to 15)",
	       "t.yaml:6:9: mqtt.port: 0 is out of range (1 to 65535)");
}

static void duplicate_keys(void **state)
{
	(void)state;
	EXPECT("ptp:\n  domain: 1\n  domain: 2\ninterfaces:\n  lo: {}\n  lo: {}\n",
	       "t.yaml:3:3: ptp: duplicate key 'domain'",
	       "t.yaml:6:3: interfaces: duplicate key 'lo'");
}

static void unknown_interface_only_on_the_host(void **state)
{
	static const char yaml[] = "interfaces:\n  lo: {}\n  nosuch0: {}\n";
	static const char *const m[] = {
		"t.yaml:3:3: interfaces: no interface 'nosuch0' on this host (No such device)",
	};
	struct etsn_agent_config *c;

	(void)state;
	expect_errors(yaml, true, m, 1);
	c = parse(yaml, false);
	assert_non_null(c);
	assert_int_equal(2, c->nifaces);
	etsn_agent_config_free(c);
}

static void bad_interface_name(void **state)
{
	(void)state;
	EXPECT("interfaces:\n  a/b: {}\n  averyveryverylongname: {}\n",
	       "t.yaml:2:3: interfaces: 'a/b' is not an interface name (1 to 15 characters, no '/', ':' or blanks)",
	       "t.yaml:3:3: interfaces: 'averyveryverylongname' is not an interface name (1 to 15 characters, no '/', ':' or blanks)");
}

/* The kernel's schedule checks, at the value to blame. */
static void schedules_the_kernel_would_refuse(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    schedule:\n"
	       "      admin-cycle-time: 100us\n"
	       "      admin-control-list:\n"
	       "        - {gate-states-value: 1, time-interval-value: 60us}\n"
	       "        - {gate-states-value: 2, time-interval-value: 50us}\n"
	       "    fallback-schedules:\n"
	       "      f:\n"
	       "        admin-cycle-time-extension: 1ms\n"
	       "        admin-control-list:\n"
	       "          - {gate-states-value: 1, time-interval-value: 1ms}\n",
	       "t.yaml:4:25: lo.schedule: the kernel would refuse it: cycle time is shorter than "
	       "the sum of the entry intervals",
	       "t.yaml:10:37: lo.fallback-schedules.f: the kernel would refuse it: cycle time "
	       "extension must be shorter than the cycle");
}

static void schedule_values(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    schedule:\n"
	       "      clock: gps\n"
	       "      admin-base-time: +1s\n"
	       "      admin-control-list:\n"
	       "        - {operation-name: set-gates, gate-states-value: 0x100,"
	       " time-interval-value: 0}\n"
	       "        - {index: 5, gate-states-value: 1, time-interval-value: 5s}\n"
	       "        - {gate-states-value: 1}\n",
	       "t.yaml:4:14: lo.schedule.clock: unknown clock 'gps' (tai, realtime, monotonic, boottime)",
	       "t.yaml:5:24: lo.schedule.admin-base-time: '+1s' is relative; a config needs an "
	       "absolute time on the clock (0 aligns cycles to its epoch)",
	       "t.yaml:7:28: lo.schedule.admin-control-list[0].operation-name: unknown value "
	       "'set-gates' (one of: set-gate-states, set-and-hold-mac, set-and-release-mac)",
	       "t.yaml:7:58: lo.schedule.admin-control-list[0].gate-states-value: gate mask "
	       "'0x100' is above 0xff (classes 0 to 7)",
	       "t.yaml:7:86: lo.schedule.admin-control-list[0].time-interval-value: interval "
	       "must be at least 1ns",
	       "t.yaml:8:19: lo.schedule.admin-control-list[1].index: 5 is not the entry's "
	       "position 1 (indexes run 0, 1, 2, ...)",
	       "t.yaml:8:65: lo.schedule.admin-control-list[1].time-interval-value: interval "
	       "'5s' is above 4294967295ns",
	       "t.yaml:9:11: lo.schedule.admin-control-list[2]: needs gate-states-value and "
	       "time-interval-value");
}

/* streams: the lines of a sched plan spec, planned by the same library:
 * docs/synthesis.md's worked example, as strings and as a mapping.
 */
static void streams_plan_the_schedule(void **state)
{
	struct etsn_agent_config *c = parse(
		"interfaces:\n"
		"  lo:\n"
		"    streams:\n"
		"      - link-speed 1000\n"
		"      - best-effort 20%\n"
		"      - stream motion interval 1ms max-frames-per-interval 1 max-frame-size 128"
		" max-latency 50us\n"
		"      - {stream: io, interval: 2ms, max-frames-per-interval: 2,"
		" max-frame-size: 300, class: 5}\n"
		"      - [stream, video, interval, 4ms, max-frames-per-interval, 4,"
		" max-frame-size, 1000, latest-transmit-offset, 100us]\n"
		"    fail-safe: {on-sync-loss: all-open}\n", false);
	const struct etsn_sched *s;

	(void)state;
	assert_non_null(c);
	s = c->ifaces[0].schedule;
	assert_non_null(s);
	assert_true(s->has_cycle_time);
	assert_int_equal(s->cycle_time, 4000000);
	assert_int_equal(s->num_entries, 12);
	assert_int_equal(s->entries[0].gates, 0x80);
	assert_int_equal(s->entries[0].interval, 13520);
	assert_int_equal(s->entries[1].gates, 0x20);
	assert_int_equal(s->entries[1].interval, 13376);	/* after class 7: 8192ns guard */
	assert_int_equal(s->entries[3].interval, 45072);
	etsn_agent_config_free(c);
}

static void streams_errors(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    streams:\n"
	       "      - link-speed 1000\n"
	       "      - stream a interval 1ms max-frame-size 100\n"
	       "      - stream b interval 1ms bogus 1\n",
	       "t.yaml:5:9: lo.streams[1]: stream a: interval, max-frames-per-interval and "
	       "max-frame-size are required",
	       "t.yaml:6:9: lo.streams[2]: stream b: unknown key 'bogus'");
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    streams:\n"
	       "      - link-speed 1000\n"
	       "      - stream a interval 25us max-frames-per-interval 1 max-frame-size 1500\n"
	       "      - best-effort 10%\n",
	       "t.yaml:4:7: lo.streams: the cycle (25000ns) is over-full by 1996ns: streams "
	       "need 24496ns with their guard bands, best effort 2500ns");
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    schedule:\n"
	       "      admin-control-list: [{gate-states-value: 255, time-interval-value: 1ms}]\n"
	       "    streams: [link-speed 1000]\n",
	       "t.yaml:5:14: lo.streams: a schedule is planned from streams or written out, "
	       "not both");
}

static void yang_forms_checked(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    schedule:\n"
	       "      admin-base-time: {seconds: 1, nanoseconds: 1000000000, minutes: 2}\n"
	       "      admin-cycle-time: {numerator: 1, denominator: 3}\n"
	       "      admin-control-list: [{gate-states-value: 1, time-interval-value: 1ms}]\n",
	       "t.yaml:4:50: lo.schedule.admin-base-time.nanoseconds: 1000000000 is out of range "
	       "(0 to 999999999)",
	       "t.yaml:4:62: lo.schedule.admin-base-time: unknown key 'minutes' (known: seconds, "
	       "nanoseconds)",
	       "t.yaml:5:25: lo.schedule.admin-cycle-time: needs numerator and denominator giving "
	       "whole nanoseconds");
}

static void class_settings(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    classes:\n"
	       "      priority-map: [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0]\n"
	       "      traffic-classes:\n"
	       "        - {traffic-class: 8, limit: 1}\n"
	       "        - {traffic-class: 1, limit: 0, frame-preemption: maybe}\n"
	       "        - {traffic-class: 1, bytes: 5}\n"
	       "  eth0:\n"
	       "    classes: {overhead: 2000}\n"
	       "    schedule:\n"
	       "      admin-control-list: [{gate-states-value: 1, time-interval-value: 1ms}]\n"
	       "      queue-max-sdu-table: [{traffic-class: 0, queue-max-sdu: big}]\n",
	       "t.yaml:4:46: lo.classes.priority-map: map: class 8 of priority 8 is above 7",
	       "t.yaml:6:27: lo.classes.traffic-classes[0].traffic-class: 8 is out of range (0 to 7)",
	       "t.yaml:7:37: lo.classes.traffic-classes[1]: tc 1: limit '0' is not a frame count "
	       "(1 to 4294967295)",
	       "t.yaml:7:58: lo.classes.traffic-classes[1].frame-preemption: unknown value "
	       "'maybe' (one of: express, preemptible)",
	       "t.yaml:8:27: lo.classes.traffic-classes[2].traffic-class: traffic class 1 given "
	       "twice",
	       "t.yaml:10:14: eth0.classes: the kernel would refuse it: overhead must not exceed "
	       "1024 bytes",
	       "t.yaml:13:63: eth0.schedule.queue-max-sdu-table[0]: tc 0: max-sdu 'big' is not a "
	       "byte count or auto");
}

/* A reload from inside a command: the replaced configs stay readable
 * until the loop's turn ends, then all are freed (valgrind: no invalid
 * read here, no leak).
 */
static void retired_configs_live_until_freed(void **state)
{
	struct etsn_agent_config *retired = NULL, *a, *b;

	(void)state;
	a = parse("ptp: {domain: 7}\n", false);
	b = parse("ptp: {domain: 9}\n", false);
	assert_non_null(a);
	assert_non_null(b);
	etsn_agent_config_retire(&retired, a);
	etsn_agent_config_retire(&retired, b);
	etsn_agent_config_retire(&retired, NULL);
	assert_int_equal(7, a->ptp.domain);
	assert_int_equal(9, b->ptp.domain);
	etsn_agent_config_free_retired(&retired);
	assert_null(retired);
	etsn_agent_config_free_retired(&retired);
}

static void failsafe_and_qdisc(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    qdisc: none\n"
	       "    schedule:\n"
	       "      admin-control-list: [{gate-states-value: 1, time-interval-value: 1ms}]\n"
	       "    fail-safe:\n"
	       "      on-sync-loss: fallback\n"
	       "      fallback: gone\n"
	       "  eth0:\n"
	       "    fail-safe: {on-sync-loss: all-open}\n",
	       "t.yaml:3:5: lo: classes and schedules need 'qdisc: etsn'",
	       "t.yaml:8:17: lo.fail-safe.fallback: no fallback schedule named 'gone'",
	       "t.yaml:10:16: eth0.fail-safe: a fail-safe needs a schedule to fall back from");
}

static void fallback_on_another_clock(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    schedule:\n"
	       "      admin-control-list: [{gate-states-value: 1, time-interval-value: 1ms}]\n"
	       "    fallback-schedules:\n"
	       "      open:\n"
	       "        clock: realtime\n"
	       "        admin-control-list: [{gate-states-value: 255, time-interval-value: 1ms}]\n",
	       "t.yaml:6:7: lo.fallback-schedules.open: clock realtime is not the schedule's "
	       "(tai); the kernel refuses a clock change while a schedule runs");
}

/* A value quoted in a reason cannot start a line of its own. */
static void control_characters_in_messages(void **state)
{
	(void)state;
	EXPECT("ptp:\n  \"x\\nt.yaml:9:9: forged\": 1\n",
	       "t.yaml:2:3: ptp: unknown key 'x?t.yaml:9:9: forged' (known: enabled, uds-path, "
	       "domain, transport-specific, port, locked-threshold, degraded-threshold, hysteresis, "
	       "poll-interval, watchdog-intervals, subscribe-duration, clock-check, "
	       "phc-interface, clock-tolerance)");
}

static void policy_rules(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    firewall:\n"
	       "      rules: [10.1.2.3/8, port tcp 0, 192.0.2.0/24, 192.0.2.0/24]\n"
	       "      syn-limit: {rate: 10/s}\n"
	       "    psfp:\n"
	       "      unknown-policy: maybe\n"
	       "      streams:\n"
	       "        - {id: 1, dst: 02:00:5e:00:53:01, vlan: 9999}\n"
	       "        - {id: 2, dst: 02:00:5e:00:53:01}\n"
	       "        - {id: 2, dst: 02:00:5e:00:53:02, gate: open 1ms shut 1ms}\n"
	       "        - id 3 dst 02:00:5e:00:53:01\n"
	       "    classify:\n"
	       "      rules:\n"
	       "        - {id: 1, dst: 02:00:5e:00:53:01, prio: 16}\n",
	       "t.yaml:4:15: lo.firewall.rules[0]: address has bits set beyond the prefix "
	       "length (give the network address)",
	       "t.yaml:4:27: lo.firewall.rules[1]: port is a number 1..65535",
	       "t.yaml:4:53: lo.firewall.rules[3]: rule '192.0.2.0/24' given twice",
	       "t.yaml:5:18: lo.firewall.syn-limit: needs 'burst M' too",
	       "t.yaml:7:23: lo.psfp.unknown-policy: unknown-policy is pass or drop",
	       "t.yaml:9:11: lo.psfp.streams[0]: VLAN ID is 1..4094",
	       "t.yaml:11:49: lo.psfp.streams[2].gate: gate entries are 'open DURATION' or "
	       "'closed DURATION'",
	       "t.yaml:12:11: lo.psfp.streams[3]: the same frames as stream id 2",
	       "t.yaml:15:11: lo.classify.rules[0]: prio is the skb priority 0..15 "
	       "(etsnctl class set maps it to a class)");
}

/* More of what the policy sections refuse, each at its own place. */
static void policy_rules_more(void **state)
{
	(void)state;
	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    firewall:\n"
	       "      rules: port tcp 23\n"
	       "      policy: drop\n"
	       "    psfp:\n"
	       "      stream: []\n"
	       "      streams:\n"
	       "        - id 16384 dst 02:00:5e:00:53:01\n"
	       "        - id 1 dst 02:00:5e:00:53:01 cir 1mbit\n"
	       "        - {id: 2, dst: 02:00:5e:00:53:02, gate: base +1s open 1ms}\n"
	       "    classify:\n"
	       "      rules:\n"
	       "        - id 1 dst 02:00:5e:00:53:01 prio 1\n"
	       "        - id 1 dst 02:00:5e:00:53:02 prio 1\n"
	       "        - id 2 dst 02:00:5e:00:53:01 prio 2\n",
	       "t.yaml:4:14: lo.firewall.rules: wrong type: expected a list, found a scalar",
	       "t.yaml:5:7: lo.firewall: unknown key 'policy' (known: rules, syn-limit, "
	       "unparsed-policy, fragments-policy)",
	       "t.yaml:7:7: lo.psfp: unknown key 'stream' (known: unknown-policy, unparsed-policy, "
	       "streams)",
	       "t.yaml:9:11: lo.psfp.streams[0]: stream id is a number 0..16383",
	       "t.yaml:10:11: lo.psfp.streams[1]: a meter needs cir RATE and cbs BYTES",
	       "t.yaml:11:49: lo.psfp.streams[2].gate: base '+1s' is relative; a config needs "
	       "TAI seconds",
	       "t.yaml:15:11: lo.classify.rules[1]: rule id 1 given twice",
	       "t.yaml:16:11: lo.classify.rules[2]: the same frames as rule id 1");
}

/* A growing YAML text that counts its lines, for files too long to write
 * out in a test.
 */
struct long_yaml {
	char *buf;
	size_t len, cap;
	int lines;
};

/* Appends a line (or lines, with '\n' in fmt); returns the number of
 * the last.
 */
static int yaml_line(struct long_yaml *y, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	while (y->len + (size_t)n + 2 > y->cap) {
		y->cap = y->cap ? 2 * y->cap : 4096;
		y->buf = realloc(y->buf, y->cap);
		assert_non_null(y->buf);
	}
	va_start(ap, fmt);
	vsnprintf(y->buf + y->len, y->cap - y->len, fmt, ap);
	va_end(ap);
	for (const char *p = y->buf + y->len; *p; p++)
		y->lines += *p == '\n';
	y->len += (size_t)n;
	y->buf[y->len++] = '\n';
	y->buf[y->len] = '\0';
	return ++y->lines;
}

/* Repeats far down long lists (the duplicate checks are hash lookups,
 * not a scan of the earlier items): each found with the message and place
 * the first earlier rule gives. Where a rule has the id of one rule and
 * the frames of another, the one earlier in the list is named.
 */
#define TUPLE "10.255.0.1 proto udp sport 5000 dport 6000"

static void port_rule(struct long_yaml *y, int i)
{
	yaml_line(y, "        - port %s %d", i % 2 ? "udp" : "tcp", i + 1);
}

static void ip_stream(struct long_yaml *y, int i)
{
	yaml_line(y, "        - id %d ip 10.0.%d.%d " TUPLE, i, i / 256, i % 256);
}

static void ip_cls_rule(struct long_yaml *y, int i)
{
	yaml_line(y, "        - id %d ip 10.1.0.%d " TUPLE " prio 1", i, i);
}

static void ip_talker(struct long_yaml *y, int i)
{
	yaml_line(y, "        - id %d ip 10.2.%d.%d " TUPLE " dev2 eth1", i, i / 256, i % 256);
}

static void mac_listener(struct long_yaml *y, int i)
{
	yaml_line(y, "        - id %d dst 02:00:5e:00:%02x:%02x", i, i / 256, i % 256);
}

/* A long list of an interface (its key's lines, count items), then
 * items that repeat earlier ones, each with the message it must give
 * (NULL: kept).
 */
struct long_list {
	const char *head;
	int count;
	void (*item)(struct long_yaml *y, int i);
	const char *repeats[4][2];
};

static const struct long_list long_lists[] = {
	{ "    firewall:\n      rules:", 2000, port_rule, {
		{ "        - port tcp 3", "lo.firewall.rules[2000]: rule 'port tcp 3' given twice" },
	} },
	{ "    psfp:\n      streams:", 3000, ip_stream, {
		{ "        - id 0 dst 02:00:5e:00:00:01",
		  "lo.psfp.streams[3000]: stream id 0 given twice" },
		{ "        - id 3001 ip 10.0.0.5 " TUPLE,
		  "lo.psfp.streams[3001]: the same frames as stream id 5" },
		/* Kept as [3002]; then its id with the frames of [7], and the
		 * id of [9] with its frames: the earlier rule is named.
		 */
		{ "        - id 3002 dst 02:00:5e:00:53:01", NULL },
		{ "        - id 3002 ip 10.0.0.7 " TUPLE,
		  "lo.psfp.streams[3003]: the same frames as stream id 7" },
	} },
	{ NULL, 0, NULL, {
		{ "        - id 9 dst 02:00:5e:00:53:01",
		  "lo.psfp.streams[3004]: stream id 9 given twice" },
	} },
	{ "    classify:\n      rules:", 250, ip_cls_rule, {
		{ "        - id 3 dst 02:00:5e:00:00:01 prio 1",
		  "lo.classify.rules[250]: rule id 3 given twice" },
		{ "        - id 250 ip 10.1.0.4 " TUPLE " prio 1",
		  "lo.classify.rules[251]: the same frames as rule id 4" },
	} },
	{ "    frer:\n      talkers:", 1000, ip_talker, {
		{ "        - id 1 dst 02:00:5e:00:00:01 dev2 eth1",
		  "lo.frer.talkers[1000]: stream id 1 given twice" },
		{ "        - id 1001 ip 10.2.0.2 " TUPLE " dev2 eth1",
		  "lo.frer.talkers[1001]: the same frames as stream id 2" },
	} },
	{ "      listeners:", 1000, mac_listener, {
		{ "        - id 6 ip 10.3.0.1 " TUPLE,
		  "lo.frer.listeners[1000]: stream id 6 given twice" },
		{ "        - id 1001 dst 02:00:5e:00:00:08",
		  "lo.frer.listeners[1001]: the same frames as stream id 8" },
	} },
};

/* Repeats far down long lists (the duplicate checks are hash lookups,
 * not a scan of the earlier items): each found with the message and place
 * the first earlier rule gives.
 */
static void repeats_far_apart_in_long_lists(void **state)
{
	struct long_yaml y = { 0 };
	char text[16][128];
	const char *msgs[16];
	size_t n = 0;

	(void)state;
	yaml_line(&y, "interfaces:\n  lo:\n    qdisc: none");
	for (size_t l = 0; l < sizeof(long_lists) / sizeof(long_lists[0]); l++) {
		const struct long_list *ll = &long_lists[l];

		if (ll->head)
			yaml_line(&y, "%s", ll->head);
		for (int i = 0; i < ll->count; i++)
			ll->item(&y, i);
		for (size_t r = 0; r < 4 && ll->repeats[r][0]; r++) {
			int line = yaml_line(&y, "%s", ll->repeats[r][0]);

			if (!ll->repeats[r][1])
				continue;
			snprintf(text[n], sizeof(text[0]), "t.yaml:%d:11: %s", line,
				 ll->repeats[r][1]);
			msgs[n] = text[n];
			n++;
		}
	}
	expect_errors(y.buf, false, msgs, n);
	free(y.buf);
}

/* The unparsed verdicts and the DSCP map: read as etsnctl fw policy,
 * stream policy and dscp set read them.
 */
static void policy_verdicts_and_dscp(void **state)
{
	struct etsn_agent_config *c = parse(
		"interfaces:\n"
		"  lo:\n"
		"    firewall: {unparsed-policy: pass, fragments-policy: drop}\n"
		"    psfp: {unparsed-policy: pass}\n"
		"    dscp:\n"
		"      map: {46: 7, 0x22: 1:2, 0: 4294967295}\n"
		"  eth0:\n"
		"    firewall: {unparsed-policy: drop, fragments-policy: pass}\n"
		"    psfp: {unknown-policy: drop, unparsed-policy: drop}\n"
		"    dscp: {map: {}}\n"
		"  eth1:\n"
		"    firewall: {rules: []}\n", false);
	const struct etsn_agent_iface *lo, *eth0, *eth1;

	(void)state;
	for (size_t k = 0; k < diag.count; k++)
		print_message("  got: %s\n", diag.msgs[k].text);
	assert_non_null(c);
	lo = &c->ifaces[0];
	eth0 = &c->ifaces[1];
	eth1 = &c->ifaces[2];
	assert_int_equal(ETSN_FW_UNPARSED_PASS, lo->fw_policy.unparsed);
	assert_int_equal(ETSN_FW_FRAG_DROP, lo->fw_policy.frag);
	assert_int_equal(ETSN_PSFP_UNPARSED_PASS, lo->psfp_unparsed_policy);
	assert_int_equal(-1, lo->psfp_unknown_policy);
	assert_true(lo->has_dscp);
	assert_int_equal((1ull << 46) | (1ull << 34) | 1ull, lo->dscp->set);
	assert_int_equal(7, lo->dscp->prio[46]);
	assert_int_equal(0x10002, lo->dscp->prio[34]);
	assert_int_equal(UINT32_MAX, lo->dscp->prio[0]);
	assert_int_equal(ETSN_FW_UNPARSED_DROP, eth0->fw_policy.unparsed);
	assert_int_equal(ETSN_FW_FRAG_PASS, eth0->fw_policy.frag);
	assert_int_equal(ETSN_PSFP_UNPARSED_DROP, eth0->psfp_unparsed_policy);
	assert_true(eth0->has_dscp);
	assert_int_equal(0, eth0->dscp->set);
	assert_int_equal(-1, eth1->fw_policy.unparsed);
	assert_int_equal(-1, eth1->fw_policy.frag);
	assert_int_equal(-1, eth1->psfp_unparsed_policy);
	assert_false(eth1->has_dscp);
	assert_null(eth1->dscp);
	etsn_agent_config_free(c);

	EXPECT("interfaces:\n"
	       "  lo:\n"
	       "    firewall: {unparsed-policy: allow, fragments-policy: [drop]}\n"
	       "    psfp:\n"
	       "      unparsed-policy: [pass]\n"
	       "  eth0:\n"
	       "    firewall: {unparsed-policy: fragments, fragments-policy: unparsed}\n"
	       "    psfp: {unparsed-policy: unparsed}\n"
	       "    dscp: [46, 7]\n"
	       "  eth1:\n"
	       "    dscp:\n"
	       "      map: 46 prio 7\n"
	       "      default: 0\n"
	       "  eth2:\n"
	       "    dscp:\n"
	       "      map:\n"
	       "        64: 1\n"
	       "        46: 7\n"
	       "        0x2e: 6\n"
	       "        -1: 0\n"
	       "        [1]: 0\n"
	       "        10: 1:x\n"
	       "        11: 0x10000ffff1\n"
	       "        12: {prio: 1}\n"
	       "        13: \"\"\n"
	       "  eth3:\n"
	       "    classify: {rules: []}\n"
	       "    dscp: {map: {46: 7}}\n",
	       "t.yaml:3:33: lo.firewall.unparsed-policy: unparsed-policy is drop or pass",
	       "t.yaml:3:58: lo.firewall.fragments-policy: wrong type: expected a scalar, "
	       "found a list",
	       "t.yaml:5:24: lo.psfp.unparsed-policy: wrong type: expected a scalar, found a list",
	       "t.yaml:7:33: eth0.firewall.unparsed-policy: unparsed-policy is drop or pass",
	       "t.yaml:7:62: eth0.firewall.fragments-policy: fragments-policy is drop or pass",
	       "t.yaml:8:29: eth0.psfp.unparsed-policy: unparsed-policy is pass or drop",
	       "t.yaml:9:11: eth0.dscp: wrong type: expected a mapping, found a list",
	       "t.yaml:12:12: eth1.dscp.map: wrong type: expected a mapping, found a scalar",
	       "t.yaml:13:7: eth1.dscp: unknown key 'default' (known: map)",
	       "t.yaml:17:9: eth2.dscp.map: a DSCP is 0..63, not '64'",
	       "t.yaml:19:9: eth2.dscp.map: DSCP 46 given twice",
	       "t.yaml:20:9: eth2.dscp.map: a DSCP is 0..63, not '-1'",
	       "t.yaml:21:9: eth2.dscp.map: wrong type: expected a scalar, found a list",
	       "t.yaml:22:13: eth2.dscp.map.10: a priority is 0..4294967295 or MAJOR:MINOR, "
	       "not '1:x'",
	       "t.yaml:23:13: eth2.dscp.map.11: a priority is 0..4294967295 or MAJOR:MINOR, "
	       "not '0x10000ffff1'",
	       "t.yaml:24:13: eth2.dscp.map.12: wrong type: expected a scalar, found a mapping",
	       "t.yaml:25:13: eth2.dscp.map.13: a priority is 0..4294967295 or MAJOR:MINOR, "
	       "not ''",
	       "t.yaml:28:11: eth3.dscp: not with classify on the same interface; the first "
	       "classifier's verdict ends egress classification");
}

static void anchors_are_refused(void **state)
{
	(void)state;
	EXPECT("ptp: &p\n  domain: 1\nmqtt: *p\n",
	       "t.yaml:1:6: anchors and aliases (& and *) are not supported");
}

static void unreadable_file(void **state)
{
	struct etsn_agent_config *c;

	(void)state;
	etsn_diag_free(&diag);
	etsn_diag_init(&diag, "/nonexistent/edgetsnd.yaml");
	c = etsn_agent_config_load(NULL, &diag);
	assert_null(c);
	assert_int_equal(1, diag.count);
	assert_string_equal("/nonexistent/edgetsnd.yaml:1:1: cannot open: No such file or directory",
			    diag.msgs[0].text);
}

/* Errors in several sections of one file are all reported. */
static void many_errors_at_once(void **state)
{
	struct etsn_agent_config *c;

	(void)state;
	c = parse("ptp: {domain: 999, hysteresis: 0, port: 0}\nmqtt: {port: -1}\nlogging: {level: loud}\n"
		  "metrics: {enabled: true}\non-stop: maybe\n", false);
	assert_null(c);
	assert_int_equal(7, etsn_diag_errors(&diag));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(empty_file_is_the_defaults, teardown),
		cmocka_unit_test_teardown(a_lone_document_marker_is_empty, teardown),
		cmocka_unit_test_teardown(uds_path_fits_a_unix_socket, teardown),
		cmocka_unit_test_teardown(every_agent_key_reaches_the_model, teardown),
		cmocka_unit_test_teardown(example_config_is_valid_and_complete, teardown),
		cmocka_unit_test_teardown(other_interface_forms, teardown),
		cmocka_unit_test_teardown(yang_rational_and_ptp_time_forms, teardown),
		cmocka_unit_test_teardown(yaml_syntax_error, teardown),
		cmocka_unit_test_teardown(unknown_keys, teardown),
		cmocka_unit_test_teardown(wrong_types, teardown),
		cmocka_unit_test_teardown(out_of_range, teardown),
		cmocka_unit_test_teardown(duplicate_keys, teardown),
		cmocka_unit_test_teardown(unknown_interface_only_on_the_host, teardown),
		cmocka_unit_test_teardown(bad_interface_name, teardown),
		cmocka_unit_test_teardown(schedules_the_kernel_would_refuse, teardown),
		cmocka_unit_test_teardown(schedule_values, teardown),
		cmocka_unit_test_teardown(yang_forms_checked, teardown),
		cmocka_unit_test_teardown(streams_plan_the_schedule, teardown),
		cmocka_unit_test_teardown(streams_errors, teardown),
		cmocka_unit_test_teardown(class_settings, teardown),
		cmocka_unit_test_teardown(retired_configs_live_until_freed, teardown),
		cmocka_unit_test_teardown(failsafe_and_qdisc, teardown),
		cmocka_unit_test_teardown(fallback_on_another_clock, teardown),
		cmocka_unit_test_teardown(control_characters_in_messages, teardown),
		cmocka_unit_test_teardown(policy_rules, teardown),
		cmocka_unit_test_teardown(policy_rules_more, teardown),
		cmocka_unit_test_teardown(repeats_far_apart_in_long_lists, teardown),
		cmocka_unit_test_teardown(policy_verdicts_and_dscp, teardown),
		cmocka_unit_test_teardown(anchors_are_refused, teardown),
		cmocka_unit_test_teardown(unreadable_file, teardown),
		cmocka_unit_test_teardown(many_errors_at_once, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
