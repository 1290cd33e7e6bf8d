// SPDX-License-Identifier: GPL-2.0-or-later
/* libmosquitto in external-loop mode: the agent polls mosquitto_socket();
 * this file calls loop_read/loop_write/loop_misc and reconnects itself
 * (mosquitto_reconnect_delay_set only applies to libmosquitto's own loops).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "agent_evq.h"
#include "agent_mqtt.h"

#define TOPIC_MAX 512
#define ROOT_MAX 160	/* "edgetsn/" + node-id, or root-topic, and a '/' */
#define MISC_PERIOD_MS 1000

enum link { LINK_DOWN, LINK_CONNECTING, LINK_UP };

struct iface_state {
	char ifname[IF_NAMESIZE];
	char *json;	/* NULL: cleared while held, its removal owed */
	bool owed;	/* changed while held: published at the release */
};

struct etsn_mqtt {
	struct mosquitto *mosq;
	const struct etsn_agent_config *cfg;
	struct etsn_cmd_ops ops;
	etsn_mqtt_log_fn log;
	void *log_ctx;
	char root[ROOT_MAX];		/* with its trailing '/' */
	char client_id[2 * ETSN_AGENT_NAME_MAX];
	int protocol;			/* MQTT_PROTOCOL_V5, or V311 after a refusal */
	enum link link;
	bool retry_now;			/* a protocol fallback: no backoff */
	uint64_t retry_at, misc_at, backoff;
	struct etsn_evq queue;
	bool held;			/* etsn_mqtt_hold: events queued, states owed */
	struct iface_state states[ETSN_AGENT_MAX_IFACES];
	size_t nstates;
	int offline_mid;
	bool offline_acked;
	uint64_t published;		/* QoS 0 written, QoS 1 acknowledged */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void logf_(struct etsn_mqtt *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(struct etsn_mqtt *m, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!m->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	m->log(m->log_ctx, msg);
}

static void topic(const struct etsn_mqtt *m, char *buf, const char *sub, const char *leaf)
{
	snprintf(buf, TOPIC_MAX, "%s%s%s", m->root, sub, leaf ? leaf : "");
}

/* 0; -ENOTCONN or -ENOMEM, which pass (the same message may go after the
 * reconnect, or when memory is back); -EIO, which never passes for this
 * message and this broker: its topic (wildcards, not UTF-8), its size
 * (MQTT's limit, the broker's maximum packet size), a QoS or property the
 * broker does not take, or a code libmosquitto 2.0.11 does not return
 * from a publish (dropped and reported, rather than retried forever).
 */
static int publish(struct etsn_mqtt *m, const char *t, const char *payload, int qos, bool retain,
		   const mosquitto_property *props, int *mid)
{
	int rc = mosquitto_publish_v5(m->mosq, mid, t, (int)strlen(payload), payload, qos, retain,
				      props);

	if (rc == MOSQ_ERR_SUCCESS)
		return 0;
	if (rc == MOSQ_ERR_NO_CONN)
		return -ENOTCONN;
	logf_(m, "mqtt: publish on %s: %s", t, mosquitto_strerror(rc));
	switch (rc) {
	case MOSQ_ERR_NOMEM:
		return -ENOMEM;
	case MOSQ_ERR_CONN_LOST:	/* the socket's write failed */
	case MOSQ_ERR_ERRNO:
	case MOSQ_ERR_TLS:
	case MOSQ_ERR_KEEPALIVE:
	case MOSQ_ERR_CONN_PENDING:
		return -ENOTCONN;
	default:
		return -EIO;
	}
}

static bool passes(int err)
{
	return err == -ENOTCONN || err == -ENOMEM;
}

static int publish_event(struct etsn_mqtt *m, const char *kind, const char *json)
{
	char t[TOPIC_MAX];

	topic(m, t, "evt/", kind);
	return publish(m, t, json, 1, false, NULL, NULL);
}

/* The queued events, oldest first, until one fails in a way that passes
 * (it stays at the head; the reconnect, the release or the next event
 * comes back here); one that can never be published (publish() logged
 * why) is dropped and counted. Then the count of those dropped. Nothing
 * while held or away.
 */
static void drain(struct etsn_mqtt *m)
{
	const struct etsn_evq_item *it;
	uint64_t dropped, unpublishable = 0;
	char buf[64];
	int err;

	if (m->link != LINK_UP || m->held)
		return;
	while ((it = etsn_evq_peek(&m->queue))) {
		err = publish_event(m, it->kind, it->payload);
		if (passes(err))
			break;
		if (err)
			unpublishable++;
		etsn_evq_pop(&m->queue);
	}
	dropped = etsn_evq_take_dropped(&m->queue) + unpublishable;
	if (dropped) {
		snprintf(buf, sizeof(buf), "{\"dropped\":%" PRIu64 "}", dropped);
		if (publish_event(m, "dropped", buf))
			m->queue.dropped += dropped;
		else if (dropped > unpublishable)
			logf_(m, "mqtt: %" PRIu64 " event%s dropped (queue-max %zu reached)",
			      dropped - unpublishable, dropped - unpublishable == 1 ? "" : "s",
			      m->queue.max);
	}
}

/* What a new connection owes: birth, subscription, state, queued events.
 * States changed while held wait for the release, after the held events.
 */
static void on_up(struct etsn_mqtt *m)
{
	char t[TOPIC_MAX];

	topic(m, t, "status", NULL);
	publish(m, t, "online", 1, true, NULL, NULL);
	/* Retained commands are never run: the broker is asked not to send
	 * stored ones and to show the flag on live ones (MQTT 5).
	 */
	topic(m, t, "cmd/+", NULL);
	if (m->protocol == MQTT_PROTOCOL_V5)
		mosquitto_subscribe_v5(m->mosq, NULL, t, 1,
				       MQTT_SUB_OPT_SEND_RETAIN_NEVER | MQTT_SUB_OPT_RETAIN_AS_PUBLISHED,
				       NULL);
	else
		mosquitto_subscribe(m->mosq, NULL, t, 1);
	for (size_t i = 0; i < m->nstates; i++) {
		if (m->states[i].owed)
			continue;
		topic(m, t, "state/", m->states[i].ifname);
		publish(m, t, m->states[i].json, 1, true, NULL, NULL);
	}
	drain(m);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags,
		       const mosquitto_property *props)
{
	struct etsn_mqtt *m = obj;

	(void)mosq;
	(void)flags;
	(void)props;
	if (rc == 0) {
		m->link = LINK_UP;
		m->backoff = ETSN_MQTT_BACKOFF_MIN_MS;
		logf_(m, "mqtt: connected to %s:%u (MQTT %s)", m->cfg->mqtt.host,
		      m->cfg->mqtt.port, m->protocol == MQTT_PROTOCOL_V5 ? "5" : "3.1.1");
		on_up(m);
		return;
	}
	/* A 3.1.1 broker refuses 5 with its own code (1), a 5 one with 132. */
	if (m->protocol == MQTT_PROTOCOL_V5 &&
	    (rc == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION || rc == CONNACK_REFUSED_PROTOCOL_VERSION)) {
		logf_(m, "mqtt: the broker does not speak MQTT 5; using 3.1.1");
		m->protocol = MQTT_PROTOCOL_V311;
		mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, m->protocol);
		m->retry_now = true;
		return;
	}
	logf_(m, "mqtt: %s:%u refused the connection: %s", m->cfg->mqtt.host, m->cfg->mqtt.port,
	      m->protocol == MQTT_PROTOCOL_V5 ? mosquitto_reason_string(rc)
					      : mosquitto_connack_string(rc));
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
	struct etsn_mqtt *m = obj;

	(void)mosq;
	m->published++;
	if (m->offline_mid && mid == m->offline_mid)
		m->offline_acked = true;
}

/* Where a reply goes: the MQTT 5 Response Topic, the payload's reply_to,
 * else <root>reply/<verb>; never back into our own cmd/ topics.
 */
static void reply_topic(const struct etsn_mqtt *m, const char *v5, const char *json_rt,
			const char *verb, char *t)
{
	char cmd[TOPIC_MAX];

	topic(m, cmd, "cmd/", NULL);
	if (v5 && *v5)
		snprintf(t, TOPIC_MAX, "%s", v5);
	else if (*json_rt)
		snprintf(t, TOPIC_MAX, "%s", json_rt);
	else
		t[0] = '\0';
	if (!t[0] || strncmp(t, cmd, strlen(cmd)) == 0)
		topic(m, t, "reply/", verb);
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg,
		       const mosquitto_property *props)
{
	struct etsn_mqtt *m = obj;
	char cmd[TOPIC_MAX], json_rt[ETSN_CMD_TOPIC_MAX], t[TOPIC_MAX];
	mosquitto_property *out = NULL;
	char *v5_rt = NULL, *reply;
	void *corr = NULL;
	uint16_t corr_len = 0;
	const char *verb;

	(void)mosq;
	topic(m, cmd, "cmd/", NULL);
	if (strncmp(msg->topic, cmd, strlen(cmd)) != 0)
		return;
	verb = msg->topic + strlen(cmd);
	/* A retained command would run again on every reconnect (and its
	 * removal, an empty retained message, would run as one).
	 */
	if (msg->retain) {
		logf_(m, "mqtt: a retained command on %s is not run", msg->topic);
		return;
	}
	mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_TOPIC, &v5_rt, false);
	mosquitto_property_read_binary(props, MQTT_PROP_CORRELATION_DATA, &corr, &corr_len, false);
	reply = etsn_cmd_run(verb, msg->payload, (size_t)msg->payloadlen, m->cfg, &m->ops,
			     json_rt, sizeof(json_rt));
	reply_topic(m, v5_rt, json_rt, verb, t);
	if (corr && m->protocol == MQTT_PROTOCOL_V5)
		mosquitto_property_add_binary(&out, MQTT_PROP_CORRELATION_DATA, corr, corr_len);
	if (reply)
		publish(m, t, reply, 1, false, out, NULL);
	else
		logf_(m, "mqtt: no memory to answer %s", msg->topic);
	mosquitto_property_free_all(&out);
	free(reply);
	free(v5_rt);
	free(corr);
}

static int resolve_names(struct etsn_mqtt *m, char *err, size_t errlen)
{
	const struct etsn_agent_mqtt *c = &m->cfg->mqtt;
	char node[ETSN_AGENT_NAME_MAX];
	size_t n;

	if (c->node_id[0]) {
		snprintf(node, sizeof(node), "%s", c->node_id);
	} else if (gethostname(node, sizeof(node)) || !node[0] || strpbrk(node, "+#/")) {
		snprintf(err, errlen, "mqtt: no usable host name for node-id; set mqtt.node-id");
		return -EINVAL;
	}
	node[sizeof(node) - 1] = '\0';
	if (c->root_topic[0])
		snprintf(m->root, sizeof(m->root), "%s", c->root_topic);
	else
		snprintf(m->root, sizeof(m->root), "edgetsn/%s/", node);
	n = strlen(m->root);
	if (m->root[n - 1] != '/')
		snprintf(m->root + n, sizeof(m->root) - n, "/");
	if (c->client_id[0])
		snprintf(m->client_id, sizeof(m->client_id), "%s", c->client_id);
	else
		snprintf(m->client_id, sizeof(m->client_id), "edgetsnd-%s", node);
	return 0;
}

static int setup(struct etsn_mqtt *m, char *err, size_t errlen)
{
	const struct etsn_agent_mqtt *c = &m->cfg->mqtt;
	char t[TOPIC_MAX];
	int rc;

	m->mosq = mosquitto_new(m->client_id, true, m);
	if (!m->mosq) {
		snprintf(err, errlen, "mqtt: %s", strerror(errno));
		return -1;
	}
	mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, m->protocol);
	mosquitto_connect_v5_callback_set(m->mosq, on_connect);
	mosquitto_message_v5_callback_set(m->mosq, on_message);
	mosquitto_publish_callback_set(m->mosq, on_publish);
	topic(m, t, "status", NULL);
	rc = mosquitto_will_set_v5(m->mosq, t, 7, "offline", 1, true, NULL);
	if (!rc && c->username[0])
		rc = mosquitto_username_pw_set(m->mosq, c->username,
					       c->password[0] ? c->password : NULL);
	if (!rc && c->ca_file[0]) {
		rc = mosquitto_tls_set(m->mosq, c->ca_file, NULL, c->cert_file[0] ? c->cert_file : NULL,
				       c->key_file[0] ? c->key_file : NULL, NULL);
		if (rc) {
			snprintf(err, errlen, "mqtt: TLS files (ca-file, cert-file, key-file): %s",
				 mosquitto_strerror(rc));
			return -1;
		}
	}
	if (rc) {
		snprintf(err, errlen, "mqtt: %s", mosquitto_strerror(rc));
		return -1;
	}
	return 0;
}

struct etsn_mqtt *etsn_mqtt_new(const struct etsn_agent_config *cfg,
				const struct etsn_cmd_ops *ops, etsn_mqtt_log_fn log,
				void *log_ctx, char *err, size_t errlen)
{
	struct etsn_mqtt *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(err, errlen, "mqtt: out of memory");
		return NULL;
	}
	mosquitto_lib_init();
	m->cfg = cfg;
	m->ops = *ops;
	m->log = log;
	m->log_ctx = log_ctx;
	m->protocol = MQTT_PROTOCOL_V5;
	m->backoff = ETSN_MQTT_BACKOFF_MIN_MS;
	m->retry_at = now_ms();
	if (etsn_evq_init(&m->queue, cfg->mqtt.queue_max)) {
		snprintf(err, errlen, "mqtt: no memory for a queue of %" PRIu32 " events",
			 cfg->mqtt.queue_max);
		etsn_mqtt_free(m);
		return NULL;
	}
	if (resolve_names(m, err, errlen) || setup(m, err, errlen)) {
		etsn_mqtt_free(m);
		return NULL;
	}
	return m;
}

void etsn_mqtt_set_config(struct etsn_mqtt *m, const struct etsn_agent_config *cfg)
{
	m->cfg = cfg;
}

/* The broker's answer to "offline", bounded: stopping must not hang. */
static void say_offline(struct etsn_mqtt *m)
{
	char t[TOPIC_MAX];

	topic(m, t, "status", NULL);
	if (publish(m, t, "offline", 1, true, NULL, &m->offline_mid))
		return;
	for (int i = 0; i < 10 && !m->offline_acked && mosquitto_socket(m->mosq) >= 0; i++)
		mosquitto_loop(m->mosq, 100, 1);
}

void etsn_mqtt_free(struct etsn_mqtt *m)
{
	if (!m)
		return;
	if (m->mosq) {
		if (m->link == LINK_UP) {
			say_offline(m);
			mosquitto_disconnect(m->mosq);
		}
		mosquitto_destroy(m->mosq);
	}
	for (size_t i = 0; i < m->nstates; i++)
		free(m->states[i].json);
	etsn_evq_free(&m->queue);
	free(m);
	mosquitto_lib_cleanup();
}

int etsn_mqtt_fd(const struct etsn_mqtt *m)
{
	return m->link == LINK_DOWN ? -1 : mosquitto_socket(m->mosq);
}

short etsn_mqtt_poll_events(const struct etsn_mqtt *m)
{
	return (short)(POLLIN | (mosquitto_want_write(m->mosq) ? POLLOUT : 0));
}

int etsn_mqtt_timeout_ms(const struct etsn_mqtt *m)
{
	uint64_t now = now_ms(), at = m->link == LINK_DOWN ? m->retry_at : m->misc_at;

	return at <= now ? 0 : (int)(at - now);
}

bool etsn_mqtt_connected(const struct etsn_mqtt *m)
{
	return m->link == LINK_UP;
}

uint64_t etsn_mqtt_published(const struct etsn_mqtt *m)
{
	return m->published;
}

const char *etsn_mqtt_root(const struct etsn_mqtt *m)
{
	return m->root;
}

/* The next attempt after the current delay, which doubles up to the cap. */
static void retry_later(struct etsn_mqtt *m, uint64_t now)
{
	m->retry_at = now + m->backoff;
	m->backoff = m->backoff * 2 > ETSN_MQTT_BACKOFF_MAX_MS ? ETSN_MQTT_BACKOFF_MAX_MS
							     : m->backoff * 2;
}

static void try_connect(struct etsn_mqtt *m, uint64_t now)
{
	const struct etsn_agent_mqtt *c = &m->cfg->mqtt;
	int rc = mosquitto_connect_bind_async(m->mosq, c->host, c->port, (int)c->keepalive_s, NULL);

	if (rc == MOSQ_ERR_SUCCESS) {
		m->link = LINK_CONNECTING;
		m->misc_at = now + MISC_PERIOD_MS;
		return;
	}
	logf_(m, "mqtt: connecting to %s:%u: %s; again in %" PRIu64 " ms", c->host, c->port,
	      rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc), m->backoff);
	retry_later(m, now);
}

/* The socket is gone (closed by libmosquitto after an error or a refusal). */
static void went_down(struct etsn_mqtt *m, uint64_t now)
{
	if (m->link == LINK_UP)
		logf_(m, "mqtt: connection to %s:%u lost; reconnecting", m->cfg->mqtt.host,
		      m->cfg->mqtt.port);
	m->link = LINK_DOWN;
	if (m->retry_now) {
		m->retry_now = false;
		m->retry_at = now;
		return;
	}
	retry_later(m, now);
}

void etsn_mqtt_dispatch(struct etsn_mqtt *m, short revents)
{
	uint64_t now = now_ms();

	if (m->link == LINK_DOWN) {
		if (now >= m->retry_at)
			try_connect(m, now);
		return;
	}
	if (revents & (POLLIN | POLLERR | POLLHUP))
		mosquitto_loop_read(m->mosq, 1);
	if ((revents & POLLOUT) && mosquitto_socket(m->mosq) >= 0)
		mosquitto_loop_write(m->mosq, 1);
	if (now >= m->misc_at && mosquitto_socket(m->mosq) >= 0) {
		mosquitto_loop_misc(m->mosq);
		m->misc_at = now + MISC_PERIOD_MS;
	}
	if (mosquitto_socket(m->mosq) < 0)
		went_down(m, now);
}

static struct iface_state *find_state(struct etsn_mqtt *m, const char *ifname)
{
	for (size_t i = 0; i < m->nstates; i++)
		if (strcmp(m->states[i].ifname, ifname) == 0)
			return &m->states[i];
	return NULL;
}

static void forget_state(struct etsn_mqtt *m, struct iface_state *s)
{
	free(s->json);
	*s = m->states[--m->nstates];
}

int etsn_mqtt_state(struct etsn_mqtt *m, const char *ifname, const char *json)
{
	struct iface_state *s = find_state(m, ifname);
	char t[TOPIC_MAX], *copy;

	if (strlen(ifname) >= IF_NAMESIZE)
		return -EINVAL;
	topic(m, t, "state/", ifname);
	if (!json) {
		if (!s && m->held)
			return 0;	/* never published: nothing to clear */
		if (m->held) {
			free(s->json);
			s->json = NULL;
			s->owed = true;
			return 0;
		}
		if (s)
			forget_state(m, s);
		return m->link == LINK_UP ? publish(m, t, "", 1, true, NULL, NULL) : 0;
	}
	if (s && s->json && strcmp(s->json, json) == 0)
		return 0;
	if (!s && m->nstates == ETSN_AGENT_MAX_IFACES)
		return -ENOSPC;
	copy = strdup(json);
	if (!copy)
		return -ENOMEM;
	if (!s) {
		s = &m->states[m->nstates++];
		snprintf(s->ifname, sizeof(s->ifname), "%s", ifname);
		s->owed = false;
	} else {
		free(s->json);
	}
	s->json = copy;
	if (m->held) {
		s->owed = true;
		return 0;
	}
	return m->link == LINK_UP ? publish(m, t, json, 1, true, NULL, NULL) : 0;
}

int etsn_mqtt_tele(struct etsn_mqtt *m, const char *ifname, const char *json)
{
	char t[TOPIC_MAX];

	if (m->link != LINK_UP)
		return -ENOTCONN;
	topic(m, t, "tele/", ifname);
	return publish(m, t, json, m->cfg->mqtt.qos, false, NULL, NULL);
}

int etsn_mqtt_event(struct etsn_mqtt *m, const char *kind, const char *json)
{
	int err;

	/* queue-max 0 keeps nothing: an event goes out at once, held or not. */
	if (!m->queue.max) {
		if (m->link == LINK_UP && publish_event(m, kind, json) == 0)
			return 0;
		return etsn_evq_push(&m->queue, kind, json);	/* counted */
	}
	/* Behind any still queued (a publish that failed and will pass), so
	 * that the broker gets the events in the order they happened.
	 */
	err = etsn_evq_push(&m->queue, kind, json);
	drain(m);
	return err;
}

void etsn_mqtt_hold(struct etsn_mqtt *m)
{
	m->held = true;
}

void etsn_mqtt_release(struct etsn_mqtt *m)
{
	char t[TOPIC_MAX];
	size_t i = 0;

	m->held = false;
	drain(m);
	while (i < m->nstates) {
		struct iface_state *s = &m->states[i];

		if (!s->owed) {
			i++;
			continue;
		}
		topic(m, t, "state/", s->ifname);
		if (m->link == LINK_UP)
			publish(m, t, s->json ? s->json : "", 1, true, NULL, NULL);
		s->owed = false;
		if (!s->json)
			forget_state(m, s);	/* the last one moved to i */
		else
			i++;
	}
}
