// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the event queue kept while the MQTT broker is away
 * (user/lib/agent_evq.c): FIFO order, the oldest giving way when full,
 * the drop count taken once, a queue of 0 keeping nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "lib/agent_evq.h"

static void fifo_and_overflow(void **state)
{
	struct etsn_evq q;
	char payload[16];

	(void)state;
	assert_int_equal(etsn_evq_init(&q, 3), 0);
	assert_null(etsn_evq_peek(&q));
	for (int i = 1; i <= 5; i++) {
		snprintf(payload, sizeof(payload), "{\"n\":%d}", i);
		assert_int_equal(etsn_evq_push(&q, "sync", payload), 0);
	}
	for (int i = 3; i <= 5; i++) {
		snprintf(payload, sizeof(payload), "{\"n\":%d}", i);
		assert_string_equal(etsn_evq_peek(&q)->kind, "sync");
		assert_string_equal(etsn_evq_peek(&q)->payload, payload);
		etsn_evq_pop(&q);
	}
	assert_null(etsn_evq_peek(&q));
	assert_int_equal(etsn_evq_take_dropped(&q), 2);
	assert_int_equal(etsn_evq_take_dropped(&q), 0);
	/* Wrapped around the ring and still in order. */
	etsn_evq_push(&q, "a", "1");
	etsn_evq_push(&q, "b", "2");
	assert_string_equal(etsn_evq_peek(&q)->kind, "a");
	etsn_evq_pop(&q);
	assert_string_equal(etsn_evq_peek(&q)->kind, "b");
	etsn_evq_free(&q);
}

static void zero_keeps_nothing(void **state)
{
	struct etsn_evq q;

	(void)state;
	assert_int_equal(etsn_evq_init(&q, 0), 0);
	assert_int_equal(etsn_evq_push(&q, "sync", "{}"), 0);
	assert_null(etsn_evq_peek(&q));
	etsn_evq_pop(&q);
	assert_int_equal(etsn_evq_take_dropped(&q), 1);
	etsn_evq_free(&q);
}

static void free_with_items(void **state)
{
	struct etsn_evq q;

	(void)state;
	assert_int_equal(etsn_evq_init(&q, 2), 0);
	etsn_evq_push(&q, "a", "1");
	etsn_evq_push(&q, "b", "2");
	etsn_evq_free(&q);	/* valgrind: nothing left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fifo_and_overflow),
		cmocka_unit_test(zero_keeps_nothing),
		cmocka_unit_test(free_with_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
