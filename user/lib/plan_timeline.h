/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The planner's timeline of busy stretches (plan_timeline.c); private to
 * the planner.
 */
#ifndef EDGETSN_PLAN_TIMELINE_H
#define EDGETSN_PLAN_TIMELINE_H

#include <stdint.h>

/* A busy stretch: windows back to back. What a window placed against it
 * needs to know: the class and guard band of its first window, the class
 * of its last.
 */
struct node {
	uint64_t start, end;
	uint64_t head_guard;
	uint32_t prio;
	int32_t left, right;
	uint8_t head_class, tail_class;
};

struct timeline {
	struct node *nodes;
	uint32_t n;
	int32_t root;
	uint32_t seed;
	uint64_t cycle;			/* of the streams placed so far */
};

/* The first stretch that ends after at, -1 if none. */
int32_t etsn_tl_first_end_after(const struct timeline *t, uint64_t at);
/* The stretch ending exactly at at (the cycle's end for 0), -1 if none. */
int32_t etsn_tl_ending_at(const struct timeline *t, uint64_t at);
/* Marks the free [a, b) busy with a window of class cls and its guard. */
void etsn_tl_mark_busy(struct timeline *t, uint64_t a, uint64_t b, uint8_t cls,
		       uint64_t guard);
/* The stretches repeated to fill a longer cycle (a multiple of t->cycle). */
void etsn_tl_repeat(struct timeline *t, uint64_t cycle);

#endif
