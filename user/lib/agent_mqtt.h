/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's MQTT session (libmosquitto), driven by the agent's one poll()
 * loop (docs/agent.md, "MQTT"). Topics under the root (default
 * edgetsn/<node-id>/): status (retained online, offline as the Last
 * Will), state/<ifname> (retained, republished on every connect),
 * tele/<ifname>, evt/<kind> (kept in a bounded queue while the broker is
 * away), cmd/<verb> answered through agent_cmd.h.
 *
 * Nothing here blocks: connecting and reconnecting (with backoff) happen
 * in etsn_mqtt_dispatch. A reconnect gives a new socket, so the caller
 * reads etsn_mqtt_fd() and etsn_mqtt_poll_events() afresh before every
 * poll().
 */
#ifndef EDGETSN_AGENT_MQTT_H
#define EDGETSN_AGENT_MQTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent_cmd.h"
#include "agent_config.h"

/* Reconnect delays: doubled after each failure, from the first to the last. */
#define ETSN_MQTT_BACKOFF_MIN_MS	500
#define ETSN_MQTT_BACKOFF_MAX_MS	30000

struct etsn_mqtt;

/* One line for the agent's log: connects, losses, refusals, drops. */
typedef void (*etsn_mqtt_log_fn)(void *ctx, const char *msg);

/* A session for cfg->mqtt (cfg must outlive it; it is also what commands
 * are checked against). Nothing is sent until the first dispatch. NULL
 * with the reason in err (unreadable TLS files, no memory).
 */
struct etsn_mqtt *etsn_mqtt_new(const struct etsn_agent_config *cfg,
				const struct etsn_cmd_ops *ops, etsn_mqtt_log_fn log,
				void *log_ctx, char *err, size_t errlen);
/* The config commands are checked against from now on (after a reload);
 * its mqtt section must equal the old one (else make a new session).
 */
void etsn_mqtt_set_config(struct etsn_mqtt *m, const struct etsn_agent_config *cfg);
/* Says offline (retained) when connected, waiting at most a second for the
 * broker's acknowledgement, then disconnects and frees everything.
 */
void etsn_mqtt_free(struct etsn_mqtt *m);

/* The socket to poll, -1 while there is none (then only the timeout). */
int etsn_mqtt_fd(const struct etsn_mqtt *m);
/* POLLIN, and POLLOUT while libmosquitto has bytes to send. */
short etsn_mqtt_poll_events(const struct etsn_mqtt *m);
/* Milliseconds until etsn_mqtt_dispatch has timed work (keepalive, a
 * reconnect); 0 when it is due.
 */
int etsn_mqtt_timeout_ms(const struct etsn_mqtt *m);
/* After poll(): revents of the fd (0 on a timeout). Reads, writes, keeps
 * the connection alive, reconnects when due.
 */
void etsn_mqtt_dispatch(struct etsn_mqtt *m, short revents);
/* Connected and acknowledged by the broker. */
bool etsn_mqtt_connected(const struct etsn_mqtt *m);
/* Messages done with since the start: QoS 0 ones written to the socket,
 * QoS 1 ones acknowledged by the broker.
 */
uint64_t etsn_mqtt_published(const struct etsn_mqtt *m);
/* The topic root in use, with its trailing '/'. */
const char *etsn_mqtt_root(const struct etsn_mqtt *m);

/* state/<ifname>, retained, QoS 1. Kept, and published again after every
 * reconnect (a restarted broker may have lost it); unchanged JSON is not
 * sent again. json NULL clears the retained message.
 */
int etsn_mqtt_state(struct etsn_mqtt *m, const char *ifname, const char *json);
/* tele/<ifname>, mqtt.telemetry-qos, not retained. Only while connected
 * (-ENOTCONN otherwise: telemetry is periodic, an old one has no use).
 */
int etsn_mqtt_tele(struct etsn_mqtt *m, const char *ifname, const char *json);
/* evt/<kind>, QoS 1, not retained; queued while the broker is away or
 * the session is held, and behind any still queued (the order kept). One
 * that can never be published (topic, size) is dropped and counted.
 */
int etsn_mqtt_event(struct etsn_mqtt *m, const char *kind, const char *json);

/* For work that must not wait for the network (the fail-safe's apply):
 * until etsn_mqtt_release, events go to the queue (its queue-max and
 * dropped count as ever; with queue-max 0, which keeps none, they are
 * published at once) and state/ changes are kept, not sent.
 */
void etsn_mqtt_hold(struct etsn_mqtt *m);
/* Publishes what was held: the queued events oldest first, then the
 * changed state/ documents. With the broker away they wait for the
 * reconnect, as any queued event does.
 */
void etsn_mqtt_release(struct etsn_mqtt *m);

#endif
