/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PSFP streams (802.1Qci) as etsnctl reads and prints them, turned into
 * the exact keys and values of bpf/etsn_psfp.h's maps:
 *
 *   id N (dst MAC [vlan V] | ip SRC DST proto tcp|udp sport S dport D [dscp N])
 *        [max-sdu BYTES] [cir RATE cbs BYTES [eir RATE ebs BYTES] [drop-yellow]]
 *        [unknown-policy pass|drop]
 *
 * Each stream has one meter (etsn_psfp_meter[id]), shared with no other.
 * Parsers return 0 or -EINVAL and, on error, point *why at a reason
 * (static text) and leave their output untouched.
 */
#ifndef EDGETSN_PSFP_H
#define EDGETSN_PSFP_H

#include <stddef.h>
#include <stdint.h>

#include "../../bpf/etsn_psfp.h"

struct etsn_psfp_rule {
	uint32_t id;
	struct etsn_psfp_stream stream;	/* etsn_psfp_strm[id] */
	struct etsn_psfp_meter meter;	/* etsn_psfp_meter[id], buckets full */
	int policy;			/* ETSN_PSFP_UNKNOWN_*, or -1: unchanged */
};

/* Longest text etsn_psfp_format_key() / _rate() write, with the NUL. */
#define ETSN_PSFP_KEY_STRLEN	160
#define ETSN_PSFP_RATE_STRLEN	32

/* "02:00:5e:00:53:01" (hex pairs, ':' between). */
int etsn_psfp_parse_mac(const char *s, uint8_t mac[6], const char **why);
/* The words of "stream add" after "dev DEV". */
int etsn_psfp_parse_add(int argc, char **argv, struct etsn_psfp_rule *r, const char **why);
/* Stream id 0..ETSN_PSFP_MAX_STREAMS-1; the largest as text, for usage
 * messages (test_psfp checks it matches).
 */
#define ETSN_PSFP_MAX_ID_TEXT	"16383"
int etsn_psfp_parse_id(const char *s, uint32_t *id, const char **why);
/* "pass" or "drop" -> ETSN_PSFP_UNKNOWN_*. */
int etsn_psfp_parse_policy(const char *s, int *policy, const char **why);
/* The words of "stream policy" after "dev DEV": "pass|drop" (frames of no
 * stream), or "[unknown pass|drop] [unparsed pass|drop]", at least one.
 * *unknown (ETSN_PSFP_UNKNOWN_*) and *unparsed (ETSN_PSFP_UNPARSED_*) are
 * -1 when not named.
 */
int etsn_psfp_parse_policies(int argc, char **argv, int *unknown, int *unparsed,
			     const char **why);

/* Meter conversion: checks the limits that keep the program's arithmetic
 * in 64 bits, sets the parameters and flags and fills both buckets (in
 * nano-bytes). Rates in bytes/s, bursts in bytes.
 */
int etsn_psfp_set_meter(struct etsn_psfp_meter *s, uint64_t cir, uint64_t cbs, uint64_t eir,
			uint64_t ebs, int drop_yellow, const char **why);

/* "cir RATE cbs BYTES [eir RATE ebs BYTES] [drop-yellow]" or "off": a
 * whole new meter (parameters, flags, both buckets full, last_ns 0). On
 * error *s is untouched.
 */
int etsn_psfp_parse_meter(int argc, char **argv, struct etsn_psfp_meter *s, const char **why);

/* Name of the pinned map that holds the stream's key, the key and its size. */
const char *etsn_psfp_key_map(const struct etsn_psfp_stream *s);
const void *etsn_psfp_key(const struct etsn_psfp_stream *s, size_t *size);

/* "dst 02:00:5e:00:53:01 vlan 5", "ip 192.0.2.1 192.0.2.2 proto udp
 * sport 1 dport 2 dscp 46".
 */
void etsn_psfp_format_key(const struct etsn_psfp_stream *s, char *buf, size_t len);
/* Bytes/s in bits with the largest exact unit: "1mbit", "62500bit", "24bit". */
void etsn_psfp_format_rate(uint64_t bytes_per_s, char *buf, size_t len);

/* A stream gate: "[base TIME] [cycle DURATION] (open|closed DURATION)...",
 * TIME as in etsnctl sched ("+1s" from now_tai, or TAI seconds; default
 * 0), cycle by default the sum of the intervals; 1..ETSN_PSFP_GATE_MAX
 * entries of at least 1 ns.
 */
int etsn_psfp_parse_gate(int argc, char **argv, int64_t now_tai, struct etsn_psfp_gate *g,
			 const char **why);
/* "base 0 cycle 100000000 open 50000000 closed 50000000" (ns). */
void etsn_psfp_format_gate(const struct etsn_psfp_gate *g, char *buf, size_t len);
#define ETSN_PSFP_GATE_STRLEN	(64 + ETSN_PSFP_GATE_MAX * 32)

/* Counters of one stream: names (text and JSON), values, per-CPU sum. */
#define ETSN_PSFP_COUNTERS	6
const char *etsn_psfp_counter_name(unsigned int i);
uint64_t etsn_psfp_counter(const struct etsn_psfp_counters *c, unsigned int i);
void etsn_psfp_sum(const struct etsn_psfp_counters *percpu, int ncpu,
		   struct etsn_psfp_counters *sum);

#endif
