// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "fw.h"
#include "parse.h"

static const char *const reason_names[ETSN_FW_REASONS] = {
	[ETSN_FW_PASSED] = "passed",
	[ETSN_FW_DROPPED_CIDR4] = "dropped_cidr4",
	[ETSN_FW_DROPPED_CIDR6] = "dropped_cidr6",
	[ETSN_FW_DROPPED_PORT] = "dropped_port",
	[ETSN_FW_MALFORMED] = "malformed",
	[ETSN_FW_DROPPED_SYN] = "dropped_syn",
	[ETSN_FW_UNPARSED] = "unparsed",
	[ETSN_FW_UNPARSED_PASSED] = "unparsed_passed",
	[ETSN_FW_DROPPED_FRAG] = "dropped_frag",
};

static const char *const proto_names[ETSN_FW_PROTOS] = {
	[ETSN_FW_PROTO_NON_IP] = "non_ip",
	[ETSN_FW_PROTO_TCP] = "tcp",
	[ETSN_FW_PROTO_UDP] = "udp",
	[ETSN_FW_PROTO_ICMP] = "icmp",
	[ETSN_FW_PROTO_OTHER_IP] = "other_ip",
};

static const char *const syn_counter_names[ETSN_FW_SYN_COUNTERS] = {
	[ETSN_FW_SYN_SEEN] = "syn_seen",
	[ETSN_FW_SYN_NEW_SOURCE] = "syn_sources_added",
};

const char *etsn_fw_syn_counter_name(unsigned int counter)
{
	return counter < ETSN_FW_SYN_COUNTERS ? syn_counter_names[counter] : "unknown";
}

const char *etsn_fw_reason_name(unsigned int reason)
{
	return reason < ETSN_FW_REASONS ? reason_names[reason] : "unknown";
}

const char *etsn_fw_proto_name(unsigned int proto_class)
{
	return proto_class < ETSN_FW_PROTOS ? proto_names[proto_class] : "unknown";
}

/* True when addr has a bit set at or after bit plen (from the top). */
static int host_bits_set(const uint8_t *addr, unsigned int bytes, unsigned int plen)
{
	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int first = i * 8;
		uint8_t mask;

		if (first + 8 <= plen)
			continue;
		mask = first >= plen ? 0xff : (uint8_t)(0xff >> (plen - first));
		if (addr[i] & mask)
			return 1;
	}
	return 0;
}

int etsn_fw_parse_cidr(const char *s, struct etsn_fw_rule *r, const char **why)
{
	struct etsn_fw_rule out = { 0 };
	char addr[INET6_ADDRSTRLEN];
	const char *slash;
	unsigned int max;
	uint64_t plen;
	uint8_t *bytes;
	size_t alen;

	if (!s || !*s) {
		*why = "empty address";
		return -EINVAL;
	}
	slash = strchr(s, '/');
	alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr)) {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, out.cidr4.addr) == 1) {
		out.kind = ETSN_FW_CIDR4;
		bytes = out.cidr4.addr;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, out.cidr6.addr) == 1) {
		out.kind = ETSN_FW_CIDR6;
		bytes = out.cidr6.addr;
		max = 128;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	plen = max;
	if (slash && etsn_parse_u64(slash + 1, &plen)) {
		*why = "prefix length is not a number";
		return -EINVAL;
	}
	if (plen > max) {
		*why = max == 32 ? "IPv4 prefix length is 0..32" : "IPv6 prefix length is 0..128";
		return -EINVAL;
	}
	if (host_bits_set(bytes, max / 8, (unsigned int)plen)) {
		*why = "address has bits set beyond the prefix length (give the network address)";
		return -EINVAL;
	}
	if (out.kind == ETSN_FW_CIDR4)
		out.cidr4.prefixlen = (uint32_t)plen;
	else
		out.cidr6.prefixlen = (uint32_t)plen;
	*r = out;
	return 0;
}

int etsn_fw_parse_proto(const char *s, uint8_t *proto, const char **why)
{
	if (s && strcmp(s, "tcp") == 0) {
		*proto = IPPROTO_TCP;
		return 0;
	}
	if (s && strcmp(s, "udp") == 0) {
		*proto = IPPROTO_UDP;
		return 0;
	}
	*why = "protocol is tcp or udp";
	return -EINVAL;
}

const char *etsn_fw_proto_word(uint8_t proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "?";
}

int etsn_fw_parse_port(const char *s, uint16_t *port, const char **why)
{
	uint64_t v;

	if (etsn_parse_u64(s, &v) || v < 1 || v > 65535) {
		*why = "port is a number 1..65535";
		return -EINVAL;
	}
	*port = (uint16_t)v;
	return 0;
}

int etsn_fw_parse_rule(int argc, char **argv, struct etsn_fw_rule *r, const char **why)
{
	struct etsn_fw_rule out = { .kind = ETSN_FW_PORT };

	if (argc >= 1 && strcmp(argv[0], "port") == 0) {
		if (argc != 3) {
			*why = argc < 3 ? "'port' needs PROTO and N" : "too many words after 'port PROTO N'";
			return -EINVAL;
		}
		if (etsn_fw_parse_proto(argv[1], &out.port.proto, why) ||
		    etsn_fw_parse_port(argv[2], &out.port.port, why))
			return -EINVAL;
		*r = out;
		return 0;
	}
	if (argc != 1) {
		*why = argc < 1 ? "needs a CIDR or 'port PROTO N'" : "too many words after the CIDR";
		return -EINVAL;
	}
	return etsn_fw_parse_cidr(argv[0], r, why);
}

const char *etsn_fw_map_name(enum etsn_fw_kind kind)
{
	switch (kind) {
	case ETSN_FW_CIDR4:
		return ETSN_FW_MAP_SRC4;
	case ETSN_FW_CIDR6:
		return ETSN_FW_MAP_SRC6;
	default:
		return ETSN_FW_MAP_PORT;
	}
}

const void *etsn_fw_rule_key(const struct etsn_fw_rule *r, size_t *size)
{
	switch (r->kind) {
	case ETSN_FW_CIDR4:
		*size = sizeof(r->cidr4);
		return &r->cidr4;
	case ETSN_FW_CIDR6:
		*size = sizeof(r->cidr6);
		return &r->cidr6;
	default:
		*size = sizeof(r->port);
		return &r->port;
	}
}

void etsn_fw_rule_from_key(enum etsn_fw_kind kind, const void *key, struct etsn_fw_rule *r)
{
	size_t size = 0;
	void *dst;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	dst = (void *)etsn_fw_rule_key(r, &size);
	memcpy(dst, key, size);
}

void etsn_fw_format_rule(const struct etsn_fw_rule *r, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	switch (r->kind) {
	case ETSN_FW_CIDR4:
		inet_ntop(AF_INET, r->cidr4.addr, addr, sizeof(addr));
		snprintf(buf, len, "%s/%u", addr, r->cidr4.prefixlen);
		break;
	case ETSN_FW_CIDR6:
		inet_ntop(AF_INET6, r->cidr6.addr, addr, sizeof(addr));
		snprintf(buf, len, "%s/%u", addr, r->cidr6.prefixlen);
		break;
	default:
		snprintf(buf, len, "port %s %u", etsn_fw_proto_word(r->port.proto), r->port.port);
		break;
	}
}

int etsn_fw_syn_config(uint64_t rate, uint64_t burst, struct etsn_fw_syn_config *cfg,
		       const char **why)
{
	if (rate > ETSN_FW_SYN_MAX_RATE) {
		*why = "rate is 0..10000000/s";
		return -EINVAL;
	}
	if (burst < 1 || burst > ETSN_FW_SYN_MAX_BURST) {
		*why = "burst is 1..1000000 SYNs";
		return -EINVAL;
	}
	/* Nano-SYNs: a SYN/s is a nano-SYN per ns. */
	cfg->rate = rate;
	cfg->max_tokens = burst * ETSN_FW_SYN_TOKEN;
	return 0;
}

bool etsn_fw_syn_limit(const struct etsn_fw_syn_config *cfg, uint64_t *rate, uint64_t *burst)
{
	if (!cfg->max_tokens)
		return false;
	*rate = cfg->rate;
	*burst = cfg->max_tokens / ETSN_FW_SYN_TOKEN;
	return true;
}

/* "N/s": N decimal. */
static int parse_syn_rate(const char *s, uint64_t *rate)
{
	char num[24];
	size_t n = s ? strlen(s) : 0;

	if (n < 3 || n - 2 >= sizeof(num) || strcmp(s + n - 2, "/s"))
		return -EINVAL;
	memcpy(num, s, n - 2);
	num[n - 2] = '\0';
	return etsn_parse_u64(num, rate);
}

int etsn_fw_parse_synlimit(int argc, char **argv, struct etsn_fw_syn_config *cfg,
			   const char **why)
{
	uint64_t rate = 0, burst = 0;
	bool have_rate = false, have_burst = false;

	if (argc == 1 && strcmp(argv[0], "off") == 0) {
		memset(cfg, 0, sizeof(*cfg));
		return 0;
	}
	if (argc == 0) {
		*why = "needs 'rate N/s burst M' or 'off'";
		return -EINVAL;
	}
	for (int i = 0; i < argc; i += 2) {
		bool is_rate = strcmp(argv[i], "rate") == 0;

		if (!is_rate && strcmp(argv[i], "burst")) {
			*why = strcmp(argv[i], "off") ? "expected 'rate N/s' and 'burst M'" :
							"'off' stands alone";
			return -EINVAL;
		}
		if (i + 1 >= argc) {
			*why = is_rate ? "'rate' needs N/s (SYNs per second)" : "'burst' needs M (SYNs)";
			return -EINVAL;
		}
		if (is_rate ? have_rate : have_burst) {
			*why = is_rate ? "'rate' given twice" : "'burst' given twice";
			return -EINVAL;
		}
		if (is_rate && parse_syn_rate(argv[i + 1], &rate)) {
			*why = "rate is SYNs per second per source: N/s, e.g. 100/s";
			return -EINVAL;
		}
		if (!is_rate && etsn_parse_u64(argv[i + 1], &burst)) {
			*why = "burst is a number of SYNs";
			return -EINVAL;
		}
		have_rate |= is_rate;
		have_burst |= !is_rate;
	}
	if (!have_rate || !have_burst) {
		*why = have_rate ? "needs 'burst M' too" : "needs 'rate N/s' too";
		return -EINVAL;
	}
	return etsn_fw_syn_config(rate, burst, cfg, why);
}

int etsn_fw_parse_policy(int argc, char **argv, struct etsn_fw_policy *p, const char **why)
{
	struct etsn_fw_policy out = { -1, -1 };

	if (argc == 0) {
		*why = "needs 'unparsed drop|pass' and/or 'fragments pass|drop'";
		return -EINVAL;
	}
	for (int i = 0; i < argc; i += 2) {
		bool is_unparsed = strcmp(argv[i], "unparsed") == 0;
		int *field = is_unparsed ? &out.unparsed : &out.frag;
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!is_unparsed && strcmp(argv[i], "fragments")) {
			*why = "expected 'unparsed drop|pass' or 'fragments pass|drop'";
			return -EINVAL;
		}
		if (*field >= 0) {
			*why = is_unparsed ? "'unparsed' given twice" : "'fragments' given twice";
			return -EINVAL;
		}
		if (!v || (strcmp(v, "drop") && strcmp(v, "pass"))) {
			*why = is_unparsed ? "'unparsed' needs drop or pass" :
					     "'fragments' needs pass or drop";
			return -EINVAL;
		}
		if (is_unparsed)
			*field = strcmp(v, "pass") ? ETSN_FW_UNPARSED_DROP : ETSN_FW_UNPARSED_PASS;
		else
			*field = strcmp(v, "drop") ? ETSN_FW_FRAG_PASS : ETSN_FW_FRAG_DROP;
	}
	*p = out;
	return 0;
}

void etsn_fw_apply_policy(const struct etsn_fw_policy *p, struct etsn_fw_config *cfg)
{
	if (p->unparsed >= 0)
		cfg->unparsed = (uint32_t)p->unparsed;
	if (p->frag >= 0)
		cfg->frag = (uint32_t)p->frag;
}

const char *etsn_fw_unparsed_word(const struct etsn_fw_config *cfg)
{
	return cfg->unparsed == ETSN_FW_UNPARSED_PASS ? "pass" : "drop";
}

const char *etsn_fw_frag_word(const struct etsn_fw_config *cfg)
{
	return cfg->frag == ETSN_FW_FRAG_DROP ? "drop" : "pass";
}

uint32_t etsn_fw_pick_slot(const uint32_t *used, size_t n)
{
	static const unsigned int bits = 64;
	uint64_t taken[(ETSN_FW_MAX_RULES + 63) / 64] = { 0 };

	for (size_t i = 0; i < n; i++)
		if (used[i] >= 1 && used[i] <= ETSN_FW_MAX_RULES)
			taken[(used[i] - 1) / bits] |= 1ULL << ((used[i] - 1) % bits);
	for (uint32_t s = 0; s < ETSN_FW_MAX_RULES; s++)
		if (!(taken[s / bits] & (1ULL << (s % bits))))
			return s + 1;
	return 0;
}
