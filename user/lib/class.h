/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Traffic-class settings of an etsn qdisc (EDGETSN_CMD_CLASS_SET/GET):
 * parsed from `etsnctl class set` words, put into a request, read back from
 * a reply, printed as text (which reads back as `class set` words) or JSON.
 *
 * Words:
 *   map P0 .. P15          class of each skb->priority 0..15 (16 numbers 0..7)
 *   tc N                   class N (0..7); the options after it apply to it:
 *     limit PKTS           queue limit in frames (>= 1)
 *     bytes N              queue limit in bytes (0 = none)
 *     preemptible|express  802.1Qbu frame preemption class
 *     max-sdu N|auto       longest frame in bytes (auto/0 = the automatic limit)
 *   speed MBPS|auto        link speed for guard bands (auto: the device's)
 *   overhead BYTES         per-frame bytes on the wire beyond the frame
 *   mgmt-ptp on|off        PTP frames are gate-exempt management frames
 *   mgmt-prios P,..|none   priorities (0..15) whose frames are management too
 *   mgmt-protect MASK|none classes whose windows management frames keep clear
 */
#ifndef EDGETSN_CLASS_H
#define EDGETSN_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/edgetsn.h>

#include "json.h"
#include "out.h"

struct nl_msg;
struct nlattr;

struct etsn_tc_settings {
	bool present;
	bool has_limit_pkts, has_limit_bytes, has_preemptible, has_max_sdu,
	     has_max_sdu_effective;
	uint32_t limit_pkts;
	uint32_t limit_bytes;
	bool preemptible;
	uint32_t max_sdu;
	uint32_t max_sdu_effective;	/* replies only, 0 = no limit */
	bool closed;			/* replies only: no frame can leave */
};

struct etsn_class_cfg {
	bool has_map, has_speed, has_overhead, has_mgmt_ptp, has_mgmt_prios,
	     has_mgmt_protect;
	uint8_t map[EDGETSN_NUM_PRIO];
	struct etsn_tc_settings tc[EDGETSN_NUM_TC];
	uint32_t speed;			/* Mb/s, 0 = the device's */
	uint32_t overhead;
	bool mgmt_ptp;
	uint16_t mgmt_prios;		/* bit P = priority P */
	uint8_t mgmt_protect;		/* bit N = class N */
};

/* 0, or -EINVAL with the reason in err. */
int etsn_class_parse_words(struct etsn_class_cfg *c, int argc, char **argv,
			   char *err, size_t errlen);
/* The checks the kernel makes beyond what the words already ensure
 * (kmod/etsn_cfg.c: etsn_cfg_validate): NULL or the reason.
 */
const char *etsn_class_check(const struct etsn_class_cfg *c);
/* The given settings as EDGETSN_A_PRIO_MAP, _CLASS, _LINK_SPEED_OVERRIDE,
 * _OVERHEAD and _MGMT_*. 0 or a libnl error.
 */
int etsn_class_put(struct nl_msg *msg, const struct etsn_class_cfg *c);
/* From the top-level attributes of a reply. 0 or -EPROTO. */
int etsn_class_from_attrs(struct nlattr *attrs, int len, struct etsn_class_cfg *c);

/*
 * A class's effective max-SDU as replies give it (a size, 0 for no limit,
 * or closed): text after @lead; JSON "closed" and, for a limit,
 * "max_sdu_effective_bytes" (absent for none and when closed).
 */
void etsn_max_sdu_eff_out(struct etsn_out *o, const char *lead, bool closed, uint32_t sdu);
/* Members of the current object (class show); _print is its text alone. */
void etsn_class_out(struct etsn_out *o, const struct etsn_class_cfg *c);
void etsn_class_print(FILE *out, const struct etsn_class_cfg *c);

#endif
