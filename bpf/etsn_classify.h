/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Map layout of bpf/etsn_classify.bpf.c (egress stream classifier),
 * shared with etsnctl (user/lib/classify.c). Maps are pinned by name under
 * /sys/fs/bpf/edgetsn/<ifname>/, next to the firewall's and PSFP's: append
 * to these structures, never reorder.
 *
 * Streams are identified exactly as PSFP does (bpf/etsn_stream_id.h, keys
 * of bpf/etsn_psfp.h) but in maps of their own: the classifier's streams
 * are the device's egress streams, PSFP's its ingress ones.
 */
#ifndef ETSN_CLASSIFY_H
#define ETSN_CLASSIFY_H

#include <linux/types.h>

#include "etsn_psfp.h"

#define ETSN_CLS_PROG_NAME	"etsn_classify"

#define ETSN_CLS_MAP_MAC	"etsn_cls_mac"
#define ETSN_CLS_MAP_IP		"etsn_cls_ip"
#define ETSN_CLS_MAP_STREAM	"etsn_cls_strm"
#define ETSN_CLS_MAP_COUNT	"etsn_cls_cnt"
#define ETSN_CLS_MAP_MISS	"etsn_cls_miss"

/* Stream ids are 0..ETSN_CLS_MAX_STREAMS-1 (the counters are an array). */
#define ETSN_CLS_MAX_STREAMS	256

/* skb->priority a stream may get: the etsn qdisc's map has 16 entries. */
#define ETSN_CLS_MAX_PRIO	15

/* One stream (etsn_cls_strm[id]): the priority its frames get and, for
 * etsnctl only, the key that names it (key_kind: enum etsn_psfp_key_kind).
 */
struct etsn_cls_stream {
	__u32 priority;
	__u32 key_kind;
	struct etsn_psfp_mac_key mac;	/* valid if key_kind is MAC */
	struct etsn_psfp_ip_key ip;	/* valid if key_kind is IP */
};

/* Per-CPU counters: of one stream (etsn_cls_cnt[id]), frames whose
 * priority the classifier set; of no stream (etsn_cls_miss[reason]),
 * frames it left alone. bytes: skb->len, the frame from its MAC header on, without
 * a VLAN tag the driver inserts.
 */
struct etsn_cls_counters {
	__u64 packets;
	__u64 bytes;
};

/* Keys of etsn_cls_miss: why a frame kept its priority. */
enum etsn_cls_miss_reason {
	ETSN_CLS_MISS_UNKNOWN,	/* no stream's key */
	ETSN_CLS_MISS_UNPARSED,	/* no MAC + VLAN stream's, IP headers unreadable
				 * to the ports (truncated, or deeper than
				 * bpf/etsn_parse.h reads): passed unclassified
				 */
	ETSN_CLS_MISSES
};

#endif /* ETSN_CLASSIFY_H */
