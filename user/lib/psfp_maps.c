// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfpin.h"
#include "psfp_maps.h"

static const char *const map_names[ETSN_PSFP_M_N] = {
	ETSN_PSFP_MAP_MAC, ETSN_PSFP_MAP_IP, ETSN_PSFP_MAP_STREAM, ETSN_PSFP_MAP_COUNT,
	ETSN_PSFP_MAP_GLOBAL, ETSN_PSFP_MAP_CONFIG, ETSN_XDP_NEXT_MAP, ETSN_PSFP_MAP_GATE,
};

void etsn_psfp_maps_close(struct etsn_psfp_maps *m)
{
	for (int i = 0; i < ETSN_PSFP_M_N; i++) {
		if (m->fd[i] >= 0)
			close(m->fd[i]);
		m->fd[i] = -1;
	}
}

int etsn_psfp_maps_open(const char *cmd, const char *dev, struct etsn_psfp_maps *m)
{
	int err = 0;

	for (int i = 0; i < ETSN_PSFP_M_N; i++)
		m->fd[i] = -1;
	for (int i = 0; i < ETSN_PSFP_M_N && !err; i++) {
		m->fd[i] = etsn_bpfpin_open(dev, map_names[i]);
		if (m->fd[i] < 0)
			err = m->fd[i];
	}
	if (err && err != -ENOENT)
		fprintf(stderr, "etsnctl %s: cannot open the PSFP maps in %s/%s: %s\n", cmd,
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	if (err)
		etsn_psfp_maps_close(m);
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

static struct etsn_psfp_counters *percpu_buf(int *ncpu)
{
	*ncpu = libbpf_num_possible_cpus();
	if (*ncpu <= 0)
		return NULL;
	return calloc((size_t)*ncpu, sizeof(struct etsn_psfp_counters));
}

int etsn_psfp_maps_zero_counters(const struct etsn_psfp_maps *m, uint32_t id)
{
	struct etsn_psfp_counters *z;
	int ncpu, err;

	z = percpu_buf(&ncpu);
	if (!z)
		return ncpu < 0 ? ncpu : -ENOMEM;
	err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_COUNT], &id, z, BPF_ANY);
	free(z);
	return err;
}

int etsn_psfp_maps_read_counters(const struct etsn_psfp_maps *m, uint32_t id,
				 struct etsn_psfp_counters *sum)
{
	struct etsn_psfp_counters *v;
	int ncpu, err;

	v = percpu_buf(&ncpu);
	if (!v)
		return ncpu < 0 ? ncpu : -ENOMEM;
	err = bpf_map_lookup_elem(m->fd[ETSN_PSFP_M_COUNT], &id, v);
	if (!err)
		etsn_psfp_sum(v, ncpu, sum);
	free(v);
	return err;
}

int etsn_psfp_maps_read_stream(const struct etsn_psfp_maps *m, uint32_t id,
			       struct etsn_psfp_stream *s)
{
	return bpf_map_lookup_elem_flags(m->fd[ETSN_PSFP_M_STREAM], &id, s, BPF_F_LOCK);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int etsn_psfp_maps_list_ids(const struct etsn_psfp_maps *m, uint32_t *ids, int *n)
{
	uint32_t key, next, *prev = NULL;
	int err;

	*n = 0;
	while ((err = bpf_map_get_next_key(m->fd[ETSN_PSFP_M_STREAM], prev, &next)) == 0 &&
	       *n < ETSN_PSFP_MAX_STREAMS) {
		ids[(*n)++] = next;
		key = next;
		prev = &key;
	}
	if (err && err != -ENOENT)
		return err;
	qsort(ids, (size_t)*n, sizeof(*ids), cmp_u32);
	return 0;
}
