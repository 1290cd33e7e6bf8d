/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's check of the host's clocks against PTP time, as Avnu detd's
 * check_clocks does: the kernel's TAI offset (adjtimex) must be the UTC
 * offset the grandmaster announces (TIME_PROPERTIES_DATA_SET), and a PHC
 * on the PTP timescale must read CLOCK_REALTIME + that offset, i.e.
 * CLOCK_TAI (phc2sys running with the right offset). The judgement is
 * pure (etsn_clock_judge); etsn_clock_read takes the readings.
 */
#ifndef EDGETSN_CLOCK_CHECK_H
#define EDGETSN_CLOCK_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct etsn_clock_readings {
	int kernel_tai_s;	/* adjtimex()'s tai: CLOCK_TAI - CLOCK_REALTIME */
	bool has_phc;
	int64_t phc_minus_rt_ns; /* PHC - CLOCK_REALTIME, with has_phc */
};

enum etsn_clock_problem {
	ETSN_CLOCK_TAI_OFFSET = 1 << 0,	/* kernel TAI offset != UTC offset */
	ETSN_CLOCK_PHC_RT = 1 << 1,	/* PHC - REALTIME != UTC offset */
	ETSN_CLOCK_PHC_TAI = 1 << 2,	/* PHC - TAI beyond the tolerance */
};

struct etsn_clock_verdict {
	unsigned int problems;		/* enum etsn_clock_problem bits; 0: agree */
	int64_t phc_rt_error_ns;	/* PHC - REALTIME - UTC offset */
	int64_t phc_tai_error_ns;	/* PHC - TAI */
};

/* Judges r against the grandmaster's UTC offset (s) with tolerance_ns
 * for the PHC comparisons.
 */
void etsn_clock_judge(const struct etsn_clock_readings *r, int utc_offset_s,
		      uint64_t tolerance_ns, struct etsn_clock_verdict *v);

/* One line naming every problem of v ("" when none). */
void etsn_clock_verdict_str(const struct etsn_clock_verdict *v, const struct etsn_clock_readings *r,
			    int utc_offset_s, char *buf, size_t len);

/* The PHC - CLOCK_REALTIME offset of /dev/ptpN from the tightest of a few
 * PTP_SYS_OFFSET_EXTENDED samples (PTP_SYS_OFFSET where the driver has no
 * extended read). 0, or a negative errno.
 */
int etsn_phc_offset(int phc_fd, int64_t *phc_minus_rt_ns);

/* The PHC index of ifname (ETHTOOL_GET_TS_INFO): 0, -ENODEV when it has
 * none, or a negative errno.
 */
int etsn_phc_index(const char *ifname, int *index);

/* The readings: the kernel's TAI offset and, with phc_fd >= 0, the PHC's
 * offset. 0, or a negative errno.
 */
int etsn_clock_read(int phc_fd, struct etsn_clock_readings *r);

#endif
