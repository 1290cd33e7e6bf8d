/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Map layout of bpf/etsn_psfp.bpf.c (IEEE 802.1Qci per-stream filtering
 * and policing), shared with etsnctl (user/lib/psfp.c). Maps are pinned by
 * name under /sys/fs/bpf/edgetsn/<ifname>/, next to the firewall's: append
 * to these structures, never reorder.
 *
 * A frame is identified as a stream by its destination MAC and VLAN
 * (etsn_psfp_mac) or else by its IP 5-tuple, with or without DSCP
 * (etsn_psfp_ip); both give a struct etsn_psfp_ident: the stream id, the
 * key of etsn_psfp_strm (filter and key, for etsnctl), the index of
 * etsn_psfp_meter (its flow meter) and of etsn_psfp_cnt (per-CPU
 * counters), with the filter a frame needs, so that identifying a frame
 * is its one hash lookup.
 */
#ifndef ETSN_PSFP_H
#define ETSN_PSFP_H

#include <linux/types.h>
#include <linux/bpf.h>

#define ETSN_PSFP_PROG_NAME	"etsn_xdp_psfp"
/* Prog array the firewall tail-calls when it passes a frame: PSFP first,
 * then (from the firewall, or from PSFP when it passes) the FRER listener.
 */
#define ETSN_XDP_NEXT_MAP	"etsn_xdp_next"
#define ETSN_XDP_NEXT_PSFP	0
#define ETSN_XDP_NEXT_FRER	1
#define ETSN_XDP_NEXT_SLOTS	2

#define ETSN_PSFP_MAP_MAC	"etsn_psfp_mac"
#define ETSN_PSFP_MAP_IP	"etsn_psfp_ip"
#define ETSN_PSFP_MAP_STREAM	"etsn_psfp_strm"
#define ETSN_PSFP_MAP_COUNT	"etsn_psfp_cnt"
#define ETSN_PSFP_MAP_GLOBAL	"etsn_psfp_glob"
#define ETSN_PSFP_MAP_CONFIG	"etsn_psfp_cfg"
#define ETSN_PSFP_MAP_GATE	"etsn_psfp_gate"
#define ETSN_PSFP_MAP_METER	"etsn_psfp_meter"

/* Stream ids are 0..ETSN_PSFP_MAX_STREAMS-1 (the counters are an array);
 * every map holds that many entries (memory: docs/bpf.md).
 */
#define ETSN_PSFP_MAX_STREAMS	16384

/* Meter limits that keep the token arithmetic in 64 bits (see the
 * program): buckets hold bytes * 1e9, rates are bytes per second.
 */
#define ETSN_PSFP_MAX_BURST	1000000000ULL	/* bytes */
#define ETSN_PSFP_MAX_RATE	100000000000ULL	/* bytes/s (800 Gbit/s) */
#define ETSN_PSFP_NS_PER_SEC	1000000000ULL

/* Null stream identification (802.1CB): destination MAC and VLAN ID. vid
 * is host order, 1..4094, or 0 for untagged and priority-tagged frames.
 */
struct etsn_psfp_mac_key {
	__u8 dst[6];
	__u16 vid;
};

#define ETSN_PSFP_DSCP_ANY	0xff

/* IP stream identification: family 4 or 6, IPPROTO_TCP/UDP, ports in
 * host order, addresses in network order (IPv4: the first 4 bytes, the
 * rest 0); dscp 0..63, or ETSN_PSFP_DSCP_ANY for a stream of any DSCP
 * (looked up second). pad is 0: hash keys compare every byte.
 */
struct etsn_psfp_ip_key {
	__u8 family;
	__u8 proto;
	__u8 dscp;
	__u8 pad;
	__u16 sport;
	__u16 dport;
	__u8 src[16];
	__u8 dst[16];
};

enum etsn_psfp_key_kind {
	ETSN_PSFP_KEY_MAC = 1,
	ETSN_PSFP_KEY_IP = 2,
};

/* Value of etsn_psfp_mac and etsn_psfp_ip: the stream id first (the
 * identification in bpf/etsn_stream_id.h reads it as a __u32), then a copy
 * of the stream's max_sdu, which etsnctl writes with the key and never
 * changes while the key exists.
 */
struct etsn_psfp_ident {
	__u32 id;
	__u32 max_sdu;		/* as etsn_psfp_stream.max_sdu */
};

/* Meter flags (etsn_psfp_meter.flags). */
#define ETSN_PSFP_F_METER	(1U << 0)	/* cir/cbs/eir/ebs apply */
#define ETSN_PSFP_F_DROP_YELLOW	(1U << 1)	/* yellow frames are dropped */

/* One stream (etsn_psfp_strm[id], read by etsnctl, not by frames): its
 * filter and the key that names it. flags is 0 (reserved).
 */
struct etsn_psfp_stream {
	__u32 flags;
	__u32 max_sdu;		/* bytes of the frame XDP sees; 0: no limit */
	__u32 key_kind;		/* enum etsn_psfp_key_kind */
	struct etsn_psfp_mac_key mac;	/* valid if key_kind is MAC */
	struct etsn_psfp_ip_key ip;	/* valid if key_kind is IP */
};

/* The flow meter of stream id (etsn_psfp_meter[id]): two-rate,
 * colour-blind, uncoupled, with its state. An 802.1Qci flow meter is an
 * object of its own, so it has its own element: etsnctl meter set
 * replaces it (BPF_F_LOCK) without touching the stream's filter or key.
 * Tokens are in nano-bytes (bytes * 1e9); last_ns is CLOCK_MONOTONIC of
 * the last metered frame, 0 before the first. The lock serialises the
 * meter between CPUs and against etsnctl. flags 0: no meter.
 */
struct etsn_psfp_meter {
	struct bpf_spin_lock lock;
	__u32 flags;		/* ETSN_PSFP_F_* */
	__u64 cir;		/* bytes/s */
	__u64 cbs;		/* bytes */
	__u64 eir;		/* bytes/s */
	__u64 ebs;		/* bytes */
	__u64 ctokens;		/* nano-bytes */
	__u64 etokens;		/* nano-bytes */
	__u64 last_ns;
};

/* Per-CPU counters of one stream (etsn_psfp_cnt[id]). Every frame of the
 * stream lands in exactly one of passed or dropped_*; yellow counts the
 * passed frames the meter coloured yellow.
 */
struct etsn_psfp_counters {
	__u64 passed;
	__u64 yellow;
	__u64 dropped_sdu;
	__u64 dropped_red;
	__u64 dropped_yellow;
	__u64 dropped_gate;
};

/* Per-CPU counters of frames no stream claimed (etsn_psfp_glob). */
enum etsn_psfp_global {
	ETSN_PSFP_UNKNOWN_PASSED,
	ETSN_PSFP_UNKNOWN_DROPPED,
	ETSN_PSFP_UNPARSED_PASSED,	/* see etsn_psfp_config.unparsed */
	ETSN_PSFP_UNPARSED_DROPPED,
	ETSN_PSFP_GLOBALS
};

#define ETSN_PSFP_UNKNOWN_PASS	0
#define ETSN_PSFP_UNKNOWN_DROP	1

/* Frames no MAC + VLAN stream claims and whose IP headers cannot be read
 * to the ports (truncated, or deeper than bpf/etsn_parse.h reads): they
 * might belong to a 5-tuple stream, so by default they are dropped.
 */
#define ETSN_PSFP_UNPARSED_DROP	0
#define ETSN_PSFP_UNPARSED_PASS	1

/* Lookups a frame may skip because their maps are empty (etsnctl keeps
 * etsn_psfp_config.skip so: cleared before it adds, recomputed after it
 * changes a map). 0 does every lookup, so a stale 0 is only slower.
 */
#define ETSN_PSFP_SKIP_MAC	(1U << 0)	/* etsn_psfp_mac is empty */
#define ETSN_PSFP_SKIP_DSCP	(1U << 1)	/* no IP key has a DSCP */
#define ETSN_PSFP_SKIP_GATE	(1U << 2)	/* etsn_psfp_gate is empty */

/* etsn_psfp_cfg[0]; zero is the default of each field. */
struct etsn_psfp_config {
	__u32 unknown_policy;	/* ETSN_PSFP_UNKNOWN_* */
	__u32 unparsed;		/* ETSN_PSFP_UNPARSED_* */
	__u32 skip;		/* ETSN_PSFP_SKIP_* */
};

/* Stream gate (etsn_psfp_gate[id], optional): entries open or closed for
 * interval_ns each, repeating every cycle_ns from base_ns (CLOCK_TAI).
 * Before base_ns the gate is open; past the last entry, within the cycle,
 * the last entry's state holds; entries past cycle_ns are cut off.
 */
#define ETSN_PSFP_GATE_MAX	8

struct etsn_psfp_gate_entry {
	__u32 open;
	__u32 pad;
	__u64 interval_ns;
};

struct etsn_psfp_gate {
	__u64 base_ns;
	__u64 cycle_ns;
	__u32 count;
	__u32 pad;
	struct etsn_psfp_gate_entry ent[ETSN_PSFP_GATE_MAX];
};

#endif /* ETSN_PSFP_H */
