// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl agent status: the running edgetsnd's state, read from its status
 * socket (the client is lib/status_client.c, shared with edgetsnd status).
 */
#include <stdio.h>
#include <string.h>

#include "etsnctl.h"
#include "lib/cli.h"
#include "lib/status_client.h"

static const char usage[] =
	"usage: etsnctl [-j] agent status [-j] [--socket PATH]\n"
	"  the running edgetsnd's state: its applied configuration per interface,\n"
	"  the apply counters and last result, the sync and fail-safe state\n"
	"  (etsnctl -p: indented JSON)\n"
	"  --socket PATH  the agent's status socket (default\n"
	"                 " ETSN_STATUS_DEFAULT_SOCKET ")\n"
	"  exit 3 when no agent listens on the socket\n";

int cmd_agent(struct etsn_ctx *ctx, int argc, char **argv)
{
	const char *sock = ETSN_STATUS_DEFAULT_SOCKET;
	bool json = ctx->json;

	if (argc > 1 && etsn_cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "status")) {
		fprintf(stderr, "etsnctl agent: %s\n%s",
			argc < 2 ? "a subcommand is needed" : "unknown subcommand", usage);
		return ETSN_EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--socket") && i + 1 < argc && argv[i + 1][0]) {
			sock = argv[++i];
		} else {
			fprintf(stderr, "etsnctl agent status: %s '%s'\n%s",
				!strcmp(argv[i], "--socket") ? "a PATH is needed after" :
				"unknown argument", argv[i], usage);
			return ETSN_EXIT_USAGE;
		}
	}
	return etsn_status_command("etsnctl agent status", sock, json);
}
