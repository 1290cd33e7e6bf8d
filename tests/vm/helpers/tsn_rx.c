// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsn_rx: receives tsn_tx's datagrams with a software receive timestamp
 * (SO_TIMESTAMPING, SCM_TIMESTAMPING, CLOCK_REALTIME) and prints one line
 * per frame:  seq prio tx_ns rx_ns
 * On veth the stamp is taken in netif_rx() of the peer, called from the
 * sender's veth_xmit() right after its qdisc released the frame: a close
 * proxy for the departure time.
 *
 *   tsn_rx [-n EXPECT] [-t IDLE_S] [-r READY_FILE] PORT
 *
 * Ends when EXPECT frames arrived (then waits 0.5 s for extras) or after
 * IDLE_S seconds (default 15) without a frame once the first came.
 * Last line: "# received N bad B". READY_FILE is created once bound.
 * Exit 1 if a frame came without a timestamp or with a bad payload.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <time.h> /* struct timespec, for linux/errqueue.h */
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tsn_frame.h"

static void usage(void)
{
	fprintf(stderr, "usage: tsn_rx [-n EXPECT] [-t IDLE_S] [-r READY_FILE] PORT\n");
	exit(2);
}

static unsigned long parse_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "tsn_rx: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

/* The software stamp from SCM_TIMESTAMPING, 0 when there is none. */
static uint64_t rx_stamp(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
			struct scm_timestamping ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			return (uint64_t)ts.ts[0].tv_sec * 1000000000ull +
			       (uint64_t)ts.ts[0].tv_nsec;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long expect = 0, idle = 15, received = 0, bad = 0;
	int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	const char *ready = NULL;
	int fd, opt, rcvbuf = 64 << 20;
	char buf[65536];
	char ctrl[256];

	while ((opt = getopt(argc, argv, "n:t:r:")) != -1) {
		switch (opt) {
		case 'n': expect = parse_ul(optarg, "count"); break;
		case 't': idle = parse_ul(optarg, "idle time"); break;
		case 'r': ready = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 1)
		usage();
	addr.sin_port = htons((uint16_t)parse_ul(argv[optind], "port"));

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	/*
	 * A gate opening after a stall delivers a burst while this process may
	 * not run: a buffer past rmem_max (FORCE, as root) keeps it.
	 */
	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags)) ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("tsn_rx: socket");
		return 1;
	}
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (!f) {
			perror("tsn_rx: ready file");
			return 1;
		}
		fclose(f);
	}

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctrl, .msg_controllen = sizeof(ctrl),
		};
		struct tsn_frame f;
		uint64_t rx;
		int timeout = -1; /* the first frame may be long in coming */
		ssize_t n;

		if (received)
			timeout = expect && received >= expect ? 500 : (int)idle * 1000;
		n = poll(&pfd, 1, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		n = recvmsg(fd, &msg, 0);
		if (n < 0) {
			perror("tsn_rx: recvmsg");
			return 1;
		}
		received++;
		rx = rx_stamp(&msg);
		memcpy(&f, buf, sizeof(f));
		if ((size_t)n < sizeof(f) || f.magic != TSN_FRAME_MAGIC || !rx) {
			bad++;
			continue;
		}
		printf("%" PRIu32 " %" PRIu32 " %" PRIu64 " %" PRIu64 "\n", f.seq, f.prio, f.tx_ns, rx);
	}
	printf("# received %lu bad %lu\n", received, bad);
	return bad ? 1 : 0;
}
