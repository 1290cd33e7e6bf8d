// SPDX-License-Identifier: GPL-2.0-or-later
/* The host's clocks against PTP time (clock_check.h). */
#define _GNU_SOURCE	/* struct ifreq, adjtimex */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/ptp_clock.h>
#include <linux/sockios.h>
#include <net/if.h>

#include "clock_check.h"

#define NS_PER_S 1000000000ll
#define SAMPLES 5

static uint64_t abs64(int64_t x)
{
	return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
}

void etsn_clock_judge(const struct etsn_clock_readings *r, int utc_offset_s,
		      uint64_t tolerance_ns, struct etsn_clock_verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (r->kernel_tai_s != utc_offset_s)
		v->problems |= ETSN_CLOCK_TAI_OFFSET;
	if (!r->has_phc)
		return;
	/* PHC - TAI = PHC - REALTIME - (TAI - REALTIME). */
	v->phc_rt_error_ns = r->phc_minus_rt_ns - (int64_t)utc_offset_s * NS_PER_S;
	v->phc_tai_error_ns = r->phc_minus_rt_ns - (int64_t)r->kernel_tai_s * NS_PER_S;
	if (abs64(v->phc_rt_error_ns) > tolerance_ns)
		v->problems |= ETSN_CLOCK_PHC_RT;
	if (abs64(v->phc_tai_error_ns) > tolerance_ns)
		v->problems |= ETSN_CLOCK_PHC_TAI;
}

void etsn_clock_verdict_str(const struct etsn_clock_verdict *v, const struct etsn_clock_readings *r,
			    int utc_offset_s, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (v->problems & ETSN_CLOCK_TAI_OFFSET)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
				      "kernel TAI offset %d s, the grandmaster's UTC offset %d s; ",
				      r->kernel_tai_s, utc_offset_s);
	if (v->problems & ETSN_CLOCK_PHC_RT)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
				      "PHC - CLOCK_REALTIME is %" PRId64 " ns off the UTC offset; ",
				      v->phc_rt_error_ns);
	if (v->problems & ETSN_CLOCK_PHC_TAI)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
				      "PHC - CLOCK_TAI is %" PRId64 " ns; ", v->phc_tai_error_ns);
	/* Without the last "; ". */
	if (n >= 2 && n < len)
		buf[n - 2] = '\0';
}

static int64_t ns(const struct ptp_clock_time *t)
{
	return t->sec * NS_PER_S + t->nsec;
}

/* The tightest [sys, phc, sys] triple: phc - the middle of the two. */
static void tightest(const struct ptp_clock_time (*ts)[3], unsigned int n, int64_t *off)
{
	int64_t best = INT64_MAX;

	for (unsigned int i = 0; i < n; i++) {
		int64_t a = ns(&ts[i][0]), p = ns(&ts[i][1]), b = ns(&ts[i][2]);

		if (b - a < best) {
			best = b - a;
			*off = p - (a + (b - a) / 2);
		}
	}
}

int etsn_phc_offset(int phc_fd, int64_t *phc_minus_rt_ns)
{
	struct ptp_sys_offset_extended ext = { .n_samples = SAMPLES };
	struct ptp_sys_offset basic = { .n_samples = SAMPLES };
	struct ptp_clock_time tri[SAMPLES][3];

	if (!ioctl(phc_fd, PTP_SYS_OFFSET_EXTENDED, &ext)) {
		tightest((const struct ptp_clock_time (*)[3])ext.ts, SAMPLES, phc_minus_rt_ns);
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != ENOTTY && errno != EINVAL)
		return -errno;
	/* ts[2k] system, ts[2k+1] PHC, ts[2k+2] system. */
	if (ioctl(phc_fd, PTP_SYS_OFFSET, &basic))
		return -errno;
	for (unsigned int i = 0; i < SAMPLES; i++) {
		tri[i][0] = basic.ts[2 * i];
		tri[i][1] = basic.ts[2 * i + 1];
		tri[i][2] = basic.ts[2 * i + 2];
	}
	tightest((const struct ptp_clock_time (*)[3])tri, SAMPLES, phc_minus_rt_ns);
	return 0;
}

int etsn_phc_index(const char *ifname, int *index)
{
	struct ethtool_ts_info info = { .cmd = ETHTOOL_GET_TS_INFO };
	struct ifreq ifr;
	int fd, err = 0;

	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -EINVAL;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	ifr.ifr_data = (void *)&info;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		err = -errno;
	else if (info.phc_index < 0)
		err = -ENODEV;
	else
		*index = info.phc_index;
	close(fd);
	return err;
}

int etsn_clock_read(int phc_fd, struct etsn_clock_readings *r)
{
	struct timex tx = { 0 };

	memset(r, 0, sizeof(*r));
	if (adjtimex(&tx) < 0)
		return -errno;
	r->kernel_tai_s = tx.tai;
	if (phc_fd < 0)
		return 0;
	r->has_phc = true;
	return etsn_phc_offset(phc_fd, &r->phc_minus_rt_ns);
}
