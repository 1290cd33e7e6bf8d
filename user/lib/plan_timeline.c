// SPDX-License-Identifier: GPL-2.0-or-later
/* The planner's timeline: a treap of busy stretches ordered by start,
 * where a window that touches a stretch extends it. Greedy placement packs
 * windows back to back, so a search jumps over whole runs of them.
 */
#include "plan_timeline.h"

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

static void add_node(struct timeline *t, const struct node *proto)
{
	struct node *nd = &t->nodes[t->n];

	*nd = *proto;
	nd->left = -1;
	nd->right = -1;
	nd->prio = next_prio(t);
	t->root = insert(t, t->root, (int32_t)t->n++);
}

/* The first stretch that ends after t (stretches are disjoint: ends rise
 * with starts), -1 if none.
 */
int32_t etsn_tl_first_end_after(const struct timeline *t, uint64_t at)
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

/* The stretch ending exactly at t (the cycle's end for 0), -1 if none. */
int32_t etsn_tl_ending_at(const struct timeline *t, uint64_t at)
{
	int32_t x;

	if (!at)
		at = t->cycle;
	x = etsn_tl_first_end_after(t, at - 1);
	return x >= 0 && t->nodes[x].end == at ? x : -1;
}

/* [a, b) is free: joins the stretch that ends at a or starts at b (their
 * order stays as it was), else becomes a stretch of its own.
 */
void etsn_tl_mark_busy(struct timeline *t, uint64_t a, uint64_t b, uint8_t cls, uint64_t guard)
{
	int32_t x = a ? etsn_tl_ending_at(t, a) : -1;

	if (x >= 0) {
		t->nodes[x].end = b;
		t->nodes[x].tail_class = cls;
		return;
	}
	x = etsn_tl_first_end_after(t, a);
	if (x >= 0 && t->nodes[x].start == b) {
		t->nodes[x].start = a;
		t->nodes[x].head_class = cls;
		t->nodes[x].head_guard = guard;
		return;
	}
	add_node(t, &(struct node){ .start = a, .end = b, .head_guard = guard,
				    .head_class = cls, .tail_class = cls });
}

/* The streams placed so far repeat in a longer cycle: their stretches
 * are copied into each repetition, so that windows placed later see the
 * same neighbours in every one.
 */
void etsn_tl_repeat(struct timeline *t, uint64_t cycle)
{
	uint32_t n = t->n;

	for (uint64_t rep = 1; rep < cycle / t->cycle; rep++) {
		for (uint32_t i = 0; i < n; i++) {
			struct node c = t->nodes[i];

			c.start += rep * t->cycle;
			c.end += rep * t->cycle;
			add_node(t, &c);
		}
	}
	t->cycle = cycle;
}
