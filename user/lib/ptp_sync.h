/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sync state of one PTP domain, as edgetsnd judges it from what ptp4l
 * reports: unknown -> locking -> locked -> degraded -> lost. A pure state
 * machine: ptp_sync_step() takes the state, one input and the time (any
 * monotonic clock, in ns) and changes nothing else; every change of state
 * is reported to a callback with its reason. docs/agent.md, "PTP
 * supervision", describes the rules.
 */
#ifndef EDGETSN_PTP_SYNC_H
#define EDGETSN_PTP_SYNC_H

#include <stdbool.h>
#include <stdint.h>

enum ptp_sync_state {
	PTP_SYNC_UNKNOWN,	/* nothing heard yet */
	PTP_SYNC_LOCKING,	/* a time source, not (yet) within threshold */
	PTP_SYNC_LOCKED,	/* lock_samples good samples in a row */
	PTP_SYNC_DEGRADED,	/* was locked; degrade_samples bad in a row */
	PTP_SYNC_LOST,		/* no time source, no updates, or no ptp4l */
};

enum ptp_sync_reason {
	PTP_SYNC_R_SAMPLE,		/* first sample, or one after lost */
	PTP_SYNC_R_IN_THRESHOLD,	/* lock_samples good samples */
	PTP_SYNC_R_OUT_OF_THRESHOLD,	/* degrade_samples bad samples */
	PTP_SYNC_R_OFFSET_TOO_LARGE,	/* degrade_samples beyond the degraded threshold */
	PTP_SYNC_R_PORT_STATE,		/* port left the synchronising states */
	PTP_SYNC_R_NO_GRANDMASTER,	/* this clock became its own GM */
	PTP_SYNC_R_GM_CHANGE,		/* another grandmaster */
	PTP_SYNC_R_WATCHDOG,		/* no new Sync for the watchdog time */
	PTP_SYNC_R_PTP4L_DOWN,		/* ptp4l does not answer */
	PTP_SYNC_R_PTP4L_RESTART,	/* ptp4l answers again / lost our subscription */
	PTP_SYNC_R_CLOCKS,		/* the host's clocks disagree with PTP time */
};

struct ptp_sync_cfg {
	int64_t lock_threshold_ns;	/* |offset| <= this is good; default 100 */
	/* |offset| above this is too large: lost; 0: no limit; default 1000 */
	int64_t degraded_threshold_ns;
	unsigned int lock_samples;	/* good in a row to lock; default 4 */
	unsigned int degrade_samples;	/* bad (too large) in a row to degrade (lose); 3 */
	uint64_t sample_interval_ns;	/* the poll interval; default 1 s */
	unsigned int watchdog_intervals; /* without a new Sync: lost; default 3 */
	bool allow_self_gm;		/* our own GM counts as in sync */
	uint16_t port;			/* the supervised port (from 1); 0: any */
};

enum ptp_sync_input_kind {
	PTP_SYNC_IN_PORT_STATE,	/* PORT_DATA_SET (reply or notification) */
	PTP_SYNC_IN_TIME_STATUS, /* TIME_STATUS_NP reply */
	PTP_SYNC_IN_PTP4L_DOWN,	/* a request failed or timed out */
	PTP_SYNC_IN_PTP4L_RESTART, /* ptp4l is back, or lost our subscription */
	PTP_SYNC_IN_TICK,	/* time passes (watchdog) */
	PTP_SYNC_IN_CLOCKS,	/* the clock check's verdict (clock_check.h) */
};

struct ptp_sync_input {
	enum ptp_sync_input_kind kind;
	uint8_t port_state;		/* PORT_STATE: enum ptp_port_state */
	uint16_t port;			/* PORT_STATE: its port number; 0: unknown */
	bool clocks_ok;			/* CLOCKS: kernel TAI offset and PHC agree */
	int64_t master_offset_ns;	/* TIME_STATUS: */
	int64_t ingress_time_ns;
	/* How long before now_ns the Sync arrived (ptp_sync_sample_age();
	 * 0: unknown, taken as now). The watchdog runs from its arrival,
	 * not from the poll that saw it.
	 */
	uint64_t sample_age_ns;
	bool gm_present;
	uint8_t gm_identity[8];
};

struct ptp_sync_transition {
	enum ptp_sync_state from, to;
	enum ptp_sync_reason reason;
	uint64_t at_ns;
	int64_t offset_ns;	/* the last master offset seen */
};

typedef void (*ptp_sync_cb)(void *ctx, const struct ptp_sync_transition *t);

struct ptp_sync {
	enum ptp_sync_state state;
	uint8_t port_state;		/* 0 until known */
	bool have_gm;
	uint8_t gm_identity[8];
	bool have_ingress;
	int64_t last_ingress_ns;
	int64_t last_offset_ns;
	uint64_t last_update_ns;	/* when the last new Sync was seen */
	unsigned int good, bad, far;	/* samples in a row */
	bool clocks_bad;		/* the last clock check failed: never locked */
};

void ptp_sync_cfg_default(struct ptp_sync_cfg *cfg);
/* 0, or -EINVAL naming the field in *why (a negative threshold, a
 * degraded threshold below the lock threshold, zero samples or intervals,
 * an interval whose watchdog time overflows).
 */
int ptp_sync_cfg_check(const struct ptp_sync_cfg *cfg, const char **why);
/* Starts in unknown; the watchdog runs from now_ns. */
void ptp_sync_init(struct ptp_sync *s, uint64_t now_ns);
/* Applies one input at now_ns; calls cb (if not NULL) when the state
 * changes and returns true then.
 */
bool ptp_sync_step(const struct ptp_sync_cfg *cfg, struct ptp_sync *s,
		   const struct ptp_sync_input *in, uint64_t now_ns,
		   ptp_sync_cb cb, void *ctx);
/* The age of a Sync that arrived at ingress_ns on a clock that reads
 * clock_now_ns now, if it is in [0, window_ns]: a Sync the previous poll
 * did not report arrived after that poll was sent, window_ns ago. Outside
 * (another clock, a step in between): 0, unknown.
 */
uint64_t ptp_sync_sample_age(int64_t clock_now_ns, int64_t ingress_ns, uint64_t window_ns);
/* When the watchdog fires if nothing new arrives (for poll timeouts). */
uint64_t ptp_sync_deadline(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s);
/* When the supervision must wake next (the caller's clock, ns): the
 * earliest of the next poll, the next request timeout (UINT64_MAX: none)
 * and, unless lost, the end of a pending watchdog confirmation (0: none)
 * or else just after the watchdog's deadline, so that lost is found at
 * the deadline and not at the next poll. Never 0 (a timerfd's disarm).
 */
uint64_t ptp_sync_next_wake(const struct ptp_sync_cfg *cfg, const struct ptp_sync *s,
			    uint64_t next_poll_ns, uint64_t timeout_ns, uint64_t confirm_until_ns);

const char *ptp_sync_state_name(enum ptp_sync_state state);
const char *ptp_sync_reason_name(enum ptp_sync_reason reason);

#endif
