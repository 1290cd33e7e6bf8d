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

#define ETSN_FW_PROG_NAME	"etsn_xdp_fw"
#define ETSN_FW_MAP_SRC4	"etsn_fw_src4"
#define ETSN_FW_MAP_SRC6	"etsn_fw_src6"
#define ETSN_FW_MAP_PORT	"etsn_fw_port"
#define ETSN_FW_MAP_STATS	"etsn_fw_stats"
#define ETSN_FW_MAP_PROTO	"etsn_fw_proto"

#define ETSN_FW_MAX_CIDR	4096
#define ETSN_FW_MAX_PORTS	1024

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

/* Value of every rule map: non-zero means "drop". */
#define ETSN_FW_RULE_DROP	1

/* Per-CPU verdict counters (etsn_fw_stats), one per reason. */
enum etsn_fw_reason {
	ETSN_FW_PASSED,
	ETSN_FW_DROPPED_CIDR4,
	ETSN_FW_DROPPED_CIDR6,
	ETSN_FW_DROPPED_PORT,
	ETSN_FW_MALFORMED,
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

#endif /* ETSN_XDP_H */
