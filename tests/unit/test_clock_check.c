// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/clock_check.c's judgement (check_clocks' rules) and
 * what the sync state machine makes of it: a clock mismatch is degraded,
 * never locked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/clock_check.h"
#include "lib/ptp_mgmt.h"
#include "lib/ptp_sync.h"

#define S 1000000000ll
#define US 1000ll

static void judge(int tai, bool phc, int64_t phc_rt, int utc, unsigned int want,
		  int64_t rt_err, int64_t tai_err)
{
	struct etsn_clock_readings r = { .kernel_tai_s = tai, .has_phc = phc,
					 .phc_minus_rt_ns = phc_rt };
	struct etsn_clock_verdict v;

	etsn_clock_judge(&r, utc, 50 * US, &v);
	assert_int_equal(v.problems, want);
	assert_int_equal(v.phc_rt_error_ns, rt_err);
	assert_int_equal(v.phc_tai_error_ns, tai_err);
}

static void rules(void **state)
{
	(void)state;
	/* Everything right: TAI offset 37, PHC on TAI within 50 us. */
	judge(37, true, 37 * S + 20 * US, 37, 0, 20 * US, 20 * US);
	judge(37, true, 37 * S - 50 * US, 37, 0, -50 * US, -50 * US);
	/* No PHC: only the kernel's TAI offset. */
	judge(37, false, 0, 37, 0, 0, 0);
	judge(0, false, 0, 37, ETSN_CLOCK_TAI_OFFSET, 0, 0);
	/* phc2sys not running: the PHC drifted 51 us. */
	judge(37, true, 37 * S + 51 * US, 37, ETSN_CLOCK_PHC_RT | ETSN_CLOCK_PHC_TAI,
	      51 * US, 51 * US);
	/* phc2sys with -O 0: the PHC on UTC, not TAI. */
	judge(37, true, 0, 37, ETSN_CLOCK_PHC_RT | ETSN_CLOCK_PHC_TAI, -37 * S, -37 * S);
	/* The kernel's TAI offset unset (0) while the PHC is right: TAI wrong,
	 * so is PHC - CLOCK_TAI.
	 */
	judge(0, true, 37 * S, 37, ETSN_CLOCK_TAI_OFFSET | ETSN_CLOCK_PHC_TAI, 0, 37 * S);
	/* A grandmaster announcing another UTC offset (a leap second). */
	judge(37, true, 37 * S, 38, ETSN_CLOCK_TAI_OFFSET | ETSN_CLOCK_PHC_RT, -S, 0);
}

static void verdict_text(void **state)
{
	struct etsn_clock_readings r = { .kernel_tai_s = 0, .has_phc = true,
					 .phc_minus_rt_ns = 37 * S };
	struct etsn_clock_verdict v;
	char buf[256], tiny[16];

	(void)state;
	etsn_clock_judge(&r, 37, 50 * US, &v);
	etsn_clock_verdict_str(&v, &r, 37, buf, sizeof(buf));
	assert_string_equal(buf, "kernel TAI offset 0 s, the grandmaster's UTC offset 37 s; "
			    "PHC - CLOCK_TAI is 37000000000 ns");
	etsn_clock_verdict_str(&v, &r, 37, tiny, sizeof(tiny));
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	r.kernel_tai_s = 37;
	etsn_clock_judge(&r, 37, 50 * US, &v);
	etsn_clock_verdict_str(&v, &r, 37, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

struct seen {
	unsigned int n;
	struct ptp_sync_transition t[8];
};

static void record(void *ctx, const struct ptp_sync_transition *t)
{
	struct seen *s = ctx;

	if (s->n < 8)
		s->t[s->n++] = *t;
}

static void sample(const struct ptp_sync_cfg *c, struct ptp_sync *s, uint64_t *now,
		   int64_t *ingress, struct seen *seen)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_TIME_STATUS, .master_offset_ns = 5,
				     .gm_present = true, .gm_identity = { 1 } };

	*now += c->sample_interval_ns;
	*ingress += (int64_t)c->sample_interval_ns;
	in.ingress_time_ns = *ingress;
	ptp_sync_step(c, s, &in, *now, record, seen);
}

static void mismatch_is_degraded(void **state)
{
	struct ptp_sync_input port = { .kind = PTP_SYNC_IN_PORT_STATE, .port_state = PTP_PS_SLAVE };
	struct ptp_sync_input bad = { .kind = PTP_SYNC_IN_CLOCKS, .clocks_ok = false };
	struct ptp_sync_input good = { .kind = PTP_SYNC_IN_CLOCKS, .clocks_ok = true };
	struct ptp_sync_cfg c;
	struct ptp_sync s;
	struct seen seen = { 0 };
	uint64_t now = 100 * S;
	int64_t ingress = 5 * S;

	(void)state;
	ptp_sync_cfg_default(&c);
	ptp_sync_init(&s, now);
	ptp_sync_step(&c, &s, &port, now, record, &seen);
	for (unsigned int i = 0; i < c.lock_samples; i++)
		sample(&c, &s, &now, &ingress, &seen);
	assert_int_equal(s.state, PTP_SYNC_LOCKED);
	/* A mismatch: degraded at once, with its reason. */
	assert_true(ptp_sync_step(&c, &s, &bad, now, record, &seen));
	assert_int_equal(s.state, PTP_SYNC_DEGRADED);
	assert_string_equal(ptp_sync_reason_name(seen.t[seen.n - 1].reason), "clock-mismatch");
	/* Offsets within the threshold do not lock while it lasts. */
	for (unsigned int i = 0; i < 2 * c.lock_samples; i++)
		sample(&c, &s, &now, &ingress, &seen);
	assert_int_equal(s.state, PTP_SYNC_DEGRADED);
	/* Fixed (phc2sys started): locked after lock_samples good ones. */
	assert_false(ptp_sync_step(&c, &s, &good, now, record, &seen));
	for (unsigned int i = 0; i < c.lock_samples; i++)
		sample(&c, &s, &now, &ingress, &seen);
	assert_int_equal(s.state, PTP_SYNC_LOCKED);
	assert_string_equal(ptp_sync_reason_name(seen.t[seen.n - 1].reason), "in-threshold");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules),
		cmocka_unit_test(verdict_text),
		cmocka_unit_test(mismatch_is_degraded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
