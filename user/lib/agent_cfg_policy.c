// SPDX-License-Identifier: GPL-2.0-or-later
/* The policy plane of an interface: XDP firewall rules, PSFP streams and
 * egress classifier rules. Each rule is given as the words etsnctl takes
 * (a string, a list of words, or a mapping of word: value) and read by the
 * parsers etsnctl uses (user/lib/fw.c, psfp.c, classify.c).
 */
#include <string.h>

#include "agent_config_priv.h"

static void fw_frames(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	const struct etsn_fw_rule *r = &((const struct etsn_agent_iface *)ifc)->fw_rules[i];

	k->kind = r->kind;
	k->bytes = etsn_fw_rule_key(r, &k->size);
}

static void fw_rule(struct etsn_diag *d, struct etsn_agent_rules *rs,
		    const struct etsn_ynode *n, const char *what)
{
	struct etsn_agent_iface *ifc = rs->ifc;
	struct etsn_cfgw_words w;
	struct etsn_fw_rule r;
	const char *why = NULL;
	struct etsn_dupkey k;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_fw_parse_rule(w.argc, w.argv, &r, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	ifc->fw_rules[ifc->nfw_rules] = r;
	fw_frames(ifc, ifc->nfw_rules, &k);
	if (etsn_dupset_find(&rs->frames, &k) != ETSN_DUPSET_NONE) {
		char text[ETSN_FW_RULE_STRLEN];

		etsn_fw_format_rule(&r, text, sizeof(text));
		etsn_diag_add(d, n->line, n->col, "%s: rule '%s' given twice", what, text);
	} else if (etsn_agent_cfg_keep(d, n, what, rs, ifc->nfw_rules)) {
		ifc->nfw_rules++;
	}
out:
	etsn_cfgw_words_free(&w);
}

static const struct etsn_agent_rule_kind fw_rule_kind = {
	.section = "firewall.rules", .fn = fw_rule, .frames = fw_frames,
};

static void on_fw_rules(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->fw_rules };
	const size_t sizes[] = { sizeof(*ifc->fw_rules) };

	etsn_agent_cfg_each_rule(d, n, ifc, &fw_rule_kind, arrs, sizes, 1);
}

static void on_syn_limit(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	struct etsn_cfgw_words w;
	const char *why = NULL;
	char what[64];

	snprintf(what, sizeof(what), "%s.firewall.syn-limit", ifc->name);
	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_fw_parse_synlimit(w.argc, w.argv, &ifc->syn_limit, &why))
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
	else
		ifc->has_syn_limit = true;
	etsn_cfgw_words_free(&w);
}

/* A firewall verdict, as etsnctl fw policy takes it: word is "unparsed"
 * (frames deeper than the parser reads) or "fragments" (IP fragments past
 * offset 0); the key is word-policy.
 */
static void fw_policy(struct etsn_diag *d, const struct etsn_ynode *n,
		      struct etsn_agent_iface *ifc, const char *word)
{
	struct etsn_fw_policy p;
	const char *why = NULL;
	char what[64], value[8];
	char *argv[] = { (char *)word, value };

	snprintf(what, sizeof(what), "%s.firewall.%s-policy", ifc->name, word);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return;
	snprintf(value, sizeof(value), "%s", n->text);
	if (strlen(n->text) >= sizeof(value) || etsn_fw_parse_policy(2, argv, &p, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s-policy is drop or pass", what, word);
		return;
	}
	if (p.unparsed >= 0)
		ifc->fw_policy.unparsed = p.unparsed;
	if (p.frag >= 0)
		ifc->fw_policy.frag = p.frag;
}

static void on_fw_unparsed(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	fw_policy(d, n, obj, "unparsed");
}

static void on_fw_fragments(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	fw_policy(d, n, obj, "fragments");
}

static const struct etsn_cfgw_key fw_keys[] = {
	{ .name = "rules", .fn = on_fw_rules },
	{ .name = "syn-limit", .fn = on_syn_limit },
	{ .name = "unparsed-policy", .fn = on_fw_unparsed },
	{ .name = "fragments-policy", .fn = on_fw_fragments },
};

void etsn_agent_cfg_firewall(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	char what[64];

	snprintf(what, sizeof(what), "%s.firewall", ifc->name);
	ifc->has_firewall = etsn_cfgw_map(d, n, what, fw_keys,
					  sizeof(fw_keys) / sizeof(fw_keys[0]), ifc);
}

/* A stream's gate: the words of `etsnctl stream gate`, base absolute. */
static bool stream_gate(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			struct etsn_psfp_gate *g)
{
	struct etsn_cfgw_words w;
	const char *why = NULL;
	bool ok = false;

	if (!etsn_cfgw_words(d, n, what, &w))
		return false;
	if (w.argc >= 2 && strcmp(w.argv[0], "base") == 0 && w.argv[1][0] == '+')
		etsn_diag_add(d, n->line, n->col,
			      "%s: base '%s' is relative; a config needs TAI seconds", what,
			      w.argv[1]);
	else if (etsn_psfp_parse_gate(w.argc, w.argv, 0, g, &why))
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
	else
		ok = true;
	etsn_cfgw_words_free(&w);
	return ok;
}

static void stream_frames(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	const struct etsn_agent_iface *f = ifc;
	const struct etsn_psfp_stream *s = &f->streams[i].stream;

	etsn_agent_frames_key(s->key_kind, &s->mac, &s->ip, k);
}

static void stream_id(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	etsn_agent_id_key(&((const struct etsn_agent_iface *)ifc)->streams[i].id, k);
}

static void stream(struct etsn_diag *d, struct etsn_agent_rules *rs,
		   const struct etsn_ynode *n, const char *what)
{
	struct etsn_agent_iface *ifc = rs->ifc;
	struct etsn_ynode rest = *n;	/* the stream without its gate */
	const struct etsn_ynode *gate = NULL;
	struct etsn_ynode *kids[2 * 32];
	struct etsn_psfp_gate g = { 0 };
	struct etsn_cfgw_words w;
	struct etsn_agent_stream *s;
	struct etsn_psfp_rule r;
	const char *why = NULL;
	char gwhat[80];

	if (n->kind == ETSN_Y_MAP) {
		if (n->nkids > sizeof(kids) / sizeof(kids[0])) {
			etsn_diag_add(d, n->line, n->col, "%s: more than 32 keys", what);
			return;
		}
		rest.kids = kids;
		rest.nkids = 0;
		for (size_t i = 0; i + 1 < n->nkids; i += 2) {
			if (n->kids[i]->kind == ETSN_Y_SCALAR && !strcmp(n->kids[i]->text, "gate")) {
				if (gate) {
					etsn_diag_add(d, n->kids[i]->line, n->kids[i]->col,
						      "%s: duplicate key 'gate'", what);
					return;
				}
				gate = n->kids[i + 1];
				continue;
			}
			kids[rest.nkids++] = n->kids[i];
			kids[rest.nkids++] = n->kids[i + 1];
		}
	}
	snprintf(gwhat, sizeof(gwhat), "%s.gate", what);
	if (gate && !stream_gate(d, gate, gwhat, &g))
		return;
	if (!etsn_cfgw_words(d, &rest, what, &w))
		return;
	if (etsn_psfp_parse_add(w.argc, w.argv, &r, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	s = &ifc->streams[ifc->nstreams];
	*s = (struct etsn_agent_stream){ .id = r.id, .policy = (int8_t)r.policy,
					 .has_meter = r.meter.flags != 0,
					 .has_gate = gate != NULL, .stream = r.stream };
	if (!etsn_agent_cfg_unique(d, n, what, rs, ifc->nstreams))
		goto out;
	/* Untouched calloc pages stay out of RSS: many streams have no
	 * meter, most no gate.
	 */
	if (s->has_meter)
		ifc->meters[ifc->nstreams] = r.meter;
	if (gate)
		ifc->gates[ifc->nstreams] = g;
	ifc->nstreams++;
out:
	etsn_cfgw_words_free(&w);
}

static const struct etsn_agent_rule_kind stream_kind = {
	.section = "psfp.streams", .noun = "stream", .fn = stream, .id = stream_id,
	.frames = stream_frames,
};

static void on_streams(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->streams, &ifc->meters, &ifc->gates };
	const size_t sizes[] = { sizeof(*ifc->streams), sizeof(*ifc->meters),
				 sizeof(*ifc->gates) };

	etsn_agent_cfg_each_rule(d, n, ifc, &stream_kind, arrs, sizes, 3);
}

static void on_unknown_policy(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	const char *why = NULL;
	char what[64];

	snprintf(what, sizeof(what), "%s.psfp.unknown-policy", ifc->name);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return;
	if (etsn_psfp_parse_policy(n->text, &ifc->psfp_unknown_policy, &why))
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
}

/* The verdict on frames whose headers PSFP cannot read to the ports, as
 * etsnctl stream policy unparsed takes it.
 */
static void on_unparsed_policy(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	const char *why = NULL;
	char what[64], word[8];
	char *argv[] = { "unparsed", word };
	int unknown;

	snprintf(what, sizeof(what), "%s.psfp.unparsed-policy", ifc->name);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return;
	snprintf(word, sizeof(word), "%s", n->text);
	if (strlen(n->text) >= sizeof(word) ||
	    etsn_psfp_parse_policies(2, argv, &unknown, &ifc->psfp_unparsed_policy, &why))
		etsn_diag_add(d, n->line, n->col, "%s: unparsed-policy is pass or drop", what);
}

static const struct etsn_cfgw_key psfp_keys[] = {
	{ .name = "unknown-policy", .fn = on_unknown_policy },
	{ .name = "unparsed-policy", .fn = on_unparsed_policy },
	{ .name = "streams", .fn = on_streams },
};

void etsn_agent_cfg_psfp(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	char what[64];

	snprintf(what, sizeof(what), "%s.psfp", ifc->name);
	ifc->has_psfp = etsn_cfgw_map(d, n, what, psfp_keys,
				      sizeof(psfp_keys) / sizeof(psfp_keys[0]), ifc);
}

static void cls_frames(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	const struct etsn_agent_iface *f = ifc;
	const struct etsn_cls_stream *s = &f->cls_rules[i].stream;

	etsn_agent_frames_key(s->key_kind, &s->mac, &s->ip, k);
}

static void cls_id(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	etsn_agent_id_key(&((const struct etsn_agent_iface *)ifc)->cls_rules[i].id, k);
}

static void cls_rule(struct etsn_diag *d, struct etsn_agent_rules *rs,
		     const struct etsn_ynode *n, const char *what)
{
	struct etsn_agent_iface *ifc = rs->ifc;
	struct etsn_cfgw_words w;
	struct etsn_cls_rule r;
	const char *why = NULL;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_cls_parse_add(w.argc, w.argv, &r, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	ifc->cls_rules[ifc->ncls_rules] = r;
	if (etsn_agent_cfg_unique(d, n, what, rs, ifc->ncls_rules))
		ifc->ncls_rules++;
out:
	etsn_cfgw_words_free(&w);
}

static const struct etsn_agent_rule_kind cls_rule_kind = {
	.section = "classify.rules", .noun = "rule", .fn = cls_rule, .id = cls_id,
	.frames = cls_frames,
};

static void on_cls_rules(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->cls_rules };
	const size_t sizes[] = { sizeof(*ifc->cls_rules) };

	etsn_agent_cfg_each_rule(d, n, ifc, &cls_rule_kind, arrs, sizes, 1);
}

static const struct etsn_cfgw_key cls_keys[] = {
	{ .name = "rules", .fn = on_cls_rules },
};

void etsn_agent_cfg_classify(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	char what[64];

	snprintf(what, sizeof(what), "%s.classify", ifc->name);
	ifc->has_classify = etsn_cfgw_map(d, n, what, cls_keys, 1, ifc);
}
