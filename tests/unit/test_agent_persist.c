// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: mqtt.commands-persist (user/lib/agent_persist.c) — the schedule
 * node spliced into a config's text with every other byte kept (comments,
 * block and flow styles, an interface without a schedule, UTF-8 before
 * it), the result read back by the config parser, and the file replaced
 * only by a rename: a refused rewrite leaves it and its directory as they
 * were.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/agent_persist.h"
#include "lib/agent_reconcile.h"

/* The schedule a set-schedule command carries. */
static struct etsn_sched *sched_of(const char *words)
{
	struct etsn_sched *s = malloc(sizeof(*s));
	char buf[256], *argv[32], err[256];
	int argc = 0;

	assert_non_null(s);
	snprintf(buf, sizeof(buf), "%s", words);
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
		argv[argc++] = w;
	assert_int_equal(0, etsn_sched_parse_words(s, argc, argv, NULL, err, sizeof(err)));
	return s;
}

/* The spliced text must equal want and parse with ifname's schedule s. */
static void expect_splice(const char *in, const char *ifname, const struct etsn_sched *s,
			  const char *want)
{
	char reason[256] = "";
	struct etsn_agent_config *c;
	struct etsn_diag d;
	size_t len = 0;
	char *out = etsn_persist_splice(in, strlen(in), ifname, s, &len, reason, sizeof(reason));

	if (!out)
		print_message("  reason: %s\n", reason);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	if (strcmp(out, want))
		print_message("  got:\n%s\n  want:\n%s\n", out, want);
	assert_string_equal(want, out);
	etsn_diag_init(&d, "t.yaml");
	c = etsn_agent_config_parse(out, len, NULL, &d);
	for (size_t i = 0; !c && i < d.count; i++)
		print_message("  %s\n", d.msgs[i].text);
	assert_non_null(c);
	for (size_t i = 0; i < c->nifaces; i++)
		if (!strcmp(c->ifaces[i].name, ifname)) {
			assert_non_null(c->ifaces[i].schedule);
			assert_true(etsn_rc_sched_same(c->ifaces[i].schedule, s));
		}
	etsn_agent_config_free(c);
	etsn_diag_free(&d);
	free(out);
}

static const char block_in[] =
	"# plant cell 7 — édition 2\n"
	"interfaces:\n"
	"  eth0:\n"
	"    qdisc: etsn  # root\n"
	"    # the primary schedule\n"
	"    schedule:\n"
	"      clock: tai\n"
	"      admin-cycle-time: 1ms\n"
	"      admin-control-list:\n"
	"        - gate-states-value: 0x80   # express\n"
	"          time-interval-value: 250us\n"
	"        - gate-states-value: 0x7f\n"
	"          time-interval-value: 750us\n"
	"      queue-max-sdu-table:\n"
	"        - traffic-class: 7\n"
	"          queue-max-sdu: 300  # bytes\n"
	"    # after the schedule\n"
	"  eth1:\n"
	"    qdisc: etsn\n";

static void block_style_comments_kept(void **state)
{
	struct etsn_sched *s = sched_of("clock tai cycle-time 2ms entry S 0x01 500us entry H 0xfe 1500us");

	(void)state;
	expect_splice(block_in, "eth0", s,
		      "# plant cell 7 — édition 2\n"
		      "interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn  # root\n"
		      "    # the primary schedule\n"
		      "    schedule:\n"
		      "      clock: tai\n"
		      "      admin-cycle-time: 2ms\n"
		      "      admin-control-list:\n"
		      "        - index: 0\n"
		      "          operation-name: set-gate-states\n"
		      "          gate-states-value: 0x01\n"
		      "          time-interval-value: 500us\n"
		      "        - index: 1\n"
		      "          operation-name: set-and-hold-mac\n"
		      "          gate-states-value: 0xfe\n"
		      "          time-interval-value: 1500us\n"
		      "      queue-max-sdu-table:\n"
		      "        - traffic-class: 7\n"
		      "          queue-max-sdu: 300  # bytes\n"
		      "    # after the schedule\n"
		      "  eth1:\n"
		      "    qdisc: etsn\n");
	free(s);
}

static void flow_style_kept(void **state)
{
	struct etsn_sched *s = sched_of("base-time 10.5 extension 10us entry S 0xff 1ms");

	(void)state;
	expect_splice("interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn\n"
		      "    schedule: {admin-control-list: [{gate-states-value: 1, time-interval-value: 1ms}]}  # flow\n"
		      "# end\n",
		      "eth0", s,
		      "interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn\n"
		      "    schedule: {admin-base-time: 10.500000000, admin-cycle-time-extension: 10us, admin-control-list: [{index: 0, operation-name: set-gate-states, gate-states-value: 0xff, time-interval-value: 1ms}]}  # flow\n"
		      "# end\n");
	free(s);
}

static void no_schedule_yet_block(void **state)
{
	struct etsn_sched *s = sched_of("entry S 0x80 300ns entry R 0x7f 700ns");

	(void)state;
	expect_splice("interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn   # no schedule yet\n"
		      "  # eth1 is the uplink\n"
		      "  eth1:\n"
		      "    qdisc: etsn",
		      "eth1", s,
		      "interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn   # no schedule yet\n"
		      "  # eth1 is the uplink\n"
		      "  eth1:\n"
		      "    qdisc: etsn\n"
		      "    schedule:\n"
		      "      admin-control-list:\n"
		      "        - index: 0\n"
		      "          operation-name: set-gate-states\n"
		      "          gate-states-value: 0x80\n"
		      "          time-interval-value: 300\n"
		      "        - index: 1\n"
		      "          operation-name: set-and-release-mac\n"
		      "          gate-states-value: 0x7f\n"
		      "          time-interval-value: 700\n");
	expect_splice("interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn   # no schedule yet\n"
		      "  eth1: {qdisc: etsn}\n",
		      "eth0", s,
		      "interfaces:\n"
		      "  eth0:\n"
		      "    qdisc: etsn   # no schedule yet\n"
		      "    schedule:\n"
		      "      admin-control-list:\n"
		      "        - index: 0\n"
		      "          operation-name: set-gate-states\n"
		      "          gate-states-value: 0x80\n"
		      "          time-interval-value: 300\n"
		      "        - index: 1\n"
		      "          operation-name: set-and-release-mac\n"
		      "          gate-states-value: 0x7f\n"
		      "          time-interval-value: 700\n"
		      "  eth1: {qdisc: etsn}\n");
	free(s);
}

static void no_schedule_yet_flow(void **state)
{
	struct etsn_sched *s = sched_of("cycle-time 1s entry S 0xff 1s");

	(void)state;
	expect_splice("interfaces: {eth0: {qdisc: etsn}}  # one line\n", "eth0", s,
		      "interfaces: {eth0: {qdisc: etsn, schedule: {admin-cycle-time: 1s, admin-control-list: [{index: 0, operation-name: set-gate-states, gate-states-value: 0xff, time-interval-value: 1s}]}}}  # one line\n");
	free(s);
}

static void expect_refused(const char *in, const char *ifname, const char *why)
{
	struct etsn_sched *s = sched_of("entry S 0xff 1ms");
	char reason[256] = "";
	size_t len;

	assert_null(etsn_persist_splice(in, strlen(in), ifname, s, &len, reason, sizeof(reason)));
	assert_string_equal(why, reason);
	free(s);
}

static void refusals(void **state)
{
	(void)state;
	expect_refused("interfaces:\n  eth0:\n    qdisc: etsn\n", "eth9",
		       "the file has no interfaces.eth9 (changed since it was read?)");
	expect_refused("interfaces:\n  eth0:\n    qdisc: etsn\n    streams: []\n", "eth0",
		       "interfaces.eth0: its schedule is planned from streams; a written schedule would conflict");
	expect_refused("interfaces:\n  eth0:\n    schedule: 5\n", "eth0",
		       "interfaces.eth0.schedule at line 3 is not a mapping");
	expect_refused("interfaces: [\n", "eth0",
		       "the file does not parse: config:2:1: YAML syntax: did not find expected node content while parsing a flow node");
}

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/etsn-persist-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(0, fclose(f));
	assert_int_equal(0, chmod(path, mode));
}

static char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static size_t entries(void)
{
	DIR *d = opendir(dir);
	size_t n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;	/* . and .. */
}

static const char file_in[] =
	"# cell 7\n"
	"interfaces:\n"
	"  eth0:\n"
	"    qdisc: etsn\n"
	"    schedule:\n"
	"      clock: tai\n"
	"      admin-control-list:\n"
	"        - gate-states-value: 0xff\n"
	"          time-interval-value: 1ms\n"
	"    fallback-schedules:\n"
	"      open:   # same clock as the schedule\n"
	"        clock: tai\n"
	"        admin-control-list:\n"
	"          - gate-states-value: 0xff\n"
	"            time-interval-value: 1ms\n";

static void prepare_commit(void **state)
{
	struct etsn_sched *s = sched_of("clock tai entry S 0x80 250us entry S 0x7f 750us");
	struct etsn_persist p;
	char path[128], reason[256] = "";
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/edgetsnd.yaml", dir);
	write_file(path, file_in, 0640);
	assert_int_equal(0, etsn_persist_prepare(&p, path, "eth0", s, NULL, reason,
						 sizeof(reason)));
	/* Until committed the file is the old one, the new one beside it. */
	assert_string_equal(file_in, slurp(path));
	assert_int_equal(2, entries());
	assert_int_equal(0, etsn_persist_commit(&p, reason, sizeof(reason)));
	assert_int_equal(1, entries());
	assert_non_null(strstr(slurp(path), "# cell 7\n"));
	assert_non_null(strstr(slurp(path), "      open:   # same clock as the schedule\n"));
	assert_non_null(strstr(slurp(path), "          gate-states-value: 0x7f\n"
					    "          time-interval-value: 750us\n"
					    "    fallback-schedules:\n"));
	assert_int_equal(0, stat(path, &st));
	assert_int_equal(0640, st.st_mode & 07777);

	/* Abort: the file stays, nothing is left beside it. */
	write_file(path, file_in, 0600);
	assert_int_equal(0, etsn_persist_prepare(&p, path, "eth0", s, NULL, reason,
						 sizeof(reason)));
	etsn_persist_abort(&p);
	assert_string_equal(file_in, slurp(path));
	assert_int_equal(1, entries());
	free(s);
}

/* The splice works but the config parser refuses the result: a fallback
 * on another clock than the new schedule's.
 */
static void invalid_result_leaves_file(void **state)
{
	struct etsn_sched *s = sched_of("clock realtime entry S 0xff 1ms");
	struct etsn_persist p;
	char path[128], reason[512] = "", want[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/edgetsnd.yaml", dir);
	write_file(path, file_in, 0600);
	assert_int_equal(-EINVAL, etsn_persist_prepare(&p, path, "eth0", s, NULL, reason,
						       sizeof(reason)));
	snprintf(want, sizeof(want),
		 "the rewritten file would not be valid: %s:13:7: eth0.fallback-schedules.open: clock tai is not the schedule's (realtime); the kernel refuses a clock change while a schedule runs",
		 path);
	assert_string_equal(want, reason);
	assert_string_equal(file_in, slurp(path));
	assert_int_equal(1, entries());

	assert_int_equal(-ENOENT, etsn_persist_prepare(&p, "/nonexistent/e.yaml", "eth0", s, NULL,
						       reason, sizeof(reason)));
	assert_string_equal("/nonexistent/e.yaml: No such file or directory", reason);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(block_style_comments_kept),
		cmocka_unit_test(flow_style_kept),
		cmocka_unit_test(no_schedule_yet_block),
		cmocka_unit_test(no_schedule_yet_flow),
		cmocka_unit_test(refusals),
		cmocka_unit_test_setup_teardown(prepare_commit, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(invalid_result_leaves_file, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
