// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "bpfmap.h"
#include "bpfpin.h"
#include "psfp_maps.h"

static const char *const map_names[ETSN_PSFP_M_N] = {
	ETSN_PSFP_MAP_MAC, ETSN_PSFP_MAP_IP, ETSN_PSFP_MAP_STREAM, ETSN_PSFP_MAP_COUNT,
	ETSN_PSFP_MAP_GLOBAL, ETSN_PSFP_MAP_CONFIG, ETSN_XDP_NEXT_MAP, ETSN_PSFP_MAP_GATE,
	ETSN_PSFP_MAP_METER,
};

void etsn_psfp_maps_close(struct etsn_psfp_maps *m)
{
	etsn_bpfpin_close_set(m->fd, ETSN_PSFP_M_N);
}

int etsn_psfp_maps_open(const char *cmd, const char *dev, struct etsn_psfp_maps *m)
{
	int err = etsn_bpfpin_open_set(dev, map_names, ETSN_PSFP_M_N, m->fd, NULL);

	if (err && err != -ENOENT && cmd)
		fprintf(stderr, "etsnctl %s: cannot open the PSFP maps in %s/%s: %s\n", cmd,
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	return err;
}

int etsn_psfp_maps_open_existing(const char *cmd, const char *dev, struct etsn_psfp_maps *m)
{
	int err = etsn_psfp_maps_open(cmd, dev, m);

	if (err == -ENOENT)
		fprintf(stderr, "etsnctl %s: %s has no PSFP maps in %s/%s; add a stream first\n",
			cmd, dev, ETSN_BPFPIN_ROOT, dev);
	return err;
}

uint32_t etsn_psfp_maps_slot_prog(const struct etsn_psfp_maps *m)
{
	uint32_t key = ETSN_XDP_NEXT_PSFP, id = 0;

	if (bpf_map_lookup_elem(m->fd[ETSN_PSFP_M_NEXT], &key, &id))
		return 0;
	return id;
}

int etsn_psfp_maps_zero_counters(const struct etsn_psfp_maps *m, uint32_t id)
{
	return etsn_percpu_zero(m->fd[ETSN_PSFP_M_COUNT], &id, sizeof(struct etsn_psfp_counters));
}

int etsn_psfp_maps_read_counters(const struct etsn_psfp_maps *m, uint32_t id,
				 struct etsn_psfp_counters *sum)
{
	struct etsn_psfp_counters *v;
	int ncpu, err;

	err = etsn_percpu_lookup(m->fd[ETSN_PSFP_M_COUNT], &id, sizeof(*v), (void **)&v, &ncpu);
	if (err)
		return err;
	etsn_psfp_sum(v, ncpu, sum);
	free(v);
	return 0;
}

int etsn_psfp_maps_read_globals(const struct etsn_psfp_maps *m,
				uint64_t g[ETSN_PSFP_GLOBALS])
{
	int err = 0;

	for (uint32_t k = 0; !err && k < ETSN_PSFP_GLOBALS; k++)
		err = etsn_percpu_sum_u64(m->fd[ETSN_PSFP_M_GLOBAL], k, &g[k]);
	return err;
}

int etsn_psfp_maps_read_stream(const struct etsn_psfp_maps *m, uint32_t id,
			       struct etsn_psfp_stream *s)
{
	return bpf_map_lookup_elem(m->fd[ETSN_PSFP_M_STREAM], &id, s);
}

int etsn_psfp_maps_read_meter(const struct etsn_psfp_maps *m, uint32_t id,
			      struct etsn_psfp_meter *mt)
{
	return bpf_map_lookup_elem_flags(m->fd[ETSN_PSFP_M_METER], &id, mt, BPF_F_LOCK);
}

int etsn_psfp_maps_write_meter(const struct etsn_psfp_maps *m, uint32_t id,
			       const struct etsn_psfp_meter *mt)
{
	return bpf_map_update_elem(m->fd[ETSN_PSFP_M_METER], &id, mt, BPF_F_LOCK);
}

int etsn_psfp_maps_list_ids(const struct etsn_psfp_maps *m, uint32_t *ids, int *n)
{
	return etsn_bpfmap_u32_keys(m->fd[ETSN_PSFP_M_STREAM], ids, ETSN_PSFP_MAX_STREAMS, n);
}
