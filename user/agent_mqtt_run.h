/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's MQTT side, run in the daemon's one poll() loop: the session
 * (lib/agent_mqtt.h), the applied configuration as state/<ifname>, the
 * counters as tele/<ifname> on a timer, the edgetsn family's kernel events
 * and the daemon's applies as evt/<kind>, and the commands carried out
 * through the daemon's apply and reload (docs/agent.md, "MQTT").
 */
#ifndef EDGETSN_AGENT_MQTT_RUN_H
#define EDGETSN_AGENT_MQTT_RUN_H

#include <poll.h>
#include <stddef.h>

#include "agent_run.h"
#include "lib/agent_config.h"
#include "lib/agent_failsafe.h"
#include "lib/ptp_sync.h"

/* pollfd slots it uses: the session's socket, the kernel events, the
 * telemetry timer (fd -1 when unused; poll() skips those).
 */
#define AGENT_MQTT_NFDS 3

struct agent_mqtt;

/* For cfg (mqtt.enabled false: the slots stay unused). NULL only when the
 * session cannot be made (logged); the daemon then does not start.
 */
struct agent_mqtt *agent_mqtt_new(struct agent *a, const struct etsn_agent_config *cfg);
/* offline said (retained) when connected; NULL is fine. */
void agent_mqtt_free(struct agent_mqtt *m);

/* Fills AGENT_MQTT_NFDS slots; the poll() timeout (ms, -1: none). */
int agent_mqtt_poll_prepare(struct agent_mqtt *m, struct pollfd *fds);
/* After poll(), with the same slots. */
void agent_mqtt_poll_done(struct agent_mqtt *m, const struct pollfd *fds);

/* The daemon is about to run with cfg (a reload; the old one is freed
 * next). Changed mqtt settings give a new session after this dispatch.
 */
void agent_mqtt_reconfigure(struct agent_mqtt *m, const struct etsn_agent_config *cfg);
/* An apply ended (err 0: in force): evt/apply or evt/error, and the
 * state/<ifname> of every interface.
 */
void agent_mqtt_applied(struct agent_mqtt *m, const char *why, int err, size_t changes,
			const char *reason);

/* A sync change: evt/sync (the state/ documents follow with the
 * fail-safe's apply, or agent_mqtt_state_changed when nothing is applied).
 */
void agent_mqtt_sync(struct agent_mqtt *m, const struct ptp_sync_transition *t);
/* An interface's fail-safe mode changed (sync: the state that made it): evt/failsafe. */
void agent_mqtt_failsafe(struct agent_mqtt *m, const char *ifname, enum etsn_fs_mode from,
			 enum etsn_fs_mode to, enum ptp_sync_state sync);
/* The sync or fail-safe part of state/<ifname> changed: republished. */
void agent_mqtt_state_changed(struct agent_mqtt *m);

/* Until agent_mqtt_release, evt/ and state/ publications wait (the
 * session's hold, lib/agent_mqtt.h): for the fail-safe's apply.
 */
void agent_mqtt_hold(struct agent_mqtt *m);
/* Publishes what was held, in the order it came. */
void agent_mqtt_release(struct agent_mqtt *m);

/* Something other than an apply failed (what: "reload"): evt/error. */
void agent_mqtt_failed(struct agent_mqtt *m, const char *what, const char *reason);

#endif
