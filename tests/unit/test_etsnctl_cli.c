// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the etsnctl binary as a user meets it — exit codes, messages on
 * stderr, JSON on stdout. The host never has edgetsn.ko loaded, so the
 * module version reads as absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static void version_json_without_module(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(0, run("-j version", out, sizeof(out)));
	assert_string_equal(out, "{\"etsnctl\":\"" EDGETSN_VERSION "\",\"module\":null}\n");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_command_exits_2_with_message),
		cmocka_unit_test(unknown_option_exits_2_with_usage),
		cmocka_unit_test(no_command_exits_2),
		cmocka_unit_test(version_json_without_module),
		cmocka_unit_test(version_rejects_arguments),
		cmocka_unit_test(help_exits_0),
	};

	return cmocka_run_group_tests_name("etsnctl_cli", tests, NULL, NULL);
}
