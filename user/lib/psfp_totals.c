// SPDX-License-Identifier: GPL-2.0-or-later
/* Counters of all the PSFP streams of a device (psfp_totals.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "psfp_totals.h"

#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's, for an unsupported batch op */
#endif

/* Slots per batch: bounds the buffers (slots * CPUs * 48 bytes). */
#define BATCH 256

static void add(struct etsn_psfp_counters *to, const struct etsn_psfp_counters *c)
{
	to->passed += c->passed;
	to->yellow += c->yellow;
	to->dropped_sdu += c->dropped_sdu;
	to->dropped_red += c->dropped_red;
	to->dropped_yellow += c->dropped_yellow;
	to->dropped_gate += c->dropped_gate;
}

/* The slots of one batch that are streams (ids[*next..]) summed and given
 * to fn.
 */
static void take(const uint32_t *keys, const struct etsn_psfp_counters *v, uint32_t count,
		 int ncpu, const uint32_t *ids, int n, int *next, struct etsn_psfp_totals *t,
		 etsn_psfp_stream_fn fn, void *arg)
{
	struct etsn_psfp_counters c;

	for (uint32_t k = 0; k < count; k++) {
		while (*next < n && ids[*next] < keys[k])
			(*next)++;
		if (*next == n || ids[*next] != keys[k])
			continue;
		etsn_psfp_sum(&v[(size_t)k * ncpu], ncpu, &c);
		add(&t->sum, &c);
		if (fn)
			fn(keys[k], &c, arg);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The stream ids, ascending: the stream table read in batches (one
 * syscall per BATCH streams, not one per stream); where the kernel cannot
 * batch, the one-by-one listing.
 */
static int list_ids(const struct etsn_psfp_maps *m, uint32_t *ids, int *n)
{
	struct etsn_psfp_stream *v = malloc(BATCH * sizeof(*v));
	uint32_t pos, count;
	void *in = NULL;
	bool end = false;
	int err = 0;

	*n = 0;
	if (!v)
		return -ENOMEM;
	while (!err && !end) {
		count = BATCH;
		if (*n + BATCH > ETSN_PSFP_MAX_STREAMS)
			count = ETSN_PSFP_MAX_STREAMS - *n;
		err = bpf_map_lookup_batch(m->fd[ETSN_PSFP_M_STREAM], in, &pos, &ids[*n], v,
					   &count, NULL) ? -errno : 0;
		if (err == -ENOENT) {
			err = 0;
			end = true;
		}
		if (!err)
			*n += (int)count;
		if (!err && !end && *n == ETSN_PSFP_MAX_STREAMS)
			end = true;
		in = &pos;
	}
	free(v);
	if (err == -EINVAL || err == -EOPNOTSUPP || err == -ENOTSUPP)
		return etsn_psfp_maps_list_ids(m, ids, n);
	if (!err)
		qsort(ids, (size_t)*n, sizeof(*ids), cmp_u32);
	return err;
}

int etsn_psfp_totals_read(const struct etsn_psfp_maps *m, struct etsn_psfp_totals *t,
			  etsn_psfp_stream_fn fn, void *arg)
{
	uint32_t *ids = malloc(ETSN_PSFP_MAX_STREAMS * sizeof(*ids));
	int ncpu = libbpf_num_possible_cpus(), n = 0, next = 0, err;
	struct etsn_psfp_counters *v = NULL;
	uint32_t keys[BATCH], pos, count;
	void *in = NULL;
	bool end = false;

	memset(t, 0, sizeof(*t));
	if (ncpu <= 0) {
		free(ids);
		return ncpu ? ncpu : -EINVAL;
	}
	if (ids)
		v = calloc((size_t)BATCH * ncpu, sizeof(*v));
	if (!v) {
		free(ids);
		return -ENOMEM;
	}
	err = list_ids(m, ids, &n);
	t->streams = err ? 0 : (uint32_t)n;
	/* Ids ascend: the batches start after the slot before the lowest
	 * (in_batch is the last key read) and stop after the highest.
	 */
	if (!err && n && ids[0]) {
		pos = ids[0] - 1;
		in = &pos;
	}
	while (!err && !end && next < n) {
		count = BATCH;
		err = bpf_map_lookup_batch(m->fd[ETSN_PSFP_M_COUNT], in, &pos, keys, v, &count,
					   NULL) ? -errno : 0;
		if (err == -ENOENT) {	/* the last batch, count may be > 0 */
			err = 0;
			end = true;
		}
		if (!err)
			take(keys, v, count, ncpu, ids, n, &next, t, fn, arg);
		in = &pos;
	}
	free(v);
	free(ids);
	return err;
}
