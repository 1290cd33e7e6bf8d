// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/json.c — nesting, commas, escaping, imbalance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/json.h"

struct buf {
	char *data;
	size_t len;
	FILE *f;
};

static void buf_open(struct buf *b, struct etsn_json *j)
{
	b->f = open_memstream(&b->data, &b->len);
	assert_non_null(b->f);
	etsn_json_init(j, b->f);
}

static void buf_close(struct buf *b)
{
	fclose(b->f);
}

static void nested_document(void **state)
{
	struct etsn_json j;
	struct buf b;

	(void)state;
	buf_open(&b, &j);
	etsn_json_open_object(&j, NULL);
	etsn_json_string(&j, "dev", "eth0");
	etsn_json_u64(&j, "cycle", 1000000);
	etsn_json_s64(&j, "base", -5);
	etsn_json_open_array(&j, "entries");
	etsn_json_open_object(&j, NULL);
	etsn_json_bool(&j, "hold", true);
	etsn_json_close_object(&j);
	etsn_json_u64(&j, NULL, 7);
	etsn_json_close_array(&j);
	etsn_json_null(&j, "module");
	etsn_json_close_object(&j);
	assert_true(etsn_json_finish(&j));
	buf_close(&b);
	assert_string_equal(b.data, "{\"dev\":\"eth0\",\"cycle\":1000000,\"base\":-5,"
				    "\"entries\":[{\"hold\":true},7],\"module\":null}\n");
	free(b.data);
}

/* -p: the same document indented by two spaces a level; empty containers
 * stay on one line.
 */
static void pretty_document(void **state)
{
	struct etsn_json j;
	struct buf b;

	(void)state;
	etsn_json_set_pretty(true);
	buf_open(&b, &j);
	etsn_json_set_pretty(false);
	etsn_json_open_object(&j, NULL);
	etsn_json_string(&j, "dev", "eth0");
	etsn_json_open_array(&j, "entries");
	etsn_json_open_object(&j, NULL);
	etsn_json_bool(&j, "hold", true);
	etsn_json_close_object(&j);
	etsn_json_u64(&j, NULL, 7);
	etsn_json_close_array(&j);
	etsn_json_open_array(&j, "none");
	etsn_json_close_array(&j);
	etsn_json_close_object(&j);
	assert_true(etsn_json_finish(&j));
	buf_close(&b);
	assert_string_equal(b.data, "{\n"
				    "  \"dev\": \"eth0\",\n"
				    "  \"entries\": [\n"
				    "    {\n"
				    "      \"hold\": true\n"
				    "    },\n"
				    "    7\n"
				    "  ],\n"
				    "  \"none\": []\n"
				    "}\n");
	free(b.data);
}

static void strings_are_escaped(void **state)
{
	struct etsn_json j;
	struct buf b;

	(void)state;
	buf_open(&b, &j);
	etsn_json_string(&j, NULL, "a\"b\\c\nd\te\x01");
	assert_true(etsn_json_finish(&j));
	buf_close(&b);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\nd\\te\\u0001\"\n");
	free(b.data);
}

static void unbalanced_is_reported(void **state)
{
	struct etsn_json j;
	struct buf b;

	(void)state;
	buf_open(&b, &j);
	etsn_json_open_object(&j, NULL);
	assert_false(etsn_json_finish(&j));
	buf_close(&b);
	free(b.data);

	buf_open(&b, &j);
	etsn_json_close_array(&j);
	assert_false(etsn_json_finish(&j));
	buf_close(&b);
	free(b.data);
}

static void too_deep_is_reported(void **state)
{
	struct etsn_json j;
	struct buf b;

	(void)state;
	buf_open(&b, &j);
	for (int i = 0; i < ETSN_JSON_MAX_DEPTH + 2; i++)
		etsn_json_open_array(&j, NULL);
	for (int i = 0; i < ETSN_JSON_MAX_DEPTH + 2; i++)
		etsn_json_close_array(&j);
	assert_false(etsn_json_finish(&j));
	buf_close(&b);
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_document),
		cmocka_unit_test(pretty_document),
		cmocka_unit_test(strings_are_escaped),
		cmocka_unit_test(unbalanced_is_reported),
		cmocka_unit_test(too_deep_is_reported),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
