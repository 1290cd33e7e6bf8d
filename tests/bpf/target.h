/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One program under test and its counters as a vector, and the check of
 * one frame against it: the verdict (and for TC, skb->priority) it must
 * give, and the one counter that must grow by exactly 1 while every other
 * stays put.
 */
#ifndef ETSN_TEST_TARGET_H
#define ETSN_TEST_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "frame.h"

#define TARGET_MAX_CTR	80
#define NO_COUNTER	(-1)
/* skb->priority going in: a value no rule sets, so "untouched" shows. */
#define PRIO_IN		99

struct target {
	const char *name;
	int prog;
	int tc;			/* a TC program (skb), else XDP */
	int nctr;
	const char *(*ctr_name)(int i);
	void (*read)(const struct target *t, uint64_t *v);
	int map[4];		/* the maps read() uses */
};

struct want {
	uint32_t ret;
	int ctr;
	uint32_t prio;		/* TC only */
};

/* Loads file of dir and finds t->name's program prog in it; NULL after
 * recording a failed case when either is missing.
 */
struct bpf_object *target_load(struct target *t, const char *dir, const char *file,
			       const char *prog);

/* Checks f cut to len bytes (0: whole). */
void expect(const struct target *t, const char *label, const struct frame *f, size_t len,
	    struct want w);
/* Checks f whole (w) and cut at every byte from the shortest frame the
 * test run takes (14 bytes, as drivers take; see target.c for TC) up to
 * f->hdr_end (cut).
 */
void expect_cuts(const struct target *t, const char *label, const struct frame *f,
		 struct want w, struct want cut);

#endif
