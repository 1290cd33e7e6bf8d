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
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
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
	assert_non_null(strstr(out, "usage: edgetsnd [-c FILE]"));
	assert_non_null(strstr(out, "edgetsnd --check [--offline] [FILE]"));
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

/* The daemon refuses to start on a file it cannot use, in the log format. */
static void daemon_bad_file_not_started(void **state)
{
	char out[4096], err[4096], path[] = "/tmp/edgetsnd-cli-XXXXXX", want[256];

	(void)state;
	assert_int_equal(1, run("-c /nonexistent/edgetsnd.yaml", out, err, sizeof(out)));
	assert_non_null(strstr(err, "<3>/nonexistent/edgetsnd.yaml:1:1: cannot open"));
	assert_non_null(strstr(err, "<3>/nonexistent/edgetsnd.yaml is not valid: not started"));
	write_file(path, "logging:\n  level: loud\n");
	assert_int_equal(1, run(strcat(strcpy(want, "-c "), path), out, err, sizeof(out)));
	snprintf(want, sizeof(want), "<3>%s:2:10: ", path);
	assert_non_null(strstr(err, want));
	assert_string_equal("", out);
	assert_int_equal(2, run("-c", out, err, sizeof(out)));
	assert_non_null(strstr(err, "edgetsnd: '-c' needs a FILE"));
	unlink(path);
}

/* Reads stderr lines of the daemon until one holds what; fails at EOF. */
static void wait_line(FILE *log, const char *what, char *line, size_t len)
{
	while (fgets(line, (int)len, log))
		if (strstr(line, what))
			return;
	fail_msg("edgetsnd's log ended before a line with '%s'", what);
}

static void rewrite(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A config with no interface needs no module: the loop itself, for real. */
static void daemon_reload_and_stop(void **state)
{
	char path[] = "/tmp/edgetsnd-cli-XXXXXX", line[1024], want[256], sock[64];
	int pipefd[2], status;
	FILE *log;
	pid_t pid;

	(void)state;
	/* A watchdog, not a timing check: a daemon that never logs what is
	 * awaited must not hang the suite.
	 */
	alarm(120);
	write_file(path, "logging:\n  level: info\n");
	/* Its own status socket: never the host's /run/edgetsn. */
	snprintf(sock, sizeof(sock), "%s.sock", path);
	assert_int_equal(0, pipe(pipefd));
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* Dies with the test, even when the watchdog ends it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(EDGETSND, EDGETSND, "-c", path, "-s", sock, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	log = fdopen(pipefd[0], "r");
	assert_non_null(log);
	wait_line(log, "apply (start)", line, sizeof(line));
	assert_string_equal("<6>apply (start): 0 changes, configuration in force\n", line);

	/* A broken file on reload: the reason at FILE:LINE:COL, nothing else. */
	rewrite(path, "logging:\n  level: info\ninterfaces: [\n");
	assert_int_equal(0, kill(pid, SIGHUP));
	snprintf(want, sizeof(want), "<3>%s:4:1: ", path);
	wait_line(log, want, line, sizeof(line));
	wait_line(log, "reload:", line, sizeof(line));
	snprintf(want, sizeof(want), "<3>reload: %s is not valid, the running configuration stays\n",
		 path);
	assert_string_equal(want, line);

	/* A good one again is applied. */
	rewrite(path, "logging:\n  level: debug\n");
	assert_int_equal(0, kill(pid, SIGHUP));
	wait_line(log, "apply (reload)", line, sizeof(line));
	assert_string_equal("<6>apply (reload): 0 changes, configuration in force\n", line);

	assert_int_equal(0, kill(pid, SIGTERM));
	wait_line(log, "stopping", line, sizeof(line));
	assert_non_null(strstr(line, "<6>"));
	assert_int_equal(pid, waitpid(pid, &status, 0));
	assert_true(WIFEXITED(status));
	assert_int_equal(0, WEXITSTATUS(status));
	fclose(log);
	unlink(path);
	alarm(0);
}

static void example_is_valid(void **state)
{
	char out[4096], err[4096];

	(void)state;
	assert_int_equal(0, run("--check --offline " EXAMPLE_CONFIG, out, err, sizeof(out)));
	assert_string_equal(EXAMPLE_CONFIG ": valid: 2 interfaces, 2 schedules, 2 PSFP streams, "
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
		cmocka_unit_test(daemon_bad_file_not_started),
		cmocka_unit_test(daemon_reload_and_stop),
		cmocka_unit_test(example_is_valid),
		cmocka_unit_test(errors_as_file_line_col),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(directory_is_not_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
