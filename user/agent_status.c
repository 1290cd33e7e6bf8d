// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's status socket (agent_status.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "agent_status.h"
#include "lib/agent_log.h"

static int fail(char *err, size_t errlen, const char *path, const char *what)
{
	int e = errno;

	snprintf(err, errlen, "status socket %s: %s: %s", path, what, strerror(e));
	return -e;
}

/* The directory of path exists, or is made 0755 (its parent must exist). */
static int make_dir(const char *path, char *err, size_t errlen)
{
	char copy[sizeof(((struct etsn_status_srv *)0)->path)];
	const char *dir;

	snprintf(copy, sizeof(copy), "%s", path);
	dir = dirname(copy);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return fail(err, errlen, dir, "creating the directory");
	return 0;
}

/* Nothing at path, or a socket nobody listens on (then removed). */
static int clear_stale(const struct sockaddr_un *sa, char *err, size_t errlen)
{
	const char *path = sa->sun_path;
	struct stat st;
	int fd, ret;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : fail(err, errlen, path, "lstat");
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "status socket %s: exists and is not a socket", path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(err, errlen, path, "socket");
	ret = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	if (!ret) {
		snprintf(err, errlen, "status socket %s: another edgetsnd listens on it", path);
		return -EADDRINUSE;
	}
	if (errno != ECONNREFUSED)
		return fail(err, errlen, path, "probing the old socket");
	if (unlink(path))
		return fail(err, errlen, path, "removing the stale socket");
	etsn_log(ETSN_LOG_NOTICE, "status socket %s: removed a stale socket", path);
	return 0;
}

int etsn_status_open(struct etsn_status_srv *s, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old;
	int ret;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	for (size_t i = 0; i < ETSN_STATUS_MAX_CLIENTS; i++)
		s->clients[i].fd = -1;
	if (!path[0] || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "status socket '%s': a path of 1 to %zu bytes is needed",
			 path, sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, path, strlen(path));
	ret = make_dir(path, err, errlen);
	if (!ret)
		ret = clear_stale(&sa, err, errlen);
	if (ret)
		return ret;
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return fail(err, errlen, path, "socket");
	/* Born 0660: no moment when anyone else may connect. */
	old = umask(0117);
	ret = bind(s->fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (ret || listen(s->fd, ETSN_STATUS_MAX_CLIENTS) || lstat(path, &st)) {
		ret = fail(err, errlen, path, "bind/listen");
		close(s->fd);
		s->fd = -1;
		return ret;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	return 0;
}

static void drop(struct etsn_status_client *c)
{
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

void etsn_status_close(struct etsn_status_srv *s)
{
	struct stat st;

	for (size_t i = 0; i < ETSN_STATUS_MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0)
			drop(&s->clients[i]);
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	/* Another agent may have replaced it since: leave that one alone. */
	if (!lstat(s->path, &st) && st.st_dev == s->dev && st.st_ino == s->ino)
		unlink(s->path);
}

size_t etsn_status_pollfds(const struct etsn_status_srv *s, struct pollfd *fds)
{
	size_t n = 0;

	fds[n++] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	for (size_t i = 0; i < ETSN_STATUS_MAX_CLIENTS; i++) {
		const struct etsn_status_client *c = &s->clients[i];

		/* Free slots poll fd -1 (ignored): fds[1 + i] is client i. */
		fds[n++] = (struct pollfd){ .fd = c->fd, .events = c->out ? POLLOUT : POLLIN };
	}
	return n;
}

int etsn_status_timeout_ms(const struct etsn_status_srv *s)
{
	int64_t now = (int64_t)etsn_agent_now_ns(), first = -1;

	for (size_t i = 0; i < ETSN_STATUS_MAX_CLIENTS; i++) {
		const struct etsn_status_client *c = &s->clients[i];

		if (c->fd >= 0 && (first < 0 || c->deadline < first))
			first = c->deadline;
	}
	if (first < 0)
		return -1;
	return first <= now ? 0 : (int)((first - now + 999999) / 1000000);
}

static void accept_one(struct etsn_status_srv *s)
{
	int fd = accept(s->fd, NULL, NULL);

	if (fd < 0)
		return;
	/* accept4() is a GNU extension; this is the C11/POSIX way. */
	if (fcntl(fd, F_SETFL, O_NONBLOCK) || fcntl(fd, F_SETFD, FD_CLOEXEC)) {
		close(fd);
		return;
	}
	for (size_t i = 0; i < ETSN_STATUS_MAX_CLIENTS; i++) {
		struct etsn_status_client *c = &s->clients[i];

		if (c->fd < 0) {
			c->fd = fd;
			c->deadline = (int64_t)etsn_agent_now_ns() + (int64_t)ETSN_STATUS_DEADLINE_MS * 1000000;
			return;
		}
	}
	/* Every slot is busy: this client is told so and closed. */
	send(fd, "error: busy\n", 12, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

/* The answer to the request line in c->req, rendered once. */
static void answer(struct etsn_status_client *c, const struct etsn_agent_state *st)
{
	struct timespec now;
	struct etsn_json j;
	FILE *f = open_memstream(&c->out, &c->outlen);
	bool json;

	if (!f) {
		c->out = NULL;
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	json = !strcmp(c->req, "status json") || !strcmp(c->req, "status json pretty");
	if (json) {
		etsn_json_init(&j, f);
		j.pretty = !strcmp(c->req, "status json pretty");
		etsn_agent_state_show(&j, f, st, now.tv_sec);
		etsn_json_finish(&j);
	} else if (!strcmp(c->req, "status")) {
		etsn_agent_state_show(NULL, f, st, now.tv_sec);
	} else {
		fprintf(f, "error: unknown request '%.32s' (status, status json [pretty])\n",
			c->req);
	}
	fclose(f);
}

static void on_readable(struct etsn_status_client *c, const struct etsn_agent_state *st)
{
	ssize_t n = recv(c->fd, c->req + c->reqlen, sizeof(c->req) - 1 - c->reqlen, 0);
	char *nl;

	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			drop(c);
		return;
	}
	c->reqlen += (size_t)n;
	c->req[c->reqlen] = '\0';
	nl = strchr(c->req, '\n');
	if (!nl) {
		if (c->reqlen == sizeof(c->req) - 1)
			drop(c);	/* no line in 63 bytes: not our client */
		return;
	}
	*nl = '\0';
	answer(c, st);
	if (!c->out)
		drop(c);
}

static void on_writable(struct etsn_status_client *c)
{
	ssize_t n = send(c->fd, c->out + c->sent, c->outlen - c->sent, MSG_NOSIGNAL);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			drop(c);
		return;
	}
	c->sent += (size_t)n;
	if (c->sent == c->outlen)
		drop(c);
}

void etsn_status_serve(struct etsn_status_srv *s, const struct pollfd *fds, size_t n,
		       const struct etsn_agent_state *st)
{
	int64_t now = (int64_t)etsn_agent_now_ns();

	for (size_t i = 0; i + 1 < n && i < ETSN_STATUS_MAX_CLIENTS; i++) {
		struct etsn_status_client *c = &s->clients[i];
		short re = fds[1 + i].revents;

		if (c->fd < 0 || fds[1 + i].fd != c->fd)
			continue;
		if (re & (POLLERR | POLLNVAL))
			drop(c);
		else if (c->out && (re & (POLLOUT | POLLHUP)))
			on_writable(c);
		else if (!c->out && (re & (POLLIN | POLLHUP)))
			on_readable(c, st);
		if (c->fd >= 0 && c->deadline <= now) {
			etsn_log(ETSN_LOG_DEBUG, "status socket: a client missed its deadline");
			drop(c);
		}
	}
	if (n && (fds[0].revents & POLLIN))
		accept_one(s);
}
