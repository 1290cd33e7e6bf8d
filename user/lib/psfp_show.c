// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON of a PSFP stream's parts (psfp_show.h). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>

#include "fw.h"
#include "psfp_show.h"

void etsn_psfp_out_key(struct etsn_out *o, uint32_t kind, const struct etsn_psfp_mac_key *mac,
		       const struct etsn_psfp_ip_key *ip)
{
	char a[INET6_ADDRSTRLEN] = "?", b[INET6_ADDRSTRLEN] = "?";
	const uint8_t *m = mac->dst;
	int af = ip->family == 4 ? AF_INET : AF_INET6;

	etsn_out_open(o, "key", NULL);
	if (kind == ETSN_PSFP_KEY_MAC) {
		snprintf(a, sizeof(a), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
			 m[4], m[5]);
		etsn_out_str(o, "dst_mac", "dst %s", a);
		if (mac->vid)
			etsn_out_u64(o, "vlan", " vlan %" PRIu64, mac->vid);
	} else {
		inet_ntop(af, ip->src, a, sizeof(a));
		inet_ntop(af, ip->dst, b, sizeof(b));
		etsn_out_str(o, "src_ip", "ip %s", a);
		etsn_out_str(o, "dst_ip", " %s", b);
		etsn_out_str(o, "proto", " proto %s", etsn_fw_proto_word(ip->proto));
		etsn_out_u64(o, "sport", " sport %" PRIu64, ip->sport);
		etsn_out_u64(o, "dport", " dport %" PRIu64, ip->dport);
		if (ip->dscp != ETSN_PSFP_DSCP_ANY)
			etsn_out_u64(o, "dscp", " dscp %" PRIu64, ip->dscp);
	}
	etsn_out_close(o);
}

void etsn_psfp_out_meter(struct etsn_out *o, const struct etsn_psfp_meter *s, bool tokens_text)
{
	char cir[ETSN_PSFP_RATE_STRLEN], eir[ETSN_PSFP_RATE_STRLEN];

	if (!(s->flags & ETSN_PSFP_F_METER))
		return;
	etsn_psfp_format_rate(s->cir, cir, sizeof(cir));
	etsn_psfp_format_rate(s->eir, eir, sizeof(eir));
	etsn_out_open(o, "meter", NULL);
	etsn_out_str(o, NULL, " cir %s", cir);
	etsn_out_u64(o, "cir_bytes_per_s", NULL, s->cir);
	etsn_out_u64(o, "cbs_bytes", " cbs %" PRIu64, s->cbs);
	etsn_out_str(o, NULL, " eir %s", eir);
	etsn_out_u64(o, "eir_bytes_per_s", NULL, s->eir);
	etsn_out_u64(o, "ebs_bytes", " ebs %" PRIu64, s->ebs);
	etsn_out_bool(o, "drop_yellow", "%s", s->flags & ETSN_PSFP_F_DROP_YELLOW, " drop-yellow",
		      "");
	etsn_out_u64(o, "committed_tokens_bytes", tokens_text ? ", tokens %" PRIu64 " committed" : NULL,
		     s->ctokens / ETSN_PSFP_NS_PER_SEC);
	etsn_out_u64(o, "excess_tokens_bytes", tokens_text ? " %" PRIu64 " excess (bytes)" : NULL,
		     s->etokens / ETSN_PSFP_NS_PER_SEC);
	if (s->last_ns)
		etsn_out_u64(o, "last_ns", NULL, s->last_ns);
	etsn_out_close(o);
}

void etsn_psfp_out_gate(struct etsn_out *o, const struct etsn_psfp_gate *g)
{
	etsn_out_open(o, "gate", "  gate");
	etsn_out_u64(o, "base_ns", " base %" PRIu64, g->base_ns);
	etsn_out_u64(o, "cycle_ns", " cycle %" PRIu64, g->cycle_ns);
	etsn_out_open_array(o, "entries", NULL);
	for (uint32_t i = 0; i < g->count && i < ETSN_PSFP_GATE_MAX; i++) {
		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_str(o, "state", " %s", g->ent[i].open ? "open" : "closed");
		etsn_out_u64(o, "interval_ns", " %" PRIu64, g->ent[i].interval_ns);
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	etsn_out_close(o);
	etsn_out_text(o, " (ns)\n");
}

static void out_verdict(struct etsn_out *o, const char *key, const char *text, bool drop,
			uint64_t passed, uint64_t dropped)
{
	etsn_out_open(o, key, text);
	etsn_out_str(o, "policy", ": policy %s", drop ? "drop" : "pass");
	etsn_out_u64(o, "passed", ", passed %" PRIu64, passed);
	etsn_out_u64(o, "dropped", ", dropped %" PRIu64 "\n", dropped);
	etsn_out_close(o);
}

void etsn_psfp_out_policies(struct etsn_out *o, const struct etsn_psfp_config *cfg,
			    const uint64_t g[ETSN_PSFP_GLOBALS])
{
	out_verdict(o, "unknown", "unknown streams", cfg->unknown_policy == ETSN_PSFP_UNKNOWN_DROP,
		    g[ETSN_PSFP_UNKNOWN_PASSED], g[ETSN_PSFP_UNKNOWN_DROPPED]);
	out_verdict(o, "unparsed", "unparsed frames", cfg->unparsed != ETSN_PSFP_UNPARSED_PASS,
		    g[ETSN_PSFP_UNPARSED_PASSED], g[ETSN_PSFP_UNPARSED_DROPPED]);
}

void etsn_psfp_out_counters(struct etsn_out *o, const struct etsn_psfp_counters *c)
{
	etsn_out_open(o, "counters", " ");
	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		etsn_out_count(o, etsn_psfp_counter_name(i), etsn_psfp_counter(c, i));
	etsn_out_close(o);
	etsn_out_text(o, "\n");
}
