/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd in the foreground: apply the config, then serve signals, the
 * status socket and the timers.
 */
#ifndef EDGETSN_AGENT_RUN_H
#define EDGETSN_AGENT_RUN_H

struct etsn_agent_opts {
	const char *file;		/* the config */
	const char *status_socket;	/* ETSN_STATUS_DEFAULT_SOCKET */
};

/* Returns the exit status: 0 after SIGTERM/SIGINT, 1 when the config
 * cannot be read at start or the loop cannot be set up.
 */
int etsn_agent_run(const struct etsn_agent_opts *o);

#endif
