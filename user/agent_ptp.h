/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's PTP supervision in its poll loop: the ptp4l client
 * (lib/ptp_client.h) polled and subscribed, what it reports fed to the sync
 * state machine (lib/ptp_sync.h), ptp4l's absence and restarts handled
 * with a reconnect backoff. docs/agent.md, "PTP supervision in the agent".
 */
#ifndef EDGETSN_AGENT_PTP_H
#define EDGETSN_AGENT_PTP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/agent_config.h"
#include "lib/ptp_sync.h"

/* What the agent knows about one domain (for status, MQTT, metrics). */
struct etsn_agent_sync_status {
	uint8_t domain;
	enum ptp_sync_state state;
	enum ptp_sync_reason reason;	/* of the last change (none yet: sample) */
	uint64_t since_ns;		/* CLOCK_MONOTONIC of the last change */
	int64_t offset_ns;		/* the last master offset */
	bool ptp4l_up;			/* ptp4l answers */
	uint8_t port_state;		/* enum ptp_port_state; 0: unknown */
	bool have_gm;
	uint8_t gm_identity[8];
	bool have_utc_offset;		/* TIME_PROPERTIES_DATA_SET read */
	bool utc_offset_valid;		/* its UTC_OFF_VALID flag */
	int16_t utc_offset_s;		/* TAI - UTC as the grandmaster says */
	bool clocks_checked;		/* ptp.clock-check ran */
	bool clocks_ok;			/* ... and found the clocks agree */
};

#define ETSN_AGENT_PTP_NFDS 2	/* the client's socket, a timer */

struct etsn_agent_ptp_sup;

/* Called on every change of the sync state, after it is logged. */
typedef void (*etsn_agent_ptp_cb)(void *ctx, const struct ptp_sync_transition *t);

/* NULL on failure (logged). ptp4l need not exist yet. */
struct etsn_agent_ptp_sup *etsn_agent_ptp_open(const struct etsn_agent_ptp *cfg,
					       etsn_agent_ptp_cb cb, void *ctx);
void etsn_agent_ptp_close(struct etsn_agent_ptp_sup *s);
/* Whether cfg is what s runs (a reload with other settings reopens it). */
bool etsn_agent_ptp_same(const struct etsn_agent_ptp_sup *s, const struct etsn_agent_ptp *cfg);

/* Fills ETSN_AGENT_PTP_NFDS entries (fd -1: nothing to poll there). */
void etsn_agent_ptp_pollfds(const struct etsn_agent_ptp_sup *s, struct pollfd *fds);
/* After poll(): the same entries with their revents. */
void etsn_agent_ptp_handle(struct etsn_agent_ptp_sup *s, const struct pollfd *fds);

void etsn_agent_ptp_status(const struct etsn_agent_ptp_sup *s,
			   struct etsn_agent_sync_status *out);

#endif
