/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Schedule synthesis: a gate control list computed from streams given in
 * 802.1Qcc talker TSpec terms (docs/synthesis.md has the model).
 *
 * Spec file (words per line, '#' starts a comment, errors "FILE:LINE: ..."):
 *   link-speed MBPS          link speed in Mb/s (required)
 *   overhead BYTES           per-frame bytes beyond the qdisc's length (24)
 *   be-max-frame BYTES       longest best-effort frame (1514)
 *   best-effort PERCENT%     share of the cycle kept for best effort (0%)
 *   preemption on|off        best effort is preemptible (802.1Qbu) (off)
 *   stream NAME interval DUR max-frames-per-interval N max-frame-size BYTES
 *          [earliest-transmit-offset DUR] [latest-transmit-offset DUR]
 *          [max-latency DUR] [class TC]
 */
#ifndef EDGETSN_PLAN_H
#define EDGETSN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "sched.h"

/* Most windows (occurrences) one plan may hold before merging. */
#define ETSN_PLAN_MAX_WINDOWS		(1U << 20)
/* Longest cycle the planner makes: the LCM of the intervals must fit. */
#define ETSN_PLAN_MAX_CYCLE_NS		1000000000ULL
/* Shortest Ethernet frame without FCS: shorter ones are padded on the wire. */
#define ETSN_PLAN_MIN_FRAME		60
/* 802.3br: the longest piece of a preemptible frame that cannot be
 * preempted (a 64-byte fragment may not be cut, nor leave a remainder
 * shorter than 64 bytes with its 4-byte mCRC): 123 bytes in the worst case.
 */
#define ETSN_PLAN_PREEMPT_HOLDOFF	123
#define ETSN_PLAN_DEFAULT_OVERHEAD	24
#define ETSN_PLAN_DEFAULT_BE_FRAME	1514
#define ETSN_PLAN_NAME_LEN		32
#define ETSN_PLAN_NO_CLASS		0xff
/* A window's predecessor was a best-effort gap. */
#define ETSN_PLAN_AFTER_BE		0xff

struct etsn_plan_stream {
	char name[ETSN_PLAN_NAME_LEN];
	uint64_t interval;		/* ns */
	uint32_t max_frames;		/* per interval */
	uint32_t max_frame_size;	/* bytes, as the qdisc counts them */
	uint64_t earliest_offset;	/* ns into the interval */
	uint64_t latest_offset;		/* ns into the interval, >= earliest */
	uint64_t max_latency;		/* ns, 0 = none */
	uint8_t tclass;			/* ETSN_PLAN_NO_CLASS = planner's choice */
};

struct etsn_plan_input {
	uint32_t speed_mbps;
	uint32_t overhead;
	uint32_t be_max_frame;
	uint32_t be_percent;		/* 0..100 */
	bool preemption;
	uint32_t num_streams;
	struct etsn_plan_stream *streams;
};

/* One occurrence's window: [start, end) into the cycle; its frames leave
 * in [start + guard_ns, end). The guard band is sized for what was open
 * before it (after: a class, or ETSN_PLAN_AFTER_BE).
 */
struct etsn_plan_window {
	uint64_t start, end;
	uint64_t guard_ns;
	uint32_t stream;
	uint32_t occurrence;
	uint8_t after;
};

struct etsn_plan_result {
	uint8_t tclass;
	uint64_t wire_ns;		/* the occurrence's frames on the wire */
	uint64_t latency_ns;		/* worst case, from earliest transmit */
};

struct etsn_plan {
	uint64_t cycle;
	uint64_t guard_ns;		/* after best effort */
	/* Guard band after a window of class c: its longest frame (0: none). */
	uint64_t class_frame_ns[EDGETSN_NUM_TC];
	uint64_t be_ns;			/* gaps left to best effort */
	uint8_t be_gates;
	uint32_t num_windows;
	struct etsn_plan_window *windows;	/* sorted by start */
	struct etsn_plan_result *results;	/* one per input stream */
	struct etsn_sched sched;		/* the gate control list */
};

/* Wire time of a frame of len bytes (the qdisc's length): padded to the
 * minimum frame, plus overhead; rounded up like kmod/etsn_guard.c.
 */
uint64_t etsn_plan_frame_ns(uint32_t len, uint32_t overhead, uint32_t speed_mbps);

/* Plans in; 0 with *out filled (free with etsn_plan_free), or -EINVAL with
 * the reason in err (nothing to free), -ENOMEM. Streams are placed in
 * input order, each occurrence at its earliest fit: a stream added at the
 * end never moves the windows of the ones before it, unless it lengthens
 * the longest frame of a class they use (docs/synthesis.md).
 */
int etsn_plan_make(const struct etsn_plan_input *in, struct etsn_plan *out,
		   char *err, size_t errlen);
void etsn_plan_free(struct etsn_plan *p);

/* The defaults of the spec's interface words, no streams. */
void etsn_plan_input_init(struct etsn_plan_input *in);
/* One spec line's words into in (streams appended; free in->streams).
 * 0, or -EINVAL with the reason in err.
 */
int etsn_plan_parse_words(struct etsn_plan_input *in, int argc, char **argv,
			  char *err, size_t errlen);

/* Spec file reader (format above). On success free in->streams. 0,
 * -EINVAL with "PATH:LINE: reason", or -errno when unreadable.
 */
int etsn_plan_parse_file(struct etsn_plan_input *in, const char *path,
			 char *err, size_t errlen);

/* The schedule as a schedule file, then '#' report lines per stream. */
void etsn_plan_print(FILE *out, const struct etsn_plan_input *in,
		     const struct etsn_plan *p);
void etsn_plan_json(struct etsn_json *j, const struct etsn_plan_input *in,
		    const struct etsn_plan *p);

#endif
