/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd in the foreground: apply the config, then serve signals, the
 * status socket and the timers.
 */
#ifndef EDGETSN_AGENT_RUN_H
#define EDGETSN_AGENT_RUN_H

#include <stddef.h>

#include "lib/agent_config.h"
#include "lib/agent_state.h"

struct etsn_agent_opts {
	const char *file;		/* the config */
	const char *status_socket;	/* ETSN_STATUS_DEFAULT_SOCKET */
};

/* Returns the exit status: 0 after SIGTERM/SIGINT, 1 when the config
 * cannot be read at start or the loop cannot be set up.
 */
int etsn_agent_run(const struct etsn_agent_opts *o);

/* What the daemon lends to its parts (agent_mqtt_run.c). */
struct agent;

/* The desired state in force (replaced by a reload). */
struct etsn_agent_config *agent_config(struct agent *a);
/* The config file's path, as given. */
const char *agent_config_file(struct agent *a);
/* Applies c (the desired state or a part of it), logged and reported as
 * the apply `why`. 0, or a negative errno with the reason in err.
 */
int agent_apply(struct agent *a, const struct etsn_agent_config *c, const char *why,
		char *err, size_t errlen);
/* Whether ifname runs its primary schedule (no fail-safe in force). */
bool agent_primary_runs(struct agent *a, const char *ifname);
/* The daemon's state (the status socket's), sync and fail-safe fresh. */
const struct etsn_agent_state *agent_state(struct agent *a);
/* SIGHUP's work: 0, or -EINVAL (the file is not valid; the running
 * configuration stays) or the apply's error, with the reason in err.
 */
int agent_reload(struct agent *a, char *err, size_t errlen);

#endif
