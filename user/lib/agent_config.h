/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The desired state that edgetsnd's config file describes (docs/agent.md):
 * the agent's own settings and, per interface, the etsn qdisc, its class
 * settings, the gate schedule with named fallbacks and the fail-safe, the
 * XDP firewall, PSFP streams, egress classifier rules, the DSCP map and
 * FRER streams.
 *
 * Everything is held in the structs the etsnctl parsers fill (etsn_sched,
 * etsn_class_cfg, etsn_fw_rule, etsn_cls_rule; PSFP streams, thousands of
 * them, as etsn_agent_stream), so the agent can compare them with what the
 * kernel and the pinned maps report.
 * The config is calloc'ed and strings are fixed arrays: two configs read
 * from equal files compare equal field by field.
 */
#ifndef EDGETSN_AGENT_CONFIG_H
#define EDGETSN_AGENT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net/if.h>

#include "class.h"
#include "classify.h"
#include "diag.h"
#include "dscp.h"
#include "frer.h"
#include "fw.h"
#include "psfp.h"
#include "sched.h"

#define ETSN_AGENT_DEFAULT_CONFIG "/etc/edgetsn/edgetsnd.yaml"
#define ETSN_AGENT_PATH_MAX	256	/* paths in the config */
#define ETSN_AGENT_NAME_MAX	64	/* names, hosts, topics */
#define ETSN_AGENT_SECRET_MAX	256
#define ETSN_AGENT_MAX_IFACES	64
#define ETSN_AGENT_MAX_FALLBACKS 8

/* Where a value came from in the file, for errors found after parsing. */
struct etsn_agent_pos {
	unsigned int line, col;
};

enum etsn_log_level {
	ETSN_LOG_ERR,
	ETSN_LOG_WARNING,
	ETSN_LOG_NOTICE,
	ETSN_LOG_INFO,
	ETSN_LOG_DEBUG,
};

struct etsn_agent_ptp {
	bool enabled;
	char uds_path[ETSN_AGENT_PATH_MAX];	/* ptp4l's management socket */
	uint8_t domain;
	uint8_t transport_specific;		/* 0..15 */
	uint16_t port;				/* the supervised port of ptp4l, from 1 */
	uint64_t locked_threshold_ns;		/* |offset| at or below: locked */
	uint64_t degraded_threshold_ns;		/* above locked, at or below: degraded */
	uint32_t hysteresis;			/* samples in a row before a change */
	uint64_t poll_interval_ns;		/* TIME_STATUS_NP polling */
	uint32_t watchdog_intervals;		/* polls without an answer: lost */
	uint32_t subscribe_duration_s;		/* SUBSCRIBE_EVENTS_NP, renewed early */
	bool clock_check;			/* kernel TAI offset (and PHC) vs PTP */
	char phc_interface[IF_NAMESIZE];	/* its PHC is checked; "": none */
	uint64_t clock_tolerance_ns;		/* PHC comparisons */
};

struct etsn_agent_mqtt {
	bool enabled;
	char host[ETSN_AGENT_NAME_MAX];
	uint16_t port;
	char root_topic[ETSN_AGENT_NAME_MAX];	/* "" = edgetsn/<node-id>/ */
	char node_id[ETSN_AGENT_NAME_MAX];	/* "" = the host name */
	char client_id[ETSN_AGENT_NAME_MAX];	/* "" = edgetsnd-<node-id> */
	char username[ETSN_AGENT_NAME_MAX];
	char password[ETSN_AGENT_SECRET_MAX];
	char ca_file[ETSN_AGENT_PATH_MAX];
	char cert_file[ETSN_AGENT_PATH_MAX];
	char key_file[ETSN_AGENT_PATH_MAX];
	uint32_t keepalive_s;
	uint8_t qos;				/* telemetry QoS 0..1 */
	uint64_t telemetry_interval_ns;
	uint32_t queue_max;			/* events kept while disconnected */
	bool commands_enabled;
	bool commands_persist;			/* set-schedule rewrites the file */
};

struct etsn_agent_metrics {
	bool enabled;
	char textfile[ETSN_AGENT_PATH_MAX];	/* node-exporter textfile collector */
	uint64_t interval_ns;
};

struct etsn_agent_logging {
	enum etsn_log_level level;
};

enum etsn_failsafe_action {
	ETSN_FAILSAFE_KEEP,		/* leave the schedule as it is */
	ETSN_FAILSAFE_ALL_OPEN,		/* one entry, every gate open */
	ETSN_FAILSAFE_FALLBACK,		/* a named fallback schedule */
};

struct etsn_agent_fallback {
	char name[ETSN_AGENT_NAME_MAX];
	struct etsn_agent_pos pos;
	struct etsn_sched *sched;
};

struct etsn_agent_iface {
	char name[IF_NAMESIZE];
	struct etsn_agent_pos pos;
	bool qdisc;			/* the etsn qdisc at the root */
	bool has_classes;
	struct etsn_class_cfg classes;	/* has_* inside say what was given */
	struct etsn_sched *schedule;	/* NULL: none wanted */
	/* The schedule's base time is when to install it, even over a running
	 * one (a set-schedule command's at); never set by the file.
	 */
	bool schedule_at;
	struct etsn_agent_fallback fallbacks[ETSN_AGENT_MAX_FALLBACKS];
	size_t nfallbacks;
	enum etsn_failsafe_action failsafe;
	size_t failsafe_fallback;	/* index into fallbacks when FALLBACK */
	bool refuse_unsynced;		/* no base time from an unsynchronised clock */
	/* XDP firewall; has_firewall: the program attached. */
	bool has_firewall;
	struct etsn_fw_rule *fw_rules;
	size_t nfw_rules;
	bool has_syn_limit;
	struct etsn_fw_syn_config syn_limit;
	struct etsn_fw_policy fw_policy;	/* each verdict, or -1: unchanged */
	/* PSFP; has_psfp: the program attached. */
	bool has_psfp;
	int psfp_unknown_policy;	/* ETSN_PSFP_UNKNOWN_*, or -1: unchanged */
	int psfp_unparsed_policy;	/* ETSN_PSFP_UNPARSED_*, or -1: unchanged */
	struct etsn_agent_stream *streams;
	struct etsn_psfp_meter *meters;	/* parallel to streams, has_meter */
	struct etsn_psfp_gate *gates;	/* parallel to streams, has_gate */
	size_t nstreams;
	/* Egress classifier; has_classify: the program attached. */
	bool has_classify;
	struct etsn_cls_rule *cls_rules;
	size_t ncls_rules;
	/* Egress DSCP classifier; has_dscp: the program attached, its map
	 * holding exactly dscp's entries.
	 */
	bool has_dscp;
	struct etsn_dscp_map *dscp;
	/* 802.1CB FRER streams, as etsnctl frer talker/listener add takes them. */
	bool has_frer;
	struct etsn_frer_talker_rule *frer_talkers;
	size_t nfrer_talkers;
	struct etsn_frer_listener_rule *frer_listeners;
	size_t nfrer_listeners;
};

/* A PSFP stream as the config holds it: 68 bytes instead of an
 * etsn_psfp_rule's 136, since 10,000 of them are the agent's largest
 * allocation. Its meter and gate sit in arrays parallel to the streams,
 * written only for a stream that has one: calloc'd and mmapped (edgetsnd
 * fixes malloc's mmap threshold), their untouched pages take no memory.
 * etsn_agent_stream_rule() gives the whole rule the map writers take.
 */
struct etsn_agent_stream {
	uint32_t id;
	int8_t policy;			/* as etsn_psfp_rule.policy */
	bool has_meter;			/* meters[j] holds its meter */
	bool has_gate;			/* gates[j] holds its gate */
	struct etsn_psfp_stream stream;
};

enum etsn_agent_on_stop {
	ETSN_ON_STOP_KEEP,	/* the configuration stays in force */
	ETSN_ON_STOP_REVERT,	/* remove what the agent installed */
};

/* The file's words for the enums, indexed by them (also printed). */
extern const char *const etsn_failsafe_names[3];
extern const char *const etsn_on_stop_names[2];
/* 802.1Qcw operation-name of each enum edgetsn_gate_op. */
extern const char *const etsn_agent_op_names[3];

struct etsn_agent_config {
	struct etsn_agent_ptp ptp;
	struct etsn_agent_mqtt mqtt;
	struct etsn_agent_metrics metrics;
	struct etsn_agent_logging logging;
	enum etsn_agent_on_stop on_stop;
	struct etsn_agent_iface ifaces[ETSN_AGENT_MAX_IFACES];
	size_t nifaces;
	struct etsn_agent_config *retired_next;	/* etsn_agent_config_retire */
};

/* What etsn_agent_config_load checks beyond the file itself. */
struct etsn_agent_check_opts {
	bool host;	/* every interface must exist here (if_nametoindex) */
};

/* The defaults of every setting (docs/agent.md); nifaces 0. */
void etsn_agent_config_defaults(struct etsn_agent_config *c);

/* Parses and validates len bytes; every error goes to d (its file name
 * labels them). Returns a config (free it with etsn_agent_config_free)
 * when d holds no error, else NULL.
 */
struct etsn_agent_config *etsn_agent_config_parse(const char *buf, size_t len,
						  const struct etsn_agent_check_opts *opts,
						  struct etsn_diag *d);
/* The same, read from d->file. An unreadable or oversized file is one
 * error at 1:1, so that every message has the one format.
 */
struct etsn_agent_config *etsn_agent_config_load(const struct etsn_agent_check_opts *opts,
						 struct etsn_diag *d);
void etsn_agent_config_free(struct etsn_agent_config *c);

/* Stream j of ifc as a whole rule (no meter: all zero, as parsed). */
void etsn_agent_stream_rule(const struct etsn_agent_iface *ifc, size_t j,
			    struct etsn_psfp_rule *r);
/* d->file's bytes (NUL-terminated, at most ETSN_AGENT_CONFIG_MAX_BYTES),
 * malloc'ed; NULL with the error in d at 1:1.
 */
char *etsn_agent_config_read(struct etsn_diag *d, size_t *len);

/* A config replaced while a caller up the stack may still hold it (a
 * reload run from inside an MQTT command's callback): c joins the list
 * *retired and stays readable until etsn_agent_config_free_retired(),
 * which the daemon calls once that call chain is over (the loop's turn).
 */
void etsn_agent_config_retire(struct etsn_agent_config **retired,
			      struct etsn_agent_config *c);
void etsn_agent_config_free_retired(struct etsn_agent_config **retired);

/* Config files larger than this are refused (a config is a few KiB). */
#define ETSN_AGENT_CONFIG_MAX_BYTES (16u << 20)

#endif
