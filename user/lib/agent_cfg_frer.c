// SPDX-License-Identifier: GPL-2.0-or-later
/* An interface's 802.1CB FRER streams: frer.talkers and frer.listeners,
 * each item the words of `etsnctl frer talker|listener add` (without
 * "dev DEV": the interface is the key above), read by the same parsers
 * (user/lib/frer.c). Ids and identities are unique per role, and the
 * second path is another device.
 */
#include <string.h>

#include "agent_config_priv.h"

static void talker_frames(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	const struct etsn_agent_iface *f = ifc;
	const struct etsn_frer_talker *t = &f->frer_talkers[i].t;

	etsn_agent_frames_key(t->key_kind, &t->mac, &t->ip, k);
}

static void talker_id(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	etsn_agent_id_key(&((const struct etsn_agent_iface *)ifc)->frer_talkers[i].id, k);
}

static void listener_frames(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	const struct etsn_agent_iface *f = ifc;
	const struct etsn_frer_rcvy *r = &f->frer_listeners[i].r;

	etsn_agent_frames_key(r->key_kind, &r->mac, &r->ip, k);
}

static void listener_id(const void *ifc, size_t i, struct etsn_dupkey *k)
{
	etsn_agent_id_key(&((const struct etsn_agent_iface *)ifc)->frer_listeners[i].id, k);
}

static void talker(struct etsn_diag *d, struct etsn_agent_rules *rs,
		   const struct etsn_ynode *n, const char *what)
{
	struct etsn_agent_iface *ifc = rs->ifc;
	struct etsn_frer_talker_rule t;
	struct etsn_cfgw_words w;
	const char *why = NULL;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_frer_parse_talker(w.argc, w.argv, &t, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	if (!strcmp(t.dev2, ifc->name)) {
		etsn_diag_add(d, n->line, n->col, "%s: dev2 is %s itself", what, ifc->name);
		goto out;
	}
	ifc->frer_talkers[ifc->nfrer_talkers] = t;
	if (etsn_agent_cfg_unique(d, n, what, rs, ifc->nfrer_talkers))
		ifc->nfrer_talkers++;
out:
	etsn_cfgw_words_free(&w);
}

static void listener(struct etsn_diag *d, struct etsn_agent_rules *rs,
		     const struct etsn_ynode *n, const char *what)
{
	struct etsn_agent_iface *ifc = rs->ifc;
	struct etsn_frer_listener_rule l;
	struct etsn_cfgw_words w;
	const char *why = NULL;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_frer_parse_listener(w.argc, w.argv, &l, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	if (!strcmp(l.member, ifc->name)) {
		etsn_diag_add(d, n->line, n->col, "%s: the member is %s itself", what, ifc->name);
		goto out;
	}
	ifc->frer_listeners[ifc->nfrer_listeners] = l;
	if (etsn_agent_cfg_unique(d, n, what, rs, ifc->nfrer_listeners))
		ifc->nfrer_listeners++;
out:
	etsn_cfgw_words_free(&w);
}

static const struct etsn_agent_rule_kind talker_kind = {
	.section = "frer.talkers", .noun = "stream", .fn = talker, .id = talker_id,
	.frames = talker_frames,
};

static const struct etsn_agent_rule_kind listener_kind = {
	.section = "frer.listeners", .noun = "stream", .fn = listener, .id = listener_id,
	.frames = listener_frames,
};

static void on_talkers(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->frer_talkers };
	const size_t sizes[] = { sizeof(*ifc->frer_talkers) };

	etsn_agent_cfg_each_rule(d, n, ifc, &talker_kind, arrs, sizes, 1);
}

static void on_listeners(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->frer_listeners };
	const size_t sizes[] = { sizeof(*ifc->frer_listeners) };

	etsn_agent_cfg_each_rule(d, n, ifc, &listener_kind, arrs, sizes, 1);
}

static const struct etsn_cfgw_key frer_keys[] = {
	{ .name = "talkers", .fn = on_talkers },
	{ .name = "listeners", .fn = on_listeners },
};

void etsn_agent_cfg_frer(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	char what[64];

	snprintf(what, sizeof(what), "%s.frer", ifc->name);
	ifc->has_frer = etsn_cfgw_map(d, n, what, frer_keys, 2, ifc);
}
