// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/ptp_sync.c — every transition of the sync state
 * machine, its hysteresis, the watchdog, grandmaster changes and ptp4l
 * going away or restarting, driven with inputs and times chosen here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ptp_mgmt.h"
#include "lib/ptp_sync.h"

#define MS 1000000ull
#define S 1000000000ull

static const uint8_t gm_a[8] = { 0xa, 0xa, 0xa, 0xff, 0xfe, 0xa, 0xa, 0xa };
static const uint8_t gm_b[8] = { 0xb, 0xb, 0xb, 0xff, 0xfe, 0xb, 0xb, 0xb };

struct rig {
	struct ptp_sync_cfg cfg;
	struct ptp_sync s;
	uint64_t now;
	int64_t ingress;	/* of the next sample */
	struct ptp_sync_transition seen[32];
	unsigned int n;
};

static void record(void *ctx, const struct ptp_sync_transition *t)
{
	struct rig *r = ctx;

	assert_true(r->n < 32);
	r->seen[r->n++] = *t;
}

static int setup(void **state)
{
	static struct rig r;

	memset(&r, 0, sizeof(r));
	ptp_sync_cfg_default(&r.cfg);
	r.now = 1000 * S;
	r.ingress = 5000 * S;
	ptp_sync_init(&r.s, r.now);
	*state = &r;
	return 0;
}

static bool step(struct rig *r, const struct ptp_sync_input *in)
{
	return ptp_sync_step(&r->cfg, &r->s, in, r->now, record, r);
}

static bool port(struct rig *r, uint8_t ps)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PORT_STATE, .port_state = ps };

	return step(r, &in);
}

/* A new Sync one interval later, from grandmaster gm (NULL: none). */
static bool sample_from(struct rig *r, int64_t offset, const uint8_t *gm)
{
	struct ptp_sync_input in = {
		.kind = PTP_SYNC_IN_TIME_STATUS, .master_offset_ns = offset,
		.gm_present = gm != NULL,
	};

	r->now += r->cfg.sample_interval_ns;
	r->ingress += (int64_t)r->cfg.sample_interval_ns;
	in.ingress_time_ns = gm ? r->ingress : 0;
	if (gm)
		memcpy(in.gm_identity, gm, 8);
	return step(r, &in);
}

static bool sample(struct rig *r, int64_t offset)
{
	return sample_from(r, offset, gm_a);
}

/* The same TIME_STATUS_NP polled again before the next Sync. */
static bool repeat(struct rig *r, int64_t offset, uint64_t after)
{
	struct ptp_sync_input in = {
		.kind = PTP_SYNC_IN_TIME_STATUS, .master_offset_ns = offset,
		.ingress_time_ns = r->ingress, .gm_present = true,
	};

	memcpy(in.gm_identity, gm_a, 8);
	r->now += after;
	return step(r, &in);
}

static bool simple(struct rig *r, enum ptp_sync_input_kind kind)
{
	struct ptp_sync_input in = { .kind = kind };

	return step(r, &in);
}

static void expect(const struct rig *r, unsigned int i, enum ptp_sync_state from,
		   enum ptp_sync_state to, enum ptp_sync_reason why)
{
	assert_true(i < r->n);
	assert_string_equal(ptp_sync_state_name(r->seen[i].from), ptp_sync_state_name(from));
	assert_string_equal(ptp_sync_state_name(r->seen[i].to), ptp_sync_state_name(to));
	assert_string_equal(ptp_sync_reason_name(r->seen[i].reason), ptp_sync_reason_name(why));
}

/* Port SLAVE, then lock_samples good samples: locked. */
static void lock(struct rig *r)
{
	port(r, PTP_PS_SLAVE);
	for (unsigned int i = 0; i < r->cfg.lock_samples; i++)
		sample(r, 10);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	r->n = 0;
}

/* A new rig, locked then degraded, its transitions forgotten. */
static struct rig *fresh_degraded(void **state)
{
	struct rig *r;

	setup(state);
	r = *state;
	lock(r);
	for (unsigned int i = 0; i < r->cfg.degrade_samples; i++)
		sample(r, 999);
	assert_int_equal(r->s.state, PTP_SYNC_DEGRADED);
	r->n = 0;
	return r;
}

static void neg_threshold(struct ptp_sync_cfg *c) { c->lock_threshold_ns = -1; }
static void no_lock_samples(struct ptp_sync_cfg *c) { c->lock_samples = 0; }
static void no_degrade_samples(struct ptp_sync_cfg *c) { c->degrade_samples = 0; }
static void no_interval(struct ptp_sync_cfg *c) { c->sample_interval_ns = 0; }
static void degraded_below_lock(struct ptp_sync_cfg *c) { c->degraded_threshold_ns = 99; }
static void no_watchdog(struct ptp_sync_cfg *c) { c->watchdog_intervals = 0; }
static void huge_interval(struct ptp_sync_cfg *c) { c->sample_interval_ns = UINT64_MAX / 4; }

static void config_defaults_and_checks(void **state)
{
	static const struct {
		void (*spoil)(struct ptp_sync_cfg *c);
		const char *why;
	} bad[] = {
		{ neg_threshold, "lock threshold is negative" },
		{ degraded_below_lock, "degraded threshold is below the lock threshold" },
		{ no_lock_samples, "lock samples must be at least 1" },
		{ no_degrade_samples, "degrade samples must be at least 1" },
		{ no_interval, "sync interval must not be 0" },
		{ no_watchdog, "watchdog intervals must be at least 1" },
		{ huge_interval, "watchdog time (intervals x sync interval) overflows" },
	};
	struct ptp_sync_cfg c;
	const char *why = NULL;

	(void)state;
	ptp_sync_cfg_default(&c);
	assert_int_equal(c.lock_threshold_ns, 100);
	assert_int_equal(c.degraded_threshold_ns, 1000);
	assert_int_equal(c.lock_samples, 4);
	assert_int_equal(c.degrade_samples, 3);
	assert_int_equal(c.sample_interval_ns, S);
	assert_int_equal(c.watchdog_intervals, 3);
	assert_false(c.allow_self_gm);
	assert_int_equal(ptp_sync_cfg_check(&c, &why), 0);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ptp_sync_cfg_default(&c);
		bad[i].spoil(&c);
		assert_int_equal(ptp_sync_cfg_check(&c, &why), -EINVAL);
		assert_string_equal(why, bad[i].why);
	}
}

static void unknown_to_locking_to_locked(void **state)
{
	struct rig *r = *state;

	assert_int_equal(r->s.state, PTP_SYNC_UNKNOWN);
	/* Until the port state is known a sample is not judged. */
	assert_false(sample(r, 10));
	assert_int_equal(r->s.state, PTP_SYNC_UNKNOWN);
	assert_false(port(r, PTP_PS_SLAVE));
	assert_true(sample(r, 10));
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	assert_int_equal(r->seen[0].at_ns, r->now);
	assert_false(sample(r, -10));
	assert_false(sample(r, 100));
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	assert_true(sample(r, -100));	/* the 4th good one */
	assert_int_equal(r->n, 2);
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	assert_int_equal(r->seen[1].offset_ns, -100);
}

static void locking_needs_good_samples_in_a_row(void **state)
{
	struct rig *r = *state;

	port(r, PTP_PS_SLAVE);
	sample(r, 5);
	sample(r, 5);
	sample(r, 5);
	sample(r, 101);		/* just outside: the count starts again */
	sample(r, 5);
	sample(r, 5);
	sample(r, 5);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	sample(r, -101);
	sample(r, 5);
	sample(r, 5);
	sample(r, 5);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	sample(r, 5);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_int_equal(r->n, 2);
}

/* ptp4l answers TIME_STATUS_NP with the last Sync's values until the
 * next Sync: polled faster than Syncs arrive, a sample counts once.
 */
static void a_repeated_sample_counts_once(void **state)
{
	struct rig *r = *state;

	port(r, PTP_PS_SLAVE);
	sample(r, 5);
	for (int i = 0; i < 10; i++)
		repeat(r, 5, 10 * MS);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	sample(r, 5);
	sample(r, 5);
	sample(r, 5);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	/* Nor do repeats of a bad one degrade. */
	r->n = 0;
	sample(r, 5000);
	for (int i = 0; i < 10; i++)
		repeat(r, 5000, 10 * MS);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_int_equal(r->n, 0);
}

static void uncalibrated_is_never_locked(void **state)
{
	struct rig *r = *state;

	port(r, PTP_PS_UNCALIBRATED);
	for (int i = 0; i < 10; i++)
		sample(r, 1);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	port(r, PTP_PS_SLAVE);
	for (int i = 0; i < 4; i++)
		sample(r, 1);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
}

static void locked_degrades_after_bad_samples_in_a_row(void **state)
{
	struct rig *r = *state;

	lock(r);
	/* Two outliers, then a good one: no change. */
	sample(r, 500);
	sample(r, -500);
	sample(r, 0);
	sample(r, 500);
	sample(r, 500);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_true(sample(r, 500));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD);
	assert_int_equal(r->seen[0].offset_ns, 500);
	/* Bad but within the degraded threshold: degraded stays degraded. */
	for (int i = 0; i < 20; i++)
		assert_false(sample(r, 1000));
	/* Back within threshold for lock_samples: locked again. */
	sample(r, 0);
	sample(r, 0);
	sample(r, 900);
	sample(r, 0);
	sample(r, 0);
	sample(r, 0);
	assert_int_equal(r->s.state, PTP_SYNC_DEGRADED);
	assert_true(sample(r, 0));
	expect(r, 1, PTP_SYNC_DEGRADED, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	assert_int_equal(r->n, 2);
}

static void configured_threshold_and_counts(void **state)
{
	struct rig *r = *state;

	r->cfg.lock_threshold_ns = 1000;
	r->cfg.degraded_threshold_ns = 5000;
	r->cfg.lock_samples = 1;
	r->cfg.degrade_samples = 1;
	port(r, PTP_PS_SLAVE);
	/* lock_samples 1: the first sample both starts locking and locks. */
	assert_true(sample(r, 1000));
	assert_int_equal(r->n, 2);
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	assert_true(sample(r, 1001));
	expect(r, 2, PTP_SYNC_LOCKED, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD);
	assert_true(sample(r, -1000));
	expect(r, 3, PTP_SYNC_DEGRADED, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
}

/* Beyond the degraded threshold, degrade_samples in a row: lost, from
 * any state; leaving lost takes a sample within the threshold.
 */
static void offset_too_large(void **state)
{
	struct rig *r = *state;

	lock(r);
	sample(r, 1001);
	sample(r, -5000);
	sample(r, 0);		/* the count starts again */
	sample(r, 1001);
	sample(r, 1001);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_true(sample(r, -1001));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_OFFSET_TOO_LARGE);
	assert_int_equal(r->seen[0].offset_ns, -1001);
	for (int i = 0; i < 5; i++)
		assert_false(sample(r, 1000000));
	assert_true(sample(r, 1000));
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	/* From locking. */
	sample(r, 2000);
	sample(r, 2000);
	assert_true(sample(r, 2000));
	expect(r, 2, PTP_SYNC_LOCKING, PTP_SYNC_LOST, PTP_SYNC_R_OFFSET_TOO_LARGE);
	/* From degraded; a bad sample between resets the count. */
	r = fresh_degraded(state);
	sample(r, 3000);
	sample(r, 3000);
	sample(r, 999);
	sample(r, 3000);
	sample(r, 3000);
	assert_int_equal(r->s.state, PTP_SYNC_DEGRADED);
	assert_true(sample(r, 3000));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOST, PTP_SYNC_R_OFFSET_TOO_LARGE);
	/* From unknown: never locking. */
	setup(state);
	r = *state;
	port(r, PTP_PS_UNCALIBRATED);
	assert_false(sample(r, 40000));
	assert_false(sample(r, 30000));
	assert_true(sample(r, 20000));
	assert_int_equal(r->n, 1);
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOST, PTP_SYNC_R_OFFSET_TOO_LARGE);
	/* Bad then too large in a row, in locked: degraded first. */
	setup(state);
	r = *state;
	lock(r);
	sample(r, 500);
	sample(r, 5000);
	assert_true(sample(r, 5000));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD);
	/* No limit configured: only degraded. */
	setup(state);
	r = *state;
	r->cfg.degraded_threshold_ns = 0;
	lock(r);
	for (int i = 0; i < 10; i++)
		sample(r, 1000000000);
	assert_int_equal(r->n, 1);
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD);
}

static void port_without_time_source_is_lost(void **state)
{
	static const uint8_t lost_in[] = {
		PTP_PS_INITIALIZING, PTP_PS_FAULTY, PTP_PS_DISABLED, PTP_PS_LISTENING,
		PTP_PS_PRE_MASTER, PTP_PS_MASTER, PTP_PS_PASSIVE, PTP_PS_GRAND_MASTER, 0, 42,
	};
	struct rig *r = *state;

	for (size_t i = 0; i < sizeof(lost_in); i++) {
		setup(state);
		r = *state;
		lock(r);
		assert_true(port(r, lost_in[i]));
		expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_PORT_STATE);
		/* Samples while the port has no source change nothing... */
		assert_false(sample(r, 0));
		/* ...until it syncs again: locking, then locked. */
		assert_false(port(r, PTP_PS_UNCALIBRATED));
		assert_true(sample(r, 500));
		expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
		port(r, PTP_PS_SLAVE);
		for (int k = 0; k < 4; k++)
			sample(r, 0);
		expect(r, 2, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	}
	/* From locking and degraded too. */
	setup(state);
	r = *state;
	port(r, PTP_PS_SLAVE);
	sample(r, 0);
	assert_true(port(r, PTP_PS_LISTENING));
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOST, PTP_SYNC_R_PORT_STATE);
	r = fresh_degraded(state);
	assert_true(port(r, PTP_PS_FAULTY));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOST, PTP_SYNC_R_PORT_STATE);
	/* Lost stays lost without a second report. */
	assert_false(port(r, PTP_PS_LISTENING));
	assert_int_equal(r->n, 1);
}

/* A slave whose master vanished elects itself (not slaveOnly): gmPresent
 * false. Lost, unless the configuration accepts this clock as the GM.
 */
static void own_grandmaster(void **state)
{
	struct rig *r = *state;

	lock(r);
	assert_true(sample_from(r, 0, NULL));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_NO_GRANDMASTER);
	assert_false(sample_from(r, 0, NULL));
	/* The old GM is back: locking (not a GM change: we had none). */
	assert_true(sample(r, 20));
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	assert_int_equal(r->n, 2);

	setup(state);
	r = *state;
	r->cfg.allow_self_gm = true;
	assert_false(port(r, PTP_PS_MASTER));
	/* A GM receives no Sync: each poll is a new sample. */
	assert_true(sample_from(r, 0, NULL));
	sample_from(r, 0, NULL);
	sample_from(r, 0, NULL);
	assert_true(sample_from(r, 0, NULL));
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	/* Master but with a GM elsewhere (a boundary clock's master port
	 * reporting someone else's GM) is not a locked slave: bad samples.
	 */
	sample(r, 0);
	sample(r, 0);
	assert_true(sample(r, 0));
	expect(r, 2, PTP_SYNC_LOCKED, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD);
}

static void watchdog_without_new_syncs(void **state)
{
	struct rig *r = *state;
	uint64_t deadline;

	lock(r);
	deadline = r->now + 3 * S;
	assert_int_equal(ptp_sync_deadline(&r->cfg, &r->s), deadline);
	/* Polls answered with the old Sync do not feed the watchdog. */
	repeat(r, 10, S);
	repeat(r, 10, S);
	repeat(r, 10, S);
	assert_int_equal(r->now, deadline);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);	/* at, not past */
	r->now++;
	assert_true(simple(r, PTP_SYNC_IN_TICK));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	assert_int_equal(r->seen[0].at_ns, deadline + 1);
	assert_false(simple(r, PTP_SYNC_IN_TICK));
	/* A new Sync: locking again, a new deadline. */
	assert_true(sample(r, 10));
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	assert_int_equal(ptp_sync_deadline(&r->cfg, &r->s), r->now + 3 * S);
}

/* ptp.port: the states of other ports of the same ptp4l change nothing. */
static void only_the_supervised_port(void **state)
{
	struct rig *r = *state;
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PORT_STATE };

	r->cfg.port = 2;
	in.port = 2;
	in.port_state = PTP_PS_SLAVE;
	step(r, &in);
	for (unsigned int i = 0; i < r->cfg.lock_samples; i++)
		sample(r, 10);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	in.port = 1;
	in.port_state = PTP_PS_DISABLED;
	assert_false(step(r, &in));
	in.port_state = PTP_PS_MASTER;
	assert_false(step(r, &in));
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_int_equal(r->s.port_state, PTP_PS_SLAVE);
	in.port = 2;
	in.port_state = PTP_PS_LISTENING;
	assert_true(step(r, &in));
	assert_int_equal(r->s.state, PTP_SYNC_LOST);
}

/* The watchdog runs from the Sync's arrival, not from the poll that saw
 * it: 3 intervals after the last Sync, whatever the poll's phase.
 */
/* A loop that sleeps until ptp_sync_next_wake() finds lost 1 ns after the
 * deadline (3 intervals after the Sync's arrival), not at the poll after.
 */
static void wakes_at_the_watchdog_deadline(void **state)
{
	struct rig *r = *state;
	struct ptp_sync_input in = {
		.kind = PTP_SYNC_IN_TIME_STATUS, .master_offset_ns = 10, .gm_present = true,
	};
	uint64_t arrived, deadline, next_poll;

	r->cfg.sample_interval_ns = 250 * MS;
	lock(r);
	memcpy(in.gm_identity, gm_a, 8);
	/* The last Sync, seen by a poll 200 ms after it came; polls every 250 ms. */
	r->now += 250 * MS;
	in.ingress_time_ns = r->ingress += (int64_t)(250 * MS);
	in.sample_age_ns = 200 * MS;
	arrived = r->now - 200 * MS;
	step(r, &in);
	deadline = arrived + 750 * MS;
	next_poll = r->now + 250 * MS;
	/* Polls come and repeat that Sync; each time the next wake is the
	 * earlier of the next poll and the deadline.
	 */
	while (next_poll <= deadline) {
		assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, next_poll, UINT64_MAX, 0),
				 next_poll);
		r->now = next_poll;
		assert_false(step(r, &in));
		next_poll += 250 * MS;
	}
	assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, next_poll, UINT64_MAX, 0),
			 deadline + 1);
	r->now = ptp_sync_next_wake(&r->cfg, &r->s, next_poll, UINT64_MAX, 0);
	assert_true(simple(r, PTP_SYNC_IN_TICK));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	assert_int_equal(r->seen[r->n - 1].at_ns, deadline + 1);
	/* Lost: only polls (and timeouts) wake it; a confirmation's end and an
	 * earlier request timeout come first; never 0.
	 */
	assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, next_poll, UINT64_MAX, 0), next_poll);
	assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, next_poll, next_poll - 1, 0),
			 next_poll - 1);
	setup(state);
	r = *state;
	lock(r);
	deadline = ptp_sync_deadline(&r->cfg, &r->s);
	assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, UINT64_MAX, UINT64_MAX, deadline + 50 * MS),
			 deadline + 50 * MS);
	assert_int_equal(ptp_sync_next_wake(&r->cfg, &r->s, 0, UINT64_MAX, 0), 1);
}

static void watchdog_from_the_sync_arrival(void **state)
{
	struct rig *r = *state;
	struct ptp_sync_input in = {
		.kind = PTP_SYNC_IN_TIME_STATUS, .master_offset_ns = 10, .gm_present = true,
	};
	uint64_t arrived;

	r->cfg.sample_interval_ns = 250 * MS;
	lock(r);
	memcpy(in.gm_identity, gm_a, 8);
	/* Polled 240 ms after the Sync came. */
	r->now += 250 * MS;
	in.ingress_time_ns = r->ingress += (int64_t)(250 * MS);
	in.sample_age_ns = 240 * MS;
	arrived = r->now - 240 * MS;
	step(r, &in);
	assert_int_equal(ptp_sync_deadline(&r->cfg, &r->s), arrived + 750 * MS);
	r->now = arrived + 750 * MS;
	assert_false(simple(r, PTP_SYNC_IN_TICK));
	r->now++;
	assert_true(simple(r, PTP_SYNC_IN_TICK));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	/* A late reply whose Sync arrived before the deadline: not lost. */
	setup(state);
	r = *state;
	r->cfg.sample_interval_ns = 250 * MS;
	lock(r);
	arrived = r->s.last_update_ns;
	r->now = arrived + 900 * MS;
	in.ingress_time_ns = r->ingress += (int64_t)(700 * MS);
	in.sample_age_ns = 200 * MS;	/* came at +700 ms, seen at +900 ms */
	assert_false(step(r, &in));
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	assert_int_equal(r->s.last_update_ns, arrived + 700 * MS);
	/* One that arrived after it: lost, then locking on it. */
	r->now = r->s.last_update_ns + 900 * MS;
	in.ingress_time_ns = r->ingress += (int64_t)(800 * MS);
	in.sample_age_ns = 100 * MS;
	assert_true(step(r, &in));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	/* An age reaching back before the previous Sync moves nothing back. */
	setup(state);
	r = *state;
	lock(r);
	arrived = r->s.last_update_ns;
	r->now += 10 * MS;
	in.ingress_time_ns = r->ingress += (int64_t)(10 * MS);
	in.sample_age_ns = 50 * MS;
	step(r, &in);
	assert_int_equal(r->s.last_update_ns, arrived);
}

static void sample_age_within_the_window(void **state)
{
	(void)state;
	assert_int_equal(ptp_sync_sample_age(10 * S, 10 * S - 240 * MS, 250 * MS), 240 * MS);
	assert_int_equal(ptp_sync_sample_age(10 * S, 10 * S, 250 * MS), 0);
	/* Another clock (a PHC 37 s ahead), or a step: unknown. */
	assert_int_equal(ptp_sync_sample_age(10 * S, 47 * S, 250 * MS), 0);
	assert_int_equal(ptp_sync_sample_age(47 * S, 10 * S, 250 * MS), 0);
	assert_int_equal(ptp_sync_sample_age(10 * S, 10 * S - 251 * MS, 250 * MS), 0);
	assert_int_equal(ptp_sync_sample_age(-1, -2, 250 * MS), 0);
	assert_int_equal(ptp_sync_sample_age(INT64_MAX, 0, UINT64_MAX), (uint64_t)INT64_MAX);
}

static void watchdog_fires_on_any_input(void **state)
{
	struct rig *r = *state;

	r->cfg.sample_interval_ns = 125 * MS;	/* logSyncInterval -3 */
	r->cfg.watchdog_intervals = 2;
	lock(r);
	r->now += 250 * MS + 1;
	/* The stale repeat that arrives late: lost, by the watchdog. */
	assert_true(repeat(r, 10, 0));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	/* From degraded and from a port state input as well. */
	r = fresh_degraded(state);
	r->now += 3 * S + 1;
	assert_true(port(r, PTP_PS_SLAVE));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
}

/* The agent started, ptp4l never answered: unknown becomes lost. */
static void watchdog_from_unknown(void **state)
{
	struct rig *r = *state;

	r->now += 3 * S;
	assert_false(simple(r, PTP_SYNC_IN_TICK));
	r->now += 1;
	assert_true(simple(r, PTP_SYNC_IN_TICK));
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG);
	/* ptp4l shows up late. */
	port(r, PTP_PS_SLAVE);
	assert_true(sample(r, 0));
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
}

static void grandmaster_change(void **state)
{
	struct rig *r = *state;

	lock(r);
	assert_true(sample_from(r, 30, gm_b));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOCKING, PTP_SYNC_R_GM_CHANGE);
	/* The new GM's sample counts: three more lock. */
	sample_from(r, 30, gm_b);
	sample_from(r, 30, gm_b);
	assert_true(sample_from(r, 30, gm_b));
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	/* While locking, a change restarts the count without a transition. */
	sample_from(r, 30, gm_a);
	sample_from(r, 30, gm_a);
	sample_from(r, 30, gm_a);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	assert_false(sample_from(r, 30, gm_b));
	sample_from(r, 30, gm_b);
	sample_from(r, 30, gm_b);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	sample_from(r, 30, gm_b);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKED);
	/* From degraded. */
	sample_from(r, 900, gm_b);
	sample_from(r, 900, gm_b);
	sample_from(r, 900, gm_b);
	assert_int_equal(r->s.state, PTP_SYNC_DEGRADED);
	r->n = 0;
	assert_true(sample_from(r, 900, gm_a));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOCKING, PTP_SYNC_R_GM_CHANGE);
}

static void ptp4l_down(void **state)
{
	struct rig *r = *state;

	/* Before anything was heard (the agent started first). */
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_DOWN));
	expect(r, 0, PTP_SYNC_UNKNOWN, PTP_SYNC_LOST, PTP_SYNC_R_PTP4L_DOWN);
	assert_false(simple(r, PTP_SYNC_IN_PTP4L_DOWN));

	setup(state);
	r = *state;
	lock(r);
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_DOWN));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOST, PTP_SYNC_R_PTP4L_DOWN);
	/* What the old ptp4l said is forgotten: no port state, no sample. */
	assert_false(sample(r, 0));
	assert_int_equal(r->s.state, PTP_SYNC_LOST);
	port(r, PTP_PS_SLAVE);
	assert_true(sample(r, 0));
	expect(r, 1, PTP_SYNC_LOST, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE);
	/* From locking and degraded. */
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_DOWN));
	expect(r, 2, PTP_SYNC_LOCKING, PTP_SYNC_LOST, PTP_SYNC_R_PTP4L_DOWN);
	r = fresh_degraded(state);
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_DOWN));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOST, PTP_SYNC_R_PTP4L_DOWN);
}

static void ptp4l_restart(void **state)
{
	struct rig *r = *state;

	lock(r);
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_RESTART));
	expect(r, 0, PTP_SYNC_LOCKED, PTP_SYNC_LOCKING, PTP_SYNC_R_PTP4L_RESTART);
	/* The new process's port state is needed before samples count. */
	for (int i = 0; i < 5; i++)
		sample(r, 0);
	assert_int_equal(r->s.state, PTP_SYNC_LOCKING);
	port(r, PTP_PS_SLAVE);
	for (int i = 0; i < 4; i++)
		sample(r, 0);
	expect(r, 1, PTP_SYNC_LOCKING, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD);
	/* Degraded: locking. */
	r = fresh_degraded(state);
	assert_true(simple(r, PTP_SYNC_IN_PTP4L_RESTART));
	expect(r, 0, PTP_SYNC_DEGRADED, PTP_SYNC_LOCKING, PTP_SYNC_R_PTP4L_RESTART);
	/* Locking, lost and unknown stay where they are. */
	assert_false(simple(r, PTP_SYNC_IN_PTP4L_RESTART));
	simple(r, PTP_SYNC_IN_PTP4L_DOWN);
	assert_false(simple(r, PTP_SYNC_IN_PTP4L_RESTART));
	assert_int_equal(r->s.state, PTP_SYNC_LOST);
	setup(state);
	r = *state;
	assert_false(simple(r, PTP_SYNC_IN_PTP4L_RESTART));
	assert_int_equal(r->s.state, PTP_SYNC_UNKNOWN);
}

static void no_callback_needed(void **state)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PTP4L_DOWN };
	struct rig *r = *state;

	assert_true(ptp_sync_step(&r->cfg, &r->s, &in, r->now, NULL, NULL));
	assert_int_equal(r->s.state, PTP_SYNC_LOST);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(ptp_sync_state_name(PTP_SYNC_DEGRADED), "degraded");
	assert_string_equal(ptp_sync_state_name((enum ptp_sync_state)99), "?");
	assert_string_equal(ptp_sync_reason_name(PTP_SYNC_R_GM_CHANGE), "gm-change");
	assert_string_equal(ptp_sync_reason_name(PTP_SYNC_R_OFFSET_TOO_LARGE),
			    "offset-too-large");
	assert_string_equal(ptp_sync_reason_name(PTP_SYNC_R_PTP4L_RESTART), "ptp4l-restart");
	assert_string_equal(ptp_sync_reason_name((enum ptp_sync_reason)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_defaults_and_checks),
		cmocka_unit_test_setup(unknown_to_locking_to_locked, setup),
		cmocka_unit_test_setup(locking_needs_good_samples_in_a_row, setup),
		cmocka_unit_test_setup(a_repeated_sample_counts_once, setup),
		cmocka_unit_test_setup(uncalibrated_is_never_locked, setup),
		cmocka_unit_test_setup(locked_degrades_after_bad_samples_in_a_row, setup),
		cmocka_unit_test_setup(configured_threshold_and_counts, setup),
		cmocka_unit_test_setup(offset_too_large, setup),
		cmocka_unit_test_setup(port_without_time_source_is_lost, setup),
		cmocka_unit_test_setup(own_grandmaster, setup),
		cmocka_unit_test_setup(watchdog_without_new_syncs, setup),
		cmocka_unit_test_setup(watchdog_from_the_sync_arrival, setup),
		cmocka_unit_test_setup(wakes_at_the_watchdog_deadline, setup),
		cmocka_unit_test_setup(only_the_supervised_port, setup),
		cmocka_unit_test(sample_age_within_the_window),
		cmocka_unit_test_setup(watchdog_fires_on_any_input, setup),
		cmocka_unit_test_setup(watchdog_from_unknown, setup),
		cmocka_unit_test_setup(grandmaster_change, setup),
		cmocka_unit_test_setup(ptp4l_down, setup),
		cmocka_unit_test_setup(ptp4l_restart, setup),
		cmocka_unit_test_setup(no_callback_needed, setup),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
