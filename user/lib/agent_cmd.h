/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's MQTT commands (docs/agent.md, "MQTT"): a message on
 * <root>cmd/<verb> with a JSON payload, parsed strictly into struct
 * etsn_cmd, carried out through the agent's callbacks, answered with one
 * JSON reply. Pure: no MQTT here (agent_mqtt.c moves the bytes), so every
 * form of input is testable on the host.
 */
#ifndef EDGETSN_AGENT_CMD_H
#define EDGETSN_AGENT_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net/if.h>

#include "agent_config.h"
#include "sched.h"

/* Payloads above this are refused unread: a 1024-entry schedule in
 * 802.1Qcw names is about 95 KiB.
 */
#define ETSN_CMD_MAX_PAYLOAD	(128u * 1024)
#define ETSN_CMD_ID_MAX		64	/* bytes of an id, as written */
#define ETSN_CMD_TOPIC_MAX	256	/* a reply_to topic, with its NUL */

enum etsn_cmd_verb {
	ETSN_CMD_GET_STATE,
	ETSN_CMD_GET_STATS,
	ETSN_CMD_SET_SCHEDULE,
	ETSN_CMD_RELOAD,
};

struct etsn_cmd {
	enum etsn_cmd_verb verb;
	/* id as written: a JSON string (quoted) or number; echoed in the reply. */
	char id[ETSN_CMD_ID_MAX + 1];
	bool has_id, id_is_string;
	char reply_to[ETSN_CMD_TOPIC_MAX];	/* "" when not given */
	char ifname[IF_NAMESIZE];		/* "" = every interface (get-*) */
	struct etsn_sched *sched;		/* set-schedule; owned */
	bool has_at;				/* else: the next cycle boundary */
	int64_t at_ns;				/* on the schedule's clock */
};

/* Reads verb and payload into *c (zeroed first). 0, or -EINVAL with the
 * reason; even then id and reply_to hold what could be read, so that the
 * error reaches a client that gave them. An empty payload means no
 * arguments. Free c with etsn_cmd_free either way.
 */
int etsn_cmd_parse(const char *verb, const void *payload, size_t len,
		   const struct etsn_agent_config *cfg, struct etsn_cmd *c,
		   char *reason, size_t rlen);
void etsn_cmd_free(struct etsn_cmd *c);

const char *etsn_cmd_verb_name(enum etsn_cmd_verb v);

/* What the agent does for each verb: 0, or an error with the reason.
 * get_state/get_stats put a malloc'ed JSON document in *json (ifname ""
 * means every interface).
 */
struct etsn_cmd_ops {
	int (*get_state)(void *ctx, const char *ifname, char **json, char *reason, size_t rlen);
	int (*get_stats)(void *ctx, const char *ifname, char **json, char *reason, size_t rlen);
	/* Install c->sched on c->ifname at c->at_ns (has_at) or at the next
	 * cycle boundary; persist: also make it the desired state in the file.
	 * Success with a text in reason: kept as the desired schedule, not
	 * installed yet (a fail-safe in force), and why; the reply's result
	 * is then {"installed":false,"why":reason}.
	 */
	int (*set_schedule)(void *ctx, const struct etsn_cmd *c, bool persist, char *reason,
			    size_t rlen);
	int (*reload)(void *ctx, char *reason, size_t rlen);
	void *ctx;
};

/* Parses, carries out and answers one command: the reply document
 * (malloc'ed; NULL only without memory) and, in reply_to, the topic the
 * payload named ("" if none).
 */
char *etsn_cmd_run(const char *verb, const void *payload, size_t len,
		   const struct etsn_agent_config *cfg, const struct etsn_cmd_ops *ops,
		   char *reply_to, size_t rtlen);

#endif
