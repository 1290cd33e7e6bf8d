// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's main loop: one poll() over a signalfd (SIGHUP reload,
 * SIGTERM/SIGINT stop), a timerfd that retries an apply that failed, and
 * the PTP supervision's fds (agent_ptp.h), whose sync changes drive the
 * fail-safe (lib/agent_failsafe.h) through the same apply.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "agent_ptp.h"
#include "agent_run.h"
#include "lib/agent_apply.h"
#include "lib/agent_failsafe.h"
#include "lib/agent_config.h"
#include "lib/agent_log.h"
#include "lib/diag.h"

/* A failed apply is tried again this often (the module may load later). */
#define RETRY_S 5

struct agent {
	const char *file;
	struct etsn_agent_config *cfg;
	int sigfd, timerfd;
	struct etsn_agent_ptp_sup *ptp;	/* NULL: not supervised */
	struct etsn_failsafe *fs;	/* what each interface runs now */
};

/* The file, checked; every error logged as FILE:LINE:COL: reason. */
static struct etsn_agent_config *load(const char *file)
{
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;

	etsn_diag_init(&d, file);
	c = etsn_agent_config_load(&opts, &d);
	if (!c) {
		etsn_diag_sort(&d);
		for (size_t i = 0; i < d.count; i++)
			etsn_log(ETSN_LOG_ERR, "%s", d.msgs[i].text);
		if (d.dropped)
			etsn_log(ETSN_LOG_ERR, "%s: %zu more errors", file, d.dropped);
	}
	etsn_diag_free(&d);
	return c;
}

/* What the file asks for that this version does not run yet. */
static void log_not_run(const struct etsn_agent_config *c)
{
	if (c->mqtt.enabled)
		etsn_log(ETSN_LOG_WARNING, "mqtt: the session is not run by this version");
	if (c->metrics.enabled)
		etsn_log(ETSN_LOG_WARNING, "metrics: not written by this version");
	if (c->on_stop == ETSN_ON_STOP_REVERT)
		etsn_log(ETSN_LOG_WARNING, "on-stop: revert is not done by this version");
	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		if (ifc->has_firewall || ifc->has_psfp || ifc->has_classify)
			etsn_log(ETSN_LOG_WARNING,
				 "%s: firewall, psfp and classify are not applied by this version",
				 ifc->name);
	}
}

static void retry_later(struct agent *a, bool on)
{
	struct itimerspec its = { .it_value.tv_sec = on ? RETRY_S : 0 };

	timerfd_settime(a->timerfd, 0, &its, NULL);
}

static enum ptp_sync_state sync_state(const struct agent *a)
{
	struct etsn_agent_sync_status st;

	if (!a->ptp)
		return PTP_SYNC_UNKNOWN;
	etsn_agent_ptp_status(a->ptp, &st);
	return st.state;
}

static void on_fs_change(void *ctx, const char *ifname, enum etsn_fs_mode from,
			 enum etsn_fs_mode to)
{
	(void)ctx;
	etsn_log(to == ETSN_FS_PRIMARY ? ETSN_LOG_NOTICE : ETSN_LOG_WARNING,
		 "fail-safe: %s: %s -> %s", ifname, etsn_fs_mode_name(from),
		 etsn_fs_mode_name(to));
}

/* Decides every interface's schedule for the sync state; true if any changed. */
static bool failsafe_update(struct agent *a)
{
	return etsn_failsafe_update(a->fs, a->cfg, sync_state(a), on_fs_change, a) != 0;
}

/* The config as the fail-safe wants it, through the one apply path. */
static int apply_now(struct agent *a, const char *why)
{
	size_t changes;
	char err[512];

	if (etsn_agent_apply(&a->fs->eff, &changes, err, sizeof(err))) {
		etsn_log(ETSN_LOG_ERR, "apply (%s) failed, nothing changed: %s; retrying in %d s",
			 why, err, RETRY_S);
		retry_later(a, true);
		return -1;
	}
	retry_later(a, false);
	etsn_log(ETSN_LOG_INFO, "apply (%s): %zu change%s, configuration in force",
		 why, changes, changes == 1 ? "" : "s");
	return 0;
}

static void apply(struct agent *a, const char *why)
{
	failsafe_update(a);
	apply_now(a, why);
}

/* A sync change: the fail-safe installed (or lifted) at once. */
static void on_sync(void *ctx, const struct ptp_sync_transition *t)
{
	struct agent *a = ctx;
	uint64_t done;

	if (!failsafe_update(a))
		return;
	if (apply_now(a, "fail-safe"))
		return;
	done = etsn_agent_now_ns();
	etsn_log(ETSN_LOG_NOTICE, "fail-safe: applied %llu.%03llu ms after the sync change to %s",
		 (unsigned long long)((done - t->at_ns) / 1000000),
		 (unsigned long long)((done - t->at_ns) / 1000 % 1000),
		 ptp_sync_state_name(t->to));
}

/* Supervision as c->ptp says: kept, (re)opened or stopped. */
static void ptp_follow(struct agent *a, const struct etsn_agent_config *c)
{
	if (a->ptp && c->ptp.enabled && etsn_agent_ptp_same(a->ptp, &c->ptp))
		return;
	etsn_agent_ptp_close(a->ptp);
	a->ptp = c->ptp.enabled ? etsn_agent_ptp_open(&c->ptp, on_sync, a) : NULL;
}

static void reload(struct agent *a)
{
	struct etsn_agent_config *c = load(a->file);

	if (!c) {
		etsn_log(ETSN_LOG_ERR, "reload: %s is not valid, the running configuration stays",
			 a->file);
		return;
	}
	etsn_agent_config_free(a->cfg);
	a->cfg = c;
	etsn_log_set_level(c->logging.level);
	log_not_run(c);
	ptp_follow(a, c);
	etsn_failsafe_rebind(a->fs, c);
	apply(a, "reload");
}

/* false when the agent is to stop. */
static bool on_signal(struct agent *a)
{
	struct signalfd_siginfo si;

	if (read(a->sigfd, &si, sizeof(si)) != sizeof(si))
		return true;
	if (si.ssi_signo == SIGHUP) {
		etsn_log(ETSN_LOG_INFO, "SIGHUP: reloading %s", a->file);
		reload(a);
		return true;
	}
	etsn_log(ETSN_LOG_INFO, "%s: stopping; the configuration stays in force",
		 strsignal((int)si.ssi_signo));
	return false;
}

static int loop(struct agent *a)
{
	struct pollfd fds[2 + ETSN_AGENT_PTP_NFDS];
	uint64_t ticks;

	for (;;) {
		fds[0] = (struct pollfd){ .fd = a->sigfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = a->timerfd, .events = POLLIN };
		/* The supervision may change with a reload: asked each time. */
		for (size_t i = 2; i < 2 + ETSN_AGENT_PTP_NFDS; i++)
			fds[i] = (struct pollfd){ .fd = -1 };
		if (a->ptp)
			etsn_agent_ptp_pollfds(a->ptp, &fds[2]);
		if (poll(fds, 2 + ETSN_AGENT_PTP_NFDS, -1) < 0) {
			if (errno == EINTR)
				continue;
			etsn_log(ETSN_LOG_ERR, "poll: %s", strerror(errno));
			return 1;
		}
		if ((fds[0].revents & POLLIN) && !on_signal(a))
			return 0;
		if ((fds[1].revents & POLLIN) &&
		    read(a->timerfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			apply(a, "retry");
		if (a->ptp && (fds[2].revents || fds[3].revents))
			etsn_agent_ptp_handle(a->ptp, &fds[2]);
	}
}

int etsn_agent_run(const char *file)
{
	struct agent a = { .file = file, .sigfd = -1, .timerfd = -1 };
	sigset_t set;
	int ret = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Blocked before anything else, so no signal is lost or kills us early. */
	if (sigprocmask(SIG_BLOCK, &set, NULL)) {
		etsn_log(ETSN_LOG_ERR, "sigprocmask: %s", strerror(errno));
		return 1;
	}
	a.cfg = load(file);
	if (!a.cfg) {
		etsn_log(ETSN_LOG_ERR, "%s is not valid: not started", file);
		return 1;
	}
	etsn_log_set_level(a.cfg->logging.level);
	a.fs = calloc(1, sizeof(*a.fs));
	if (!a.fs) {
		etsn_log(ETSN_LOG_ERR, "out of memory");
		goto out;
	}
	etsn_failsafe_init(a.fs, a.cfg);
	a.sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	a.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (a.sigfd < 0 || a.timerfd < 0) {
		etsn_log(ETSN_LOG_ERR, "signalfd/timerfd: %s", strerror(errno));
		goto out;
	}
	etsn_log(ETSN_LOG_INFO, "edgetsnd %s started with %s", EDGETSN_VERSION, file);
	log_not_run(a.cfg);
	ptp_follow(&a, a.cfg);
	apply(&a, "start");
	ret = loop(&a);
out:
	if (a.sigfd >= 0)
		close(a.sigfd);
	if (a.timerfd >= 0)
		close(a.timerfd);
	etsn_agent_ptp_close(a.ptp);
	free(a.fs);
	etsn_agent_config_free(a.cfg);
	return ret;
}
