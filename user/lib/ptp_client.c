// SPDX-License-Identifier: GPL-2.0-or-later
/* ptp4l management socket client: one datagram socket, a table of
 * requests waiting for their reply, nothing that blocks.
 */
#define _GNU_SOURCE	/* SOCK_NONBLOCK, SOCK_CLOEXEC */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/ptp_client.h"

struct pending {
	bool used;
	uint16_t seq;
	uint16_t id;
	uint64_t deadline_ns;
};

struct ptp_client {
	int fd;
	struct sockaddr_un server;
	struct sockaddr_un local;
	uint8_t domain;
	uint8_t transport_specific;
	uint64_t timeout_ns;
	struct ptp_port_identity self;
	uint16_t next_seq;
	struct pending pending[PTP_CLIENT_MAX_PENDING];
	ptp_client_cb cb;
	void *ctx;
};

/* Several clients in one process (one per domain) each need a path and
 * a port identity of their own: ptp4l keys subscriptions on the latter.
 */
static unsigned int clients_opened;

static int set_path(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	strcpy(sa->sun_path, path);
	return 0;
}

/* The server's directory: "/var/run/ptp4l" -> "/var/run". */
static int dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash)
		return snprintf(dir, size, ".") >= (int)size ? -ENAMETOOLONG : 0;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

static int bind_local(struct ptp_client *c, const char *dir)
{
	unsigned int n = ++clients_opened;
	pid_t pid = getpid();
	char path[sizeof(c->local.sun_path) + 1];
	int err;

	if (snprintf(path, sizeof(path), "%s/edgetsnd.%d.%u", dir, (int)pid, n) >=
	    (int)sizeof(c->local.sun_path))
		return -ENAMETOOLONG;
	err = set_path(&c->local, path);
	if (err)
		return err;
	/* A socket file of a dead process with our pid is stale. */
	unlink(path);
	if (bind(c->fd, (struct sockaddr *)&c->local, sizeof(c->local)))
		return -errno;
	c->self.clock[4] = (uint8_t)((uint32_t)pid >> 24);
	c->self.clock[5] = (uint8_t)((uint32_t)pid >> 16);
	c->self.clock[6] = (uint8_t)((uint32_t)pid >> 8);
	c->self.clock[7] = (uint8_t)pid;
	c->self.port = (uint16_t)n;
	return 0;
}

int ptp_client_open(struct ptp_client **out, const struct ptp_client_cfg *cfg,
		    ptp_client_cb cb, void *ctx, const char **why)
{
	const char *server = cfg->server_path ? cfg->server_path : PTP_CLIENT_DEFAULT_SERVER;
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ptp_client *c;
	int err;

	*out = NULL;
	*why = NULL;
	if (!cb) {
		*why = "no event callback";
		return -EINVAL;
	}
	if (cfg->transport_specific > 15) {
		*why = "transportSpecific must be 0..15";
		return -EINVAL;
	}
	if (!*server) {
		*why = "empty ptp4l socket path";
		return -EINVAL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		*why = "out of memory";
		return -ENOMEM;
	}
	c->fd = -1;
	c->domain = cfg->domain;
	c->transport_specific = cfg->transport_specific;
	c->timeout_ns = cfg->timeout_ns ? cfg->timeout_ns : PTP_CLIENT_DEFAULT_TIMEOUT_NS;
	c->cb = cb;
	c->ctx = ctx;
	err = set_path(&c->server, server);
	if (err) {
		*why = "ptp4l socket path too long";
		goto fail;
	}
	if (cfg->local_dir)
		err = snprintf(dir, sizeof(dir), "%s", cfg->local_dir) >= (int)sizeof(dir) ?
		      -ENAMETOOLONG : 0;
	else
		err = dir_of(server, dir, sizeof(dir));
	if (err) {
		*why = "local socket directory too long";
		goto fail;
	}
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		err = -errno;
		*why = "socket";
		goto fail;
	}
	err = bind_local(c, dir);
	if (err) {
		*why = err == -ENAMETOOLONG ? "local socket path too long" : "bind of the local socket";
		c->local.sun_path[0] = '\0';	/* not ours to remove */
		goto fail;
	}
	*out = c;
	return 0;
fail:
	ptp_client_close(c);
	return err;
}

void ptp_client_close(struct ptp_client *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	if (c->local.sun_path[0])
		unlink(c->local.sun_path);
	free(c);
}

int ptp_client_fd(const struct ptp_client *c)
{
	return c->fd;
}

const char *ptp_client_local_path(const struct ptp_client *c)
{
	return c->local.sun_path;
}

static struct pending *free_slot(struct ptp_client *c)
{
	for (size_t i = 0; i < PTP_CLIENT_MAX_PENDING; i++)
		if (!c->pending[i].used)
			return &c->pending[i];
	return NULL;
}

static int send_req(struct ptp_client *c, uint8_t action, uint16_t id,
		    const struct ptp_subscription *sub, uint64_t now_ns, uint16_t *seq)
{
	struct ptp_mgmt_req req = {
		.transport_specific = c->transport_specific,
		.domain = c->domain,
		.source = c->self,
		.seq = c->next_seq,
		.action = action,
		.id = id,
		.subscribe = sub,
	};
	uint8_t buf[PTP_MGMT_MAX_LEN];
	struct pending *p = free_slot(c);
	ssize_t sent;
	int len;

	if (!p)
		return -EBUSY;
	len = ptp_mgmt_encode(&req, buf, sizeof(buf));
	if (len < 0)
		return len;
	sent = sendto(c->fd, buf, (size_t)len, 0, (struct sockaddr *)&c->server,
		      sizeof(c->server));
	if (sent < 0)
		return -errno;
	if (sent != len)	/* a datagram goes whole or not at all */
		return -EIO;
	*p = (struct pending){ .used = true, .seq = req.seq, .id = id,
			       .deadline_ns = now_ns + c->timeout_ns };
	*seq = c->next_seq++;
	return 0;
}

int ptp_client_get(struct ptp_client *c, uint16_t id, uint64_t now_ns, uint16_t *seq)
{
	return send_req(c, PTP_MGMT_GET, id, NULL, now_ns, seq);
}

int ptp_client_subscribe(struct ptp_client *c, uint16_t duration_s, uint64_t now_ns,
			 uint16_t *seq)
{
	struct ptp_subscription sub = { .duration_s = duration_s };

	if (duration_s)
		sub.bitmask[PTP_NOTIFY_PORT_STATE / 8] |= 1 << (PTP_NOTIFY_PORT_STATE % 8);
	return send_req(c, PTP_MGMT_SET, PTP_MID_SUBSCRIBE_EVENTS_NP, &sub, now_ns, seq);
}

static struct pending *match(struct ptp_client *c, const struct ptp_mgmt_msg *m)
{
	for (size_t i = 0; i < PTP_CLIENT_MAX_PENDING; i++) {
		struct pending *p = &c->pending[i];

		if (p->used && p->seq == m->seq && p->id == m->id)
			return p;
	}
	return NULL;
}

static bool addressed_to_us(const struct ptp_client *c, const struct ptp_mgmt_msg *m)
{
	return m->domain == c->domain &&
	       !memcmp(m->target.clock, c->self.clock, sizeof(c->self.clock)) &&
	       m->target.port == c->self.port;
}

static void dispatch(struct ptp_client *c, const uint8_t *buf, size_t len)
{
	struct ptp_client_event ev = { .kind = PTP_CLIENT_MALFORMED };
	struct ptp_mgmt_msg m;
	struct pending *p;
	char why[160];

	if (ptp_mgmt_decode(buf, len, &m, why, sizeof(why))) {
		ev.why = why;
		c->cb(c->ctx, &ev);
		return;
	}
	ev.seq = m.seq;
	ev.id = m.id;
	ev.msg = &m;
	p = addressed_to_us(c, &m) ? match(c, &m) : NULL;
	if (p) {
		p->used = false;
		ev.kind = m.is_error ? PTP_CLIENT_ERROR_STATUS : PTP_CLIENT_REPLY;
	} else if (addressed_to_us(c, &m) && !m.is_error && m.id == PTP_MID_PORT_DATA_SET) {
		/* Pushes carry the subscriber's own sequence counter. */
		ev.kind = PTP_CLIENT_NOTIFY;
	} else {
		ev.kind = PTP_CLIENT_STRAY;
	}
	c->cb(c->ctx, &ev);
}

int ptp_client_process(struct ptp_client *c)
{
	uint8_t buf[PTP_MGMT_MAX_LEN];
	struct sockaddr_un from;
	char why[200];

	for (;;) {
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		memset(&from, 0, sizeof(from));
		n = recvfrom(c->fd, buf, sizeof(buf), MSG_TRUNC, (struct sockaddr *)&from,
			     &fromlen);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		if (strncmp(from.sun_path, c->server.sun_path, sizeof(from.sun_path))) {
			struct ptp_client_event ev = { .kind = PTP_CLIENT_MALFORMED, .why = why };

			snprintf(why, sizeof(why), "datagram from \"%.*s\", not from ptp4l",
				 (int)sizeof(from.sun_path), from.sun_path);
			c->cb(c->ctx, &ev);
			continue;
		}
		if ((size_t)n > sizeof(buf)) {
			struct ptp_client_event ev = { .kind = PTP_CLIENT_MALFORMED, .why = why };

			snprintf(why, sizeof(why), "datagram of %zd bytes, more than %zu", n,
				 sizeof(buf));
			c->cb(c->ctx, &ev);
			continue;
		}
		dispatch(c, buf, (size_t)n);
	}
}

void ptp_client_expire(struct ptp_client *c, uint64_t now_ns)
{
	for (size_t i = 0; i < PTP_CLIENT_MAX_PENDING; i++) {
		struct pending *p = &c->pending[i];
		struct ptp_client_event ev = { .kind = PTP_CLIENT_TIMEOUT };

		if (!p->used || p->deadline_ns > now_ns)
			continue;
		p->used = false;
		ev.seq = p->seq;
		ev.id = p->id;
		c->cb(c->ctx, &ev);
	}
}

uint64_t ptp_client_next_deadline(const struct ptp_client *c)
{
	uint64_t next = UINT64_MAX;

	for (size_t i = 0; i < PTP_CLIENT_MAX_PENDING; i++)
		if (c->pending[i].used && c->pending[i].deadline_ns < next)
			next = c->pending[i].deadline_ns;
	return next;
}
