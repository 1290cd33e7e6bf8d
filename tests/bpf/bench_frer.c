// SPDX-License-Identifier: GPL-2.0-or-later
/* Cost of FRER elimination per frame, against the XDP firewall alone, by
 * BPF_PROG_TEST_RUN (root): the kernel's run time of each program on one
 * 64-byte frame, one run per call (a repeat would run the listener again
 * on the frame it already stripped), averaged over RUNS calls. The
 * listener's frame carries an R-TAG of a configured stream, with 1 or
 * 1,000 streams in its maps: after the first call every frame is a
 * duplicate, i.e. the elimination path (R-TAG removal, identification,
 * locked recovery, drop). The firewall has no rules. The kernel's timing
 * of a single run is included in both. Usage: bench_frer [RUNS].
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_frer.h"
#include "etsn_frer_listener.skel.h"
#include "etsn_xdp.skel.h"

static const uint8_t frame[64] = {
	0x02, 0x00, 0x5e, 0x00, 0x53, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02,
	0xf1, 0xc1, 0x00, 0x00, 0x00, 0x07, 0x88, 0xb5,
};

static int run(int prog, uint32_t runs, double *ns)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < runs; i++) {
		uint8_t in[sizeof(frame)];
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = sizeof(in),
			    .repeat = 1);

		memcpy(in, frame, sizeof(in));
		if (bpf_prog_test_run_opts(prog, &o))
			return -errno;
		sum += o.duration;
	}
	*ns = (double)sum / runs;
	return 0;
}

static void no_pins(struct bpf_object *obj)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj)
		bpf_map__set_pin_path(m, NULL);
}

/* n streams, dst MACs ...:00:00 to ...; the frame's (…53:01) among them. */
static int add_streams(struct etsn_frer_listener_bpf *s, uint32_t n)
{
	for (uint32_t id = 0; id < n; id++) {
		struct etsn_psfp_mac_key k = { .dst = { 0x02, 0x00, 0x5e, 0x00,
							(uint8_t)(id >> 8), (uint8_t)id } };
		struct etsn_frer_rcvy r = { .history_len = 32, .reset_ms = 3600000,
					    .take_any = 1, .key_kind = ETSN_PSFP_KEY_MAC };

		if (id == 0)
			memcpy(k.dst, frame, 6);
		if (bpf_map__update_elem(s->maps.etsn_frer_lmac, &k, sizeof(k), &id, sizeof(id), 0) ||
		    bpf_map__update_elem(s->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0))
			return -errno;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t runs = argc > 1 ? (uint32_t)atoi(argv[1]) : 200000;
	double ns;
	const uint32_t counts[] = { 1, 1000 };
	struct etsn_xdp_bpf *fw;

	if (runs == 0) {
		fprintf(stderr, "usage: bench_frer [RUNS > 0]\n");
		return 2;
	}
	if (geteuid() != 0) {
		printf("bench_frer: skipped: BPF_PROG_TEST_RUN needs root\n");
		return 0;
	}
	fw = etsn_xdp_bpf__open();
	if (!fw)
		return 1;
	no_pins(fw->obj);
	if (etsn_xdp_bpf__load(fw) || run(bpf_program__fd(fw->progs.etsn_xdp_fw), runs, &ns))
		return 1;
	printf("firewall alone, no rules: %.1f ns/frame\n", ns);
	etsn_xdp_bpf__destroy(fw);
	for (unsigned int i = 0; i < 2; i++) {
		struct etsn_frer_listener_bpf *s = etsn_frer_listener_bpf__open();

		if (!s)
			return 1;
		no_pins(s->obj);
		if (etsn_frer_listener_bpf__load(s) || add_streams(s, counts[i]) ||
		    run(bpf_program__fd(s->progs.etsn_frer_listener), runs, &ns))
			return 1;
		struct etsn_frer_rcvy r;
		uint32_t id = 0;

		/* Proof of the path measured: all but the first were discarded. */
		if (bpf_map__lookup_elem(s->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0))
			return 1;
		printf("FRER listener, %u stream(s), duplicate eliminated: %.1f ns/frame (passed %llu, discarded %llu)\n",
		       counts[i], ns, (unsigned long long)r.cnt.passed,
		       (unsigned long long)r.cnt.discarded);
		etsn_frer_listener_bpf__destroy(s);
	}
	return 0;
}
