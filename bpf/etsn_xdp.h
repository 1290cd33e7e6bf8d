/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Map layout of bpf/etsn_xdp.bpf.c, shared with etsnctl (user/lib/fw.c):
 * keys, values and counter indices. Maps are pinned by name, by etsnctl
 * under /sys/fs/bpf/edgetsn/<ifname>/, so changing a layout here changes
 * what an existing pin holds: append, never reorder.
 */
#ifndef ETSN_XDP_H
#define ETSN_XDP_H

#include <linux/types.h>
#include <linux/bpf.h>

#define ETSN_FW_PROG_NAME	"etsn_xdp_fw"
#define ETSN_FW_MAP_SRC4	"etsn_fw_src4"
#define ETSN_FW_MAP_SRC6	"etsn_fw_src6"
#define ETSN_FW_MAP_PORT	"etsn_fw_port"
#define ETSN_FW_MAP_STATS	"etsn_fw_stats"
#define ETSN_FW_MAP_PROTO	"etsn_fw_proto"
#define ETSN_FW_MAP_SYN_CFG	"etsn_fw_syncfg"
#define ETSN_FW_MAP_SYN_SRC	"etsn_fw_synsrc"
#define ETSN_FW_MAP_SYN_LOCK	"etsn_fw_synlck"
#define ETSN_FW_MAP_SYN_COUNT	"etsn_fw_syncnt"
#define ETSN_FW_MAP_RULE_COUNT	"etsn_fw_rulecnt"
#define ETSN_FW_MAP_CONFIG	"etsn_fw_cfg"

#define ETSN_FW_MAX_CIDR	4096
#define ETSN_FW_MAX_PORTS	1024
/* Rules of all kinds at once: one drop counter slot each. */
#define ETSN_FW_MAX_RULES	(2 * ETSN_FW_MAX_CIDR + ETSN_FW_MAX_PORTS)

/* LPM trie keys: prefix length, then the address in network byte order. */
struct etsn_fw_lpm4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct etsn_fw_lpm6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Blocked destination port: IPPROTO_TCP or IPPROTO_UDP, port in host
 * order; pad is always 0 (hash keys compare every byte).
 */
struct etsn_fw_port_key {
	__u8 proto;
	__u8 pad;
	__u16 port;
};

/*
 * Rule maps: a key that is present drops, whatever its value (fail
 * closed: a rule written by hand with value 0 still blocks). The value
 * names the rule's drop counter: value - 1 is its slot in etsn_fw_rulecnt
 * (per-CPU frames dropped by that rule); 0 means no per-rule counter.
 * etsnctl gives each rule a slot no other rule holds and zeroes it first;
 * a rule written by hand with value 1 counts in slot 0.
 */

/* Per-CPU verdict counters (etsn_fw_stats), one per reason. */
enum etsn_fw_reason {
	ETSN_FW_PASSED,
	ETSN_FW_DROPPED_CIDR4,
	ETSN_FW_DROPPED_CIDR6,
	ETSN_FW_DROPPED_PORT,
	ETSN_FW_MALFORMED,
	ETSN_FW_DROPPED_SYN,	/* TCP SYN over its source's SYN limit */
	ETSN_FW_UNPARSED,	/* beyond the parser's depth, dropped (default) */
	ETSN_FW_UNPARSED_PASSED,	/* beyond the parser's depth, passed by policy */
	ETSN_FW_DROPPED_FRAG,	/* a later IP fragment, dropped by policy */
	ETSN_FW_REASONS
};

/* Per-CPU frame counters by protocol (etsn_fw_proto), counted before the
 * verdict: every frame the program sees lands in exactly one.
 */
enum etsn_fw_proto_class {
	ETSN_FW_PROTO_NON_IP,	/* neither IPv4 nor IPv6 (ARP, LLDP, PTP...) */
	ETSN_FW_PROTO_TCP,
	ETSN_FW_PROTO_UDP,
	ETSN_FW_PROTO_ICMP,	/* ICMP and ICMPv6 */
	ETSN_FW_PROTO_OTHER_IP,
	ETSN_FW_PROTOS
};

/*
 * Per-source SYN limit: TCP frames with SYN set and ACK clear, from one
 * IPv4 or IPv6 source address, pass while that source's token bucket holds
 * a SYN. Tokens are nano-SYNs (one SYN = ETSN_FW_SYN_TOKEN), so a bucket
 * refills by rate (SYN/s = nano-SYNs per ns) * dt_ns, exactly. Off while
 * max_tokens is 0 (the config array starts zeroed).
 */
#define ETSN_FW_SYN_TOKEN	1000000000ULL
#define ETSN_FW_SYN_MAX_RATE	10000000ULL	/* SYN/s */
#define ETSN_FW_SYN_MAX_BURST	1000000ULL	/* SYNs */
/* Sources with a bucket (LRU: the least recently seen goes first). */
#define ETSN_FW_SYN_SOURCES	16384
/* Locks guarding the buckets, picked by the top ETSN_FW_SYN_LOCK_BITS
 * bits of a hash of the source address: one constant sizes both.
 */
#define ETSN_FW_SYN_LOCK_BITS	8
#define ETSN_FW_SYN_LOCKS	(1U << ETSN_FW_SYN_LOCK_BITS)

/* etsn_fw_syncfg[0]: bucket parameters, written by etsnctl. */
struct etsn_fw_syn_config {
	__u64 rate;		/* refill: SYN/s, i.e. nano-SYNs per ns */
	__u64 max_tokens;	/* bucket size: burst * ETSN_FW_SYN_TOKEN; 0: off */
};

/* Key of etsn_fw_synsrc: family 4 or 6; IPv4 in addr[0..3], the rest 0;
 * pad is 0 (hash keys compare every byte).
 */
struct etsn_fw_syn_key {
	__u8 family;
	__u8 pad[3];
	__u8 addr[16];
};

/* A source's bucket: tokens in nano-SYNs, CLOCK_MONOTONIC of its last
 * SYN. Changed only under etsn_fw_synlck[hash of the key].
 */
struct etsn_fw_syn_bucket {
	__u64 tokens;
	__u64 last_ns;
};

struct etsn_fw_syn_lock {
	struct bpf_spin_lock lock;
};

/* Per-CPU SYN counters (etsn_fw_syncnt). */
enum etsn_fw_syn_counter {
	ETSN_FW_SYN_SEEN,	/* TCP SYN (ACK clear) frames, whatever the verdict */
	ETSN_FW_SYN_NEW_SOURCE,	/* buckets created (first SYN or after eviction) */
	ETSN_FW_SYN_COUNTERS
};

/*
 * etsn_fw_cfg[0]: what the firewall does with frames it cannot judge by
 * its rules. The array starts zeroed, and zero is the default of each.
 */
#define ETSN_FW_UNPARSED_DROP	0	/* counted in unparsed */
#define ETSN_FW_UNPARSED_PASS	1	/* counted in unparsed_passed */
#define ETSN_FW_FRAG_PASS	0	/* later fragments meet the source rules only */
#define ETSN_FW_FRAG_DROP	1	/* every later fragment: dropped_frag */

struct etsn_fw_config {
	__u32 unparsed;		/* ETSN_FW_UNPARSED_*: more than 4 VLAN tags or 8 IPv6 ext headers */
	__u32 frag;		/* ETSN_FW_FRAG_*: IPv4/IPv6 fragments past offset 0 */
};

#endif /* ETSN_XDP_H */
