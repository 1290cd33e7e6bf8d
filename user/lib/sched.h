/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A gate control schedule (802.1Qbv) as etsnctl knows it: read from command
 * line words or a schedule file, written into and read back from
 * EDGETSN_A_SCHED_* nests, printed as text or JSON.
 *
 * Words (the same on the command line and in a file):
 *   base-time T|+OFFSET   T: seconds[.fraction] or <n>ns/us/ms/s on the
 *                         clock; +OFFSET: that long after now on the clock
 *   cycle-time DUR        extension DUR
 *   clock tai|realtime|monotonic|boottime
 *   entry S|H|R MASK DUR  S = set gates, H = set and hold, R = set and
 *                         release; MASK: gates open, bit N = class N, hex
 *                         (0x..) or decimal, 0..0xff
 * DUR: <n>[.<frac>][ns|us|ms|s], bare numbers are ns.
 */
#ifndef EDGETSN_SCHED_H
#define EDGETSN_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/edgetsn.h>

#include "json.h"
#include "out.h"

struct nl_msg;
struct nlattr;

struct etsn_sched_entry {
	uint8_t op;		/* enum edgetsn_gate_op */
	uint8_t gates;
	uint32_t interval;	/* ns */
};

/* has_* says the value was given (or reported); absent ones take the
 * kernel's defaults.
 */
struct etsn_sched {
	bool has_base_time, has_cycle_time, has_extension, has_clockid;
	int64_t base_time;
	uint64_t cycle_time;
	uint64_t extension;
	uint32_t clockid;
	uint32_t num_entries;
	struct etsn_sched_entry entries[EDGETSN_MAX_ENTRIES];
};

/* Reads a clock in ns; the parsers take one so that tests can fix "now". */
typedef int (*etsn_clock_fn)(uint32_t clockid, int64_t *now);
int etsn_clock_now(uint32_t clockid, int64_t *now);

/* "tai" <-> CLOCK_TAI; the name of an unknown id is "clock<N>". */
int etsn_clock_parse(const char *s, uint32_t *clockid);
const char *etsn_clock_name(uint32_t clockid, char *buf, size_t len);

/* "S"/"H"/"R" (also set, hold, release) <-> enum edgetsn_gate_op. */
int etsn_gate_op_parse(const char *s, uint8_t *op);
const char *etsn_gate_op_name(uint8_t op);

/* Parse words into *s (zeroed first). 0, or -EINVAL with the reason in err;
 * file errors read "PATH:LINE: reason", -errno (and err) when unreadable.
 */
int etsn_sched_parse_words(struct etsn_sched *s, int argc, char **argv,
			   etsn_clock_fn now, char *err, size_t errlen);
int etsn_sched_parse_file(struct etsn_sched *s, const char *path,
			  etsn_clock_fn now, char *err, size_t errlen);
/* The same from an open file, name standing for its path in messages. */
int etsn_sched_parse_stream(struct etsn_sched *s, FILE *f, const char *name,
			    etsn_clock_fn now, char *err, size_t errlen);

/* The checks the kernel makes on a parsed schedule before it takes it
 * (kmod/etsn_gcl.c: etsn_gcl_fill_defaults, then etsn_gcl_validate), so
 * that a file is refused before it reaches a device. NULL when it passes,
 * else the reason; *ext_at_fault says whether the extension (rather than
 * the cycle time) is the value to blame. What depends on the device's
 * state (a clock change under a running schedule, a change time that does
 * not fit) only the kernel can tell.
 */
const char *etsn_sched_check(const struct etsn_sched *s, bool *ext_at_fault);

/* Attribute room a schedule needs in a message. */
size_t etsn_sched_msg_size(const struct etsn_sched *s);
/* Nest attrtype (EDGETSN_A_SCHED_ADMIN) holding s. 0 or a libnl error. */
int etsn_sched_put(struct nl_msg *msg, int attrtype, const struct etsn_sched *s);
/* The reverse, from a nest of enum edgetsn_a_sched. 0 or -EPROTO/-E2BIG. */
int etsn_sched_from_nest(struct nlattr *nest, struct etsn_sched *s);

/*
 * One schedule: the object under key (ETSN_OUT_ITEM in arrays) after the
 * text label; text is one line per value, each indented by indent, that
 * reads back as a schedule file. The two below write only text or only
 * JSON through it, for writers that are not an etsnctl command's output.
 */
void etsn_sched_out(struct etsn_out *o, const char *key, const char *label,
		    const struct etsn_sched *s, int indent);
void etsn_sched_print(FILE *out, const struct etsn_sched *s, int indent);
/* JSON object under key (NULL at the top and inside arrays). */
void etsn_sched_json(struct etsn_json *j, const char *key, const struct etsn_sched *s);

/* The 802.1Qbv state (EDGETSN_A_STATUS); has_* as in struct etsn_sched. */
struct etsn_sched_status {
	bool has_config_change_time, has_config_change_error, has_current_entry,
	     has_current_time, has_gates, has_clockid;
	bool config_pending;
	int64_t config_change_time;
	uint64_t config_change_error;
	uint32_t current_entry;
	int64_t current_time;
	uint8_t gates;
	uint32_t clockid;
};

/* Counters of the schedule machinery (EDGETSN_A_SCHED_STATS). */
struct etsn_sched_counters {
	uint64_t cycles;
	uint64_t config_changes;
	uint64_t timer_late;
	uint64_t timer_lateness_max;
	uint64_t clock_steps;
};

int etsn_sched_counters_from_nest(struct nlattr *nest, struct etsn_sched_counters *c);
/* "schedule_counters" in JSON (sched show and stats alike), one text line. */
void etsn_sched_counters_out(struct etsn_out *o, const struct etsn_sched_counters *c);

/* What EDGETSN_CMD_SCHED_GET answers. */
struct etsn_sched_reply {
	uint32_t ifindex;
	char ifname[16];
	bool has_oper, has_admin, has_status;
	struct etsn_sched oper, admin;
	struct etsn_sched_status status;
};

/* From a reply's top-level attributes. 0 or -EPROTO/-E2BIG. */
int etsn_sched_reply_from_attrs(struct nlattr *attrs, int len, struct etsn_sched_reply *r);
/* Members of the current object (sched show); counters may be NULL. */
void etsn_sched_reply_out(struct etsn_out *o, const struct etsn_sched_reply *r,
			  const struct etsn_sched_counters *counters);

#endif
