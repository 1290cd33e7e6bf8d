/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading and writing BPF map values the way the edgetsn programs keep
 * them: per-CPU counters (one value per possible CPU, summed by the
 * reader) and u32-keyed tables listed in key order. Functions return 0 or
 * a negative errno.
 */
#ifndef EDGETSN_BPFMAP_H
#define EDGETSN_BPFMAP_H

#include <stddef.h>
#include <stdint.h>

/* The values of key on every possible CPU in a new buffer (free() it),
 * value_size bytes each; *ncpu of them.
 */
int etsn_percpu_lookup(int fd, const void *key, size_t value_size, void **values, int *ncpu);
/* Sets key's value to zero on every possible CPU. */
int etsn_percpu_zero(int fd, const void *key, size_t value_size);
/* Sum over the CPUs of key's u64 value. */
int etsn_percpu_sum_u64(int fd, uint32_t key, uint64_t *sum);
/* The keys of a u32-keyed map, ascending, at most max of them; *n found. */
int etsn_bpfmap_u32_keys(int fd, uint32_t *keys, int max, int *n);

#endif
