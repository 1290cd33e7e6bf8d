// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: schedule synthesis. Properties over thousands of random stream
 * sets (fixed seed), each checked against arithmetic done here afresh (a
 * window's guard band against the gates the GCL opens just before it);
 * detd's two failures as regressions; the precise reasons of refusals.
 * ETSN_PLAN_SETS sets the number of random sets (default 3000: about 5 s
 * under valgrind).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/plan.h"

#define MAX_STREAMS 8

static uint64_t rng = 0x5eed5eed12345678ULL;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

/* Some harmonic, some not, so that the LCM is more than the longest. */
static const uint64_t periods[] = {
	125000, 250000, 500000, 1000000, 1500000, 2000000, 3000000, 4000000, 5000000,
	10000000, 20000000,
};

static void random_stream(struct etsn_plan_stream *s, unsigned i)
{
	uint64_t iv = periods[rnd(sizeof(periods) / sizeof(periods[0]))];

	*s = (struct etsn_plan_stream){ .interval = iv, .tclass = ETSN_PLAN_NO_CLASS };
	snprintf(s->name, sizeof(s->name), "s%u", i);
	s->max_frames = 1 + (uint32_t)rnd(4);
	s->max_frame_size = 40 + (uint32_t)rnd(1480);
	if (rnd(2)) {
		s->earliest_offset = rnd(iv / 4);
		s->latest_offset = s->earliest_offset + rnd(iv / 4);
	}
	if (rnd(3) == 0)
		s->max_latency = 20000 + rnd(iv);
	if (rnd(2))
		s->tclass = (uint8_t)(1 + rnd(7));
}

static void random_input(struct etsn_plan_input *in, struct etsn_plan_stream *streams)
{
	static const uint32_t speeds[] = { 100, 1000, 2500, 10000 };

	*in = (struct etsn_plan_input){
		.speed_mbps = speeds[rnd(4)], .overhead = 24, .be_max_frame = 1514,
		.be_percent = (uint32_t)rnd(40), .preemption = rnd(2),
		.num_streams = 1 + (uint32_t)rnd(MAX_STREAMS), .streams = streams,
	};
	for (unsigned i = 0; i < in->num_streams; i++)
		random_stream(&streams[i], i);
}

/* Afresh: the smallest multiple of the longest interval all divide. */
static uint64_t lcm_by_search(const struct etsn_plan_input *in)
{
	uint64_t top = 0, c;
	bool all;

	for (unsigned i = 0; i < in->num_streams; i++)
		if (in->streams[i].interval > top)
			top = in->streams[i].interval;
	for (c = top;; c += top) {
		all = true;
		for (unsigned i = 0; i < in->num_streams; i++)
			all &= c % in->streams[i].interval == 0;
		if (all)
			return c;
	}
}

static uint64_t wire_ns(const struct etsn_plan_input *in, uint32_t len)
{
	uint64_t bits = ((len < 60 ? 60 : len) + (uint64_t)in->overhead) * 8;
	uint64_t ns = bits * 1000 / in->speed_mbps;

	return ns * in->speed_mbps < bits * 1000 ? ns + 1 : ns;
}

/* The gates in force at t into the cycle, and the op of that entry. */
static uint8_t gates_at(const struct etsn_sched *s, uint64_t t, uint64_t *entry_end)
{
	uint64_t at = 0;

	for (uint32_t i = 0; i < s->num_entries; i++) {
		at += s->entries[i].interval;
		if (t < at) {
			*entry_end = at;
			return s->entries[i].gates;
		}
	}
	fail_msg("t %llu is beyond the cycle", (unsigned long long)t);
	return 0;
}

/* Each class's longest frame on the wire among streams [0, n). */
static void class_frames(const struct etsn_plan_input *in, const struct etsn_plan *p,
			 uint32_t n, uint64_t *frame)
{
	memset(frame, 0, sizeof(uint64_t) * EDGETSN_NUM_TC);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t f = wire_ns(in, in->streams[i].max_frame_size);
		uint8_t c = p->results[i].tclass;

		if (f > frame[c])
			frame[c] = f;
	}
}

/* Kinds of predecessor the guard bands were checked against, over all sets. */
static unsigned after_be, after_same, after_other;

/* The guard band a window needs, from the gates open just before it in the
 * GCL (the cycle wraps): best effort's longest frame (123 bytes when it is
 * preemptible), another class's longest frame, nothing after its own class.
 */
static uint64_t guard_needed(const struct etsn_plan_input *in, const struct etsn_plan *p,
			     const uint64_t *frame, const struct etsn_plan_window *w)
{
	uint64_t end, before = (w->start ? w->start : p->cycle) - 1;
	uint8_t g = gates_at(&p->sched, before, &end), own = 1U << p->results[w->stream].tclass;

	if (g & p->be_gates) {
		after_be++;
		return wire_ns(in, in->preemption ? 123 : in->be_max_frame);
	}
	if (g == own) {
		after_same++;
		return 0;
	}
	assert_int_equal(__builtin_popcount(g), 1);	/* a stream window: one class */
	after_other++;
	return frame[__builtin_ctz(g)];
}

/* Every property the plan promises, checked from the input and the GCL. */
static void check_plan(const struct etsn_plan_input *in, const struct etsn_plan *p)
{
	uint64_t sum = 0, frame[EDGETSN_NUM_TC];
	uint32_t count[MAX_STREAMS + 2] = { 0 };

	assert_int_equal(p->cycle, lcm_by_search(in));
	assert_true(p->sched.has_cycle_time);
	assert_int_equal(p->sched.cycle_time, p->cycle);
	assert_true(p->sched.num_entries >= 1 && p->sched.num_entries <= EDGETSN_MAX_ENTRIES);
	for (uint32_t i = 0; i < p->sched.num_entries; i++) {
		assert_true(p->sched.entries[i].interval > 0);
		sum += p->sched.entries[i].interval;
	}
	assert_int_equal(sum, p->cycle);
	assert_int_equal(p->guard_ns, wire_ns(in, in->preemption ? 123 : in->be_max_frame));
	class_frames(in, p, in->num_streams, frame);
	for (uint32_t i = 0; i < p->num_windows; i++) {
		const struct etsn_plan_window *w = &p->windows[i];
		const struct etsn_plan_stream *s = &in->streams[w->stream];
		uint64_t frames = s->max_frames * wire_ns(in, s->max_frame_size);
		uint64_t base = w->occurrence * s->interval, release = base + s->earliest_offset;
		uint8_t cls = p->results[w->stream].tclass, bit = (uint8_t)(1U << cls);
		uint64_t t, entry_end = 0, guard = guard_needed(in, p, frame, w);

		if (i + 1 < p->num_windows)
			assert_true(w->end <= p->windows[i + 1].start);	/* no overlap */
		/* Frames after the guard band its predecessor needs, and the
		 * reported guard band is at least that.
		 */
		assert_true(w->end - w->start >= guard + frames);
		assert_true(w->guard_ns >= guard);
		assert_true(w->end - w->start >= w->guard_ns + frames);
		assert_true(w->start >= base + s->latest_offset);	/* frames are there */
		assert_true(w->end <= p->cycle);
		assert_true(w->end - release <= s->interval);	/* done before the next */
		assert_true(w->end - release <= p->results[w->stream].latency_ns);
		if (s->max_latency)
			assert_true(p->results[w->stream].latency_ns <= s->max_latency);
		if (s->tclass != ETSN_PLAN_NO_CLASS)
			assert_int_equal(cls, s->tclass);
		/* The class's gate is open over the whole window, and only
		 * stream classes' gates are (best effort is shut out).
		 */
		for (t = w->start; t < w->end; t = entry_end) {
			uint8_t g = gates_at(&p->sched, t, &entry_end);

			assert_true(g & bit);
			assert_false(g & p->be_gates);
		}
		count[w->stream]++;
	}
	for (uint32_t i = 0; i < in->num_streams; i++)
		assert_int_equal(count[i], p->cycle / in->streams[i].interval);
	assert_true(p->be_ns * 100 >= p->cycle * in->be_percent);
}

/* Whether the last stream makes a class that earlier streams use guard
 * longer frames: the guard bands after that class's windows grow, so the
 * earlier streams' windows may not stay where they were.
 */
static bool lengthens_a_class(const struct etsn_plan_input *in, const struct etsn_plan *p)
{
	uint64_t frame[EDGETSN_NUM_TC];
	uint32_t last = in->num_streams - 1;
	uint8_t c = p->results[last].tclass;

	class_frames(in, p, last, frame);
	return frame[c] && wire_ns(in, in->streams[last].max_frame_size) > frame[c];
}

/* Old windows come back at the same offsets in every old cycle of new. */
static void check_kept(const struct etsn_plan *old, const struct etsn_plan *new)
{
	uint32_t j = 0;

	assert_int_equal(new->cycle % old->cycle, 0);
	for (uint64_t rep = 0; rep < new->cycle / old->cycle; rep++) {
		for (uint32_t i = 0; i < old->num_windows; i++) {
			uint64_t start = old->windows[i].start + rep * old->cycle;

			while (j < new->num_windows && new->windows[j].start < start)
				j++;
			assert_true(j < new->num_windows);
			assert_int_equal(new->windows[j].start, start);
			assert_int_equal(new->windows[j].end, old->windows[i].end + rep * old->cycle);
			assert_int_equal(new->windows[j].stream, old->windows[i].stream);
		}
	}
}

static unsigned num_sets(void)
{
	const char *env = getenv("ETSN_PLAN_SETS");

	if (env)
		return (unsigned)strtoul(env, NULL, 10);
	return 3000;
}

static void random_sets_keep_every_property(void **state)
{
	struct etsn_plan_stream streams[MAX_STREAMS];
	unsigned sets = num_sets(), planned = 0, grown = 0, regrown = 0, refused = 0;
	struct etsn_plan_input in;
	char err[512];

	(void)state;
	for (unsigned n = 0; n < sets; n++) {
		struct etsn_plan old, new;

		random_input(&in, streams);
		in.num_streams--;	/* plan without the last, then with it */
		if (!in.num_streams || etsn_plan_make(&in, &old, err, sizeof(err))) {
			in.num_streams++;
			if (etsn_plan_make(&in, &new, err, sizeof(err)) == 0) {
				check_plan(&in, &new);
				etsn_plan_free(&new);
				planned++;
			} else {
				assert_true(strlen(err) > 0);
				refused++;
			}
			continue;
		}
		check_plan(&in, &old);
		planned++;
		in.num_streams++;
		memset(&new, 0, sizeof(new));
		if (etsn_plan_make(&in, &new, err, sizeof(err)) == 0) {
			check_plan(&in, &new);
			if (lengthens_a_class(&in, &new)) {
				regrown++;	/* every stream still checked above */
			} else {
				check_kept(&old, &new);
				grown++;
			}
			etsn_plan_free(&new);
		} else {
			/* All or nothing: a refused plan leaves nothing behind. */
			assert_null(new.windows);
			if (!strstr(err, "over-full") && strncmp(err, "stream s", 8) &&
			    !strstr(err, "entries, more than"))
				fail_msg("refused without a precise reason: %s", err);
			refused++;
		}
		etsn_plan_free(&old);
	}
	print_message("plan: %u sets: %u planned, %u grown by a stream (%u of them with a "
		      "longer frame in a used class), %u refused; windows after best effort "
		      "%u, after their own class %u, after another class %u\n", sets, planned,
		      grown + regrown, regrown, refused, after_be, after_same, after_other);
	/* The generator must exercise every outcome and every kind of guard
	 * band, or the test proves little.
	 */
	assert_true(grown > sets / 10);
	assert_true(refused > sets / 20);
	assert_true(after_be > sets && after_same > sets / 10 && after_other > sets / 10);
}

static void one_stream(struct etsn_plan_input *in, struct etsn_plan_stream *s,
		       uint64_t interval)
{
	*s = (struct etsn_plan_stream){ .interval = interval, .max_frames = 1,
					.max_frame_size = 1500, .tclass = ETSN_PLAN_NO_CLASS };
	snprintf(s->name, sizeof(s->name), "t%llu", (unsigned long long)interval);
	*in = (struct etsn_plan_input){ .speed_mbps = 1000, .overhead = 24,
					.be_max_frame = 1514, .num_streams = 1, .streams = s };
}

/* detd: a 20 ms stream at 1 Gb/s gave 19,999,998 ns of intervals. */
static void detd_20ms_stream_sums_to_its_period(void **state)
{
	struct etsn_plan_stream s;
	struct etsn_plan_input in;
	struct etsn_plan p;
	char err[256];
	uint64_t sum = 0;

	(void)state;
	one_stream(&in, &s, 20000000);
	assert_int_equal(0, etsn_plan_make(&in, &p, err, sizeof(err)));
	for (uint32_t i = 0; i < p.sched.num_entries; i++)
		sum += p.sched.entries[i].interval;
	assert_int_equal(sum, 20000000);
	assert_int_equal(p.sched.cycle_time, 20000000);
	etsn_plan_free(&p);
}

/* detd: a 2 ms stream added after a 4 ms one was checked at its first
 * occurrence only and overlapped the 4 ms stream at its second. The 4 ms
 * stream sends at 2 ms into its interval, where the second occurrence of
 * the 2 ms stream wants to be.
 */
static void detd_second_occurrence_does_not_overlap(void **state)
{
	struct etsn_plan_stream s[2];
	struct etsn_plan_input in;
	struct etsn_plan p;
	char err[256];

	(void)state;
	one_stream(&in, &s[0], 4000000);
	s[0].earliest_offset = s[0].latest_offset = 2000000;
	s[1] = s[0];
	snprintf(s[1].name, sizeof(s[1].name), "t2ms");
	s[1].interval = 2000000;
	s[1].earliest_offset = s[1].latest_offset = 0;
	in.num_streams = 2;
	assert_int_equal(0, etsn_plan_make(&in, &p, err, sizeof(err)));
	assert_int_equal(p.cycle, 4000000);
	assert_int_equal(p.num_windows, 3);
	/* Window 0: 2 ms stream at 0; 1: the 4 ms stream at 2 ms; 2: the 2 ms
	 * stream's second occurrence, after it.
	 */
	assert_int_equal(p.windows[1].stream, 0);
	assert_int_equal(p.windows[1].start, 2000000);
	assert_int_equal(p.windows[2].stream, 1);
	assert_int_equal(p.windows[2].occurrence, 1);
	assert_int_equal(p.windows[2].start, p.windows[1].end);
	check_plan(&in, &p);
	etsn_plan_free(&p);
}

/* docs/synthesis.md's example: io's window follows motion's (class 7), so
 * its guard band is class 7's longest frame (video's 1000 bytes), not best
 * effort's 1514; with preemption on, best effort's shrinks to 123 bytes.
 */
static void guard_bands_follow_what_was_open(void **state)
{
	struct etsn_plan_stream s[3] = {
		{ .name = "motion", .interval = 1000000, .max_frames = 1, .max_frame_size = 128,
		  .max_latency = 50000, .tclass = ETSN_PLAN_NO_CLASS },
		{ .name = "io", .interval = 2000000, .max_frames = 2, .max_frame_size = 300,
		  .tclass = 5 },
		{ .name = "video", .interval = 4000000, .max_frames = 4, .max_frame_size = 1000,
		  .latest_offset = 100000, .tclass = ETSN_PLAN_NO_CLASS },
	};
	struct etsn_plan_input in = { .speed_mbps = 1000, .overhead = 24, .be_max_frame = 1514,
				      .be_percent = 20, .num_streams = 3, .streams = s };
	struct etsn_plan p;
	char err[256];

	(void)state;
	assert_int_equal(0, etsn_plan_make(&in, &p, err, sizeof(err)));
	check_plan(&in, &p);
	assert_int_equal(p.windows[0].guard_ns, 12304);		/* motion, (1514 + 24) * 8 */
	assert_int_equal(p.windows[0].after, ETSN_PLAN_AFTER_BE);
	assert_int_equal(p.windows[1].stream, 1);
	assert_int_equal(p.windows[1].start, 13520);
	assert_int_equal(p.windows[1].guard_ns, 8192);		/* io, (1000 + 24) * 8 */
	assert_int_equal(p.windows[1].after, 7);
	assert_int_equal(p.windows[1].end - p.windows[1].start, 8192 + 5184);
	etsn_plan_free(&p);
	in.preemption = true;
	assert_int_equal(0, etsn_plan_make(&in, &p, err, sizeof(err)));
	check_plan(&in, &p);
	assert_int_equal(p.windows[0].guard_ns, 1176);		/* (123 + 24) * 8 */
	assert_int_equal(p.windows[1].guard_ns, 8192);
	etsn_plan_free(&p);
}

static void refusal_says(struct etsn_plan_input *in, const char *reason)
{
	struct etsn_plan p;
	char err[512];

	memset(&p, 0, sizeof(p));
	assert_int_equal(-EINVAL, etsn_plan_make(in, &p, err, sizeof(err)));
	if (!strstr(err, reason))
		fail_msg("'%s' does not contain '%s'", err, reason);
	assert_null(p.windows);
}

static void refusals_name_stream_occurrence_and_excess(void **state)
{
	struct etsn_plan_stream s[2];
	struct etsn_plan_input in;

	(void)state;
	/* 1500 bytes + 24 at 1 Gb/s: 12192ns, plus a 12304ns guard band
	 * (1514 + 24 bytes); best effort wants 2500ns.
	 */
	one_stream(&in, &s[0], 25000);
	in.be_percent = 10;
	refusal_says(&in, "the cycle (25000ns) is over-full by 1996ns: streams need 24496ns "
		     "with their guard bands, best effort 2500ns");
	one_stream(&in, &s[0], 1000000);
	s[0].max_latency = 20000;
	refusal_says(&in, "stream t1000000: max-latency 20000ns cannot be met");
	/* Two streams wanting the same instant, the second bounded to 30 us. */
	one_stream(&in, &s[0], 1000000);
	s[1] = s[0];
	snprintf(s[1].name, sizeof(s[1].name), "late");
	s[1].max_latency = 30000;
	in.num_streams = 2;
	/* late's closest fit is right after a's window, in the same class
	 * (no guard band): 12192ns of frames in the 5504ns left.
	 */
	refusal_says(&in, "stream late: occurrence 1 of 1 (interval at 0ns into the 1000000ns "
		     "cycle) needs 12192ns of frames and a guard band between 0ns and 30000ns "
		     "(max-latency); the closest fit, at 24496ns after class 7 (guard band 0ns), "
		     "is over-full by 6688ns");
	one_stream(&in, &s[0], 999999937);	/* prime: LCM with 1 ms is too long */
	s[1] = s[0];
	s[1].interval = 1000000;
	snprintf(s[1].name, sizeof(s[1].name), "ms");
	in.num_streams = 2;
	refusal_says(&in, "stream ms: with its interval 1000000ns the cycle (LCM of the "
		     "intervals) would exceed 1000000000ns");
	/* 10^7 + 1 windows in a 1 s cycle: more than the planner holds. */
	s[0].interval = 1000000000;
	s[1].interval = 100;
	s[0].max_frame_size = s[1].max_frame_size = 60;
	in.speed_mbps = 4000000;
	in.preemption = true;
	refusal_says(&in, "10000001 windows in the 1000000000ns cycle: more than the planner's "
		     "1048576");
}

/* What sched plan prints reads back as the same schedule file. */
static void printed_plan_reads_back(void **state)
{
	char path[] = "/tmp/test_plan_XXXXXX", err[256];
	struct etsn_plan_stream s[2];
	struct etsn_plan_input in;
	struct etsn_sched *back = malloc(sizeof(*back));
	struct etsn_plan p;
	FILE *f;
	int fd;

	(void)state;
	assert_non_null(back);
	one_stream(&in, &s[0], 1000000);
	s[1] = s[0];
	s[1].interval = 3000000;
	s[1].tclass = 4;
	snprintf(s[1].name, sizeof(s[1].name), "three");
	in.num_streams = 2;
	in.preemption = true;
	assert_int_equal(0, etsn_plan_make(&in, &p, err, sizeof(err)));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	etsn_plan_print(f, &in, &p);
	fclose(f);
	assert_int_equal(0, etsn_sched_parse_file(back, path, NULL, err, sizeof(err)));
	unlink(path);
	assert_int_equal(back->cycle_time, 3000000);
	assert_int_equal(back->num_entries, p.sched.num_entries);
	assert_memory_equal(back->entries, p.sched.entries,
			    p.sched.num_entries * sizeof(back->entries[0]));
	/* Preemption: windows hold preemptible traffic, gaps release it. */
	assert_int_equal(back->entries[0].op, EDGETSN_GATE_OP_SET_AND_HOLD);
	assert_int_equal(back->entries[back->num_entries - 1].op,
			 EDGETSN_GATE_OP_SET_AND_RELEASE);
	etsn_plan_free(&p);
	free(back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_sets_keep_every_property),
		cmocka_unit_test(detd_20ms_stream_sums_to_its_period),
		cmocka_unit_test(detd_second_occurrence_does_not_overlap),
		cmocka_unit_test(guard_bands_follow_what_was_open),
		cmocka_unit_test(refusals_name_stream_occurrence_and_excess),
		cmocka_unit_test(printed_plan_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
