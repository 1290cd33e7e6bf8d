// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/out.c — one call sequence gives the text form or the
 * JSON document, never a mix of the two.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/out.h"

/* What an action command prints: the same calls for both forms. */
static char *render(bool json)
{
	struct etsn_out o;
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	etsn_out_begin(&o, f, json);
	etsn_out_str(&o, "ifname", "%s:", "a0");
	etsn_out_str(&o, "action", NULL, "added");
	etsn_out_u64(&o, "id", " stream %" PRIu64, 7);
	etsn_out_open(&o, "key", " (");
	etsn_out_str(&o, "dst", "dst %s", "02:00:00:00:00:01");
	etsn_out_u64(&o, "vlan", " vlan %" PRIu64, 5);
	etsn_out_close(&o);
	etsn_out_text(&o, ")");
	etsn_out_s64(&o, "offset_ns", " offset %" PRId64, -3);
	etsn_out_bool(&o, "drop_yellow", " yellow %s", true, "dropped", "passed");
	etsn_out_open_array(&o, "ids", NULL);
	etsn_out_u64(&o, ETSN_OUT_ITEM, NULL, 1);
	etsn_out_u64(&o, NULL, " text only", 2);
	etsn_out_close_array(&o);
	etsn_out_text(&o, "\n");
	assert_true(etsn_out_end(&o));
	fclose(f);
	return data;
}

static void text_form(void **state)
{
	char *s = render(false);

	(void)state;
	assert_string_equal(s, "a0: stream 7 (dst 02:00:00:00:00:01 vlan 5) offset -3 yellow dropped text only\n");
	free(s);
}

static void json_form(void **state)
{
	char *s = render(true);

	(void)state;
	assert_string_equal(s, "{\"ifname\":\"a0\",\"action\":\"added\",\"id\":7,"
			       "\"key\":{\"dst\":\"02:00:00:00:00:01\",\"vlan\":5},"
			       "\"offset_ns\":-3,\"drop_yellow\":true,\"ids\":[1]}\n");
	free(s);
}

static void unbalanced_is_reported(void **state)
{
	struct etsn_out o;
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	(void)state;
	etsn_out_begin(&o, f, true);
	etsn_out_open(&o, "x", NULL);
	assert_false(etsn_out_end(&o));
	fclose(f);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_form),
		cmocka_unit_test(json_form),
		cmocka_unit_test(unbalanced_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
