/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading a BPF object of build/bpf with libbpf (no pins: private maps),
 * running one frame through a program with BPF_PROG_TEST_RUN, reading
 * per-CPU counters, and the pass/fail tally of the corpus.
 */
#ifndef ETSN_TEST_HARNESS_H
#define ETSN_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "frame.h"

struct bpf_object *harness_load(const char *dir, const char *file);
int harness_prog(struct bpf_object *obj, const char *name);
int harness_map(struct bpf_object *obj, const char *name);

/* Runs len bytes of f through prog; *retval gets its verdict. For a TC
 * program, *prio is skb->priority before (sentinel) and after. Returns 0
 * or -errno.
 */
int harness_run_xdp(int prog, const struct frame *f, size_t len, uint32_t *retval);
int harness_run_tc(int prog, const struct frame *f, size_t len, uint32_t *retval,
		   uint32_t *prio);

/* Sum over every possible CPU of the u64 at offset off of value key in a
 * per-CPU map whose values are vsize bytes; 0 if there is no such key.
 */
uint64_t harness_percpu(int map, uint32_t key, size_t vsize, size_t off);

/* Records one case: ok or not, with a message when not. */
void harness_result(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void harness_skip(const char *why);
int harness_summary(void);

#endif
