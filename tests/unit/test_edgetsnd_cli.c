// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the edgetsnd binary as a user meets it — exit codes, the
 * FILE:LINE:COL lines on stderr, the summary of a valid file on stdout.
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

#ifndef EDGETSND
#error "EDGETSND: path of the binary under test, from the Makefile"
#endif
#ifndef EXAMPLE_CONFIG
#error "EXAMPLE_CONFIG: path of docs/edgetsnd.example.yaml, from the Makefile"
#endif

/* Runs edgetsnd with args; stdout to out, stderr to err. */
static int run(const char *args, char *out, char *err, size_t len)
{
	char errpath[] = "/tmp/edgetsnd-cli-XXXXXX", cmd[1024];
	size_t n;
	FILE *p, *e;
	int status, fd;

	fd = mkstemp(errpath);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s %s 2>%s", EDGETSND, args, errpath);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	status = pclose(p);
	e = fopen(errpath, "r");
	assert_non_null(e);
	n = fread(err, 1, len - 1, e);
	err[n] = '\0';
	fclose(e);
	unlink(errpath);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A config file with the given text; the path goes to path. */
static void write_file(char *path, const char *text)
{
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void help_and_version_exit_0(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(0, run("--help", out, err, sizeof(out)));
	assert_non_null(strstr(out, "usage: edgetsnd --check"));
	assert_int_equal(0, run("--version", out, err, sizeof(out)));
	assert_string_equal("edgetsnd " EDGETSN_VERSION "\n", out);
}

static void usage_errors_exit_2(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(2, run("--bogus", out, err, sizeof(out)));
	assert_non_null(strstr(err, "edgetsnd: unknown option '--bogus'"));
	assert_non_null(strstr(err, "usage: edgetsnd"));
	assert_int_equal(2, run("--check a.yaml b.yaml", out, err, sizeof(out)));
	assert_non_null(strstr(err, "edgetsnd: --check takes one FILE, got 2"));
	assert_int_equal(2, run("some.yaml", out, err, sizeof(out)));
	assert_non_null(strstr(err, "edgetsnd: a FILE without --check"));
}

/* No daemon yet: it says so and fails, rather than pretending to run. */
static void without_check_says_it_is_not_implemented(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(1, run("", out, err, sizeof(out)));
	assert_string_equal("edgetsnd: only --check is implemented in this version\n", err);
	assert_string_equal("", out);
}

static void example_is_valid(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(0, run("--check --offline " EXAMPLE_CONFIG, out, err, sizeof(out)));
	assert_string_equal(EXAMPLE_CONFIG ": valid: 1 interfaces, 2 schedules, 2 PSFP streams, "
			    "4 firewall and classifier rules; ptp on, mqtt off\n", out);
	assert_string_equal("", err);
}

/* Every error, in file order, then the count; nothing on stdout. */
static void errors_as_file_line_col(void **state)
{
	char path[] = "/tmp/edgetsnd-cfg-XXXXXX", out[4096], err[4096], args[256], want[1024];

	(void)state;
	write_file(path, "interfaces:\n  nosuch0:\n    qdisc: tsn\nptp:\n  domain: -1\n");
	snprintf(args, sizeof(args), "--check %s", path);
	assert_int_equal(2, run(args, out, err, sizeof(out)));
	snprintf(want, sizeof(want),
		 "%s:2:3: interfaces: no interface 'nosuch0' on this host (No such device)\n"
		 "%s:3:12: nosuch0.qdisc: unknown value 'tsn' (one of: none, etsn)\n"
		 "%s:5:11: ptp.domain: wrong type: '-1' is not a number\n"
		 "%s: 3 errors\n", path, path, path, path);
	assert_string_equal(want, err);
	assert_string_equal("", out);
	/* --offline leaves the host out: the other two remain. */
	snprintf(args, sizeof(args), "--check --offline %s", path);
	assert_int_equal(2, run(args, out, err, sizeof(out)));
	assert_null(strstr(err, "nosuch0' on this host"));
	assert_non_null(strstr(err, ": 2 errors\n"));
	unlink(path);
}

static void missing_file(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(2, run("--check /nonexistent/e.yaml", out, err, sizeof(out)));
	assert_string_equal("/nonexistent/e.yaml:1:1: cannot open: No such file or directory\n"
			    "/nonexistent/e.yaml: 1 error\n", err);
}

static void directory_is_not_a_file(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(2, run("--check /", out, err, sizeof(out)));
	assert_string_equal("/:1:1: cannot read: Is a directory\n/: 1 error\n", err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_and_version_exit_0),
		cmocka_unit_test(usage_errors_exit_2),
		cmocka_unit_test(without_check_says_it_is_not_implemented),
		cmocka_unit_test(example_is_valid),
		cmocka_unit_test(errors_as_file_line_col),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(directory_is_not_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
