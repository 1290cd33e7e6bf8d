// SPDX-License-Identifier: GPL-2.0-or-later
/* The per-domain sync state machine (docs/agent.md, "PTP supervision"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ptp_mgmt.h"
#include "lib/ptp_sync.h"

void ptp_sync_cfg_default(struct ptp_sync_cfg *cfg)
{
	*cfg = (struct ptp_sync_cfg){
		.lock_threshold_ns = 100,
		.degraded_threshold_ns = 1000,
		.lock_samples = 4,
		.degrade_samples = 3,
		.sample_interval_ns = 1000000000ull,
		.watchdog_intervals = 3,
		.allow_self_gm = false,
	};
}

int ptp_sync_cfg_check(const struct ptp_sync_cfg *cfg, const char **why)
{
	if (cfg->lock_threshold_ns < 0)
		*why = "lock threshold is negative";
	else if (cfg->degraded_threshold_ns &&
		 cfg->degraded_threshold_ns < cfg->lock_threshold_ns)
		*why = "degraded threshold is below the lock threshold";
	else if (!cfg->lock_samples)
		*why = "lock samples must be at least 1";
	else if (!cfg->degrade_samples)
		*why = "degrade samples must be at least 1";
	else if (!cfg->sample_interval_ns)
		*why = "sync interval must not be 0";
	else if (!cfg->watchdog_intervals)
		*why = "watchdog intervals must be at least 1";
	else if (cfg->sample_interval_ns > UINT64_MAX / 2 / cfg->watchdog_intervals)
		*why = "watchdog time (intervals x sync interval) overflows";
	else
		return 0;
	return -EINVAL;
}

void ptp_sync_init(struct ptp_sync *s, uint64_t now_ns)
{
	memset(s, 0, sizeof(*s));
	s->state = PTP_SYNC_UNKNOWN;
	s->last_update_ns = now_ns;
}

uint64_t ptp_sync_sample_age(int64_t clock_now_ns, int64_t ingress_ns, uint64_t window_ns)
{
	/* Both in [0, INT64_MAX]: the difference cannot overflow. */
	if (clock_now_ns < 0 || ingress_ns < 0 || ingress_ns > clock_now_ns)
		return 0;
	if ((uint64_t)(clock_now_ns - ingress_ns) > window_ns)
		return 0;
	return (uint64_t)(clock_now_ns - ingress_ns);
}

uint64_t ptp_sync_deadline(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s)
{
	return s->last_update_ns + cfg->sample_interval_ns * cfg->watchdog_intervals;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t ptp_sync_next_wake(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s,
			    uint64_t next_poll_ns, uint64_t timeout_ns, uint64_t confirm_until_ns)
{
	uint64_t at = min_u64(next_poll_ns, timeout_ns);

	if (confirm_until_ns)
		at = min_u64(at, confirm_until_ns);
	else if (s->state != PTP_SYNC_LOST)
		at = min_u64(at, ptp_sync_deadline(cfg, s) + 1);
	return at ? at : 1;
}

static bool go(struct ptp_sync *s, enum ptp_sync_state to, enum ptp_sync_reason why,
	       uint64_t now_ns, ptp_sync_cb cb, void *ctx)
{
	struct ptp_sync_transition t = {
		.from = s->state, .to = to, .reason = why,
		.at_ns = now_ns, .offset_ns = s->last_offset_ns,
	};

	if (s->state == to)
		return false;
	s->state = to;
	/* Every state starts its own count of samples in a row. */
	s->good = 0;
	s->bad = 0;
	s->far = 0;
	if (cb)
		cb(ctx, &t);
	return true;
}

/* Port states in which this port has no time source. MASTER (and the
 * states leading to it) only count as synchronised when the
 * configuration accepts this clock as its own grandmaster.
 */
static bool port_state_has_source(const struct ptp_sync_cfg *cfg, uint8_t ps)
{
	switch (ps) {
	case PTP_PS_SLAVE:
	case PTP_PS_UNCALIBRATED:
		return true;
	case PTP_PS_PRE_MASTER:
	case PTP_PS_MASTER:
	case PTP_PS_GRAND_MASTER:
		return cfg->allow_self_gm;
	}
	return false;
}

enum sample_class { SAMPLE_GOOD, SAMPLE_BAD, SAMPLE_FAR };

static enum sample_class classify(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s,
				  const struct ptp_sync_input *in)
{
	int64_t off = llabs(in->master_offset_ns);

	if (!in->gm_present)	/* we are the grandmaster (allowed here) */
		return s->port_state == PTP_PS_MASTER || s->port_state == PTP_PS_GRAND_MASTER ?
		       SAMPLE_GOOD : SAMPLE_BAD;
	if (cfg->degraded_threshold_ns && off > cfg->degraded_threshold_ns)
		return SAMPLE_FAR;
	/* Clocks that disagree with PTP time: the offset alone is not enough. */
	return s->port_state == PTP_PS_SLAVE && off <= cfg->lock_threshold_ns && !s->clocks_bad ?
	       SAMPLE_GOOD : SAMPLE_BAD;
}

/* Counts one new sample toward the hysteresis of the current state. */
static bool count_sample(const struct ptp_sync_cfg *cfg, struct ptp_sync *s,
			 enum sample_class class, uint64_t now_ns, ptp_sync_cb cb, void *ctx)
{
	bool changed = false;

	/* Leaving lost (or unknown) takes a sample within the limit. */
	if ((s->state == PTP_SYNC_UNKNOWN || s->state == PTP_SYNC_LOST) && class != SAMPLE_FAR)
		changed = go(s, PTP_SYNC_LOCKING, PTP_SYNC_R_SAMPLE, now_ns, cb, ctx);
	if (class == SAMPLE_GOOD) {
		s->good++;
		s->bad = 0;
		s->far = 0;
	} else {
		s->bad++;
		s->good = 0;
		s->far = class == SAMPLE_FAR ? s->far + 1 : 0;
	}
	if (s->far >= cfg->degrade_samples)
		return go(s, PTP_SYNC_LOST, PTP_SYNC_R_OFFSET_TOO_LARGE, now_ns, cb, ctx) ||
		       changed;
	switch (s->state) {
	case PTP_SYNC_LOCKING:
	case PTP_SYNC_DEGRADED:
		if (s->good >= cfg->lock_samples)
			changed |= go(s, PTP_SYNC_LOCKED, PTP_SYNC_R_IN_THRESHOLD, now_ns, cb, ctx);
		break;
	case PTP_SYNC_LOCKED:
		if (s->bad >= cfg->degrade_samples)
			changed |= go(s, PTP_SYNC_DEGRADED, PTP_SYNC_R_OUT_OF_THRESHOLD, now_ns,
				      cb, ctx);
		break;
	default:
		break;
	}
	return changed;
}

/* A sample counts once: ptp4l repeats the last one until the next Sync
 * arrives (a grandmaster receives none: each poll is new).
 */
static bool is_fresh(const struct ptp_sync *s, const struct ptp_sync_input *in)
{
	return !in->gm_present ||
	       (in->ingress_time_ns && (!s->have_ingress ||
					in->ingress_time_ns != s->last_ingress_ns));
}

/* A reply that comes late (the agent or ptp4l starved) but carries a Sync
 * that arrived before the deadline: the master did not stop.
 */
static bool arrived_in_time(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s,
			    const struct ptp_sync_input *in, uint64_t now_ns)
{
	return in->kind == PTP_SYNC_IN_TIME_STATUS && in->gm_present && is_fresh(s, in) &&
	       in->sample_age_ns < now_ns &&
	       now_ns - in->sample_age_ns <= ptp_sync_deadline(cfg, s);
}

static bool time_status(const struct ptp_sync_cfg *cfg, struct ptp_sync *s,
			const struct ptp_sync_input *in, uint64_t now_ns,
			ptp_sync_cb cb, void *ctx)
{
	bool fresh, changed = false;
	uint64_t at;

	s->last_offset_ns = in->master_offset_ns;
	if (!in->gm_present && !cfg->allow_self_gm) {
		s->have_gm = false;
		return go(s, PTP_SYNC_LOST, PTP_SYNC_R_NO_GRANDMASTER, now_ns, cb, ctx);
	}
	if (in->gm_present) {
		if (s->have_gm && memcmp(s->gm_identity, in->gm_identity, 8)) {
			/* The time base may step: qualify the new one afresh. */
			if (s->state == PTP_SYNC_LOCKED || s->state == PTP_SYNC_DEGRADED)
				changed = go(s, PTP_SYNC_LOCKING, PTP_SYNC_R_GM_CHANGE, now_ns,
					     cb, ctx);
			s->good = 0;
			s->bad = 0;
			s->far = 0;
		}
		memcpy(s->gm_identity, in->gm_identity, 8);
		s->have_gm = true;
	}
	fresh = is_fresh(s, in);
	if (!fresh)
		return changed;
	s->have_ingress = in->gm_present;
	s->last_ingress_ns = in->ingress_time_ns;
	/* From the Sync's arrival; never back before the previous one. */
	at = in->sample_age_ns < now_ns ? now_ns - in->sample_age_ns : 0;
	if (at > s->last_update_ns)
		s->last_update_ns = at;
	if (!port_state_has_source(cfg, s->port_state))
		return changed;	/* counted once the port state says it syncs */
	return count_sample(cfg, s, classify(cfg, s, in), now_ns, cb, ctx) || changed;
}

/* ptp4l gone or restarted: what it told us belongs to the old process. */
static void forget_ptp4l(struct ptp_sync *s)
{
	s->port_state = 0;
	s->have_ingress = false;
	s->good = 0;
	s->bad = 0;
	s->far = 0;
}

bool ptp_sync_step(const struct ptp_sync_cfg *cfg, struct ptp_sync *s,
		   const struct ptp_sync_input *in, uint64_t now_ns,
		   ptp_sync_cb cb, void *ctx)
{
	bool changed = false;

	if (s->state != PTP_SYNC_LOST && now_ns > ptp_sync_deadline(cfg, s) &&
	    !arrived_in_time(cfg, s, in, now_ns))
		changed = go(s, PTP_SYNC_LOST, PTP_SYNC_R_WATCHDOG, now_ns, cb, ctx);

	switch (in->kind) {
	case PTP_SYNC_IN_PORT_STATE:
		/* ptp4l answers a wildcard GET once per port: one is ours. */
		if (cfg->port && in->port && in->port != cfg->port)
			break;
		s->port_state = in->port_state;
		if (!port_state_has_source(cfg, in->port_state))
			changed |= go(s, PTP_SYNC_LOST, PTP_SYNC_R_PORT_STATE, now_ns, cb, ctx);
		break;
	case PTP_SYNC_IN_TIME_STATUS:
		changed |= time_status(cfg, s, in, now_ns, cb, ctx);
		break;
	case PTP_SYNC_IN_PTP4L_DOWN:
		forget_ptp4l(s);
		changed |= go(s, PTP_SYNC_LOST, PTP_SYNC_R_PTP4L_DOWN, now_ns, cb, ctx);
		break;
	case PTP_SYNC_IN_PTP4L_RESTART:
		forget_ptp4l(s);
		if (s->state == PTP_SYNC_LOCKED || s->state == PTP_SYNC_DEGRADED)
			changed |= go(s, PTP_SYNC_LOCKING, PTP_SYNC_R_PTP4L_RESTART, now_ns,
				      cb, ctx);
		break;
	case PTP_SYNC_IN_CLOCKS:
		s->clocks_bad = !in->clocks_ok;
		if (s->clocks_bad && s->state == PTP_SYNC_LOCKED)
			changed |= go(s, PTP_SYNC_DEGRADED, PTP_SYNC_R_CLOCKS, now_ns, cb, ctx);
		break;
	case PTP_SYNC_IN_TICK:
		break;
	}
	return changed;
}

const char *ptp_sync_state_name(enum ptp_sync_state state)
{
	static const char *const names[] = {
		[PTP_SYNC_UNKNOWN] = "unknown", [PTP_SYNC_LOCKING] = "locking",
		[PTP_SYNC_LOCKED] = "locked", [PTP_SYNC_DEGRADED] = "degraded",
		[PTP_SYNC_LOST] = "lost",
	};

	return (unsigned int)state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

const char *ptp_sync_reason_name(enum ptp_sync_reason reason)
{
	static const char *const names[] = {
		[PTP_SYNC_R_SAMPLE] = "sample",
		[PTP_SYNC_R_IN_THRESHOLD] = "in-threshold",
		[PTP_SYNC_R_OUT_OF_THRESHOLD] = "out-of-threshold",
		[PTP_SYNC_R_OFFSET_TOO_LARGE] = "offset-too-large",
		[PTP_SYNC_R_PORT_STATE] = "port-state",
		[PTP_SYNC_R_NO_GRANDMASTER] = "no-grandmaster",
		[PTP_SYNC_R_GM_CHANGE] = "gm-change",
		[PTP_SYNC_R_WATCHDOG] = "watchdog",
		[PTP_SYNC_R_PTP4L_DOWN] = "ptp4l-down",
		[PTP_SYNC_R_PTP4L_RESTART] = "ptp4l-restart",
		[PTP_SYNC_R_CLOCKS] = "clock-mismatch",
	};

	return (unsigned int)reason < sizeof(names) / sizeof(names[0]) ? names[reason] : "?";
}
