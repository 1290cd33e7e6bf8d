// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsn_lat: how late timers fire here. Sleeps to absolute CLOCK_TAI
 * deadlines PERIOD_NS apart (SCHED_FIFO when allowed) and prints the
 * lateness of the wake-ups:
 *   lateness_ns n N p50 X p99 Y p999 Z max M
 * taprio and etsn switch gates from hrtimers on the same clock, so this
 * bounds how late a gate switch can come on this machine (a user-space
 * wake-up adds scheduling on top: an upper bound, not the hrtimer alone).
 *
 *   tsn_lat [COUNT [PERIOD_NS]]     defaults 2000 and 250000
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t now_tai(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_TAI, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long count = argc > 1 ? atol(argv[1]) : 2000;
	int64_t period = argc > 2 ? atoll(argv[2]) : 250000, next, *late;
	struct sched_param sp = { .sched_priority = 50 };
	long i;

	if (argc > 3 || count < 1 || period < 1000) {
		fprintf(stderr, "usage: tsn_lat [COUNT [PERIOD_NS >= 1000]]\n");
		return 2;
	}
	late = calloc((size_t)count, sizeof(*late));
	if (!late) {
		perror("tsn_lat");
		return 1;
	}
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		fprintf(stderr, "tsn_lat: no SCHED_FIFO, measuring as SCHED_OTHER\n");
	next = now_tai() + period;
	for (i = 0; i < count; i++) {
		struct timespec ts = { .tv_sec = next / 1000000000, .tv_nsec = next % 1000000000 };

		while (clock_nanosleep(CLOCK_TAI, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		late[i] = now_tai() - next;
		next += period;
		/* A long stall would make every next deadline late: skip ahead. */
		while (next < now_tai())
			next += period;
	}
	qsort(late, (size_t)count, sizeof(*late), cmp_i64);
	printf("lateness_ns n %ld p50 %" PRId64 " p99 %" PRId64 " p999 %" PRId64 " max %" PRId64 "\n",
	       count, late[count / 2], late[(count * 99 + 99) / 100 - 1],
	       late[(count * 999 + 999) / 1000 - 1], late[count - 1]);
	free(late);
	return 0;
}
