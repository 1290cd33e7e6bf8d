// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/psfp_batch.c, the reader of `etsnctl stream add dev DEV
 * batch FILE` — every line or none, FILE:LINE on the first bad one.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/psfp_batch.h"

/* Reads text as the batch file "b.txt". */
static int read_text(const char *text, struct etsn_psfp_batch *b, char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = etsn_psfp_batch_read(f, "b.txt", b, err, len);
	fclose(f);
	return ret;
}

static void lines_comments_and_blanks(void **state)
{
	struct etsn_psfp_batch b;
	char err[256] = "";

	(void)state;
	assert_int_equal(0, read_text("# streams\n\n"
				      "id 1 dst 02:00:5e:00:53:01 vlan 5   # camera\n"
				      "\t\n"
				      "id 2 ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 2 "
				      "unknown-policy drop\n", &b, err, sizeof(err)));
	assert_int_equal(2, b.n);
	assert_int_equal(1, b.r[0].id);
	assert_int_equal(2, b.r[1].id);
	assert_string_equal("b.txt:3: ", b.where[0]);
	assert_string_equal("b.txt:5: ", b.where[1]);
	assert_int_equal(ETSN_PSFP_UNKNOWN_DROP, b.policy);
	etsn_psfp_batch_free(&b);
}

static void first_bad_line_named(void **state)
{
	struct etsn_psfp_batch b;
	char err[256] = "";

	(void)state;
	assert_int_equal(-EINVAL, read_text("id 1 dst 02:00:5e:00:53:01\n"
					    "id 16384 dst 02:00:5e:00:53:02\n"
					    "id 3 bogus\n", &b, err, sizeof(err)));
	assert_non_null(strstr(err, "b.txt:2: "));
	assert_null(b.r);
	assert_int_equal(0, b.n);
}

static void policies_must_agree(void **state)
{
	struct etsn_psfp_batch b;
	char err[256] = "";

	(void)state;
	assert_int_equal(-EINVAL, read_text("id 1 dst 02:00:5e:00:53:01 unknown-policy pass\n"
					    "id 2 dst 02:00:5e:00:53:02 unknown-policy drop\n",
					    &b, err, sizeof(err)));
	assert_string_equal("b.txt:2: unknown-policy differs from an earlier line's", err);
}

static void too_many_words_and_empty_files(void **state)
{
	char line[400] = "id 1 dst 02:00:5e:00:53:01", err[256] = "";
	struct etsn_psfp_batch b;

	(void)state;
	for (int i = 0; i < 20; i++)
		strcat(line, " vlan 5");
	strcat(line, "\n");
	assert_int_equal(-EINVAL, read_text(line, &b, err, sizeof(err)));
	assert_string_equal("b.txt:1: more than 40 words", err);
	assert_int_equal(-EINVAL, read_text("# nothing\n\n", &b, err, sizeof(err)));
	assert_string_equal("b.txt holds no stream", err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_comments_and_blanks),
		cmocka_unit_test(first_bad_line_named),
		cmocka_unit_test(policies_must_agree),
		cmocka_unit_test(too_many_words_and_empty_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
