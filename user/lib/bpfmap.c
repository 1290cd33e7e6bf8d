// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfmap.h"

/* A zeroed buffer for one value per possible CPU. */
static void *percpu_alloc(size_t value_size, int *ncpu)
{
	void *v;

	*ncpu = libbpf_num_possible_cpus();
	if (*ncpu <= 0) {
		*ncpu = *ncpu ? *ncpu : -EINVAL;
		return NULL;
	}
	v = calloc((size_t)*ncpu, value_size);
	if (!v)
		*ncpu = -ENOMEM;
	return v;
}

int etsn_percpu_lookup(int fd, const void *key, size_t value_size, void **values, int *ncpu)
{
	int err;

	*values = percpu_alloc(value_size, ncpu);
	if (!*values)
		return *ncpu;
	err = bpf_map_lookup_elem(fd, key, *values) ? -errno : 0;
	if (err) {
		free(*values);
		*values = NULL;
	}
	return err;
}

int etsn_percpu_zero(int fd, const void *key, size_t value_size)
{
	int ncpu, err;
	void *z = percpu_alloc(value_size, &ncpu);

	if (!z)
		return ncpu;
	err = bpf_map_update_elem(fd, key, z, BPF_ANY) ? -errno : 0;
	free(z);
	return err;
}

int etsn_percpu_sum_u64(int fd, uint32_t key, uint64_t *sum)
{
	uint64_t *v;
	int ncpu, err;

	*sum = 0;
	err = etsn_percpu_lookup(fd, &key, sizeof(*v), (void **)&v, &ncpu);
	if (err)
		return err;
	for (int c = 0; c < ncpu; c++)
		*sum += v[c];
	free(v);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int etsn_bpfmap_u32_keys(int fd, uint32_t *keys, int max, int *n)
{
	uint32_t key, next, *prev = NULL;
	int err = 0;

	*n = 0;
	while (*n < max) {
		err = bpf_map_get_next_key(fd, prev, &next) ? -errno : 0;
		if (err)
			break;
		keys[(*n)++] = next;
		key = next;
		prev = &key;
	}
	if (err && err != -ENOENT)
		return err;
	qsort(keys, (size_t)*n, sizeof(*keys), cmp_u32);
	return 0;
}
