// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: edgetsnd's MQTT command parser on arbitrary bytes. The input
 * is "VERB\nPAYLOAD"; whatever it holds, the command must be answered with
 * one reply that is itself valid JSON (read back with the strict reader),
 * without a crash, a leak or undefined behaviour (ASan, UBSan).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/agent_cmd.h"
#include "lib/jsontree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config_yaml[] =
	"mqtt: { enabled: true, commands-enabled: true }\n"
	"interfaces:\n"
	"  eth0: { qdisc: etsn }\n";

static int get(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	(void)ctx;
	(void)reason;
	(void)rlen;
	*json = strdup(ifname[0] ? "{\"one\":1}" : "{\"all\":[]}");
	return 0;
}

static int set_schedule(void *ctx, const struct etsn_cmd *c, bool persist, char *reason,
			size_t rlen)
{
	(void)ctx;
	(void)persist;
	if (!c->sched || !c->sched->num_entries || !c->ifname[0])
		abort();	/* handed on without a schedule or an interface */
	snprintf(reason, rlen, "refused \"%s\"\n", c->ifname);
	return -1;
}

static int reload(void *ctx, char *reason, size_t rlen)
{
	(void)ctx;
	(void)reason;
	(void)rlen;
	return 0;
}

static const struct etsn_cmd_ops ops = {
	.get_state = get, .get_stats = get, .set_schedule = set_schedule, .reload = reload,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct etsn_agent_config *cfg;
	const uint8_t *nl = memchr(data, '\n', size);
	char verb[64], rt[ETSN_CMD_TOPIC_MAX];
	size_t vlen = nl ? (size_t)(nl - data) : 0;
	struct etsn_ynode *n;
	struct etsn_diag d;
	char *reply;

	if (!cfg) {
		struct etsn_agent_check_opts opts = { .host = false };

		etsn_diag_init(&d, "fuzz.yaml");
		cfg = etsn_agent_config_parse(config_yaml, strlen(config_yaml), &opts, &d);
		etsn_diag_free(&d);
		if (!cfg)
			abort();
	}
	if (vlen >= sizeof(verb))
		vlen = sizeof(verb) - 1;
	memcpy(verb, data, vlen);
	verb[vlen] = '\0';
	if (nl) {
		size -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	reply = etsn_cmd_run(verb, data, size, cfg, &ops, rt, sizeof(rt));
	if (!reply)
		abort();
	etsn_diag_init(&d, "reply");
	n = etsn_jtree_parse(reply, strlen(reply), &d);
	if (!n || n->kind != ETSN_Y_MAP || strchr(reply, '\n'))
		abort();	/* not one line of JSON */
	etsn_ytree_free(n);
	etsn_diag_free(&d);
	free(reply);
	return 0;
}
