/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Egress classifier rules as etsnctl reads and prints them, turned into
 * the exact keys and values of bpf/etsn_classify.h's maps:
 *
 *   id N (dst MAC [vlan V] | ip SRC DST proto tcp|udp sport S dport D [dscp N]) prio P
 *
 * The stream spec is PSFP's (user/lib/psfp.c parses it, so a spec names
 * the same frames in `etsnctl stream` and `etsnctl classify`); P is the
 * skb->priority the stream's frames get, 0..15. Parsers return 0 or
 * -EINVAL and, on error, point *why at a reason and leave their output
 * untouched.
 */
#ifndef EDGETSN_CLASSIFY_H
#define EDGETSN_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "../../bpf/etsn_classify.h"
#include "psfp.h"

struct etsn_cls_rule {
	uint32_t id;
	struct etsn_cls_stream stream;	/* the value of etsn_cls_strm[id] */
};

/* The words of "classify add" after "dev DEV". */
int etsn_cls_parse_add(int argc, char **argv, struct etsn_cls_rule *r, const char **why);
/* Stream id 0..ETSN_CLS_MAX_STREAMS-1. */
int etsn_cls_parse_id(const char *s, uint32_t *id, const char **why);

/* Name of the pinned map that holds the stream's key, the key and its size. */
const char *etsn_cls_key_map(const struct etsn_cls_stream *s);
const void *etsn_cls_key(const struct etsn_cls_stream *s, size_t *size);
/* Longest text etsn_cls_format_key() writes, with the NUL. */
#define ETSN_CLS_KEY_STRLEN	ETSN_PSFP_KEY_STRLEN
/* The stream spec as `etsnctl stream` prints it ("dst ... vlan 5", "ip ..."). */
void etsn_cls_format_key(const struct etsn_cls_stream *s, char *buf, size_t len);

void etsn_cls_sum(const struct etsn_cls_counters *percpu, int ncpu, struct etsn_cls_counters *sum);

#endif
