// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd, the edgetsn agent: checks a config file (--check), runs in
 * the foreground applying it, supervising ptp4l and running its MQTT
 * session (agent_run.c, agent_ptp.c, agent_mqtt_run.c), or asks the
 * running agent for its state (status).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "agent_run.h"
#include "lib/agent_config.h"
#include "lib/diag.h"
#include "lib/status_client.h"

#define EXIT_USAGE 2

static const char usage[] =
	"usage: edgetsnd [-c FILE] [-s PATH]\n"
	"       edgetsnd [-s PATH] status [-j]\n"
	"       edgetsnd --check [--offline] [FILE]\n"
	"       edgetsnd --help | --version\n"
	"  -c, --config FILE  run in the foreground with FILE (default\n"
	"              " ETSN_AGENT_DEFAULT_CONFIG "): apply it, SIGHUP reloads,\n"
	"              SIGTERM/SIGINT stop; log on stderr with <N> priorities\n"
	"  -s, --socket PATH  the status socket (default\n"
	"              " ETSN_STATUS_DEFAULT_SOCKET ")\n"
	"  status      the running agent's state (-j: JSON); exit 3 when no\n"
	"              agent listens on the socket\n"
	"  --check     validate FILE (default " ETSN_AGENT_DEFAULT_CONFIG ") without\n"
	"              touching the system; every error as FILE:LINE:COL: reason, exit 2\n"
	"  --offline   do not require the interfaces to exist on this host\n"
	"  docs/agent.md describes every key.\n";

static void summary(const char *file, const struct etsn_agent_config *c)
{
	size_t streams = 0, rules = 0, scheds = 0;

	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		streams += ifc->nstreams;
		rules += ifc->nfw_rules + ifc->ncls_rules;
		scheds += (ifc->schedule != NULL) + ifc->nfallbacks;
	}
	printf("%s: valid: %zu interfaces, %zu schedules, %zu PSFP streams, %zu firewall and classifier rules; ptp %s, mqtt %s\n",
	       file, c->nifaces, scheds, streams, rules, c->ptp.enabled ? "on" : "off",
	       c->mqtt.enabled ? "on" : "off");
}

static int check(const char *file, bool offline)
{
	struct etsn_agent_check_opts opts = { .host = !offline };
	struct etsn_agent_config *c;
	struct etsn_diag d;
	int ret;

	etsn_diag_init(&d, file);
	c = etsn_agent_config_load(&opts, &d);
	if (c) {
		summary(file, c);
		ret = 0;
	} else {
		etsn_diag_print(&d, stderr);
		fprintf(stderr, "%s: %zu error%s\n", file, etsn_diag_errors(&d),
			etsn_diag_errors(&d) == 1 ? "" : "s");
		ret = EXIT_USAGE;
	}
	etsn_agent_config_free(c);
	etsn_diag_free(&d);
	return ret;
}

/* edgetsnd status [-j]: argv[0] is "status". */
static int status(int argc, char **argv, const char *sock)
{
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else {
			fprintf(stderr, "edgetsnd status: unknown argument '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	return etsn_status_command("edgetsnd status", sock, json);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check", no_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "offline", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *sock = ETSN_STATUS_DEFAULT_SOCKET;
	bool do_check = false, offline = false;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:c:s:", opts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			do_check = true;
			break;
		case 'c':
			config = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'o':
			offline = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("edgetsnd %s\n", EDGETSN_VERSION);
			return 0;
		case ':':
			fprintf(stderr, "edgetsnd: '%s' needs a %s\n%s", argv[optind - 1],
				optopt == 's' ? "PATH" : "FILE", usage);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "edgetsnd: unknown option '%s'\n%s", argv[optind - 1], usage);
			return EXIT_USAGE;
		}
	}
	if (!do_check && optind < argc && !strcmp(argv[optind], "status") && !config &&
	    !offline)
		return status(argc - optind, argv + optind, sock);
	if (!do_check) {
		struct etsn_agent_opts o = {
			.file = config ? config : ETSN_AGENT_DEFAULT_CONFIG,
			.status_socket = sock,
		};

		if (offline || optind < argc) {
			fprintf(stderr, "edgetsnd: %s without --check\n%s",
				offline ? "--offline" : "a FILE", usage);
			return EXIT_USAGE;
		}
		return etsn_agent_run(&o);
	}
	if (config) {
		fprintf(stderr, "edgetsnd: --check takes its FILE without -c\n%s", usage);
		return EXIT_USAGE;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "edgetsnd: --check takes one FILE, got %d\n%s", argc - optind, usage);
		return EXIT_USAGE;
	}
	return check(optind < argc ? argv[optind] : ETSN_AGENT_DEFAULT_CONFIG, offline);
}
