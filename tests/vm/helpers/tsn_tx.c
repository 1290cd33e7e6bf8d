// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsn_tx: paced UDP sender for timing tests. Frame i goes out on the socket
 * of priority PRIOS[i % n] (one socket per SO_PRIORITY, so no setsockopt per
 * frame) and carries its sequence number, priority and send time.
 *
 *   tsn_tx [-c COUNT] [-s SIZE] [-i INTERVAL_NS | -a PERIOD_NS:OFFSET_NS]
 *          [-p PRIO,PRIO...] DST PORT
 *
 * -i paces frames INTERVAL apart from the start. -a sends frame i at a
 * point of the CLOCK_TAI grid k * PERIOD + OFFSET (the next one after the
 * start, then one per PERIOD): a talker sending at its offsets into the
 * cycles of a schedule whose base time is 0. A point the sender wakes up
 * too late for is skipped, never caught up by a burst.
 *
 * Prints one summary line:
 *   sent N errors E tai_minus_realtime_ns D first_ns F last_ns L
 * The TAI-REALTIME difference lets a checker place REALTIME receive stamps
 * on a schedule that runs on CLOCK_TAI. Exit 1 if any send failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tsn_frame.h"

#define MAX_PRIOS 16

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: tsn_tx [-c COUNT] [-s SIZE] [-i INTERVAL_NS | -a PERIOD_NS:OFFSET_NS] "
		"[-p PRIO,...] DST PORT\n");
	exit(2);
}

static unsigned long parse_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "tsn_tx: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static int parse_prios(char *s, int *prios)
{
	int n = 0;
	char *tok;

	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		if (n == MAX_PRIOS) {
			fprintf(stderr, "tsn_tx: at most %d priorities\n", MAX_PRIOS);
			exit(2);
		}
		prios[n++] = (int)parse_ul(tok, "priority");
	}
	if (!n)
		usage();
	return n;
}

/* Sleep until *next on CLOCK_MONOTONIC; never burst to catch up. */
static void pace(uint64_t *next, uint64_t interval)
{
	struct timespec ts;
	uint64_t now = now_ns(CLOCK_MONOTONIC);

	if (!interval)
		return;
	if (*next > now) {
		ts.tv_sec = (time_t)(*next / 1000000000ull);
		ts.tv_nsec = (long)(*next % 1000000000ull);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		*next += interval;
	} else {
		*next = now + interval;
	}
}

/* Sleep until the next point k * period + offset on CLOCK_TAI after *next
 * (and after now): the grid a schedule with base time 0 runs on.
 */
static void align(uint64_t *next, uint64_t period, uint64_t offset)
{
	uint64_t now = now_ns(CLOCK_TAI), at = *next;
	struct timespec ts;

	if (at <= now)	/* late (or the first): the next point after now */
		at = (now - offset) / period * period + period + offset;
	ts.tv_sec = (time_t)(at / 1000000000ull);
	ts.tv_nsec = (long)(at % 1000000000ull);
	while (clock_nanosleep(CLOCK_TAI, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	*next = at + period;
}

int main(int argc, char **argv)
{
	unsigned long count = 1000, size = sizeof(struct tsn_frame), interval = 100000;
	int prios[MAX_PRIOS] = { 0 }, socks[MAX_PRIOS], nprio = 1, opt, i;
	unsigned long errors = 0, sent = 0, seq;
	struct sockaddr_in dst = { .sin_family = AF_INET };
	uint64_t first = 0, last = 0, next, period = 0, offset = 0;
	int64_t tai_off;
	char *buf;

	while ((opt = getopt(argc, argv, "c:s:i:a:p:")) != -1) {
		switch (opt) {
		case 'c': count = parse_ul(optarg, "count"); break;
		case 's': size = parse_ul(optarg, "size"); break;
		case 'i': interval = parse_ul(optarg, "interval"); break;
		case 'p': nprio = parse_prios(optarg, prios); break;
		case 'a': {
			char *colon = strchr(optarg, ':');

			if (!colon)
				usage();
			*colon = '\0';
			period = parse_ul(optarg, "period");
			offset = parse_ul(colon + 1, "offset");
			if (!period || offset >= period) {
				fprintf(stderr, "tsn_tx: -a needs 0 <= OFFSET < PERIOD\n");
				return 2;
			}
			break;
		}
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	if (inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1) {
		fprintf(stderr, "tsn_tx: bad IPv4 address '%s'\n", argv[optind]);
		return 2;
	}
	dst.sin_port = htons((uint16_t)parse_ul(argv[optind + 1], "port"));
	if (size < sizeof(struct tsn_frame) || size > 65000) {
		fprintf(stderr, "tsn_tx: size must be %zu..65000\n", sizeof(struct tsn_frame));
		return 2;
	}
	buf = calloc(1, size);
	if (!buf) {
		perror("tsn_tx: calloc");
		return 1;
	}
	for (i = 0; i < nprio; i++) {
		int one = 1;

		/* IP_RECVERR: a qdisc drop fails sendto() instead of vanishing. */
		socks[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (socks[i] < 0 ||
		    setsockopt(socks[i], SOL_SOCKET, SO_PRIORITY, &prios[i], sizeof(prios[i])) ||
		    setsockopt(socks[i], IPPROTO_IP, IP_RECVERR, &one, sizeof(one))) {
			fprintf(stderr, "tsn_tx: socket for priority %d: %s\n", prios[i], strerror(errno));
			return 1;
		}
	}

	next = period ? 0 : now_ns(CLOCK_MONOTONIC);
	for (seq = 0; seq < count; seq++) {
		struct tsn_frame f = {
			.magic = TSN_FRAME_MAGIC,
			.seq = (uint32_t)seq,
			.prio = (uint32_t)prios[seq % nprio],
		};

		if (period)
			align(&next, period, offset);
		else
			pace(&next, interval);
		f.tx_ns = now_ns(CLOCK_REALTIME);
		memcpy(buf, &f, sizeof(f));
		if (sendto(socks[seq % nprio], buf, size, 0,
			   (struct sockaddr *)&dst, sizeof(dst)) == (ssize_t)size) {
			sent++;
		} else {
			/* ENOBUFS: the qdisc dropped it; counted, not retried. */
			if (!errors)
				fprintf(stderr, "tsn_tx: frame %lu: %s\n", seq, strerror(errno));
			errors++;
		}
		if (!first)
			first = f.tx_ns;
		last = f.tx_ns;
	}
	/* The kernel's TAI offset is whole seconds: round away the read gap. */
	tai_off = (int64_t)(now_ns(CLOCK_TAI) - now_ns(CLOCK_REALTIME));
	tai_off = (tai_off + (tai_off < 0 ? -500000000 : 500000000)) / 1000000000 * 1000000000;
	printf("sent %lu errors %lu tai_minus_realtime_ns %" PRId64 " first_ns %" PRIu64
	       " last_ns %" PRIu64 "\n", sent, errors, tai_off, first, last);
	free(buf);
	return errors ? 1 : 0;
}
