/* SPDX-License-Identifier: GPL-2.0-or-later */
/* XDP firewall rules as etsnctl reads and prints them: "CIDR" (IPv4 or
 * IPv6 source prefix) or "port tcp|udp N" (destination port), turned into
 * the exact keys of bpf/etsn_xdp.h's maps.
 *
 * A CIDR with bits set beyond its prefix ("10.1.2.3/8") is rejected, not
 * normalised: a rule that silently blocks more than it says is worse than
 * an error that names the network ("10.0.0.0/8"). A bare address is a
 * host route (/32, /128).
 *
 * Parsers return 0 or -EINVAL and, on error, point *why at a reason
 * (static text) and leave the rule untouched.
 */
#ifndef EDGETSN_FW_H
#define EDGETSN_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../bpf/etsn_xdp.h"

enum etsn_fw_kind {
	ETSN_FW_CIDR4,
	ETSN_FW_CIDR6,
	ETSN_FW_PORT,
};

struct etsn_fw_rule {
	enum etsn_fw_kind kind;
	union {
		struct etsn_fw_lpm4 cidr4;
		struct etsn_fw_lpm6 cidr6;
		struct etsn_fw_port_key port;
	};
};

/* Longest text etsn_fw_format_rule() writes, with its NUL. */
#define ETSN_FW_RULE_STRLEN 64

int etsn_fw_parse_cidr(const char *s, struct etsn_fw_rule *r, const char **why);
/* "tcp" or "udp" -> IPPROTO_TCP / IPPROTO_UDP. */
int etsn_fw_parse_proto(const char *s, uint8_t *proto, const char **why);
/* The word for IPPROTO_TCP / IPPROTO_UDP ("?" for others). */
const char *etsn_fw_proto_word(uint8_t proto);
/* Decimal 1..65535. */
int etsn_fw_parse_port(const char *s, uint16_t *port, const char **why);
/* The words of one rule: { CIDR } or { "port", PROTO, N }; argc must match. */
int etsn_fw_parse_rule(int argc, char **argv, struct etsn_fw_rule *r, const char **why);

/* Name of the pinned map that holds rules of this kind. */
const char *etsn_fw_map_name(enum etsn_fw_kind kind);
/* The rule's map key and its size. */
const void *etsn_fw_rule_key(const struct etsn_fw_rule *r, size_t *size);
/* Rule from a map key of that kind (as read back from the map). */
void etsn_fw_rule_from_key(enum etsn_fw_kind kind, const void *key, struct etsn_fw_rule *r);
/* "10.0.0.0/8", "2001:db8::/32", "port udp 5001". */
void etsn_fw_format_rule(const struct etsn_fw_rule *r, char *buf, size_t len);

/* The rule map value for a new rule: the lowest counter slot that none
 * of the n values in use (read from the rule maps) holds, plus one; 0 when
 * all ETSN_FW_MAX_RULES slots are taken. Values out of range are ignored.
 */
uint32_t etsn_fw_pick_slot(const uint32_t *used, size_t n);

/* Verdicts for what the firewall cannot judge by its rules (struct
 * etsn_fw_config): "unparsed drop|pass" and "fragments pass|drop", in
 * either order, each at most once, at least one. A field not given is
 * -1 (keep the value in the map).
 */
struct etsn_fw_policy {
	int unparsed;	/* ETSN_FW_UNPARSED_*, or -1 */
	int frag;	/* ETSN_FW_FRAG_*, or -1 */
};

int etsn_fw_parse_policy(int argc, char **argv, struct etsn_fw_policy *p, const char **why);
/* cfg with the fields p gives replaced. */
void etsn_fw_apply_policy(const struct etsn_fw_policy *p, struct etsn_fw_config *cfg);
/* "drop" or "pass": the verdict of each config field. */
const char *etsn_fw_unparsed_word(const struct etsn_fw_config *cfg);
const char *etsn_fw_frag_word(const struct etsn_fw_config *cfg);

/* SYN limit: "rate N/s burst M" (either order, each once) or "off".
 * N is SYNs per second per source, 0..ETSN_FW_SYN_MAX_RATE (0: a fixed
 * budget of M SYNs); M is 1..ETSN_FW_SYN_MAX_BURST. "off" gives the
 * all-zero config (no limit).
 */
int etsn_fw_parse_synlimit(int argc, char **argv, struct etsn_fw_syn_config *cfg,
			   const char **why);
/* rate (SYN/s) and burst (SYNs) to the bucket parameters the program
 * reads, range-checked as above.
 */
int etsn_fw_syn_config(uint64_t rate, uint64_t burst, struct etsn_fw_syn_config *cfg,
		       const char **why);
/* Back from the bucket parameters: false when the limit is off. */
bool etsn_fw_syn_limit(const struct etsn_fw_syn_config *cfg, uint64_t *rate, uint64_t *burst);

/* Names of the counters, as printed and as JSON keys. */
const char *etsn_fw_reason_name(unsigned int reason);
const char *etsn_fw_proto_name(unsigned int proto_class);
const char *etsn_fw_syn_counter_name(unsigned int counter);

#endif
