// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "harness.h"

static unsigned int passed, failed, skipped;

struct bpf_object *harness_load(const char *dir, const char *file)
{
	struct bpf_object *obj;
	struct bpf_map *map;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fprintf(stderr, "bpf: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	/* Private maps: nothing pinned, nothing of a live device reused. */
	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);
	if (bpf_object__load(obj)) {
		fprintf(stderr, "bpf: cannot load %s: %s\n", path, strerror(errno));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

int harness_prog(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	return p ? bpf_program__fd(p) : -1;
}

int harness_map(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	return m ? bpf_map__fd(m) : -1;
}

int harness_run_xdp(int prog, const struct frame *f, size_t len, uint32_t *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f->b, .data_size_in = len, .repeat = 1);

	if (bpf_prog_test_run_opts(prog, &o))
		return -errno;
	*retval = o.retval;
	return 0;
}

int harness_run_tc(int prog, const struct frame *f, size_t len, uint32_t *retval,
		   uint32_t *prio)
{
	struct __sk_buff in = { .priority = *prio }, out = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f->b, .data_size_in = len, .repeat = 1,
		    .ctx_in = &in, .ctx_size_in = sizeof(in), .ctx_out = &out,
		    .ctx_size_out = sizeof(out));

	if (bpf_prog_test_run_opts(prog, &o))
		return -errno;
	*retval = o.retval;
	*prio = out.priority;
	return 0;
}

uint64_t harness_percpu(int map, uint32_t key, size_t vsize, size_t off)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t stride = (vsize + 7) & ~(size_t)7;
	uint64_t sum = 0, v;
	uint8_t *buf;

	if (ncpu <= 0 || map < 0)
		return 0;
	buf = calloc(ncpu, stride);
	if (!buf)
		return 0;
	if (!bpf_map_lookup_elem(map, &key, buf)) {
		for (int c = 0; c < ncpu; c++) {
			memcpy(&v, buf + (size_t)c * stride + off, sizeof(v));
			sum += v;
		}
	}
	free(buf);
	return sum;
}

void harness_result(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void harness_skip(const char *why)
{
	skipped++;
	printf("SKIP %s\n", why);
}

int harness_summary(void)
{
	printf("bpf: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
