/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A non-blocking client of ptp4l's management socket (AF_UNIX datagrams,
 * the protocol pmc speaks). It binds a path of its own, sends GETs and the
 * SUBSCRIBE_EVENTS_NP SET, and matches what comes back: replies to its
 * requests by sequenceId and managementId, pushed PORT_DATA_SET
 * notifications, and requests that got no answer in time. The caller owns
 * the event loop: poll() ptp_client_fd() for POLLIN, then call
 * ptp_client_process(); call ptp_client_expire() by
 * ptp_client_next_deadline(). Nothing here sleeps or blocks. Times are
 * CLOCK_MONOTONIC in ns, passed in by the caller.
 */
#ifndef EDGETSN_PTP_CLIENT_H
#define EDGETSN_PTP_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/ptp_mgmt.h"

#define PTP_CLIENT_DEFAULT_SERVER "/var/run/ptp4l"	/* linuxptp <= 4.4 */
#define PTP_CLIENT_DEFAULT_TIMEOUT_NS 1000000000ull
#define PTP_CLIENT_MAX_PENDING 16

struct ptp_client_cfg {
	const char *server_path;	/* NULL: PTP_CLIENT_DEFAULT_SERVER */
	/* Directory of our own socket; NULL: the server's directory (as pmc
	 * does), where ptp4l can reach it. The name is edgetsnd.<pid>.<n>.
	 */
	const char *local_dir;
	uint8_t domain;			/* ptp4l's domainNumber */
	uint8_t transport_specific;	/* ptp4l's transportSpecific (0..15) */
	uint64_t timeout_ns;		/* 0: PTP_CLIENT_DEFAULT_TIMEOUT_NS */
};

enum ptp_client_event_kind {
	PTP_CLIENT_REPLY,	/* a RESPONSE to one of our requests */
	PTP_CLIENT_ERROR_STATUS, /* MANAGEMENT_ERROR_STATUS to one of them */
	PTP_CLIENT_NOTIFY,	/* a pushed notification (PORT_DATA_SET) */
	PTP_CLIENT_TIMEOUT,	/* a request got no reply in time */
	PTP_CLIENT_MALFORMED,	/* a datagram that does not decode */
	PTP_CLIENT_STRAY,	/* a valid reply nobody asked for (late, other domain) */
};

struct ptp_client_event {
	enum ptp_client_event_kind kind;
	uint16_t seq;
	uint16_t id;			/* managementId (TIMEOUT: the request's) */
	const struct ptp_mgmt_msg *msg;	/* REPLY, ERROR_STATUS, NOTIFY, STRAY */
	const char *why;		/* MALFORMED: the decoder's reason */
};

typedef void (*ptp_client_cb)(void *ctx, const struct ptp_client_event *ev);

struct ptp_client;

/* cb is required. 0, or -errno with *why set: -EINVAL for a bad
 * configuration, -ENAMETOOLONG for a path that does not fit sockaddr_un,
 * socket and bind errors.
 */
int ptp_client_open(struct ptp_client **out, const struct ptp_client_cfg *cfg,
		    ptp_client_cb cb, void *ctx, const char **why);
/* Closes the socket and removes its path. NULL is fine. */
void ptp_client_close(struct ptp_client *c);

int ptp_client_fd(const struct ptp_client *c);
/* The path we are bound to (for logs and tests). */
const char *ptp_client_local_path(const struct ptp_client *c);

/* Sends a GET of id. 0 with *seq set, or -errno: -ENOENT / -ECONNREFUSED
 * when no ptp4l listens on the server path, -EAGAIN when its queue is full,
 * -EBUSY with PTP_CLIENT_MAX_PENDING requests unanswered.
 */
int ptp_client_get(struct ptp_client *c, uint16_t id, uint64_t now_ns, uint16_t *seq);
/* SET SUBSCRIBE_EVENTS_NP: port state notifications for duration_s
 * seconds (renew before they end; 0 unsubscribes). Errors as for get.
 */
int ptp_client_subscribe(struct ptp_client *c, uint16_t duration_s, uint64_t now_ns,
			 uint16_t *seq);

/* Reads every datagram waiting (never blocks) and reports each through the
 * callback. 0, or -errno of a failing recv (not -EAGAIN).
 */
int ptp_client_process(struct ptp_client *c);
/* Reports (PTP_CLIENT_TIMEOUT) and forgets the requests unanswered by now. */
void ptp_client_expire(struct ptp_client *c, uint64_t now_ns);
/* The earliest time a request times out; UINT64_MAX with none pending. */
uint64_t ptp_client_next_deadline(const struct ptp_client *c);

#endif
