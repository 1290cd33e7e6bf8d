/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The client of edgetsnd's status socket (docs/agent.md, "Status socket"),
 * shared by `etsnctl agent status` and `edgetsnd status`.
 *
 * Protocol: the client sends one line, "status\n", "status json\n" or
 * "status json pretty\n" (indented); the agent answers with the document
 * and closes. An answer starting with
 * "error: " is a refusal.
 */
#ifndef EDGETSN_STATUS_CLIENT_H
#define EDGETSN_STATUS_CLIENT_H

#include <stdbool.h>
#include <stdio.h>

#define ETSN_STATUS_DEFAULT_SOCKET "/run/edgetsn/edgetsnd.sock"
#define ETSN_STATUS_REQ_MAX 64		/* a request line, newline included */

/* Exit status of the commands when no agent answers at the path. */
#define ETSN_STATUS_EXIT_NOT_RUNNING 3

/* Asks the agent at path and copies its answer to out (JSON indented when
 * etsn_json_set_pretty() said so). 0; -ECONNREFUSED
 * or -ENOENT when no agent listens there (err says so); another negative
 * errno with the reason in err.
 */
int etsn_status_query(const char *path, bool json, FILE *out, char *err, size_t errlen);

/* The `status` command of both programs: prog names them in messages.
 * Returns the exit status (0, 1, or ETSN_STATUS_EXIT_NOT_RUNNING).
 */
int etsn_status_command(const char *prog, const char *path, bool json);

#endif
