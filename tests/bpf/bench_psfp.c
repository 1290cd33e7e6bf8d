// SPDX-License-Identifier: GPL-2.0-or-later
/* Cost of PSFP pass-through per frame, against the XDP firewall alone, by
 * BPF_PROG_TEST_RUN (root): the kernel's run time of the firewall (no
 * rules), and of the firewall tail-calling PSFP, on 64-byte IPv4 UDP
 * frames 198.51.100.1 -> 198.51.100.2:9 whose source port 10000 + k names
 * stream k (5-tuple, any DSCP, no meter, no gate). Frames are spread
 * round-robin over the streams, one run per call, averaged over RUNS
 * calls. PSFP runs twice: with every lookup done (etsn_psfp_config.skip
 * 0, as before it existed) and with the skip bits etsnctl sets. The
 * kernel's timing of a single run is included in every figure.
 * Usage: bench_psfp [RUNS].
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/in.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_psfp.h"
#include "etsn_psfp.skel.h"
#include "etsn_xdp.skel.h"
#include "../../user/lib/psfp_maps.h"

#define FRAME_LEN 64

/* The frame of stream k: Ethernet, IPv4 (no checksum: XDP does not check),
 * UDP.
 */
static void frame_of(uint32_t k, uint8_t *f)
{
	static const uint8_t head[] = {
		0x02, 0x00, 0x5e, 0x00, 0x53, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02, 0x08, 0x00,
		0x45, 0x00, 0x00, 50, 0, 0, 0x40, 0x00, 64, IPPROTO_UDP, 0, 0,
		198, 51, 100, 1, 198, 51, 100, 2,
	};
	uint16_t sport = (uint16_t)(10000 + k);

	memset(f, 0, FRAME_LEN);
	memcpy(f, head, sizeof(head));
	f[34] = (uint8_t)(sport >> 8);
	f[35] = (uint8_t)sport;
	f[37] = 9;
	f[39] = 30;	/* UDP length */
}

static int run(int prog, uint32_t streams, uint32_t runs, double *ns)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < runs; i++) {
		uint8_t in[FRAME_LEN];
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = sizeof(in),
			    .repeat = 1);

		frame_of(i % streams, in);
		if (bpf_prog_test_run_opts(prog, &o))
			return -errno;
		if (o.retval != XDP_PASS) {
			fprintf(stderr, "bench_psfp: frame %u not passed (%u)\n", i, o.retval);
			return -EINVAL;
		}
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

static int add_streams(struct etsn_psfp_bpf *p, uint32_t n)
{
	for (uint32_t id = 0; id < n; id++) {
		struct etsn_psfp_stream s = { .key_kind = ETSN_PSFP_KEY_IP };
		struct etsn_psfp_ident v = { .id = id };
		struct etsn_psfp_ip_key *k = &s.ip;

		k->family = 4;
		k->proto = IPPROTO_UDP;
		k->dscp = ETSN_PSFP_DSCP_ANY;
		k->sport = (uint16_t)(10000 + id);
		k->dport = 9;
		inet_pton(AF_INET, "198.51.100.1", k->src);
		inet_pton(AF_INET, "198.51.100.2", k->dst);
		if (bpf_map__update_elem(p->maps.etsn_psfp_strm, &id, sizeof(id), &s, sizeof(s), 0) ||
		    bpf_map__update_elem(p->maps.etsn_psfp_ip, k, sizeof(*k), &v, sizeof(v), 0))
			return -errno;
	}
	return 0;
}

/* Sets the skip bits as etsnctl does (sync) or clears them (none). */
static int set_skip(struct etsn_psfp_bpf *p, int sync)
{
	struct etsn_psfp_maps m = { .fd = {
		[ETSN_PSFP_M_MAC] = bpf_map__fd(p->maps.etsn_psfp_mac),
		[ETSN_PSFP_M_IP] = bpf_map__fd(p->maps.etsn_psfp_ip),
		[ETSN_PSFP_M_STREAM] = bpf_map__fd(p->maps.etsn_psfp_strm),
		[ETSN_PSFP_M_COUNT] = bpf_map__fd(p->maps.etsn_psfp_cnt),
		[ETSN_PSFP_M_GLOBAL] = bpf_map__fd(p->maps.etsn_psfp_glob),
		[ETSN_PSFP_M_CONFIG] = bpf_map__fd(p->maps.etsn_psfp_cfg),
		[ETSN_PSFP_M_NEXT] = bpf_map__fd(p->maps.etsn_xdp_next),
		[ETSN_PSFP_M_GATE] = bpf_map__fd(p->maps.etsn_psfp_gate),
		[ETSN_PSFP_M_METER] = bpf_map__fd(p->maps.etsn_psfp_meter),
	} };

	return sync ? etsn_psfp_maps_skip_sync(&m) : etsn_psfp_maps_skip_none(&m);
}

/* fw with PSFP of n streams in its slot: ns/frame, skip 0 and synced. */
static int chained(struct etsn_xdp_bpf *fw, uint32_t n, uint32_t runs)
{
	struct etsn_psfp_bpf *p = etsn_psfp_bpf__open();
	uint32_t slot = ETSN_XDP_NEXT_PSFP;
	double ns[2];
	int err, pfd;

	if (!p)
		return -errno;
	no_pins(p->obj);
	err = bpf_map__reuse_fd(p->maps.etsn_xdp_next, bpf_map__fd(fw->maps.etsn_xdp_next));
	if (!err)
		err = etsn_psfp_bpf__load(p);
	if (!err)
		err = add_streams(p, n);
	pfd = bpf_program__fd(p->progs.etsn_xdp_psfp);
	if (!err)
		err = bpf_map__update_elem(fw->maps.etsn_xdp_next, &slot, sizeof(slot), &pfd,
					   sizeof(pfd), 0);
	for (int sync = 0; !err && sync < 2; sync++) {
		err = set_skip(p, sync);
		if (!err)
			err = run(bpf_program__fd(fw->progs.etsn_xdp_fw), n, runs, &ns[sync]);
	}
	if (!err) {
		uint64_t passed = 0;
		struct etsn_psfp_counters c[512];
		uint32_t id = 0;

		/* Proof of the path measured: the frames reached their stream. */
		if (!bpf_map__lookup_elem(p->maps.etsn_psfp_cnt, &id, sizeof(id), c,
					  sizeof(c[0]) * (size_t)libbpf_num_possible_cpus(), 0))
			for (int cpu = 0; cpu < libbpf_num_possible_cpus(); cpu++)
				passed += c[cpu].passed;
		printf("firewall + PSFP, %5u stream(s): every lookup %.1f ns/frame, "
		       "empty maps skipped %.1f ns/frame (stream 0 passed %llu)\n",
		       n, ns[0], ns[1], (unsigned long long)passed);
	}
	bpf_map__delete_elem(fw->maps.etsn_xdp_next, &slot, sizeof(slot), 0);
	etsn_psfp_bpf__destroy(p);
	return err;
}

int main(int argc, char **argv)
{
	uint32_t runs = argc > 1 ? (uint32_t)atoi(argv[1]) : 200000;
	const uint32_t counts[] = { 1, 100, 10000 };
	struct etsn_xdp_bpf *fw;
	double ns;
	int err;

	if (runs == 0 || libbpf_num_possible_cpus() > 512) {
		fprintf(stderr, "usage: bench_psfp [RUNS > 0]\n");
		return 2;
	}
	if (geteuid() != 0) {
		printf("bench_psfp: skipped: BPF_PROG_TEST_RUN needs root\n");
		return 0;
	}
	fw = etsn_xdp_bpf__open();
	if (!fw)
		return 1;
	no_pins(fw->obj);
	err = etsn_xdp_bpf__load(fw);
	if (!err)
		err = run(bpf_program__fd(fw->progs.etsn_xdp_fw), 10000, runs, &ns);
	if (!err)
		printf("firewall alone, no rules:            %.1f ns/frame\n", ns);
	for (unsigned int i = 0; !err && i < sizeof(counts) / sizeof(counts[0]); i++)
		err = chained(fw, counts[i], runs);
	etsn_xdp_bpf__destroy(fw);
	if (err)
		fprintf(stderr, "bench_psfp: %s\n", strerror(-err));
	return err ? 1 : 0;
}
