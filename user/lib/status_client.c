// SPDX-License-Identifier: GPL-2.0-or-later
/* Reads edgetsnd's status socket (status_client.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "json.h"
#include "status_client.h"

static int fill_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (!path[0] || strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memcpy(sa->sun_path, path, strlen(path));
	return 0;
}

int etsn_status_query(const char *path, bool json, FILE *out, char *err, size_t errlen)
{
	const char *req = !json ? "status\n" :
			  etsn_json_get_pretty() ? "status json pretty\n" : "status json\n";
	struct sockaddr_un sa;
	char buf[4096];
	bool first = true;
	ssize_t n;
	int fd, ret = 0;

	if (fill_addr(&sa, path)) {
		snprintf(err, errlen, "%s: not a usable socket path", path);
		return -ENAMETOOLONG;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -errno;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		ret = -errno;
		if (ret == -ENOENT || ret == -ECONNREFUSED)
			snprintf(err, errlen, "edgetsnd is not running (nothing listens on %s)", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		close(fd);
		return ret;
	}
	/* An agent that refuses (busy) may have closed already: its answer is
	 * still there to read, so a broken pipe here is no error of its own.
	 */
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req) &&
	    errno != EPIPE && errno != ECONNRESET) {
		ret = -errno;
		snprintf(err, errlen, "%s: sending the request: %s", path, strerror(errno));
		close(fd);
		return ret;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (first && n >= 7 && !memcmp(buf, "error: ", 7)) {
			snprintf(err, errlen, "the agent refused: %.*s", (int)strcspn(buf + 7, "\n"),
				 buf + 7);
			close(fd);
			return -EPROTO;
		}
		first = false;
		fwrite(buf, 1, (size_t)n, out);
	}
	/* A busy agent closes without reading the request: a reset after its
	 * answer ends the answer.
	 */
	if (n < 0 && errno == ECONNRESET && !first)
		n = 0;
	if (n < 0 || first) {
		ret = n < 0 ? -errno : -EPROTO;
		snprintf(err, errlen, "%s: %s", path, n < 0 ? strerror(errno) : "the agent closed without an answer");
	}
	close(fd);
	return ret;
}

int etsn_status_command(const char *prog, const char *path, bool json)
{
	char err[512];
	int ret = etsn_status_query(path, json, stdout, err, sizeof(err));

	if (!ret)
		return 0;
	fprintf(stderr, "%s: %s\n", prog, err);
	return ret == -ENOENT || ret == -ECONNREFUSED ? ETSN_STATUS_EXIT_NOT_RUNNING : 1;
}
