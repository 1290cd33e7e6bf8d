/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd in the foreground: apply the config, then serve signals. */
#ifndef EDGETSN_AGENT_RUN_H
#define EDGETSN_AGENT_RUN_H

/* Returns the exit status: 0 after SIGTERM/SIGINT, 1 when the config
 * cannot be read at start or the loop cannot be set up.
 */
int etsn_agent_run(const char *file);

#endif
