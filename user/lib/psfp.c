// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include "fw.h"
#include "parse.h"
#include "psfp.h"

static const char *const counter_names[ETSN_PSFP_COUNTERS] = {
	"passed", "yellow", "dropped_sdu", "dropped_red", "dropped_yellow", "dropped_gate",
};

const char *etsn_psfp_counter_name(unsigned int i)
{
	return i < ETSN_PSFP_COUNTERS ? counter_names[i] : "unknown";
}

uint64_t etsn_psfp_counter(const struct etsn_psfp_counters *c, unsigned int i)
{
	const uint64_t v[ETSN_PSFP_COUNTERS] = {
		c->passed, c->yellow, c->dropped_sdu, c->dropped_red, c->dropped_yellow,
		c->dropped_gate,
	};

	return i < ETSN_PSFP_COUNTERS ? v[i] : 0;
}

void etsn_psfp_sum(const struct etsn_psfp_counters *percpu, int ncpu,
		   struct etsn_psfp_counters *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (int c = 0; c < ncpu; c++) {
		sum->passed += percpu[c].passed;
		sum->yellow += percpu[c].yellow;
		sum->dropped_sdu += percpu[c].dropped_sdu;
		sum->dropped_red += percpu[c].dropped_red;
		sum->dropped_yellow += percpu[c].dropped_yellow;
		sum->dropped_gate += percpu[c].dropped_gate;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int etsn_psfp_parse_mac(const char *s, uint8_t mac[6], const char **why)
{
	uint8_t out[6];

	if (!s || strlen(s) != 17)
		goto bad;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			goto bad;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, 6);
	return 0;
bad:
	*why = "MAC address is six hex pairs with ':' (02:00:5e:00:53:01)";
	return -EINVAL;
}

int etsn_psfp_parse_id(const char *s, uint32_t *id, const char **why)
{
	uint64_t v;

	if (etsn_parse_u64(s, &v) || v >= ETSN_PSFP_MAX_STREAMS) {
		*why = "stream id is a number 0.." ETSN_PSFP_MAX_ID_TEXT;
		return -EINVAL;
	}
	*id = (uint32_t)v;
	return 0;
}

int etsn_psfp_parse_policy(const char *s, int *policy, const char **why)
{
	if (s && strcmp(s, "pass") == 0) {
		*policy = ETSN_PSFP_UNKNOWN_PASS;
		return 0;
	}
	if (s && strcmp(s, "drop") == 0) {
		*policy = ETSN_PSFP_UNKNOWN_DROP;
		return 0;
	}
	*why = "unknown-policy is pass or drop";
	return -EINVAL;
}

int etsn_psfp_parse_policies(int argc, char **argv, int *unknown, int *unparsed,
			     const char **why)
{
	int un = -1, up = -1;

	if (argc == 1 && !etsn_psfp_parse_policy(argv[0], &un, why)) {
		*unknown = un;
		*unparsed = -1;
		return 0;
	}
	for (int i = 0; i < argc; i += 2) {
		bool is_unknown = strcmp(argv[i], "unknown") == 0;

		if (!is_unknown && strcmp(argv[i], "unparsed")) {
			*why = "policy takes pass, drop, 'unknown pass|drop' or 'unparsed pass|drop'";
			return -EINVAL;
		}
		if (is_unknown ? un >= 0 : up >= 0) {
			*why = "each of unknown and unparsed at most once";
			return -EINVAL;
		}
		if (i + 1 == argc || (strcmp(argv[i + 1], "pass") && strcmp(argv[i + 1], "drop"))) {
			*why = is_unknown ? "unknown is pass or drop" : "unparsed is pass or drop";
			return -EINVAL;
		}
		if (is_unknown)
			un = strcmp(argv[i + 1], "drop") ? ETSN_PSFP_UNKNOWN_PASS : ETSN_PSFP_UNKNOWN_DROP;
		else
			up = strcmp(argv[i + 1], "drop") ? ETSN_PSFP_UNPARSED_PASS : ETSN_PSFP_UNPARSED_DROP;
	}
	if (un < 0 && up < 0) {
		*why = "policy takes pass, drop, 'unknown pass|drop' or 'unparsed pass|drop'";
		return -EINVAL;
	}
	*unknown = un;
	*unparsed = up;
	return 0;
}

int etsn_psfp_set_meter(struct etsn_psfp_meter *s, uint64_t cir, uint64_t cbs, uint64_t eir,
			uint64_t ebs, int drop_yellow, const char **why)
{
	if (cir > ETSN_PSFP_MAX_RATE || eir > ETSN_PSFP_MAX_RATE) {
		*why = "rates are at most 800gbit";
		return -EINVAL;
	}
	if (cbs < 1 || cbs > ETSN_PSFP_MAX_BURST || ebs > ETSN_PSFP_MAX_BURST) {
		*why = "cbs is 1..1000000000 bytes, ebs 0..1000000000";
		return -EINVAL;
	}
	if (eir && !ebs) {
		*why = "an excess rate needs an excess burst (ebs) of at least 1 byte";
		return -EINVAL;
	}
	s->flags |= ETSN_PSFP_F_METER;
	if (drop_yellow)
		s->flags |= ETSN_PSFP_F_DROP_YELLOW;
	s->cir = cir;
	s->cbs = cbs;
	s->eir = eir;
	s->ebs = ebs;
	s->ctokens = cbs * ETSN_PSFP_NS_PER_SEC;
	s->etokens = ebs * ETSN_PSFP_NS_PER_SEC;
	s->last_ns = 0;
	return 0;
}

/* "ip SRC DST" into the key (same family). */
static int parse_ip_pair(const char *src, const char *dst, struct etsn_psfp_ip_key *k,
			 const char **why)
{
	if (inet_pton(AF_INET, src, k->src) == 1 && inet_pton(AF_INET, dst, k->dst) == 1) {
		k->family = 4;
		return 0;
	}
	memset(k->src, 0, sizeof(k->src));
	memset(k->dst, 0, sizeof(k->dst));
	if (inet_pton(AF_INET6, src, k->src) == 1 && inet_pton(AF_INET6, dst, k->dst) == 1) {
		k->family = 6;
		return 0;
	}
	*why = "'ip' needs two IPv4 or two IPv6 addresses (SRC DST)";
	return -EINVAL;
}

/* Words that take one value, in the order they are parsed. */
enum word {
	W_ID, W_DST, W_VLAN, W_PROTO, W_SPORT, W_DPORT, W_DSCP, W_MAX_SDU,
	W_CIR, W_CBS, W_EIR, W_EBS, W_POLICY, W_IP, W_DROP_YELLOW, W_COUNT
};

static const char *const word_names[W_COUNT] = {
	"id", "dst", "vlan", "proto", "sport", "dport", "dscp", "max-sdu",
	"cir", "cbs", "eir", "ebs", "unknown-policy", "ip", "drop-yellow",
};

/* Splits argv into the value of each word; each word at most once. */
static int collect(int argc, char **argv, const char *val[W_COUNT], const char **ip_dst,
		   const char **why)
{
	static char msg[96];

	for (int i = 0; i < argc;) {
		int w = 0, nvals;

		while (w < W_COUNT && strcmp(argv[i], word_names[w]) != 0)
			w++;
		if (w == W_COUNT) {
			snprintf(msg, sizeof(msg), "unknown word '%.40s'", argv[i]);
			*why = msg;
			return -EINVAL;
		}
		if (val[w]) {
			snprintf(msg, sizeof(msg), "'%s' given twice", word_names[w]);
			*why = msg;
			return -EINVAL;
		}
		nvals = w == W_DROP_YELLOW ? 0 : w == W_IP ? 2 : 1;
		if (i + nvals >= argc && nvals) {
			snprintf(msg, sizeof(msg), "'%s' needs %s", word_names[w],
				 w == W_IP ? "SRC and DST" : "a value");
			*why = msg;
			return -EINVAL;
		}
		val[w] = nvals ? argv[i + 1] : argv[i];
		if (w == W_IP)
			*ip_dst = argv[i + 2];
		i += 1 + nvals;
	}
	return 0;
}

static int parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *v, const char *what,
		       const char **why)
{
	if (etsn_parse_u64(s, v) || *v < lo || *v > hi) {
		*why = what;
		return -EINVAL;
	}
	return 0;
}

static int parse_ident(const char *val[W_COUNT], const char *ip_dst,
		       struct etsn_psfp_stream *s, const char **why)
{
	uint64_t v;

	if (!val[W_DST] == !val[W_IP]) {
		*why = "a stream is named by 'dst MAC [vlan V]' or by 'ip SRC DST ...', one of them";
		return -EINVAL;
	}
	if (val[W_DST]) {
		if (val[W_PROTO] || val[W_SPORT] || val[W_DPORT] || val[W_DSCP]) {
			*why = "proto, sport, dport and dscp go with 'ip', not 'dst'";
			return -EINVAL;
		}
		s->key_kind = ETSN_PSFP_KEY_MAC;
		if (etsn_psfp_parse_mac(val[W_DST], s->mac.dst, why))
			return -EINVAL;
		if (val[W_VLAN]) {
			if (parse_range(val[W_VLAN], 1, 4094, &v, "VLAN ID is 1..4094", why))
				return -EINVAL;
			s->mac.vid = (uint16_t)v;
		}
		return 0;
	}
	if (val[W_VLAN]) {
		*why = "'vlan' goes with 'dst MAC'";
		return -EINVAL;
	}
	if (!val[W_PROTO] || !val[W_SPORT] || !val[W_DPORT]) {
		*why = "'ip SRC DST' needs proto, sport and dport";
		return -EINVAL;
	}
	s->key_kind = ETSN_PSFP_KEY_IP;
	if (parse_ip_pair(val[W_IP], ip_dst, &s->ip, why) ||
	    etsn_fw_parse_proto(val[W_PROTO], &s->ip.proto, why) ||
	    etsn_fw_parse_port(val[W_SPORT], &s->ip.sport, why) ||
	    etsn_fw_parse_port(val[W_DPORT], &s->ip.dport, why))
		return -EINVAL;
	s->ip.dscp = ETSN_PSFP_DSCP_ANY;
	if (val[W_DSCP]) {
		if (parse_range(val[W_DSCP], 0, 63, &v, "DSCP is 0..63", why))
			return -EINVAL;
		s->ip.dscp = (uint8_t)v;
	}
	return 0;
}

static int parse_meter(const char *val[W_COUNT], struct etsn_psfp_meter *s, const char **why)
{
	uint64_t cir, cbs, eir = 0, ebs = 0;
	int err;

	if (!val[W_CIR] && !val[W_CBS] && !val[W_EIR] && !val[W_EBS] && !val[W_DROP_YELLOW])
		return 0;
	if (!val[W_CIR] || !val[W_CBS]) {
		*why = "a meter needs cir RATE and cbs BYTES";
		return -EINVAL;
	}
	if (!val[W_EIR] != !val[W_EBS]) {
		*why = "eir and ebs go together";
		return -EINVAL;
	}
	err = etsn_parse_rate_Bps(val[W_CIR], &cir);
	if (!err && val[W_EIR])
		err = etsn_parse_rate_Bps(val[W_EIR], &eir);
	if (err == -ERANGE) {
		*why = "rates are at most 800gbit";
		return -EINVAL;
	}
	if (err) {
		*why = "a rate is a number with a unit: bit, kbit, mbit, gbit (bits/s), bps, kbps, mbps, gbps (bytes/s), a whole number of bytes/s";
		return -EINVAL;
	}
	if (etsn_parse_u64(val[W_CBS], &cbs) || (val[W_EBS] && etsn_parse_u64(val[W_EBS], &ebs))) {
		*why = "cbs and ebs are numbers of bytes";
		return -EINVAL;
	}
	return etsn_psfp_set_meter(s, cir, cbs, eir, ebs, val[W_DROP_YELLOW] != NULL, why);
}

int etsn_psfp_parse_meter(int argc, char **argv, struct etsn_psfp_meter *s, const char **why)
{
	const char *val[W_COUNT] = { 0 }, *ip_dst = NULL;
	struct etsn_psfp_meter out = { 0 };

	if (argc == 1 && strcmp(argv[0], "off") == 0) {
		*s = out;
		return 0;
	}
	if (collect(argc, argv, val, &ip_dst, why))
		return -EINVAL;
	for (int w = 0; w < W_COUNT; w++) {
		if (val[w] && w != W_CIR && w != W_CBS && w != W_EIR && w != W_EBS &&
		    w != W_DROP_YELLOW) {
			*why = "a meter is 'cir RATE cbs BYTES [eir RATE ebs BYTES] [drop-yellow]' or 'off'";
			return -EINVAL;
		}
	}
	if (!val[W_CIR] && !val[W_CBS]) {
		*why = "a meter needs cir RATE and cbs BYTES (or 'off')";
		return -EINVAL;
	}
	if (parse_meter(val, &out, why))
		return -EINVAL;
	*s = out;
	return 0;
}

int etsn_psfp_parse_add(int argc, char **argv, struct etsn_psfp_rule *r, const char **why)
{
	struct etsn_psfp_rule out = { .policy = -1 };
	const char *val[W_COUNT] = { 0 }, *ip_dst = NULL;
	uint64_t v;

	if (collect(argc, argv, val, &ip_dst, why))
		return -EINVAL;
	if (!val[W_ID]) {
		*why = "needs 'id N'";
		return -EINVAL;
	}
	if (etsn_psfp_parse_id(val[W_ID], &out.id, why) ||
	    parse_ident(val, ip_dst, &out.stream, why))
		return -EINVAL;
	if (val[W_MAX_SDU]) {
		if (parse_range(val[W_MAX_SDU], 1, 65535, &v, "max-sdu is 1..65535 bytes", why))
			return -EINVAL;
		out.stream.max_sdu = (uint32_t)v;
	}
	if (parse_meter(val, &out.meter, why))
		return -EINVAL;
	if (val[W_POLICY] && etsn_psfp_parse_policy(val[W_POLICY], &out.policy, why))
		return -EINVAL;
	*r = out;
	return 0;
}

const char *etsn_psfp_key_map(const struct etsn_psfp_stream *s)
{
	return s->key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_MAP_MAC : ETSN_PSFP_MAP_IP;
}

const void *etsn_psfp_key(const struct etsn_psfp_stream *s, size_t *size)
{
	if (s->key_kind == ETSN_PSFP_KEY_MAC) {
		*size = sizeof(s->mac);
		return &s->mac;
	}
	*size = sizeof(s->ip);
	return &s->ip;
}

void etsn_psfp_format_key(const struct etsn_psfp_stream *s, char *buf, size_t len)
{
	char src[INET6_ADDRSTRLEN] = "?", dst[INET6_ADDRSTRLEN] = "?", dscp[16] = "";
	const uint8_t *m = s->mac.dst;
	int n;

	if (s->key_kind == ETSN_PSFP_KEY_MAC) {
		n = snprintf(buf, len, "dst %02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
			     m[4], m[5]);
		if (s->mac.vid && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n, " vlan %u", s->mac.vid);
		return;
	}
	int af = s->ip.family == 4 ? AF_INET : AF_INET6;

	inet_ntop(af, s->ip.src, src, sizeof(src));
	inet_ntop(af, s->ip.dst, dst, sizeof(dst));
	if (s->ip.dscp != ETSN_PSFP_DSCP_ANY)
		snprintf(dscp, sizeof(dscp), " dscp %u", s->ip.dscp);
	snprintf(buf, len, "ip %s %s proto %s sport %u dport %u%s", src, dst,
		 etsn_fw_proto_word(s->ip.proto), s->ip.sport, s->ip.dport, dscp);
}

void etsn_psfp_format_rate(uint64_t bytes_per_s, char *buf, size_t len)
{
	static const char *const bit_units[] = { "bit", "kbit", "mbit", "gbit", "tbit" };
	unsigned int u = 0;
	uint64_t v;

	if (bytes_per_s > UINT64_MAX / 8) {
		snprintf(buf, len, "%" PRIu64 "bps", bytes_per_s);
		return;
	}
	v = bytes_per_s * 8;
	while (v && v % 1000 == 0 && u + 1 < sizeof(bit_units) / sizeof(bit_units[0])) {
		v /= 1000;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 "%s", v, bit_units[u]);
}

int etsn_psfp_parse_gate(int argc, char **argv, int64_t now_tai, struct etsn_psfp_gate *g,
			 const char **why)
{
	struct etsn_psfp_gate out = { 0 };
	uint64_t sum = 0, cycle = 0, v;
	int64_t base = 0;
	int i = 0;

	if (i + 1 < argc && strcmp(argv[i], "base") == 0) {
		if (etsn_parse_time_ns(argv[i + 1], now_tai, &base) || base < 0) {
			*why = "base is a time: +DURATION from now or TAI seconds (1700000000.5)";
			return -EINVAL;
		}
		i += 2;
	}
	if (i + 1 < argc && strcmp(argv[i], "cycle") == 0) {
		if (etsn_parse_duration_ns(argv[i + 1], &cycle) || !cycle) {
			*why = "cycle is a duration of at least 1ns (100ms, 250us)";
			return -EINVAL;
		}
		i += 2;
	}
	for (; i < argc; i += 2) {
		int open = strcmp(argv[i], "open") == 0;

		if (!open && strcmp(argv[i], "closed") != 0) {
			*why = "gate entries are 'open DURATION' or 'closed DURATION'";
			return -EINVAL;
		}
		if (out.count == ETSN_PSFP_GATE_MAX) {
			*why = "at most 8 gate entries";
			return -EINVAL;
		}
		if (i + 1 >= argc || etsn_parse_duration_ns(argv[i + 1], &v) || !v ||
		    v > UINT64_MAX - sum) {
			*why = "a gate entry needs a duration of at least 1ns";
			return -EINVAL;
		}
		out.ent[out.count].open = (uint32_t)open;
		out.ent[out.count].interval_ns = v;
		out.count++;
		sum += v;
	}
	if (!out.count) {
		*why = "a gate needs at least one 'open|closed DURATION'";
		return -EINVAL;
	}
	out.base_ns = (uint64_t)base;
	out.cycle_ns = cycle ? cycle : sum;
	*g = out;
	return 0;
}

void etsn_psfp_format_gate(const struct etsn_psfp_gate *g, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "base %" PRIu64 " cycle %" PRIu64, (uint64_t)g->base_ns,
		 (uint64_t)g->cycle_ns);
	for (uint32_t i = 0; i < g->count && i < ETSN_PSFP_GATE_MAX; i++) {
		n = strlen(buf);
		snprintf(buf + n, len - n, " %s %" PRIu64, g->ent[i].open ? "open" : "closed",
			 (uint64_t)g->ent[i].interval_ns);
	}
}
