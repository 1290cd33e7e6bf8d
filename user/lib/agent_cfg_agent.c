// SPDX-License-Identifier: GPL-2.0-or-later
/* The agent's own settings: ptp, mqtt, metrics, logging, on-stop. Ranges
 * and defaults are documented in docs/agent.md.
 */
#include <stddef.h>
#include <string.h>

#include <sys/un.h>

#include "agent_config_priv.h"

#define NS_PER_MS ((uint64_t)1000000)
#define NS_PER_S ((uint64_t)1000000000)

void etsn_agent_config_defaults(struct etsn_agent_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ptp.enabled = true;
	/* linuxptp up to 4.4 (Debian 12 ships 3.1.1); newer: /var/run/ptp/ptp4l */
	strcpy(c->ptp.uds_path, "/var/run/ptp4l");
	c->ptp.locked_threshold_ns = 100;
	c->ptp.degraded_threshold_ns = 1000;
	c->ptp.hysteresis = 3;
	c->ptp.port = 1;
	c->ptp.clock_tolerance_ns = 50000;
	c->ptp.poll_interval_ns = NS_PER_S;
	c->ptp.watchdog_intervals = 3;
	c->ptp.subscribe_duration_s = 180;
	c->mqtt.enabled = false;
	strcpy(c->mqtt.host, "localhost");
	c->mqtt.port = 1883;
	c->mqtt.keepalive_s = 30;
	c->mqtt.telemetry_interval_ns = NS_PER_S;
	c->mqtt.queue_max = 1000;
	c->metrics.interval_ns = 10 * NS_PER_S;
	c->logging.level = ETSN_LOG_INFO;
	c->on_stop = ETSN_ON_STOP_KEEP;
}

/* ptp4l's socket: an absolute path that fits in sun_path. */
static void on_uds_path(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_ptp *p = obj;
	struct sockaddr_un sun;
	char path[sizeof(p->uds_path)];

	if (!etsn_cfgw_string(d, n, "ptp.uds-path", path, sizeof(path), false))
		return;
	if (path[0] != '/')
		etsn_diag_add(d, n->line, n->col, "ptp.uds-path: '%s' is not an absolute path",
			      path);
	else if (strlen(path) >= sizeof(sun.sun_path))
		etsn_diag_add(d, n->line, n->col,
			      "ptp.uds-path: length %zu is out of range (1 to %zu, a UNIX socket path)",
			      strlen(path), sizeof(sun.sun_path) - 1);
	else
		memcpy(p->uds_path, path, sizeof(path));
}

#define PTP(key, type, member, lo, hi) \
	ETSN_CFGW_FIELD(key, type, struct etsn_agent_ptp, member, lo, hi)

static const struct etsn_cfgw_key ptp_keys[] = {
	PTP("enabled", ETSN_CFGW_BOOL, enabled, 0, 0),
	{ .name = "uds-path", .fn = on_uds_path },
	PTP("domain", ETSN_CFGW_UINT, domain, 0, 255),
	PTP("transport-specific", ETSN_CFGW_UINT, transport_specific, 0, 15),
	PTP("port", ETSN_CFGW_UINT, port, 1, 65534),
	PTP("locked-threshold", ETSN_CFGW_DURATION, locked_threshold_ns, 1, NS_PER_S),
	PTP("degraded-threshold", ETSN_CFGW_DURATION, degraded_threshold_ns, 1, NS_PER_S),
	PTP("hysteresis", ETSN_CFGW_UINT, hysteresis, 1, 1000),
	PTP("poll-interval", ETSN_CFGW_DURATION, poll_interval_ns, 10 * NS_PER_MS, 60 * NS_PER_S),
	PTP("watchdog-intervals", ETSN_CFGW_UINT, watchdog_intervals, 1, 1000),
	PTP("subscribe-duration", ETSN_CFGW_UINT, subscribe_duration_s, 10, 65535),
	PTP("clock-check", ETSN_CFGW_BOOL, clock_check, 0, 0),
	PTP("phc-interface", ETSN_CFGW_STRING, phc_interface, 0, 0),
	PTP("clock-tolerance", ETSN_CFGW_DURATION, clock_tolerance_ns, 1, NS_PER_S),
};

void etsn_agent_cfg_ptp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_ptp *p = &((struct etsn_agent_config *)obj)->ptp;

	if (!etsn_cfgw_map(d, n, "ptp", ptp_keys, sizeof(ptp_keys) / sizeof(ptp_keys[0]), p))
		return;
	if (p->degraded_threshold_ns < p->locked_threshold_ns)
		etsn_diag_add(d, n->line, n->col,
			      "ptp: degraded-threshold is below locked-threshold");
}

#define MQTT(key, type, member, lo, hi) \
	ETSN_CFGW_FIELD(key, type, struct etsn_agent_mqtt, member, lo, hi)

static const struct etsn_cfgw_key mqtt_keys[] = {
	MQTT("enabled", ETSN_CFGW_BOOL, enabled, 0, 0),
	MQTT("host", ETSN_CFGW_STRING, host, 0, 0),
	MQTT("port", ETSN_CFGW_UINT, port, 1, 65535),
	MQTT("root-topic", ETSN_CFGW_STRING, root_topic, 0, 0),
	MQTT("node-id", ETSN_CFGW_STRING, node_id, 0, 0),
	MQTT("client-id", ETSN_CFGW_STRING, client_id, 0, 0),
	MQTT("username", ETSN_CFGW_STRING, username, 0, 0),
	MQTT("password", ETSN_CFGW_STRING, password, 0, 0),
	MQTT("ca-file", ETSN_CFGW_STRING, ca_file, 0, 0),
	MQTT("cert-file", ETSN_CFGW_STRING, cert_file, 0, 0),
	MQTT("key-file", ETSN_CFGW_STRING, key_file, 0, 0),
	MQTT("keepalive", ETSN_CFGW_UINT, keepalive_s, 5, 65535),
	MQTT("telemetry-qos", ETSN_CFGW_UINT, qos, 0, 1),
	MQTT("telemetry-interval", ETSN_CFGW_DURATION, telemetry_interval_ns,
	     100 * NS_PER_MS, 3600 * NS_PER_S),
	MQTT("queue-max", ETSN_CFGW_UINT, queue_max, 0, 1000000),
	MQTT("commands-enabled", ETSN_CFGW_BOOL, commands_enabled, 0, 0),
	MQTT("commands-persist", ETSN_CFGW_BOOL, commands_persist, 0, 0),
};

/* MQTT wildcards and empty levels have no place in a topic we publish to. */
static bool bad_topic_char(const char *s)
{
	return strpbrk(s, "+#") || strstr(s, "//") || s[0] == '/';
}

void etsn_agent_cfg_mqtt(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_mqtt *m = &((struct etsn_agent_config *)obj)->mqtt;

	if (!etsn_cfgw_map(d, n, "mqtt", mqtt_keys, sizeof(mqtt_keys) / sizeof(mqtt_keys[0]), m))
		return;
	if (!m->host[0])
		etsn_diag_add(d, n->line, n->col, "mqtt.host: must not be empty");
	if (bad_topic_char(m->root_topic))
		etsn_diag_add(d, n->line, n->col,
			      "mqtt.root-topic: '%s' holds +, # or an empty level", m->root_topic);
	if (strpbrk(m->node_id, "+#/"))
		etsn_diag_add(d, n->line, n->col, "mqtt.node-id: '%s' holds +, # or /",
			      m->node_id);
	if (!m->username[0] && m->password[0])
		etsn_diag_add(d, n->line, n->col, "mqtt: a password needs a username");
	if (!m->cert_file[0] != !m->key_file[0])
		etsn_diag_add(d, n->line, n->col,
			      "mqtt: cert-file and key-file go together (a client certificate)");
	if (m->cert_file[0] && !m->ca_file[0])
		etsn_diag_add(d, n->line, n->col, "mqtt: a client certificate needs ca-file (TLS)");
}

#define METRICS(key, type, member, lo, hi) \
	ETSN_CFGW_FIELD(key, type, struct etsn_agent_metrics, member, lo, hi)

static const struct etsn_cfgw_key metrics_keys[] = {
	METRICS("enabled", ETSN_CFGW_BOOL, enabled, 0, 0),
	METRICS("textfile", ETSN_CFGW_STRING, textfile, 0, 0),
	METRICS("interval", ETSN_CFGW_DURATION, interval_ns, NS_PER_S, 3600 * NS_PER_S),
};

void etsn_agent_cfg_metrics(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_metrics *m = &((struct etsn_agent_config *)obj)->metrics;

	if (!etsn_cfgw_map(d, n, "metrics", metrics_keys,
			   sizeof(metrics_keys) / sizeof(metrics_keys[0]), m))
		return;
	if (m->enabled && m->textfile[0] != '/')
		etsn_diag_add(d, n->line, n->col,
			      "metrics.textfile: an absolute path is needed when enabled");
}

static const char *const log_levels[] = {
	[ETSN_LOG_ERR] = "err",
	[ETSN_LOG_WARNING] = "warning",
	[ETSN_LOG_NOTICE] = "notice",
	[ETSN_LOG_INFO] = "info",
	[ETSN_LOG_DEBUG] = "debug",
};

static const struct etsn_cfgw_key logging_keys[] = {
	ETSN_CFGW_ENUM_FIELD("level", struct etsn_agent_logging, level, log_levels),
};

void etsn_agent_cfg_logging(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	etsn_cfgw_map(d, n, "logging", logging_keys, 1, &((struct etsn_agent_config *)obj)->logging);
}

const char *const etsn_on_stop_names[2] = {
	[ETSN_ON_STOP_KEEP] = "keep",
	[ETSN_ON_STOP_REVERT] = "revert",
};

void etsn_agent_cfg_on_stop(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_config *c = obj;
	size_t i;

	if (etsn_cfgw_enum(d, n, "on-stop", etsn_on_stop_names, 2, &i))
		c->on_stop = (enum etsn_agent_on_stop)i;
}
