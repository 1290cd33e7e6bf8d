// SPDX-License-Identifier: GPL-2.0-or-later
/* Schedule synthesis: places every occurrence of every stream in one cycle
 * (the LCM of the intervals), then turns the windows into a gate control
 * list. The timeline is a treap of busy stretches ordered by start, where
 * a window that touches a stretch extends it: greedy placement packs
 * windows back to back, so a search jumps over whole runs of them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

uint64_t etsn_plan_frame_ns(uint32_t len, uint32_t overhead, uint32_t speed_mbps)
{
	uint64_t bits;

	if (len < ETSN_PLAN_MIN_FRAME)
		len = ETSN_PLAN_MIN_FRAME;
	bits = ((uint64_t)len + overhead) * 8;
	return (bits * 1000 + speed_mbps - 1) / speed_mbps;
}

struct node {
	uint64_t start, end;
	uint32_t prio;
	int32_t left, right;
};

struct timeline {
	struct node *nodes;
	uint32_t n, cap;
	int32_t root;
	uint32_t seed;
};

static uint32_t next_prio(struct timeline *t)
{
	/* xorshift32: any fixed sequence balances the treap on average. */
	t->seed ^= t->seed << 13;
	t->seed ^= t->seed >> 17;
	t->seed ^= t->seed << 5;
	return t->seed;
}

static int32_t insert(struct timeline *t, int32_t at, int32_t x)
{
	struct node *nd = t->nodes;
	int32_t c;

	if (at < 0)
		return x;
	if (nd[x].start < nd[at].start) {
		nd[at].left = insert(t, nd[at].left, x);
		c = nd[at].left;
		if (nd[c].prio > nd[at].prio) {
			nd[at].left = nd[c].right;
			nd[c].right = at;
			return c;
		}
	} else {
		nd[at].right = insert(t, nd[at].right, x);
		c = nd[at].right;
		if (nd[c].prio > nd[at].prio) {
			nd[at].right = nd[c].left;
			nd[c].left = at;
			return c;
		}
	}
	return at;
}

/* The first window that ends after t (windows are disjoint: ends rise
 * with starts), -1 if none.
 */
static int32_t first_end_after(const struct timeline *t, uint64_t at)
{
	int32_t x = t->root, best = -1;

	while (x >= 0) {
		if (t->nodes[x].end > at) {
			best = x;
			x = t->nodes[x].left;
		} else {
			x = t->nodes[x].right;
		}
	}
	return best;
}

/* Earliest start >= lo of a free stretch of len ending by hi; false if none. */
static bool fit(const struct timeline *t, uint64_t lo, uint64_t hi, uint64_t len,
		uint64_t *start)
{
	uint64_t at = lo;

	while (at + len <= hi) {
		int32_t x = first_end_after(t, at);

		if (x < 0 || t->nodes[x].start >= at + len) {
			*start = at;
			return true;
		}
		at = t->nodes[x].end;
	}
	return false;
}

/* Longest free stretch inside [lo, hi), for the reason of a failure. */
static uint64_t largest_gap(const struct timeline *t, uint64_t lo, uint64_t hi)
{
	uint64_t at = lo, best = 0;

	while (at < hi) {
		int32_t x = first_end_after(t, at);
		uint64_t free_end = x < 0 || t->nodes[x].start > hi ? hi :
				    t->nodes[x].start > at ? t->nodes[x].start : at;

		if (free_end - at > best)
			best = free_end - at;
		if (x < 0)
			break;
		at = t->nodes[x].end;
	}
	return best;
}

/* [a, b) is free: joins the stretch that ends at a or starts at b (their
 * order stays as it was), else becomes a stretch of its own.
 */
static void mark_busy(struct timeline *t, uint64_t a, uint64_t b)
{
	int32_t x = a ? first_end_after(t, a - 1) : -1;
	struct node *nd;

	if (x >= 0 && t->nodes[x].end == a) {
		t->nodes[x].end = b;
		return;
	}
	x = first_end_after(t, a);
	if (x >= 0 && t->nodes[x].start == b) {
		t->nodes[x].start = a;
		return;
	}
	nd = &t->nodes[t->n];
	*nd = (struct node){ .start = a, .end = b, .left = -1, .right = -1 };
	nd->prio = next_prio(t);
	t->root = insert(t, t->root, (int32_t)t->n++);
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

/* Each window's length: the guard band, then the occurrence's frames. */
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
		uint64_t need, spread = s->latest_offset - s->earliest_offset;

		r->tclass = s->tclass;
		if (r->tclass == ETSN_PLAN_NO_CLASS) {
			if (auto_class == ETSN_PLAN_NO_CLASS)
				return fail(err, errlen, "stream %s: no traffic class is left for the "
					    "planner to choose (1 to 7 are all named)", s->name),
				       -EINVAL;
			r->tclass = auto_class;
		}
		used |= 1U << r->tclass;
		r->wire_ns = s->max_frames * etsn_plan_frame_ns(s->max_frame_size, in->overhead,
								 in->speed_mbps);
		need = p->guard_ns + r->wire_ns;
		if (s->max_latency && spread + need > s->max_latency)
			return fail(err, errlen, "stream %s: max-latency %" PRIu64 "ns cannot be met: "
				    "%" PRIu64 "ns between earliest and latest transmit offset, "
				    "guard band %" PRIu64 "ns and frames %" PRIu64 "ns need %" PRIu64
				    "ns", s->name, s->max_latency, spread, p->guard_ns, r->wire_ns,
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
		return fail(err, errlen, "the cycle (%" PRIu64 "ns) is over-full by %" PRIu64 "ns: "
			    "streams need %" PRIu64 "ns with their guard bands, best effort %"
			    PRIu64 "ns", p->cycle, busy + be_need - p->cycle, busy, be_need),
		       -EINVAL;
	p->num_windows = (uint32_t)windows;
	p->be_gates = (uint8_t)~used;
	return 0;
}

static int place(const struct etsn_plan_input *in, struct etsn_plan *p, struct timeline *t,
		 char *err, size_t errlen)
{
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		struct etsn_plan_result *r = &p->results[i];
		uint64_t len = p->guard_ns + r->wire_ns, n = p->cycle / s->interval;
		uint64_t bound = s->max_latency && s->max_latency < s->interval ?
				 s->max_latency : s->interval;

		for (uint64_t k = 0; k < n; k++) {
			uint64_t base = k * s->interval, release = base + s->earliest_offset;
			uint64_t lo = base + s->latest_offset, hi = release + bound, at;

			if (hi > p->cycle)
				hi = p->cycle;
			if (!fit(t, lo, hi, len, &at)) {
				uint64_t gap = largest_gap(t, lo, hi);

				return fail(err, errlen, "stream %s: occurrence %" PRIu64 " of %" PRIu64
					    " (interval at %" PRIu64 "ns into the %" PRIu64 "ns cycle) "
					    "needs %" PRIu64 "ns between %" PRIu64 "ns and %" PRIu64
					    "ns (%s); the longest free stretch there is %" PRIu64
					    "ns: over-full by %" PRIu64 "ns", s->name, k + 1, n, base,
					    p->cycle, len, lo, hi,
					    hi == p->cycle && release + bound > p->cycle ? "cycle end" :
					    bound < s->interval ? "max-latency" : "next interval",
					    gap, len - gap), -EINVAL;
			}
			mark_busy(t, at, at + len);
			p->windows[p->num_windows++] = (struct etsn_plan_window){
				.start = at, .end = at + len, .stream = i, .occurrence = (uint32_t)k };
			if (at + len - release > r->latency_ns)
				r->latency_ns = at + len - release;
		}
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
	p->be_ns = p->cycle;
	for (uint32_t i = 0; i < p->num_windows; i++)
		p->be_ns -= p->windows[i].end - p->windows[i].start;
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
