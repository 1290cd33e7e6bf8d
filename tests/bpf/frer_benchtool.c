// SPDX-License-Identifier: GPL-2.0-or-later
/* For tools/bench-frer-guest.sh.
 *   frer_benchtool fill DEV talker|listener N
 *       N FRER streams without N etsnctl runs (each would load and verify
 *       the program again): stream 0, added by etsnctl frer with an IP
 *       key, is copied to ids 1..N-1 with source port sport0 + id, in the
 *       pinned maps of DEV.
 *   frer_benchtool send DST PORT SPORT0 N COUNT
 *       COUNT UDP datagrams (18 bytes: 64-byte frames) to DST:PORT from
 *       source ports SPORT0..SPORT0+N-1 in turn, through the stack (so the
 *       FRER talker at tc egress tags and copies each); prints
 *       "sent COUNT in NS ns".
 * pktgen cannot feed the talker: its queue_xmit mode hands tc a shared
 * skb, which bpf_clone_redirect may not make writable (a kernel BUG).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "etsn_frer.h"

static int open_pin(const char *dev, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/fs/bpf/edgetsn/%s/%s", dev, name);
	return bpf_obj_get(path);
}

static int fill(const char *dev, const char *role, uint32_t n)
{
	union {
		struct etsn_frer_talker t;
		struct etsn_frer_rcvy r;
	} v;
	struct etsn_psfp_ip_key *ip;
	int talker = !strcmp(role, "talker"), vfd, kfd;
	uint32_t id = 0;

	vfd = open_pin(dev, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);
	kfd = open_pin(dev, talker ? ETSN_FRER_MAP_TIP : ETSN_FRER_MAP_LIP);
	if (vfd < 0 || kfd < 0 || bpf_map_lookup_elem(vfd, &id, &v) ||
	    (talker ? v.t.key_kind : v.r.key_kind) != ETSN_PSFP_KEY_IP) {
		fprintf(stderr, "frer_benchtool: no %s stream 0 with an IP key on %s\n", role, dev);
		return 1;
	}
	ip = talker ? &v.t.ip : &v.r.ip;
	for (id = 1; id < n; id++) {
		ip->sport++;
		if (bpf_map_update_elem(vfd, &id, &v, BPF_NOEXIST) ||
		    bpf_map_update_elem(kfd, ip, &id, BPF_NOEXIST)) {
			fprintf(stderr, "frer_benchtool: stream %u: %s\n", id, strerror(errno));
			return 1;
		}
	}
	return 0;
}

static int send_udp(const char *dst, int port, int sport0, int n, long count)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	char payload[18] = { 0 };
	struct timespec a, b;
	int *fd = calloc(n, sizeof(*fd));

	if (!fd || inet_pton(AF_INET, dst, &to.sin_addr) != 1)
		return 2;
	for (int i = 0; i < n; i++) {
		struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(sport0 + i) };

		fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd[i] < 0 || bind(fd[i], (struct sockaddr *)&from, sizeof(from)) ||
		    connect(fd[i], (struct sockaddr *)&to, sizeof(to))) {
			fprintf(stderr, "frer_benchtool: socket %d: %s\n", i, strerror(errno));
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long k = 0; k < count; k++) {
		/* A full socket buffer or qdisc: try the same one again. */
		while (send(fd[k % n], payload, sizeof(payload), 0) < 0)
			if (errno != ENOBUFS && errno != EAGAIN) {
				fprintf(stderr, "frer_benchtool: send: %s\n", strerror(errno));
				return 1;
			}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("sent %ld in %lld ns\n", count,
	       (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
	for (int i = 0; i < n; i++)
		close(fd[i]);
	free(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "fill") &&
	    (!strcmp(argv[3], "talker") || !strcmp(argv[3], "listener")) &&
	    atoi(argv[4]) >= 1 && atoi(argv[4]) <= ETSN_FRER_MAX_STREAMS)
		return fill(argv[2], argv[3], (uint32_t)atoi(argv[4]));
	if (argc == 7 && !strcmp(argv[1], "send") && atoi(argv[5]) >= 1 && atol(argv[6]) >= 1)
		return send_udp(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atol(argv[6]));
	fprintf(stderr, "usage: frer_benchtool fill DEV talker|listener N (1..%d)\n"
		"       frer_benchtool send DST PORT SPORT0 N COUNT\n", ETSN_FRER_MAX_STREAMS);
	return 2;
}
