// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's main loop: one poll() over a signalfd (SIGHUP reload,
 * SIGTERM/SIGINT stop), a timerfd that retries an apply that failed and
 * the MQTT side's descriptors (agent_mqtt_run.c).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "agent_mqtt_run.h"
#include "agent_run.h"
#include "lib/agent_apply.h"
#include "lib/agent_config.h"
#include "lib/agent_log.h"
#include "lib/diag.h"

/* A failed apply is tried again this often (the module may load later). */
#define RETRY_S 5

struct agent {
	const char *file;
	struct etsn_agent_config *cfg;
	int sigfd, timerfd;
	struct agent_mqtt *mqtt;
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
	if (c->ptp.enabled)
		etsn_log(ETSN_LOG_WARNING, "ptp: supervision is not run by this version");
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

struct etsn_agent_config *agent_config(struct agent *a)
{
	return a->cfg;
}

int agent_apply(struct agent *a, const struct etsn_agent_config *c, const char *why,
		char *err, size_t errlen)
{
	size_t changes;
	int ret = etsn_agent_apply(c, &changes, err, errlen);

	if (ret)
		etsn_log(ETSN_LOG_ERR, "apply (%s) failed, nothing changed: %s", why, err);
	else
		etsn_log(ETSN_LOG_INFO, "apply (%s): %zu change%s, configuration in force",
			 why, changes, changes == 1 ? "" : "s");
	agent_mqtt_applied(a->mqtt, why, ret, changes, err);
	return ret;
}

static void apply(struct agent *a, const char *why)
{
	char err[512];
	bool failed = agent_apply(a, a->cfg, why, err, sizeof(err)) != 0;

	if (failed)
		etsn_log(ETSN_LOG_ERR, "apply (%s): retrying in %d s", why, RETRY_S);
	retry_later(a, failed);
}

int agent_reload(struct agent *a, char *err, size_t errlen)
{
	struct etsn_agent_config *c = load(a->file);
	int ret;

	if (!c) {
		etsn_log(ETSN_LOG_ERR, "reload: %s is not valid, the running configuration stays",
			 a->file);
		snprintf(err, errlen, "%s is not valid, the running configuration stays (see the log)",
			 a->file);
		agent_mqtt_failed(a->mqtt, "reload", err);
		return -EINVAL;
	}
	agent_mqtt_reconfigure(a->mqtt, c);
	etsn_agent_config_free(a->cfg);
	a->cfg = c;
	etsn_log_set_level(c->logging.level);
	log_not_run(c);
	ret = agent_apply(a, a->cfg, "reload", err, errlen);
	retry_later(a, ret != 0);
	return ret;
}

/* false when the agent is to stop. */
static bool on_signal(struct agent *a)
{
	struct signalfd_siginfo si;

	if (read(a->sigfd, &si, sizeof(si)) != sizeof(si))
		return true;
	if (si.ssi_signo == SIGHUP) {
		char err[512];

		etsn_log(ETSN_LOG_INFO, "SIGHUP: reloading %s", a->file);
		agent_reload(a, err, sizeof(err));
		return true;
	}
	etsn_log(ETSN_LOG_INFO, "%s: stopping; the configuration stays in force",
		 strsignal((int)si.ssi_signo));
	return false;
}

static int loop(struct agent *a)
{
	struct pollfd fds[2 + AGENT_MQTT_NFDS];
	uint64_t ticks;
	int timeout;

	for (;;) {
		fds[0] = (struct pollfd){ .fd = a->sigfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = a->timerfd, .events = POLLIN };
		timeout = agent_mqtt_poll_prepare(a->mqtt, &fds[2]);
		if (poll(fds, 2 + AGENT_MQTT_NFDS, timeout) < 0) {
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
		agent_mqtt_poll_done(a->mqtt, &fds[2]);
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
	a.sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	a.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (a.sigfd < 0 || a.timerfd < 0) {
		etsn_log(ETSN_LOG_ERR, "signalfd/timerfd: %s", strerror(errno));
		goto out;
	}
	etsn_log(ETSN_LOG_INFO, "edgetsnd %s started with %s", EDGETSN_VERSION, file);
	log_not_run(a.cfg);
	a.mqtt = agent_mqtt_new(&a, a.cfg);
	if (!a.mqtt)
		goto out;
	apply(&a, "start");
	ret = loop(&a);
out:
	agent_mqtt_free(a.mqtt);
	if (a.sigfd >= 0)
		close(a.sigfd);
	if (a.timerfd >= 0)
		close(a.timerfd);
	etsn_agent_config_free(a.cfg);
	return ret;
}
