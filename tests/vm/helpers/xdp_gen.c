// SPDX-License-Identifier: GPL-2.0-or-later
/* Traffic source for tools/bench-fw.sh: COUNT copies of one 64-byte
 * IPv4/UDP frame sent out of IFACE by the kernel's XDP "live frames" test
 * run (BPF_PROG_TEST_RUN with BPF_F_TEST_XDP_LIVE_FRAMES): a two-insn
 * program returns XDP_TX for each frame, the kernel hands it to IFACE's
 * ndo_xdp_xmit from a page pool. No socket, no skb per frame: on veth the
 * frame lands as an xdp_frame in the peer's ring, so the peer's receive
 * path (its XDP program, or skb build + GRO + tc/nftables ingress) is what
 * costs, not the generator.
 *
 *   xdp_gen IFACE DSTMAC SRC DST COUNT
 * Prints "sent COUNT ns NS" (wall time of the run, CLOCK_MONOTONIC).
 *   xdp_gen drop IFACE
 * Attaches a bare XDP_DROP program (native) to IFACE and exits, leaving
 * it there (ip link set dev IFACE xdp off removes it): the cheapest drop
 * the setup can do, the ceiling for any filter behind this generator.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#define FRAME_LEN 64

static uint16_t csum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int frame(uint8_t *f, const char *dstmac, const char *src, const char *dst)
{
	unsigned int m[6];
	uint16_t c;

	memset(f, 0, FRAME_LEN);
	if (sscanf(dstmac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		f[i] = (uint8_t)m[i];
	f[6] = 0x02;			/* locally administered source MAC */
	f[11] = 0x01;
	f[12] = 0x08;			/* IPv4 */
	f[14] = 0x45;
	f[17] = FRAME_LEN - 14;		/* total length */
	f[22] = 64;			/* TTL */
	f[23] = 17;			/* UDP */
	if (inet_pton(AF_INET, src, f + 26) != 1 || inet_pton(AF_INET, dst, f + 30) != 1)
		return -1;
	c = csum(f + 14, 20);
	f[24] = (uint8_t)(c >> 8);
	f[25] = (uint8_t)c;
	f[34] = 0x9c;			/* sport 40000 */
	f[35] = 0x40;
	f[36] = 0x13;			/* dport 5000 */
	f[37] = 0x88;
	f[39] = FRAME_LEN - 34;		/* UDP length; checksum 0 */
	return 0;
}

/* A program that returns verdict for every frame. */
static int load(int verdict)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = verdict },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xdp_gen", "GPL", prog, 2, NULL);

	if (fd < 0)
		fprintf(stderr, "xdp_gen: cannot load: %s\n", strerror(errno));
	return fd;
}

static int attach_drop(const char *dev)
{
	unsigned int ifindex = if_nametoindex(dev);
	int fd, err;

	if (!ifindex) {
		fprintf(stderr, "xdp_gen: no device %s\n", dev);
		return 2;
	}
	fd = load(XDP_DROP);
	if (fd < 0)
		return 1;
	err = bpf_xdp_attach((int)ifindex, fd, XDP_FLAGS_DRV_MODE, NULL);
	close(fd);
	if (err)
		fprintf(stderr, "xdp_gen: cannot attach to %s: %s\n", dev, strerror(-err));
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	struct xdp_md ctx = { 0 };
	uint8_t f[FRAME_LEN];
	struct timespec a, b;
	unsigned int ifindex;
	unsigned long count;
	int fd, err;

	if (argc == 3 && strcmp(argv[1], "drop") == 0)
		return attach_drop(argv[2]);
	if (argc != 6) {
		fprintf(stderr, "usage: xdp_gen IFACE DSTMAC SRC DST COUNT | drop IFACE\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	count = strtoul(argv[5], NULL, 10);
	if (!ifindex || frame(f, argv[2], argv[3], argv[4]) || !count || count > UINT32_MAX) {
		fprintf(stderr, "xdp_gen: bad device, MAC, address or count\n");
		return 2;
	}
	fd = load(XDP_TX);
	if (fd < 0)
		return 1;
	ctx.data_end = FRAME_LEN;
	ctx.ingress_ifindex = ifindex;
	run.data_in = f;
	run.data_size_in = FRAME_LEN;
	run.ctx_in = &ctx;
	run.ctx_size_in = sizeof(ctx);
	run.repeat = (uint32_t)count;
	run.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
	clock_gettime(CLOCK_MONOTONIC, &a);
	err = bpf_prog_test_run_opts(fd, &run);
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(fd);
	if (err) {
		fprintf(stderr, "xdp_gen: test run: %s\n", strerror(-err));
		return 1;
	}
	printf("sent %lu ns %lld\n", count,
	       (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
	return 0;
}
