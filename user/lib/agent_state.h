/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What edgetsnd knows about itself and each interface it owns: the applied
 * configuration, the apply counters and results, and (filled by PTP
 * supervision) the sync and fail-safe state. One print path gives the text
 * and the JSON of `edgetsnd status`, and the JSON of one interface is what
 * MQTT's state/<ifname> carries; metrics_prom.c reads the same fields.
 */
#ifndef EDGETSN_AGENT_STATE_H
#define EDGETSN_AGENT_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <net/if.h>

#include "agent_config.h"
#include "json.h"
#include "agent_failsafe.h"
#include "ptp_sync.h"

enum etsn_apply_result {
	ETSN_APPLY_NONE,	/* not tried yet */
	ETSN_APPLY_OK,		/* the configuration is in force */
	ETSN_APPLY_FAILED,	/* rolled back; retried if it may help */
	ETSN_APPLY_REFUSED,	/* rolled back; not retried until a reload */
};

/* What PTP supervision fills in (ptp_sync.h has the state machine). */
struct etsn_agent_sync_state {
	bool supervised;		/* false: ptp disabled or not run */
	enum ptp_sync_state state;	/* with supervised */
	bool has_offset;
	int64_t offset_ns;		/* last master offset */
	bool has_gm;
	uint8_t gm_identity[8];		/* the grandmaster ptp4l reports */
	uint64_t transitions;
};

struct etsn_agent_iface_state {
	char name[IF_NAMESIZE];
	bool qdisc;			/* the config wants the etsn qdisc */
	bool schedule;			/* ... and a schedule */
	uint64_t cycle_time_ns;		/* the wanted schedule's, 0: none */
	uint32_t entries;
	enum etsn_failsafe_action failsafe;
	char fallback[ETSN_AGENT_NAME_MAX];	/* with ETSN_FAILSAFE_FALLBACK */
	bool failsafe_active;		/* the fallback is in force */
	/* The policy plane the config wants; a count only where it has the part. */
	bool firewall, psfp, classify, dscp, frer;
	uint32_t fw_rules, psfp_streams, cls_rules, dscp_codes;
	uint32_t frer_talkers, frer_listeners;
	enum etsn_fs_mode fs_mode;	/* what runs: primary, fallback, ... */
};

struct etsn_agent_state {
	char config[ETSN_AGENT_PATH_MAX];
	int64_t started;		/* CLOCK_REALTIME, s */
	enum etsn_agent_on_stop on_stop;
	/* The last apply and the totals since start. */
	enum etsn_apply_result result;
	char reason[16];		/* start, reload, retry */
	char error[512];		/* with FAILED/REFUSED */
	int64_t applied_at;		/* CLOCK_REALTIME, s; 0: never */
	uint64_t applies, failures, changes;
	uint32_t retry_in_s;		/* 0: no retry pending */
	struct etsn_agent_sync_state sync;
	struct etsn_agent_iface_state ifaces[ETSN_AGENT_MAX_IFACES];
	size_t nifaces;
};

const char *etsn_apply_result_name(enum etsn_apply_result r);
/* "unsupervised", or the state machine's name of the state. */
const char *etsn_agent_sync_name(const struct etsn_agent_sync_state *s);
/* A clock identity as linuxptp prints it: 001122.fffe.334455. */
void etsn_clock_identity_str(const uint8_t id[8], char out[19]);

/* Takes the interfaces and settings of a newly loaded config; the apply
 * counters and the sync state stay.
 */
void etsn_agent_state_set_config(struct etsn_agent_state *s, const char *file,
				 const struct etsn_agent_config *c);
/* Records an apply: err 0 or a negative errno with msg its reason. */
void etsn_agent_state_applied(struct etsn_agent_state *s, const char *why, int err,
			      bool retryable, size_t changes, const char *msg);

/* The whole state: text on out when j is NULL, else one JSON object. now
 * is CLOCK_REALTIME in s (for the uptime).
 */
void etsn_agent_state_show(struct etsn_json *j, FILE *out, const struct etsn_agent_state *s,
			   int64_t now);

#endif
