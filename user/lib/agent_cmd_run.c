// SPDX-License-Identifier: GPL-2.0-or-later
/* Carrying out a parsed command through the agent's callbacks and writing
 * its one reply: {"id":..,"command":..,"status":"ok"|"error",
 * "reason":..,"result":..}.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_cmd.h"
#include "diag.h"
#include "json.h"
#include "jsontree.h"

#define REASON_MAX 1024
#define ETSN_CMD_VERB_SHOWN 64	/* bytes of an unknown verb echoed */

/* A callback's document is embedded as it is, so it must be JSON. */
static bool is_json(const char *text)
{
	struct etsn_ynode *n;
	struct etsn_diag d;

	etsn_diag_init(&d, "result");
	n = etsn_jtree_parse(text, strlen(text), &d);
	etsn_ytree_free(n);
	etsn_diag_free(&d);
	return n != NULL;
}

/* A one-line JSON document in memory, written through j. */
struct doc {
	struct etsn_json j;
	FILE *f;
	char *buf;
	size_t size;
};

static bool doc_open(struct doc *d)
{
	d->buf = NULL;
	d->size = 0;
	d->f = open_memstream(&d->buf, &d->size);
	if (!d->f)
		return false;
	etsn_json_init(&d->j, d->f);
	d->j.pretty = false;
	return true;
}

/* The text (malloc'ed), or NULL. */
static char *doc_close(struct doc *d)
{
	etsn_json_finish(&d->j);
	if (fclose(d->f)) {
		free(d->buf);
		return NULL;
	}
	/* One line: the writer's closing newline is not part of the payload. */
	if (d->size && d->buf[d->size - 1] == '\n')
		d->buf[d->size - 1] = '\0';
	return d->buf;
}

static char *reply(const struct etsn_cmd *c, const char *verb, const char *reason,
		   const char *result)
{
	struct doc d;

	if (!doc_open(&d))
		return NULL;
	etsn_json_open_object(&d.j, NULL);
	if (c->has_id) {
		if (c->id_is_string)
			etsn_json_string(&d.j, "id", c->id);
		else
			etsn_json_raw(&d.j, "id", c->id);
	}
	etsn_json_string(&d.j, "command", verb);
	etsn_json_string(&d.j, "status", reason ? "error" : "ok");
	if (reason)
		etsn_json_string(&d.j, "reason", reason);
	if (result)
		etsn_json_raw(&d.j, "result", result);
	etsn_json_close_object(&d.j);
	return doc_close(&d);
}

/* set-schedule's result when the callback kept the schedule for later
 * (a fail-safe in force) and said why: {"installed":false,"why":..}.
 */
static char *deferred(const char *why)
{
	struct doc d;

	if (!doc_open(&d))
		return NULL;
	etsn_json_open_object(&d.j, NULL);
	etsn_json_bool(&d.j, "installed", false);
	etsn_json_string(&d.j, "why", why);
	etsn_json_close_object(&d.j);
	return doc_close(&d);
}

/* The callback's answer; reason filled on an error. */
static int dispatch(const struct etsn_cmd *c, const struct etsn_agent_config *cfg,
		    const struct etsn_cmd_ops *ops, char **result, char *reason, size_t rlen)
{
	int (*get)(void *, const char *, char **, char *, size_t) = NULL;
	int ret;

	switch (c->verb) {
	case ETSN_CMD_GET_STATE:
		get = ops->get_state;
		break;
	case ETSN_CMD_GET_STATS:
		get = ops->get_stats;
		break;
	case ETSN_CMD_SET_SCHEDULE:
		if (!ops->set_schedule)
			break;
		ret = ops->set_schedule(ops->ctx, c, cfg->mqtt.commands_persist, reason, rlen);
		if (!ret && reason[0]) {
			etsn_utf8_scrub(reason);
			*result = deferred(reason);
			reason[0] = '\0';
		}
		return ret;
	case ETSN_CMD_RELOAD:
		if (!ops->reload)
			break;
		return ops->reload(ops->ctx, reason, rlen);
	}
	if (!get) {
		snprintf(reason, rlen, "%s is not available in this agent",
			 etsn_cmd_verb_name(c->verb));
		return -EOPNOTSUPP;
	}
	ret = get(ops->ctx, c->ifname, result, reason, rlen);
	if (ret)
		return ret;
	if (!*result || !is_json(*result)) {
		snprintf(reason, rlen, "internal: the agent's %s answer is not JSON",
			 etsn_cmd_verb_name(c->verb));
		return -EPROTO;
	}
	return 0;
}

/* A topic level is any UTF-8 (and any bytes off the wire): the verb is
 * echoed as printable ASCII only, so the reply stays valid JSON.
 */
static void safe_verb(const char *verb, char *out, size_t size)
{
	size_t i;

	for (i = 0; verb[i] && i + 1 < size; i++)
		out[i] = verb[i] >= 0x20 && verb[i] < 0x7f ? verb[i] : '?';
	out[i] = '\0';
}

char *etsn_cmd_run(const char *verb, const void *payload, size_t len,
		   const struct etsn_agent_config *cfg, const struct etsn_cmd_ops *ops,
		   char *reply_to, size_t rtlen)
{
	char reason[REASON_MAX] = "", shown[ETSN_CMD_VERB_SHOWN + 1];
	struct etsn_cmd c;
	char *result = NULL, *out;
	int ret;

	safe_verb(verb, shown, sizeof(shown));
	ret = etsn_cmd_parse(shown, payload, len, cfg, &c, reason, sizeof(reason));
	snprintf(reply_to, rtlen, "%s", c.reply_to);
	if (!ret) {
		ret = dispatch(&c, cfg, ops, &result, reason, sizeof(reason));
		if (ret && !reason[0])
			snprintf(reason, sizeof(reason), "%s failed (%s)", etsn_cmd_verb_name(c.verb),
				 strerror(ret < 0 ? -ret : ret));
	}
	/* A reason cut to its buffer may end inside a UTF-8 sequence. */
	etsn_utf8_scrub(reason);
	out = reply(&c, ret ? shown : etsn_cmd_verb_name(c.verb), ret ? reason : NULL,
		    ret ? NULL : result);
	free(result);
	etsn_cmd_free(&c);
	return out;
}
