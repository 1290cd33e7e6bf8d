// SPDX-License-Identifier: GPL-2.0-or-later
/* Schedule synthesis: places every occurrence of every stream in one cycle
 * (the LCM of the intervals), each window with the guard band that what
 * was open before it needs, then turns the windows into a gate control
 * list. The busy time is a timeline of stretches (plan_timeline.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "plan_timeline.h"

uint64_t etsn_plan_frame_ns(uint32_t len, uint32_t overhead, uint32_t speed_mbps)
{
	uint64_t bits;

	if (len < ETSN_PLAN_MIN_FRAME)
		len = ETSN_PLAN_MIN_FRAME;
	bits = ((uint64_t)len + overhead) * 8;
	return (bits * 1000 + speed_mbps - 1) / speed_mbps;
}

static void fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

static int check_input(const struct etsn_plan_input *in, char *err, size_t errlen)
{
	if (!in->speed_mbps)
		return fail(err, errlen, "link-speed is required (Mb/s, not 0)"), -EINVAL;
	if (in->overhead > 1024)
		return fail(err, errlen, "overhead %" PRIu32 " is above 1024 bytes (the kernel's limit)",
			    in->overhead), -EINVAL;
	if (in->be_percent > 100)
		return fail(err, errlen, "best-effort share %" PRIu32 "%% is above 100%%",
			    in->be_percent), -EINVAL;
	if (!in->num_streams)
		return fail(err, errlen, "no streams to plan"), -EINVAL;
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];

		if (!s->interval || !s->max_frames || !s->max_frame_size)
			return fail(err, errlen, "stream %s: interval, max-frames-per-interval and "
				    "max-frame-size must not be 0", s->name), -EINVAL;
		if (s->earliest_offset > s->latest_offset || s->latest_offset >= s->interval)
			return fail(err, errlen, "stream %s: transmit offsets must satisfy earliest "
				    "<= latest < interval", s->name), -EINVAL;
		if (s->tclass != ETSN_PLAN_NO_CLASS && s->tclass >= EDGETSN_NUM_TC)
			return fail(err, errlen, "stream %s: class %u is above %d", s->name,
				    s->tclass, EDGETSN_NUM_TC - 1), -EINVAL;
		for (uint32_t k = 0; k < i; k++)
			if (strcmp(in->streams[k].name, s->name) == 0)
				return fail(err, errlen, "stream %s given twice", s->name), -EINVAL;
	}
	return 0;
}

/* The planner's class: the highest one no stream names, above 0 (best
 * effort keeps class 0). ETSN_PLAN_NO_CLASS if every one is taken.
 */
static uint8_t free_class(const struct etsn_plan_input *in)
{
	uint8_t named = 0;

	for (uint32_t i = 0; i < in->num_streams; i++)
		if (in->streams[i].tclass != ETSN_PLAN_NO_CLASS)
			named |= 1U << in->streams[i].tclass;
	for (int c = EDGETSN_NUM_TC - 1; c > 0; c--)
		if (!(named & (1U << c)))
			return (uint8_t)c;
	return ETSN_PLAN_NO_CLASS;
}

static int cycle_of(const struct etsn_plan_input *in, uint64_t *cycle, char *err, size_t errlen)
{
	uint64_t c = 1;

	for (uint32_t i = 0; i < in->num_streams; i++) {
		uint64_t iv = in->streams[i].interval, g = gcd(c, iv);

		if (c / g > ETSN_PLAN_MAX_CYCLE_NS / iv)
			return fail(err, errlen, "stream %s: with its interval %" PRIu64 "ns the "
				    "cycle (LCM of the intervals) would exceed %lluns",
				    in->streams[i].name, iv, ETSN_PLAN_MAX_CYCLE_NS), -EINVAL;
		c = c / g * iv;
	}
	*cycle = c;
	return 0;
}

/* The guard band a window of class cls needs after what was open before
 * it: best effort's longest frame (or 802.3br's uncut remainder when
 * best effort is preemptible), the other class's longest frame, or nothing
 * when its own class's gate was open.
 */
static uint64_t guard_after(const struct etsn_plan *p, uint8_t before, uint8_t cls)
{
	if (before == ETSN_PLAN_AFTER_BE)
		return p->guard_ns;
	return before == cls ? 0 : p->class_frame_ns[before];
}

/* The least guard band any placement can give stream i's windows: none if
 * they may follow a window of their own class (another stream's, or the
 * stream's own previous occurrence when its bound reaches the next one).
 */
static uint64_t least_guard(const struct etsn_plan_input *in, const struct etsn_plan *p,
			    uint32_t i, uint8_t used)
{
	const struct etsn_plan_stream *s = &in->streams[i];
	uint8_t cls = p->results[i].tclass;
	uint64_t least = p->guard_ns;

	if (!s->max_latency || s->max_latency >= s->interval)
		return 0;
	for (uint32_t k = 0; k < in->num_streams; k++)
		if (k != i && p->results[k].tclass == cls)
			return 0;
	for (int c = 0; c < EDGETSN_NUM_TC; c++)
		if (c != cls && (used & (1U << c)) && p->class_frame_ns[c] < least)
			least = p->class_frame_ns[c];
	return least;
}

/* Classes, wire times and each class's longest frame; then what no
 * placement can meet: a latency bound, an interval, the cycle.
 */
static int measure(const struct etsn_plan_input *in, struct etsn_plan *p,
		   char *err, size_t errlen)
{
	uint64_t busy = 0, windows = 0, be_need;
	uint8_t auto_class = free_class(in), used = 0;

	p->guard_ns = etsn_plan_frame_ns(in->preemption ? ETSN_PLAN_PREEMPT_HOLDOFF :
					 in->be_max_frame, in->overhead, in->speed_mbps);
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		struct etsn_plan_result *r = &p->results[i];
		uint64_t frame = etsn_plan_frame_ns(s->max_frame_size, in->overhead,
						    in->speed_mbps);

		r->tclass = s->tclass;
		if (r->tclass == ETSN_PLAN_NO_CLASS) {
			if (auto_class == ETSN_PLAN_NO_CLASS)
				return fail(err, errlen, "stream %s: no traffic class is left for the "
					    "planner to choose (1 to 7 are all named)", s->name),
				       -EINVAL;
			r->tclass = auto_class;
		}
		used |= 1U << r->tclass;
		r->wire_ns = s->max_frames * frame;
		if (frame > p->class_frame_ns[r->tclass])
			p->class_frame_ns[r->tclass] = frame;
	}
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		struct etsn_plan_result *r = &p->results[i];
		uint64_t spread = s->latest_offset - s->earliest_offset;
		uint64_t guard = least_guard(in, p, i, used), need = guard + r->wire_ns;

		if (s->max_latency && spread + need > s->max_latency)
			return fail(err, errlen, "stream %s: max-latency %" PRIu64 "ns cannot be met: "
				    "%" PRIu64 "ns between earliest and latest transmit offset, "
				    "guard band %" PRIu64 "ns and frames %" PRIu64 "ns need %" PRIu64
				    "ns", s->name, s->max_latency, spread, guard, r->wire_ns,
				    spread + need), -EINVAL;
		if (spread + need > s->interval)
			return fail(err, errlen, "stream %s: one occurrence needs %" PRIu64 "ns "
				    "(offset spread, guard band and frames), more than its interval "
				    "%" PRIu64 "ns", s->name, spread + need, s->interval), -EINVAL;
		windows += p->cycle / s->interval;
		busy += p->cycle / s->interval * need;
	}
	if (windows > ETSN_PLAN_MAX_WINDOWS)
		return fail(err, errlen, "%" PRIu64 " windows in the %" PRIu64 "ns cycle: more than "
			    "the planner's %u", windows, p->cycle, ETSN_PLAN_MAX_WINDOWS), -EINVAL;
	be_need = (p->cycle * in->be_percent + 99) / 100;
	if (busy + be_need > p->cycle)
		return fail(err, errlen, "the cycle (%" PRIu64 "ns) is over-full by at least %"
			    PRIu64 "ns: streams need at least %" PRIu64 "ns with their guard "
			    "bands, best effort %" PRIu64 "ns", p->cycle,
			    busy + be_need - p->cycle, busy, be_need), -EINVAL;
	p->num_windows = (uint32_t)windows;
	p->be_gates = (uint8_t)~used;
	return 0;
}

/* A free stretch [start, end) of the timeline and what borders it. */
struct gap {
	uint64_t start, end;
	uint8_t before;			/* class ending at start, or AFTER_BE */
	int32_t next;			/* stretch starting at end, or -1 */
};

/* The first free stretch at or after at (end <= the cycle); false if none. */
static bool next_gap(const struct timeline *t, uint64_t at, struct gap *g)
{
	int32_t x;

	for (;;) {
		if (at >= t->cycle)
			return false;
		x = etsn_tl_first_end_after(t, at);
		if (x < 0 || t->nodes[x].start > at)
			break;
		at = t->nodes[x].end;
	}
	g->start = at;
	if (x >= 0) {
		g->end = t->nodes[x].start;
		g->next = x;
	} else {
		g->end = t->cycle;
		x = etsn_tl_first_end_after(t, 0);	/* the cycle wraps */
		g->next = x >= 0 && t->nodes[x].start == 0 ? x : -1;
	}
	x = etsn_tl_ending_at(t, at);
	g->before = x >= 0 ? t->nodes[x].tail_class : ETSN_PLAN_AFTER_BE;
	return true;
}

/* Where a window of class cls with wire ns of frames may end in gap g
 * (bounded by hi): a window that ends against the next stretch must not
 * need a longer guard band there than that stretch's first window has.
 */
static uint64_t usable_end(const struct etsn_plan *p, const struct timeline *t,
			   const struct gap *g, uint64_t hi, uint8_t cls)
{
	const struct node *n = g->next >= 0 ? &t->nodes[g->next] : NULL;

	if (g->end <= hi && n && guard_after(p, cls, n->head_class) > n->head_guard)
		return g->end - 1;
	return g->end < hi ? g->end : hi;
}

/* The earliest window in [lo, hi) for cls and wire ns of frames: its
 * start, guard band and predecessor; false if none, with the least
 * shortfall of any gap there in *short_by and that gap in *best.
 */
static bool fit(const struct etsn_plan *p, const struct timeline *t, uint64_t lo, uint64_t hi,
		uint8_t cls, uint64_t wire, struct etsn_plan_window *w, uint64_t *short_by,
		struct gap *best)
{
	struct gap g;

	*short_by = UINT64_MAX;
	for (uint64_t at = lo; at + wire <= hi && next_gap(t, at, &g); at = g.end) {
		uint64_t guard = guard_after(p, g.before, cls), end = g.start + guard + wire;
		uint64_t lim = usable_end(p, t, &g, hi, cls);

		if (g.start >= hi)
			break;
		if (end <= lim) {
			w->start = g.start;
			w->end = end;
			w->guard_ns = guard;
			w->after = g.before;
			return true;
		}
		if (end - lim < *short_by) {
			*short_by = end - lim;
			*best = g;
		}
	}
	return false;
}

static int refuse_occurrence(const struct etsn_plan_input *in, const struct etsn_plan *p,
			     uint32_t i, uint64_t k, uint64_t n, uint64_t lo, uint64_t hi,
			     const char *bound, uint64_t short_by, const struct gap *g,
			     char *err, size_t errlen)
{
	const struct etsn_plan_stream *s = &in->streams[i];
	const struct etsn_plan_result *r = &p->results[i];
	int len = snprintf(err, errlen, "stream %s: occurrence %" PRIu64 " of %" PRIu64
			   " (interval at %" PRIu64 "ns into the %" PRIu64 "ns cycle) needs %"
			   PRIu64 "ns of frames and a guard band between %" PRIu64 "ns and %"
			   PRIu64 "ns (%s); ", s->name, k + 1, n, k * s->interval, p->cycle,
			   r->wire_ns, lo, hi, bound);

	if (len < 0 || (size_t)len >= errlen)
		return -EINVAL;
	if (short_by == UINT64_MAX)
		snprintf(err + len, errlen - len, "no time there is free");
	else if (g->before == ETSN_PLAN_AFTER_BE)
		snprintf(err + len, errlen - len, "the closest fit, at %" PRIu64 "ns after best "
			 "effort (guard band %" PRIu64 "ns), is over-full by %" PRIu64 "ns",
			 g->start, guard_after(p, g->before, r->tclass), short_by);
	else
		snprintf(err + len, errlen - len, "the closest fit, at %" PRIu64 "ns after class %u "
			 "(guard band %" PRIu64 "ns), is over-full by %" PRIu64 "ns", g->start,
			 g->before, guard_after(p, g->before, r->tclass), short_by);
	return -EINVAL;
}

/* Stream i's occurrences in the cycle of the streams up to it (the ones
 * before repeat into it first); windows never cross that cycle's end.
 */
static int place_stream(const struct etsn_plan_input *in, struct etsn_plan *p,
			struct timeline *t, uint32_t i, char *err, size_t errlen)
{
	const struct etsn_plan_stream *s = &in->streams[i];
	struct etsn_plan_result *r = &p->results[i];
	uint64_t n = t->cycle / s->interval;
	uint64_t bound = s->max_latency && s->max_latency < s->interval ?
			 s->max_latency : s->interval;

	for (uint64_t k = 0; k < n; k++) {
		uint64_t base = k * s->interval, release = base + s->earliest_offset;
		uint64_t lo = base + s->latest_offset, hi = release + bound, short_by;
		struct etsn_plan_window w = { .stream = i, .occurrence = (uint32_t)k };
		struct gap best;

		if (hi > t->cycle)
			hi = t->cycle;
		if (!fit(p, t, lo, hi, r->tclass, r->wire_ns, &w, &short_by, &best))
			return refuse_occurrence(in, p, i, k, n, lo, hi,
						 hi == t->cycle && release + bound > t->cycle ?
						 "cycle end" : bound < s->interval ? "max-latency" :
						 "next interval", short_by, &best, err, errlen);
		etsn_tl_mark_busy(t, w.start, w.end, r->tclass, w.guard_ns);
		p->windows[p->num_windows++] = w;
		if (w.end - release > r->latency_ns)
			r->latency_ns = w.end - release;
	}
	return 0;
}

/* The windows placed so far, repeated to fill a longer cycle. */
static void repeat_windows(struct etsn_plan *p, const struct etsn_plan_input *in,
			   uint64_t old, uint64_t cycle)
{
	uint32_t n = p->num_windows;

	for (uint64_t rep = 1; rep < cycle / old; rep++) {
		for (uint32_t j = 0; j < n; j++) {
			struct etsn_plan_window w = p->windows[j];
			uint64_t per = old / in->streams[w.stream].interval;

			w.start += rep * old;
			w.end += rep * old;
			w.occurrence += (uint32_t)(rep * per);
			p->windows[p->num_windows++] = w;
		}
	}
}

/* Streams in input order, each in the cycle of those up to it: the plan
 * of the first streams repeats unchanged in the plan with more.
 */
static int place(const struct etsn_plan_input *in, struct etsn_plan *p, struct timeline *t,
		 char *err, size_t errlen)
{
	t->cycle = in->streams[0].interval;
	for (uint32_t i = 0; i < in->num_streams; i++) {
		uint64_t iv = in->streams[i].interval;
		uint64_t cycle = t->cycle / gcd(t->cycle, iv) * iv;
		int ret;

		if (cycle != t->cycle) {
			repeat_windows(p, in, t->cycle, cycle);
			etsn_tl_repeat(t, cycle);
		}
		ret = place_stream(in, p, t, i, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct etsn_plan_window *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Entries as they are built: counted on past the kernel's limit, so
 * that a refusal can say how many the plan needs.
 */
struct gcl_builder {
	struct etsn_sched *s;
	uint32_t n;
	uint8_t op, gates;
};

static void add_entry(struct gcl_builder *b, uint8_t op, uint8_t gates, uint64_t len)
{
	if (b->n && b->op == op && b->gates == gates) {
		if (b->n <= EDGETSN_MAX_ENTRIES)
			b->s->entries[b->n - 1].interval += (uint32_t)len;
		return;
	}
	if (b->n < EDGETSN_MAX_ENTRIES)
		b->s->entries[b->n] = (struct etsn_sched_entry){ .op = op, .gates = gates,
								 .interval = (uint32_t)len };
	b->n++;
	b->op = op;
	b->gates = gates;
}

static int build_gcl(const struct etsn_plan_input *in, struct etsn_plan *p,
		     char *err, size_t errlen)
{
	uint8_t win_op = in->preemption ? EDGETSN_GATE_OP_SET_AND_HOLD : EDGETSN_GATE_OP_SET;
	uint8_t be_op = in->preemption ? EDGETSN_GATE_OP_SET_AND_RELEASE : EDGETSN_GATE_OP_SET;
	struct gcl_builder b = { .s = &p->sched };
	uint64_t at = 0;

	for (uint32_t i = 0; i < p->num_windows; i++) {
		const struct etsn_plan_window *w = &p->windows[i];

		if (w->start > at)
			add_entry(&b, be_op, p->be_gates, w->start - at);
		add_entry(&b, win_op, 1U << p->results[w->stream].tclass,
				w->end - w->start);
		at = w->end;
	}
	if (at < p->cycle)
		add_entry(&b, be_op, p->be_gates, p->cycle - at);
	if (b.n > EDGETSN_MAX_ENTRIES)
		return fail(err, errlen, "the schedule needs %" PRIu32 " entries, more than the "
			    "kernel's %d", b.n, EDGETSN_MAX_ENTRIES), -EINVAL;
	p->sched.num_entries = b.n;
	p->sched.has_cycle_time = true;
	p->sched.cycle_time = p->cycle;
	return 0;
}

/* The best-effort share, now that every guard band is known. */
static int check_best_effort(const struct etsn_plan_input *in, struct etsn_plan *p,
			     char *err, size_t errlen)
{
	uint64_t be_need = (p->cycle * in->be_percent + 99) / 100;

	p->be_ns = p->cycle;
	for (uint32_t i = 0; i < p->num_windows; i++)
		p->be_ns -= p->windows[i].end - p->windows[i].start;
	if (p->be_ns < be_need)
		return fail(err, errlen, "the cycle (%" PRIu64 "ns) is over-full by %" PRIu64 "ns: "
			    "streams need %" PRIu64 "ns with their guard bands, best effort %"
			    PRIu64 "ns", p->cycle, be_need - p->be_ns, p->cycle - p->be_ns,
			    be_need), -EINVAL;
	return 0;
}

void etsn_plan_free(struct etsn_plan *p)
{
	free(p->windows);
	free(p->results);
	memset(p, 0, sizeof(*p));
}

int etsn_plan_make(const struct etsn_plan_input *in, struct etsn_plan *out,
		   char *err, size_t errlen)
{
	struct timeline t = { .root = -1, .seed = 2463534242U };
	struct etsn_plan p = { 0 };
	uint32_t windows;
	int ret;

	ret = check_input(in, err, errlen);
	if (!ret)
		ret = cycle_of(in, &p.cycle, err, errlen);
	if (ret)
		return ret;
	p.results = calloc(in->num_streams, sizeof(*p.results));
	if (!p.results)
		goto nomem;
	ret = measure(in, &p, err, errlen);
	if (ret)
		goto out;
	windows = p.num_windows;
	p.num_windows = 0;	/* counts them as they are placed */
	t.nodes = malloc(sizeof(*t.nodes) * windows);
	p.windows = malloc(sizeof(*p.windows) * windows);
	if (!t.nodes || !p.windows)
		goto nomem;
	ret = place(in, &p, &t, err, errlen);
	if (ret)
		goto out;
	qsort(p.windows, p.num_windows, sizeof(*p.windows), by_start);
	ret = check_best_effort(in, &p, err, errlen);
	if (!ret)
		ret = build_gcl(in, &p, err, errlen);
	if (ret)
		goto out;
	*out = p;
	free(t.nodes);
	return 0;
nomem:
	fail(err, errlen, "out of memory");
	ret = -ENOMEM;
out:
	free(t.nodes);
	etsn_plan_free(&p);
	return ret;
}
