/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's status socket: a UNIX stream socket served from the agent's
 * poll loop. Every client is non-blocking and has a deadline, so a slow or
 * silent one costs a slot, never the loop's time (status_client.h has the
 * protocol).
 */
#ifndef EDGETSN_AGENT_STATUS_H
#define EDGETSN_AGENT_STATUS_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/agent_state.h"
#include "lib/status_client.h"

#define ETSN_STATUS_MAX_CLIENTS 8
/* A client has this long to send its request and read the answer. */
#define ETSN_STATUS_DEADLINE_MS 2000

struct etsn_status_client {
	int fd;				/* -1: free slot */
	int64_t deadline;		/* CLOCK_MONOTONIC, ns */
	char req[ETSN_STATUS_REQ_MAX];
	size_t reqlen;
	char *out;			/* the answer, once the request is in */
	size_t outlen, sent;
};

struct etsn_status_srv {
	int fd;
	char path[108];
	dev_t dev;			/* of the socket we bound: unlinked only if */
	ino_t ino;			/* it is still ours at close */
	struct etsn_status_client clients[ETSN_STATUS_MAX_CLIENTS];
};

/* Creates the socket at path (mode 0660; its directory 0755 if absent).
 * A stale socket there is removed only when nothing listens on it. 0, or a
 * negative errno with the reason in err.
 */
int etsn_status_open(struct etsn_status_srv *s, const char *path, char *err, size_t errlen);
/* Closes every client and the socket, and removes it. */
void etsn_status_close(struct etsn_status_srv *s);
/* Adds the fds to poll (at most 1 + ETSN_STATUS_MAX_CLIENTS); returns how many. */
size_t etsn_status_pollfds(const struct etsn_status_srv *s, struct pollfd *fds);
/* Serves what fds (as filled above, after poll) say is ready, and drops
 * clients past their deadline.
 */
void etsn_status_serve(struct etsn_status_srv *s, const struct pollfd *fds, size_t n,
		       const struct etsn_agent_state *st);
/* ms until the next client deadline, -1 when no client is connected. */
int etsn_status_timeout_ms(const struct etsn_status_srv *s);

#endif
