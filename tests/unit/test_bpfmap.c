// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/bpfmap.c against real maps of the host kernel (BPF
 * maps need root, not the edgetsn module): keys come back sorted and
 * capped, per-CPU values are summed over every possible CPU and zeroed on
 * all of them. Skipped where the host does not allow creating maps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/bpfmap.h"

static int map_or_skip(enum bpf_map_type type, uint32_t max)
{
	int fd = bpf_map_create(type, NULL, sizeof(uint32_t), sizeof(uint64_t), max, NULL);

	if (fd < 0) {
		print_message("skipped: cannot create a BPF map here (%s); run as root\n",
			      strerror(errno));
		skip();
	}
	return fd;
}

static void keys_sorted_and_capped(void **state)
{
	static const uint32_t put[] = { 900, 7, 16383, 0, 42 };
	uint32_t keys[8];
	uint64_t v = 1;
	int fd, n;

	(void)state;
	fd = map_or_skip(BPF_MAP_TYPE_HASH, 16);
	assert_int_equal(0, etsn_bpfmap_u32_keys(fd, keys, 8, &n));
	assert_int_equal(0, n);
	for (size_t i = 0; i < sizeof(put) / sizeof(put[0]); i++)
		assert_int_equal(0, bpf_map_update_elem(fd, &put[i], &v, BPF_NOEXIST));
	assert_int_equal(0, etsn_bpfmap_u32_keys(fd, keys, 8, &n));
	assert_int_equal(5, n);
	assert_int_equal(0, keys[0]);
	assert_int_equal(7, keys[1]);
	assert_int_equal(42, keys[2]);
	assert_int_equal(900, keys[3]);
	assert_int_equal(16383, keys[4]);
	/* A full buffer stops the walk: three keys, still in order. */
	assert_int_equal(0, etsn_bpfmap_u32_keys(fd, keys, 3, &n));
	assert_int_equal(3, n);
	assert_true(keys[0] < keys[1] && keys[1] < keys[2]);
	close(fd);
}

static void percpu_sum_and_zero(void **state)
{
	int ncpu = libbpf_num_possible_cpus(), got, fd;
	uint32_t key = 2;
	uint64_t *v, sum;

	(void)state;
	assert_true(ncpu > 0);
	fd = map_or_skip(BPF_MAP_TYPE_PERCPU_ARRAY, 4);
	v = calloc((size_t)ncpu, sizeof(*v));
	assert_non_null(v);
	for (int c = 0; c < ncpu; c++)
		v[c] = 10 + (uint64_t)c;
	assert_int_equal(0, bpf_map_update_elem(fd, &key, v, BPF_ANY));
	free(v);

	assert_int_equal(0, etsn_percpu_sum_u64(fd, key, &sum));
	assert_int_equal(10 * ncpu + ncpu * (ncpu - 1) / 2, sum);
	assert_int_equal(0, etsn_percpu_lookup(fd, &key, sizeof(uint64_t), (void **)&v, &got));
	assert_int_equal(ncpu, got);
	assert_int_equal(10 + ncpu - 1, v[ncpu - 1]);
	free(v);

	assert_int_equal(0, etsn_percpu_zero(fd, &key, sizeof(uint64_t)));
	assert_int_equal(0, etsn_percpu_sum_u64(fd, key, &sum));
	assert_int_equal(0, sum);
	/* Out of range: the map's error, and nothing to free. */
	key = 4;
	assert_int_equal(-ENOENT, etsn_percpu_lookup(fd, &key, sizeof(uint64_t), (void **)&v, &got));
	assert_null(v);
	assert_int_equal(-E2BIG, etsn_percpu_zero(fd, &key, sizeof(uint64_t)));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_sorted_and_capped),
		cmocka_unit_test(percpu_sum_and_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
