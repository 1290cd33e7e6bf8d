// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading an MQTT command: the payload through the strict JSON reader into
 * the config's tree type, then the same walkers as the config file (a
 * schedule is read by agent_cfg_sched.c, so it has the same names, forms
 * and checks in the file and in a command).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agent_cmd.h"
#include "agent_config_priv.h"
#include "jsontree.h"

static const char *const verb_names[] = {
	[ETSN_CMD_GET_STATE] = "get-state",
	[ETSN_CMD_GET_STATS] = "get-stats",
	[ETSN_CMD_SET_SCHEDULE] = "set-schedule",
	[ETSN_CMD_RELOAD] = "reload",
};
#define NVERBS (sizeof(verb_names) / sizeof(verb_names[0]))

const char *etsn_cmd_verb_name(enum etsn_cmd_verb v)
{
	return (size_t)v < NVERBS ? verb_names[v] : "?";
}

/* The keys of every verb; unused ones are refused per verb below. */
struct cmd_walk {
	const struct etsn_ynode *id, *reply_to, *iface, *sched, *at;
};

static const struct etsn_cfgw_key cmd_keys[] = {
	ETSN_CFGW_NODE_FIELD("id", struct cmd_walk, id),
	ETSN_CFGW_NODE_FIELD("reply_to", struct cmd_walk, reply_to),
	ETSN_CFGW_NODE_FIELD("interface", struct cmd_walk, iface),
	ETSN_CFGW_NODE_FIELD("schedule", struct cmd_walk, sched),
	ETSN_CFGW_NODE_FIELD("at", struct cmd_walk, at),
};

/* Which of cmd_keys each verb takes (bit i = cmd_keys[i]). */
static const unsigned int verb_keys[] = {
	[ETSN_CMD_GET_STATE] = 0x7,
	[ETSN_CMD_GET_STATS] = 0x7,
	[ETSN_CMD_SET_SCHEDULE] = 0x1f,
	[ETSN_CMD_RELOAD] = 0x3,
};

static void read_id(struct etsn_diag *d, const struct etsn_ynode *n, struct etsn_cmd *c)
{
	bool number = n->kind == ETSN_Y_SCALAR && !n->quoted && n->len &&
		      (n->text[0] == '-' || (n->text[0] >= '0' && n->text[0] <= '9'));

	if (!(n->kind == ETSN_Y_SCALAR && (n->quoted || number))) {
		etsn_diag_add(d, n->line, n->col, "id: wrong type: expected a string or a number");
		return;
	}
	if (n->len > ETSN_CMD_ID_MAX || strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col,
			      "id: %zu bytes or a NUL character; at most %d bytes", n->len,
			      ETSN_CMD_ID_MAX);
		return;
	}
	memcpy(c->id, n->text, n->len + 1);
	c->has_id = true;
	c->id_is_string = n->quoted;
}

/* A topic to publish on: no wildcards, not a $SYS-like one. */
static void read_reply_to(struct etsn_diag *d, const struct etsn_ynode *n, struct etsn_cmd *c)
{
	char t[ETSN_CMD_TOPIC_MAX];

	if (!n->quoted) {
		etsn_diag_add(d, n->line, n->col, "reply_to: wrong type: expected a string");
		return;
	}
	if (!etsn_cfgw_string(d, n, "reply_to", t, sizeof(t), false))
		return;
	if (strpbrk(t, "+#") || t[0] == '$') {
		etsn_diag_add(d, n->line, n->col,
			      "reply_to: a topic to publish on has no '+' or '#' and does not start with '$'");
		return;
	}
	memcpy(c->reply_to, t, sizeof(t));
}

static void read_iface(struct etsn_diag *d, const struct etsn_ynode *n,
		       const struct etsn_agent_config *cfg, struct etsn_cmd *c)
{
	char name[ETSN_AGENT_NAME_MAX];

	if (!n->quoted) {
		etsn_diag_add(d, n->line, n->col, "interface: wrong type: expected a string");
		return;
	}
	if (!etsn_cfgw_string(d, n, "interface", name, sizeof(name), false))
		return;
	for (size_t i = 0; i < cfg->nifaces; i++) {
		if (strcmp(cfg->ifaces[i].name, name) == 0) {
			memcpy(c->ifname, name, strlen(name) + 1);
			return;
		}
	}
	etsn_diag_add(d, n->line, n->col, "interface: '%s' is not in the configuration", name);
}

/* "next-cycle", or an absolute time as admin-base-time takes it. */
static void read_at(struct etsn_diag *d, const struct etsn_ynode *n, struct etsn_cmd *c)
{
	struct etsn_sched *s;
	char err[256];

	if (n->kind != ETSN_Y_SCALAR || strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col, "at: wrong type: expected a string or a number");
		return;
	}
	if (n->quoted && strcmp(n->text, "next-cycle") == 0)
		return;
	if (n->text[0] == '+') {
		etsn_diag_add(d, n->line, n->col,
			      "at: '%s' is relative; give an absolute time on the schedule's clock or \"next-cycle\"",
			      n->text);
		return;
	}
	char *argv[] = { "base-time", n->text, "entry", "S", "0", "1" };

	s = malloc(sizeof(*s));
	if (!s) {
		etsn_diag_add(d, n->line, n->col, "at: out of memory");
		return;
	}
	if (etsn_sched_parse_words(s, 6, argv, NULL, err, sizeof(err)))
		etsn_diag_add(d, n->line, n->col, "at: %s (or \"next-cycle\")", err);
	else {
		c->has_at = true;
		c->at_ns = s->base_time;
	}
	free(s);
}

static int find_verb(const char *verb, enum etsn_cmd_verb *v)
{
	for (size_t i = 0; i < NVERBS; i++) {
		if (strcmp(verb, verb_names[i]) == 0) {
			*v = (enum etsn_cmd_verb)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The verb's arguments, once id and reply_to are known. */
static void read_args(struct etsn_diag *d, const struct etsn_ynode *root,
		      const struct cmd_walk *w, const struct etsn_agent_config *cfg,
		      struct etsn_cmd *c)
{
	const struct etsn_ynode *const given[] = { w->id, w->reply_to, w->iface, w->sched, w->at };

	for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
		if (given[i] && !(verb_keys[c->verb] & 1u << i))
			etsn_diag_add(d, given[i]->line, given[i]->col, "%s does not take '%s'",
				      verb_names[c->verb], cmd_keys[i].name);
	if (w->iface)
		read_iface(d, w->iface, cfg, c);
	if (c->verb != ETSN_CMD_SET_SCHEDULE)
		return;
	if (!w->iface || !w->sched) {
		etsn_diag_add(d, root->line, root->col, "set-schedule needs 'interface' and 'schedule'");
		return;
	}
	if (w->at)
		read_at(d, w->at, c);
	c->sched = etsn_agent_cfg_sched(d, w->sched, "schedule", NULL);
}

/* The diagnostics as one reason: "; " between them, cut to fit. */
static void join_reasons(struct etsn_diag *d, char *reason, size_t rlen)
{
	size_t used = 0;

	reason[0] = '\0';
	etsn_diag_sort(d);
	for (size_t i = 0; i < d->count && used + 1 < rlen; i++) {
		int n = snprintf(reason + used, rlen - used, "%s%s", i ? "; " : "", d->msgs[i].text);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (used >= rlen && rlen > 4)
		memcpy(reason + rlen - 4, "...", 4);
}

int etsn_cmd_parse(const char *verb, const void *payload, size_t len,
		   const struct etsn_agent_config *cfg, struct etsn_cmd *c,
		   char *reason, size_t rlen)
{
	struct etsn_ynode *root = NULL;
	struct cmd_walk w = { 0 };
	struct etsn_diag d;
	int ret = -EINVAL;

	memset(c, 0, sizeof(*c));
	etsn_diag_init(&d, "payload");
	if (len > ETSN_CMD_MAX_PAYLOAD) {
		snprintf(reason, rlen, "payload: %zu bytes, at most %u", len, ETSN_CMD_MAX_PAYLOAD);
		goto out;
	}
	/* An empty message (mosquitto_pub -n) is a command without arguments. */
	root = len ? etsn_jtree_parse(payload, len, &d) : etsn_jtree_parse("{}", 2, &d);
	if (!root)
		goto fail;
	if (root->kind != ETSN_Y_MAP) {
		etsn_diag_add(&d, root->line, root->col, "payload: expected a JSON object, found %s",
			      root->kind == ETSN_Y_SEQ ? "an array" : "a scalar");
		goto fail;
	}
	etsn_cfgw_map(&d, root, "payload", cmd_keys, sizeof(cmd_keys) / sizeof(cmd_keys[0]), &w);
	if (w.id)
		read_id(&d, w.id, c);
	if (w.reply_to)
		read_reply_to(&d, w.reply_to, c);
	if (!cfg->mqtt.commands_enabled) {
		snprintf(reason, rlen, "commands are disabled (mqtt.commands-enabled is false)");
		goto out;
	}
	if (find_verb(verb, &c->verb)) {
		snprintf(reason, rlen,
			 "unknown command '%s' (known: get-state, get-stats, set-schedule, reload)",
			 verb);
		goto out;
	}
	read_args(&d, root, &w, cfg, c);
	if (!etsn_diag_errors(&d))
		ret = 0;
fail:
	if (ret)
		join_reasons(&d, reason, rlen);
out:
	etsn_ytree_free(root);
	etsn_diag_free(&d);
	return ret;
}

void etsn_cmd_free(struct etsn_cmd *c)
{
	free(c->sched);
	c->sched = NULL;
}
