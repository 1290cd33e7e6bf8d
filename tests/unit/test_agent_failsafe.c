// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: user/lib/agent_failsafe.c — which schedule each interface runs
 * for each sync state, recovery only at locked, refuse-unsynchronised, the
 * all-open schedule, reload, and the effective config handed to apply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "lib/agent_failsafe.h"

static struct etsn_sched primary = {
	.num_entries = 2,
	.entries = {
		{ .op = EDGETSN_GATE_OP_SET, .gates = 0x01, .interval = 300000 },
		{ .op = EDGETSN_GATE_OP_SET, .gates = 0xfe, .interval = 700000 },
	},
};

static struct etsn_sched backup = {
	.num_entries = 1,
	.entries = { { .op = EDGETSN_GATE_OP_SET, .gates = 0x7f, .interval = 1000000 } },
};

static struct etsn_agent_config *config(enum etsn_failsafe_action action, bool refuse)
{
	struct etsn_agent_config *c = calloc(1, sizeof(*c));
	struct etsn_agent_iface *ifc;

	assert_non_null(c);
	etsn_agent_config_defaults(c);
	c->nifaces = 2;
	ifc = &c->ifaces[0];
	snprintf(ifc->name, sizeof(ifc->name), "eth0");
	ifc->qdisc = true;
	ifc->schedule = &primary;
	snprintf(ifc->fallbacks[0].name, sizeof(ifc->fallbacks[0].name), "other");
	ifc->fallbacks[0].sched = &primary;
	snprintf(ifc->fallbacks[1].name, sizeof(ifc->fallbacks[1].name), "safe");
	ifc->fallbacks[1].sched = &backup;
	ifc->nfallbacks = 2;
	ifc->failsafe = action;
	ifc->failsafe_fallback = 1;
	ifc->refuse_unsynced = refuse;
	/* A qdisc without a schedule has nothing to fall back from. */
	snprintf(c->ifaces[1].name, sizeof(c->ifaces[1].name), "eth1");
	c->ifaces[1].qdisc = true;
	c->ifaces[1].failsafe = action;
	return c;
}

struct seen {
	char log[512];
};

static void on_change(void *ctx, const char *ifname, enum etsn_fs_mode from,
		      enum etsn_fs_mode to)
{
	struct seen *s = ctx;
	size_t n = strlen(s->log);

	snprintf(s->log + n, sizeof(s->log) - n, "%s:%s->%s;", ifname, etsn_fs_mode_name(from),
		 etsn_fs_mode_name(to));
}

static struct etsn_failsafe *fs_new(const struct etsn_agent_config *c)
{
	struct etsn_failsafe *fs = calloc(1, sizeof(*fs));

	assert_non_null(fs);
	etsn_failsafe_init(fs, c);
	return fs;
}

static void test_fallback_cycle(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_FALLBACK, false);
	struct etsn_failsafe *fs = fs_new(c);
	struct seen s = { "" };
	enum etsn_fs_mode m;

	(void)state;
	/* Before any judgement the primary is wanted, as without supervision. */
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKING, on_change, &s), 0);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, on_change, &s), 0);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_DEGRADED, on_change, &s), 0);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);

	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, on_change, &s), 1);
	assert_string_equal(s.log, "eth0:primary->fallback;");
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &backup);
	assert_null(fs->eff.ifaces[1].schedule);
	assert_true(etsn_failsafe_mode(fs, "eth0", &m));
	assert_int_equal(m, ETSN_FS_FALLBACK);
	assert_true(etsn_failsafe_mode(fs, "eth1", &m));
	assert_int_equal(m, ETSN_FS_PRIMARY);
	assert_false(etsn_failsafe_mode(fs, "eth9", &m));

	/* Recovery takes locked: locking and degraded keep the fallback. */
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKING, on_change, &s), 0);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_DEGRADED, on_change, &s), 0);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &backup);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, on_change, &s), 1);
	assert_string_equal(s.log, "eth0:primary->fallback;eth0:fallback->primary;");
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	/* The source config is never changed. */
	assert_ptr_equal(c->ifaces[0].schedule, &primary);
	free(fs);
	free(c);
}

/* set-schedule during a fail-safe: the new primary waits for locked. */
static void test_new_primary_during_failsafe(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_FALLBACK, false);
	struct etsn_failsafe *fs = fs_new(c);
	struct etsn_sched newer = {
		.num_entries = 1,
		.entries = { { .op = EDGETSN_GATE_OP_SET, .gates = 0x03, .interval = 1000000 } },
	};

	(void)state;
	assert_true(etsn_failsafe_primary_runs(fs, "eth0"));
	assert_true(etsn_failsafe_primary_runs(fs, "eth9"));
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	assert_false(etsn_failsafe_primary_runs(fs, "eth0"));
	assert_true(etsn_failsafe_primary_runs(fs, "eth1"));
	/* The desired primary changes; the fallback stays while not locked. */
	c->ifaces[0].schedule = &newer;
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 0);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &backup);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKING, NULL, NULL), 0);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &backup);
	/* Recovery installs the new primary, not the one before. */
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, NULL, NULL), 1);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &newer);
	assert_true(etsn_failsafe_primary_runs(fs, "eth0"));
	free(fs);
	free(c);
}

/* refuse-unsynchronised: withheld until locked, a new primary too. */
static void test_new_primary_withheld(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_KEEP, true);
	struct etsn_failsafe *fs = fs_new(c);

	(void)state;
	assert_false(etsn_failsafe_primary_runs(fs, "eth0"));
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, NULL, NULL), 1);
	assert_true(etsn_failsafe_primary_runs(fs, "eth0"));
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	assert_false(etsn_failsafe_primary_runs(fs, "eth0"));
	free(fs);
	free(c);
}

static void test_all_open(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_ALL_OPEN, false);
	struct etsn_failsafe *fs = fs_new(c);
	const struct etsn_sched *s;

	(void)state;
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	s = fs->eff.ifaces[0].schedule;
	assert_non_null(s);
	assert_int_equal(s->num_entries, 1);
	assert_int_equal(s->entries[0].gates, 0xff);
	assert_int_equal(s->entries[0].op, EDGETSN_GATE_OP_SET);
	assert_int_equal(s->entries[0].interval, 1000000);	/* the primary's cycle */
	assert_true(s->has_clockid);
	assert_int_equal(s->clockid, CLOCK_TAI);
	free(fs);
	free(c);
}

static void test_all_open_cycle(void **state)
{
	struct etsn_sched p = primary, out;

	(void)state;
	p.has_cycle_time = true;
	p.cycle_time = 2500000;
	p.has_clockid = true;
	p.clockid = CLOCK_REALTIME;
	etsn_fs_all_open(&p, &out);
	assert_int_equal(out.entries[0].interval, 2500000);
	assert_int_equal(out.clockid, CLOCK_REALTIME);
	p.cycle_time = (uint64_t)UINT32_MAX + 1;	/* no entry holds it */
	etsn_fs_all_open(&p, &out);
	assert_int_equal(out.entries[0].interval, 1000000000u);
}

static void test_keep(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_KEEP, false);
	struct etsn_failsafe *fs = fs_new(c);

	(void)state;
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	/* NULL: the reconcile leaves the kernel's schedule as it is. */
	assert_null(fs->eff.ifaces[0].schedule);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKING, NULL, NULL), 0);
	assert_null(fs->eff.ifaces[0].schedule);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, NULL, NULL), 1);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	free(fs);
	free(c);
}

static void test_refuse_unsynced(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_FALLBACK, true);
	struct etsn_failsafe *fs = fs_new(c);
	enum etsn_fs_mode m;

	(void)state;
	/* No base time from a clock not known to be locked. */
	assert_true(etsn_failsafe_mode(fs, "eth0", &m));
	assert_int_equal(m, ETSN_FS_WITHHELD);
	assert_null(fs->eff.ifaces[0].schedule);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKING, NULL, NULL), 0);
	assert_null(fs->eff.ifaces[0].schedule);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOCKED, NULL, NULL), 1);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	/* Degraded: the running primary is left alone, not recomputed. */
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_DEGRADED, NULL, NULL), 1);
	assert_null(fs->eff.ifaces[0].schedule);
	/* The fallback is the point of losing sync: it is installed. */
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &backup);
	free(fs);
	free(c);
}

static void test_refuse_keep(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_KEEP, true);
	struct etsn_failsafe *fs = fs_new(c);
	enum etsn_fs_mode m;

	(void)state;
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 0);
	assert_true(etsn_failsafe_mode(fs, "eth0", &m));
	assert_int_equal(m, ETSN_FS_WITHHELD);
	assert_null(fs->eff.ifaces[0].schedule);
	free(fs);
	free(c);
}

static void test_unsupervised(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_FALLBACK, true);
	struct etsn_failsafe *fs;

	(void)state;
	c->ptp.enabled = false;
	fs = fs_new(c);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 0);
	assert_ptr_equal(fs->eff.ifaces[0].schedule, &primary);
	free(fs);
	free(c);
}

static void test_rebind(void **state)
{
	struct etsn_agent_config *c = config(ETSN_FAILSAFE_FALLBACK, false);
	struct etsn_agent_config *c2 = config(ETSN_FAILSAFE_ALL_OPEN, false);
	struct etsn_failsafe *fs = fs_new(c);
	enum etsn_fs_mode m;

	(void)state;
	assert_int_equal(etsn_failsafe_update(fs, c, PTP_SYNC_LOST, NULL, NULL), 1);
	/* Reloaded in order eth1, eth0, eth2 with all-open as the fail-safe. */
	c2->ifaces[2] = c2->ifaces[0];
	c2->ifaces[0] = c2->ifaces[1];
	c2->ifaces[1] = c2->ifaces[2];
	snprintf(c2->ifaces[2].name, sizeof(c2->ifaces[2].name), "eth2");
	c2->nifaces = 3;
	etsn_failsafe_rebind(fs, c2);
	assert_true(etsn_failsafe_mode(fs, "eth0", &m));
	assert_int_equal(m, ETSN_FS_FALLBACK);
	assert_true(etsn_failsafe_mode(fs, "eth2", &m));
	assert_int_equal(m, ETSN_FS_PRIMARY);
	/* Still out of sync: eth0 follows the new fail-safe, eth2 falls back too. */
	assert_int_equal(etsn_failsafe_update(fs, c2, PTP_SYNC_LOCKING, NULL, NULL), 1);
	assert_int_equal(etsn_failsafe_update(fs, c2, PTP_SYNC_LOST, NULL, NULL), 1);
	assert_int_equal(fs->eff.ifaces[1].schedule->entries[0].gates, 0xff);
	assert_int_equal(fs->eff.ifaces[2].schedule->entries[0].gates, 0xff);
	assert_null(fs->eff.ifaces[0].schedule);
	free(fs);
	free(c2);
	free(c);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(etsn_fs_mode_name(ETSN_FS_PRIMARY), "primary");
	assert_string_equal(etsn_fs_mode_name(ETSN_FS_WITHHELD), "withheld");
	assert_string_equal(etsn_fs_mode_name((enum etsn_fs_mode)42), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallback_cycle),
		cmocka_unit_test(test_new_primary_during_failsafe),
		cmocka_unit_test(test_new_primary_withheld),
		cmocka_unit_test(test_all_open),
		cmocka_unit_test(test_all_open_cycle),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_refuse_unsynced),
		cmocka_unit_test(test_refuse_keep),
		cmocka_unit_test(test_unsupervised),
		cmocka_unit_test(test_rebind),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
