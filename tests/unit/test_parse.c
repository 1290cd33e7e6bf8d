// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/parse.c — every accepted form and every rejection. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/parse.h"

static void u64_accepts_plain_decimal(void **state)
{
	uint64_t v = 1;

	(void)state;
	assert_int_equal(0, etsn_parse_u64("0", &v));
	assert_int_equal(0, v);
	assert_int_equal(0, etsn_parse_u64("18446744073709551615", &v));
	assert_true(v == UINT64_MAX);
}

static void u64_rejects_junk_and_overflow(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(-EINVAL, etsn_parse_u64("", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64("-1", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64("+1", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64(" 1", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64("12x", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64("0x10", &v));
	assert_int_equal(-EINVAL, etsn_parse_u64(NULL, &v));
	assert_int_equal(-ERANGE, etsn_parse_u64("18446744073709551616", &v));
	assert_int_equal(7, v);
}

static void duration_units_and_fractions(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(0, etsn_parse_duration_ns("250000", &v));
	assert_int_equal(250000, v);
	assert_int_equal(0, etsn_parse_duration_ns("100ns", &v));
	assert_int_equal(100, v);
	assert_int_equal(0, etsn_parse_duration_ns("250us", &v));
	assert_int_equal(250000, v);
	assert_int_equal(0, etsn_parse_duration_ns("1ms", &v));
	assert_int_equal(1000000, v);
	assert_int_equal(0, etsn_parse_duration_ns("1.5ms", &v));
	assert_int_equal(1500000, v);
	assert_int_equal(0, etsn_parse_duration_ns("2s", &v));
	assert_int_equal(2000000000, v);
	assert_int_equal(0, etsn_parse_duration_ns("0.000000001s", &v));
	assert_int_equal(1, v);
}

static void duration_rejections(void **state)
{
	uint64_t v = 9;

	(void)state;
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("ms", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("1 ms", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("1min", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("1.ms", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("1.5ns", &v));  /* half a ns */
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("0.0000000001s", &v));
	assert_int_equal(-EINVAL, etsn_parse_duration_ns("-1ms", &v));
	assert_int_equal(-ERANGE, etsn_parse_duration_ns("18446744073710s", &v));
	assert_int_equal(-ERANGE, etsn_parse_duration_ns("99999999999999999999", &v));
	assert_int_equal(9, v);
}

static void time_relative_and_absolute(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(0, etsn_parse_time_ns("+1ms", 5000, &t));
	assert_int_equal(1005000, t);
	assert_int_equal(0, etsn_parse_time_ns("1700000000", 0, &t));
	assert_true(t == 1700000000000000000LL);
	assert_int_equal(0, etsn_parse_time_ns("1700000000.25", 0, &t));
	assert_true(t == 1700000000250000000LL);
	assert_int_equal(0, etsn_parse_time_ns("42ns", 0, &t));
	assert_int_equal(42, t);
	assert_int_equal(0, etsn_parse_time_ns("10s", 0, &t));
	assert_true(t == 10000000000LL);
}

static void time_rejections(void **state)
{
	int64_t t = 3;

	(void)state;
	assert_int_equal(-EINVAL, etsn_parse_time_ns("", 0, &t));
	assert_int_equal(-EINVAL, etsn_parse_time_ns("+", 0, &t));
	assert_int_equal(-EINVAL, etsn_parse_time_ns("now", 0, &t));
	assert_int_equal(-ERANGE, etsn_parse_time_ns("+1s", INT64_MAX - 10, &t));
	assert_int_equal(-ERANGE, etsn_parse_time_ns("9300000000", 0, &t));
	assert_int_equal(3, t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(u64_accepts_plain_decimal),
		cmocka_unit_test(u64_rejects_junk_and_overflow),
		cmocka_unit_test(duration_units_and_fractions),
		cmocka_unit_test(duration_rejections),
		cmocka_unit_test(time_relative_and_absolute),
		cmocka_unit_test(time_rejections),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
