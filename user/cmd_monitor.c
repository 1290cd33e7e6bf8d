// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl monitor: one line per edgetsn event of this network namespace
 * until SIGINT or SIGTERM (exit 0).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "etsnctl.h"
#include "lib/cli.h"
#include "lib/event.h"

static const char usage[] =
	"usage: etsnctl [-j] monitor\n"
	"  prints each event of the edgetsn family in this network namespace\n"
	"  (qdisc_new, qdisc_del, sched_oper, config_error, link_speed) on one\n"
	"  line, or as one JSON object per line with -j, until SIGINT/SIGTERM\n";

static int on_event(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	struct etsn_ctx *ctx = arg;

	(void)nlh;
	/* A malformed event is reported, not fatal: the next may be fine. */
	if (etsn_event_print(stdout, ctx->json, cmd, attrs, len))
		fprintf(stderr, "etsnctl monitor: malformed event (command %u)\n", cmd);
	return 0;
}

int cmd_monitor(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct pollfd fds[2];
	struct etsn_genl g;
	sigset_t mask;
	int sfd, ret = ETSN_EXIT_FAIL;

	if (argc > 1 && etsn_cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (argc > 1)
		return etsn_cli_usage_error("monitor", usage, "unexpected '%s'", argv[1]);
	/*
	 * Signals arrive as reads on a descriptor: no race with poll(). An
	 * ignored signal is discarded before it can be read, and shells start
	 * background jobs with SIGINT ignored: take the default back (blocked,
	 * it kills nothing).
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) || (sfd = signalfd(-1, &mask, 0)) < 0) {
		fprintf(stderr, "etsnctl monitor: signalfd: %s\n", strerror(errno));
		return ETSN_EXIT_FAIL;
	}
	if (etsn_cli_open(&g, "monitor")) {
		close(sfd);
		return ETSN_EXIT_FAIL;
	}
	if (etsn_genl_subscribe_events(&g)) {
		etsn_cli_fail(&g, "monitor");
		goto out;
	}
	fds[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = etsn_genl_fd(&g), .events = POLLIN };
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "etsnctl monitor: poll: %s\n", strerror(errno));
			break;
		}
		if (fds[0].revents) {
			ret = ETSN_EXIT_OK;
			break;
		}
		if (!fds[1].revents)
			continue;
		int err = etsn_genl_read_events(&g, on_event, ctx);

		if (err == -ENOBUFS) {
			/* Say so and go on: later events still matter. */
			fprintf(stderr, "etsnctl monitor: %s\n", etsn_genl_strerror(&g));
		} else if (err) {
			etsn_cli_fail(&g, "monitor");
			break;
		}
	}
out:
	etsn_genl_close(&g);
	close(sfd);
	return ret;
}
