// SPDX-License-Identifier: GPL-2.0-or-later
/* Counters of all the PSFP streams of a device (psfp_totals.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "psfp_totals.h"

/* Array slots per batch: bounds the buffer (slots * CPUs * 48 bytes). */
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
	err = etsn_psfp_maps_list_ids(m, ids, &n);
	t->streams = err ? 0 : (uint32_t)n;
	/* Ids ascend, so the batches stop after the highest one. */
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
