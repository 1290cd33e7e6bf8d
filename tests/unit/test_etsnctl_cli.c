// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the etsnctl binary as a user meets it — exit codes, messages on
 * stderr, JSON on stdout. Nothing here depends on whether the host has
 * edgetsn.ko loaded: what etsnctl says without the module is proven in the
 * VM before it loads (tests/vm/cases/module_load.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#ifndef ETSNCTL
#error "ETSNCTL: path of the binary under test, from the Makefile"
#endif

/* Runs etsnctl with args; stdout and stderr together into out. */
static int run(const char *args, char *out, size_t len)
{
	char cmd[512];
	size_t n;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", ETSNCTL, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	status = pclose(p);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void unknown_command_exits_2_with_message(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(2, run("frobnicate", out, sizeof(out)));
	assert_non_null(strstr(out, "etsnctl: unknown command 'frobnicate'"));
}

static void unknown_option_exits_2_with_usage(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(2, run("--bogus version", out, sizeof(out)));
	assert_non_null(strstr(out, "unknown option '--bogus'"));
	assert_non_null(strstr(out, "usage: etsnctl"));
}

static void no_command_exits_2(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(2, run("", out, sizeof(out)));
	assert_non_null(strstr(out, "usage: etsnctl"));
}

/* The module's version is absent without edgetsn.ko, a string with it. */
static void version_json_names_both_versions(void **state)
{
	static const char head[] = "{\"etsnctl\":\"" EDGETSN_VERSION "\"";
	char out[4096];
	const char *mod;

	(void)state;
	assert_int_equal(0, run("-j version", out, sizeof(out)));
	assert_memory_equal(out, head, sizeof(head) - 1);
	mod = out + sizeof(head) - 1;
	if (strcmp(mod, "}\n") != 0) {
		assert_memory_equal(mod, ",\"module\":\"", 11);
		assert_non_null(strstr(mod + 11, "\"}\n"));
	}
}

static void version_rejects_arguments(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(2, run("version extra", out, sizeof(out)));
	assert_non_null(strstr(out, "takes no arguments"));
}

static void help_exits_0(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(0, run("help", out, sizeof(out)));
	assert_non_null(strstr(out, "version"));
}

/* Exit code and a fragment of what the user sees. */
static void expect(int code, const char *args, const char *fragment)
{
	char out[8192];
	int rc = run(args, out, sizeof(out));

	if (rc != code || !strstr(out, fragment))
		fail_msg("etsnctl %s: expected exit %d with \"%s\", got %d:\n%s", args, code,
			 fragment, rc, out);
}

/* -p indents; -n names a namespace that must exist, and a bad or missing
 * name is bad usage.
 */
static void global_options(void **state)
{
	(void)state;
	expect(0, "-p version", "{\n  \"etsnctl\": \"" EDGETSN_VERSION "\"");
	expect(2, "-n", "etsnctl: -n needs a network namespace name");
	expect(2, "--netns ../x version", "etsnctl: --netns needs a network namespace name");
	expect(1, "-n etsn-no-such-ns version",
	       "etsnctl: network namespace 'etsn-no-such-ns': no such namespace");
}

/* Messages name the real reason, and usage is judged before anything
 * touches the system (no bpffs needed to be told a mode is wrong).
 */
static void overflow_and_usage_come_first(void **state)
{
	(void)state;
	expect(2, "stream add dev lo id 1 dst 02:00:00:00:00:01 cir 99999999999999999999999mbit cbs 100",
	       "etsnctl stream: rates are at most 800gbit");
	expect(2, "sched set dev lo base-time +99999999999s entry S 1 1ms",
	       "etsnctl sched: base-time '+99999999999s' is out of range");
	expect(2, "xdp attach dev lo mode bogus", "etsnctl xdp: mode is native or generic, not 'bogus'");
}

/* etsnctl frer judges its words before it looks for a bpffs or a device. */
static void frer_usage_errors_exit_2(void **state)
{
	(void)state;
	expect(2, "frer", "usage: etsnctl frer talker add dev DEV");
	expect(2, "frer bogus", "etsnctl frer: unknown subcommand 'bogus'");
	expect(2, "frer talker add dev no-such-dev id 1 dst 02:00:00:00:00:01",
	       "etsnctl frer: a talker needs 'dev2 DEV', the device of the second path");
	expect(2, "frer talker add dev lo id 1024 dst 02:00:00:00:00:01 dev2 lo",
	       "etsnctl frer: a FRER stream id is 0..1023");
	expect(2, "frer talker add dev lo id 1 dst 02:00:00:00:00:01 dev2 lo vlan2 4095",
	       "etsnctl frer: a VLAN ID is 1..4094");
	expect(2, "frer listener add dev lo id 1 dst 02:00:00:00:00:01 history 65",
	       "etsnctl frer: history is 2..64 sequence numbers");
	expect(2, "frer listener add dev lo id 1 dst 02:00:00:00:00:01 reset-ms 0",
	       "etsnctl frer: reset-ms is 1..3600000");
	expect(2, "frer listener add dev lo id 1 dst 02:00:00:00:00:01 algorithm best",
	       "etsnctl frer: algorithm is vector or match");
	expect(2, "frer listener add dev lo id 1 dst 02:00:00:00:00:01 cir 1mbit cbs 100",
	       "etsnctl frer: max-sdu, meters and policies belong to 'etsnctl stream'");
	expect(2, "frer listener add dev lo id 1 dst 02:00:00:00:00:01 member lo",
	       "etsnctl frer: the member is DEV itself");
	expect(2, "frer listener del dev lo", "etsnctl frer: del takes 'id N'");
	expect(2, "frer show dev lo extra", "etsnctl frer: unexpected 'extra'");
}

static void usage_errors_of_data_plane_commands_exit_2(void **state)
{
	(void)state;
	expect(2, "sched", "usage: etsnctl sched set dev DEV");
	expect(2, "sched frob", "etsnctl sched: unknown subcommand 'frob'");
	expect(2, "sched show", "etsnctl sched: show needs 'dev DEV' first");
	expect(2, "sched show dev", "etsnctl sched: show needs 'dev DEV' first");
	expect(2, "sched show dev t0 extra", "etsnctl sched: unexpected 'extra'");
	expect(2, "sched set dev t0", "etsnctl sched: set needs entries or 'file PATH'");
	expect(2, "sched set dev t0 entry S 0x100 1ms",
	       "etsnctl sched: gate mask '0x100' is above 0xff (classes 0 to 7)");
	expect(2, "sched set dev t0 entry Z 1 1ms", "unknown entry operation 'Z'");
	expect(2, "sched set dev t0 entry S 1 0", "interval must be at least 1ns");
	expect(2, "sched set dev t0 clock gps entry S 1 1", "unknown clock 'gps'");
	expect(2, "sched set dev t0 base-time soon entry S 1 1", "base-time 'soon' is not a time");
	expect(2, "sched set dev t0 file", "'file' takes one PATH and nothing after it");
	expect(2, "sched set dev t0 file a b", "'file' takes one PATH and nothing after it");
	expect(2, "class", "usage: etsnctl class set dev DEV");
	expect(2, "class set", "etsnctl class: set needs 'dev DEV' first");
	expect(2, "class set dev t0", "etsnctl class: nothing to set");
	expect(2, "class set dev t0 tc 9 limit 1", "'tc' needs a class number 0 to 7");
	expect(2, "class set dev t0 limit 5", "'limit' must follow 'tc N'");
	expect(2, "class set dev t0 map 1 2", "map needs 16 classes");
	expect(2, "class set dev t0 speed 0", "speed needs Mb/s (at least 1) or auto");
	expect(2, "class show dev t0 now", "etsnctl class: unexpected 'now'");
	expect(2, "stats t0", "etsnctl stats: unexpected 't0'");
	expect(2, "stats dev t0 more", "etsnctl stats: unexpected 'more'");
	expect(2, "caps", "etsnctl caps: needs 'dev DEV'");
	expect(2, "caps dev t0 x", "etsnctl caps: unexpected 'x'");
	expect(2, "monitor now", "etsnctl monitor: unexpected 'now'");
	expect(2, "help frob", "etsnctl help: unknown command 'frob'");
	expect(2, "sched show dev a/b", "etsnctl sched: 'a/b' is not a device name");
	expect(2, "class show dev 0123456789abcdef", "etsnctl class: '0123456789abcdef' is not a device name");
	expect(2, "stats dev ''", "etsnctl stats: '' is not a device name");
	expect(2, "caps dev 'a b'", "etsnctl caps: 'a b' is not a device name");
}

static void bad_schedule_file_names_file_and_line(void **state)
{
	char path[] = "/tmp/etsnctl-cli-XXXXXX", args[128], want[128];
	int fd = mkstemp(path);
	static const char text[] = "cycle-time 1ms\nentry S 0x1 500us\nentry S 0x2 0\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(sizeof(text) - 1, write(fd, text, sizeof(text) - 1));
	close(fd);
	snprintf(args, sizeof(args), "sched set dev t0 file %s", path);
	snprintf(want, sizeof(want), "etsnctl sched: %s:3: interval must be at least 1ns\n", path);
	expect(2, args, want);
	unlink(path);
	/* An unreadable file is a failure, not bad usage. */
	expect(1, "sched set dev t0 file /nonexistent/gcl",
	       "etsnctl sched: /nonexistent/gcl: No such file or directory");
}

/* Writes text to a new temporary file; its path into path. */
static void temp_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(strlen(text), write(fd, text, strlen(text)));
	close(fd);
}

/* sched plan: the schedule file and report, JSON, the reasons it refuses. */
static void sched_plan_prints_reports_and_refuses(void **state)
{
	char good[] = "/tmp/etsnctl-plan-XXXXXX", bad[] = "/tmp/etsnctl-plan-XXXXXX";
	char full[] = "/tmp/etsnctl-plan-XXXXXX", args[160], want[256];

	(void)state;
	temp_file(good, "link-speed 1000\nbest-effort 20%\n"
		  "stream a interval 1ms max-frames-per-interval 1 max-frame-size 128\n"
		  "stream b interval 4ms max-frames-per-interval 2 max-frame-size 300 class 5\n");
	temp_file(bad, "link-speed 1000\nstream a interval 1ms max-frame-size 100\n");
	temp_file(full, "link-speed 100\n"
		  "stream a interval 125us max-frames-per-interval 9 max-frame-size 1500\n");
	snprintf(args, sizeof(args), "sched plan %s", good);
	/* a: 128 + 24 bytes at 1 Gb/s, 1216ns after a 12304ns guard band
	 * (1514 + 24 bytes, best effort was open); b: 2 x 2592ns right after
	 * a's window, guarded against a's longest frame (1216ns).
	 */
	expect(0, args, "cycle-time 4000000ns\nentry S 0x80 13520ns\nentry S 0x20 6400ns\n"
	       "entry S 0x5f 980080ns\nentry S 0x80 13520ns\nentry S 0x5f 986480ns\n");
	expect(0, args, "# stream b class 5 interval 4000000ns windows 1 wire 5184ns "
	       "latency 19920ns\n");
	expect(0, args, "# window 13520ns-19920ns stream b occurrence 1 guard band 1216ns "
	       "after class 7\n");
	snprintf(args, sizeof(args), "-j sched plan %s", good);
	expect(0, args, "{\"link_speed_mbps\":1000,\"overhead_bytes\":24,\"preemption\":false,"
	       "\"guard_band_after_best_effort_ns\":12304,");
	expect(0, args, "{\"stream\":\"b\",\"occurrence\":1,\"start_ns\":13520,"
	       "\"end_ns\":19920,\"guard_band_ns\":1216,\"after_class\":7}");
	expect(0, args, "{\"name\":\"a\",\"class\":7,\"interval_ns\":1000000,\"windows\":4,"
	       "\"wire_ns\":1216,\"latency_ns\":13520}");
	snprintf(args, sizeof(args), "sched plan %s", bad);
	snprintf(want, sizeof(want), "etsnctl sched: %s:2: stream a: interval, "
		 "max-frames-per-interval and max-frame-size are required\n", bad);
	expect(2, args, want);
	snprintf(args, sizeof(args), "sched plan %s", full);
	snprintf(want, sizeof(want), "etsnctl sched: %s: stream a: one occurrence needs "
		 "1097280ns (offset spread, guard band and frames), more than its interval "
		 "125000ns\n", full);
	expect(2, args, want);
	expect(2, "sched plan", "etsnctl sched: plan needs a SPEC file");
	snprintf(args, sizeof(args), "sched plan %s extra", good);
	expect(2, args, "etsnctl sched: plan takes SPEC, then only '--apply dev DEV'");
	snprintf(args, sizeof(args), "sched plan %s --apply dev t0 more", good);
	expect(2, args, "etsnctl sched: unexpected 'more'");
	expect(1, "sched plan /nonexistent/spec",
	       "etsnctl sched: /nonexistent/spec: No such file or directory");
	unlink(good);
	unlink(bad);
	unlink(full);
}

static void per_command_help_exits_0(void **state)
{
	static const char *const cmds[][2] = {
		{ "help sched", "entry S|H|R MASK DUR" },
		{ "sched plan help", "etsnctl sched plan SPEC [--apply dev DEV]" },
		{ "sched help", "etsnctl sched show dev DEV" },
		{ "sched --help", "etsnctl sched set dev DEV file PATH" },
		{ "sched set help", "etsnctl sched set dev DEV" },
		{ "help class", "[map P0 ... P15]" },
		{ "class -h", "max-sdu BYTES|auto" },
		{ "help stats", "usage: etsnctl stats [dev DEV]" },
		{ "help caps", "usage: etsnctl caps dev DEV" },
		{ "monitor --help", "usage: etsnctl [-j] monitor" },
		{ "help version", "usage: etsnctl [-j] version" },
		{ "help", "monitor" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		expect(0, cmds[i][0], cmds[i][1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_command_exits_2_with_message),
		cmocka_unit_test(unknown_option_exits_2_with_usage),
		cmocka_unit_test(no_command_exits_2),
		cmocka_unit_test(version_json_names_both_versions),
		cmocka_unit_test(version_rejects_arguments),
		cmocka_unit_test(global_options),
		cmocka_unit_test(overflow_and_usage_come_first),
		cmocka_unit_test(help_exits_0),
		cmocka_unit_test(usage_errors_of_data_plane_commands_exit_2),
		cmocka_unit_test(frer_usage_errors_exit_2),
		cmocka_unit_test(bad_schedule_file_names_file_and_line),
		cmocka_unit_test(per_command_help_exits_0),
		cmocka_unit_test(sched_plan_prints_reports_and_refuses),
	};

	return cmocka_run_group_tests_name("etsnctl_cli", tests, NULL, NULL);
}
