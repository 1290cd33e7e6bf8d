// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's policy-plane apply (policy_apply.h): per interface the XDP
 * firewall (program, rules, SYN limit, unparsed and fragments verdicts), then PSFP
 * (psfp_apply.c), then the egress classifier (program, rules) or the DSCP
 * classifier (dscp_apply.c). Every step is recorded with
 * what it needs to be taken back (policy_step.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "agent_log.h"
#include "bpfpin.h"
#include "cls_edit.h"
#include "fw_attach.h"
#include "fw_maps.h"
#include "policy_step.h"

struct etsn_policy_step *etsn_policy_record(struct etsn_policy_undo *u, enum etsn_policy_op op,
					    const char *dev)
{
	struct etsn_policy_step *s;

	if (u->n == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 16;

		s = realloc(u->steps, cap * sizeof(*s));
		if (!s)
			return NULL;
		u->steps = s;
		u->cap = cap;
	}
	s = &u->steps[u->n++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	return s;
}

static bool same_rule(const struct etsn_fw_rule *a, const struct etsn_fw_rule *b)
{
	size_t sa, sb;
	const void *ka = etsn_fw_rule_key(a, &sa), *kb = etsn_fw_rule_key(b, &sb);

	return a->kind == b->kind && sa == sb && !memcmp(ka, kb, sa);
}

struct fw_run {
	const struct etsn_agent_iface *ifc;
	struct etsn_policy_undo *u;
	size_t changes;
};

/* Deletes a pinned rule the section does not name. */
static int fw_drop_unwanted(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
			    uint32_t value, void *arg)
{
	struct fw_run *run = arg;
	struct etsn_policy_step *s;
	const void *key;
	size_t size;
	int ret;

	for (size_t i = 0; i < run->ifc->nfw_rules; i++)
		if (same_rule(r, &run->ifc->fw_rules[i]))
			return 0;
	s = etsn_policy_record(run->u, ETSN_POL_FW_DELETED, run->ifc->name);
	if (!s)
		return -ENOMEM;
	s->fw = *r;
	s->id = value;
	key = etsn_fw_rule_key(r, &size);
	ret = bpf_map_delete_elem(m->fd[r->kind], key);
	if (ret)
		run->u->n--;
	else
		run->changes++;
	return ret;
}

static int fw_attach(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
		     size_t *changes, char *err, size_t errlen)
{
	struct etsn_xdp_state st;
	int ret;

	ret = etsn_xdp_query("xdp", ifc->name, &st);
	if (!ret && st.prog_id && !etsn_xdp_is_fw(&st))
		ret = -EBUSY;
	if (ret) {
		snprintf(err, errlen, "%s: firewall: %s", ifc->name, ret == -EBUSY ?
			 "another XDP program is attached; left alone" : strerror(-ret));
		return ret;
	}
	if (st.prog_id)
		return 0;
	if (!etsn_policy_record(u, ETSN_POL_FW_ATTACHED, ifc->name))
		return -ENOMEM;
	ret = etsn_fw_attach("xdp", ifc->name, 0, &st);
	if (ret) {
		u->n--;
		snprintf(err, errlen, "%s: firewall: cannot attach: %s", ifc->name, strerror(-ret));
		return ret;
	}
	(*changes)++;
	etsn_log(ETSN_LOG_INFO, "%s: XDP firewall attached", ifc->name);
	return 0;
}

static int fw_syn(const struct etsn_agent_iface *ifc, const struct etsn_fw_maps *m,
		  struct etsn_policy_undo *u, size_t *changes)
{
	struct etsn_fw_syn_config now, want = { 0 };
	struct etsn_policy_step *s;
	uint32_t zero = 0;
	int ret;

	if (ifc->has_syn_limit)
		want = ifc->syn_limit;
	ret = bpf_map_lookup_elem(m->fd[ETSN_FW_M_SYN_CFG], &zero, &now);
	if (ret || (now.rate == want.rate && now.max_tokens == want.max_tokens))
		return ret;
	s = etsn_policy_record(u, ETSN_POL_FW_SYN, ifc->name);
	if (!s)
		return -ENOMEM;
	s->syn = now;
	ret = etsn_fw_synlimit_write(m->fd[ETSN_FW_M_SYN_CFG], m->fd[ETSN_FW_M_SYN_SRC], &want);
	if (ret)
		u->n--;
	else
		(*changes)++;
	return ret;
}

/* How many verdicts of want differ from now's; -1 in want is no change. */
static size_t fw_policy_changes(const struct etsn_fw_policy *want,
				const struct etsn_fw_config *now)
{
	return (want->unparsed >= 0 && now->unparsed != (uint32_t)want->unparsed) +
	       (want->frag >= 0 && now->frag != (uint32_t)want->frag);
}

/* The unparsed and fragments verdicts, written once if either differs;
 * the undo step keeps the whole previous policy.
 */
static int fw_policy(const struct etsn_agent_iface *ifc, const struct etsn_fw_maps *m,
		     struct etsn_policy_undo *u, size_t *changes)
{
	const struct etsn_fw_policy *want = &ifc->fw_policy;
	struct etsn_fw_config now;
	struct etsn_policy_step *s;
	uint32_t zero = 0;
	size_t n;
	int ret;

	if (want->unparsed < 0 && want->frag < 0)
		return 0;
	ret = bpf_map_lookup_elem(m->fd[ETSN_FW_M_CFG], &zero, &now) ? -errno : 0;
	n = ret ? 0 : fw_policy_changes(want, &now);
	if (!n)
		return ret;
	s = etsn_policy_record(u, ETSN_POL_FW_POLICY, ifc->name);
	if (!s)
		return -ENOMEM;
	s->fw_cfg = now;
	ret = etsn_fw_policy_write(m->fd[ETSN_FW_M_CFG], want, &now);
	if (ret)
		u->n--;
	else
		*changes += n;
	return ret;
}

static int apply_fw(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
		    size_t *changes, char *err, size_t errlen)
{
	struct fw_run run = { .ifc = ifc, .u = u };
	struct etsn_fw_slots *slots = NULL;
	struct etsn_fw_maps m;
	int ret;

	ret = fw_attach(ifc, u, changes, err, errlen);
	if (ret)
		return ret;
	ret = etsn_fw_maps_open("fw", ifc->name, &m);
	if (ret) {
		snprintf(err, errlen, "%s: firewall: cannot open its maps: %s", ifc->name,
			 strerror(-ret));
		return ret;
	}
	ret = etsn_fw_for_each_rule(&m, fw_drop_unwanted, &run);
	slots = ret ? NULL : calloc(1, sizeof(*slots));
	if (!ret)
		ret = slots ? etsn_fw_slots_read(&m, slots) : -ENOMEM;
	for (size_t i = 0; i < ifc->nfw_rules && !ret; i++) {
		const struct etsn_fw_rule *r = &ifc->fw_rules[i];
		struct etsn_policy_step *s;
		uint32_t value;
		size_t size;

		if (!bpf_map_lookup_elem(m.fd[r->kind], etsn_fw_rule_key(r, &size), &value))
			continue;
		s = etsn_policy_record(u, ETSN_POL_FW_ADDED, ifc->name);
		if (!s) {
			ret = -ENOMEM;
			break;
		}
		s->fw = *r;
		ret = etsn_fw_block_slot(&m, r, slots, &value);
		if (ret) {
			u->n--;
			etsn_fw_say_edit_error("fw", ifc->name, r, ret);
		} else {
			run.changes++;
		}
	}
	free(slots);
	if (!ret)
		ret = fw_syn(ifc, &m, u, &run.changes);
	if (!ret)
		ret = fw_policy(ifc, &m, u, &run.changes);
	etsn_fw_maps_close(&m);
	if (ret)
		snprintf(err, errlen, "%s: firewall: %s", ifc->name, strerror(-ret));
	else if (run.changes)
		etsn_log(ETSN_LOG_INFO, "%s: firewall: %zu rule, SYN limit or policy changes", ifc->name,
			 run.changes);
	*changes += run.changes;
	return ret;
}

static bool same_cls(const struct etsn_cls_stream *a, const struct etsn_cls_stream *b)
{
	size_t sa, sb;
	const void *ka = etsn_cls_key(a, &sa), *kb = etsn_cls_key(b, &sb);

	return a->priority == b->priority && a->key_kind == b->key_kind && sa == sb &&
	       !memcmp(ka, kb, sa);
}

/* The classifier's rules: unwanted ones deleted, missing ones added. */
static int cls_rules(const struct etsn_agent_iface *ifc, const struct etsn_cls_maps *m,
		     struct etsn_policy_undo *u, size_t *changes)
{
	bool present[ETSN_CLS_MAX_STREAMS] = { false };
	struct etsn_cls_stream s;
	int ret = 0;

	for (uint32_t id = 0; id < ETSN_CLS_MAX_STREAMS && !ret; id++) {
		const struct etsn_cls_rule *want = NULL;
		struct etsn_policy_step *st;

		if (bpf_map_lookup_elem(m->fd[ETSN_CLS_M_STREAM], &id, &s))
			continue;
		for (size_t j = 0; j < ifc->ncls_rules && !want; j++)
			if (ifc->cls_rules[j].id == id)
				want = &ifc->cls_rules[j];
		if (want && same_cls(&s, &want->stream)) {
			present[id] = true;
			continue;
		}
		st = etsn_policy_record(u, ETSN_POL_CLS_DELETED, ifc->name);
		if (!st)
			return -ENOMEM;
		st->id = id;
		st->cls = s;
		ret = etsn_cls_rule_remove(m, id, &s);
		if (ret)
			u->n--;
		else
			(*changes)++;
	}
	for (size_t j = 0; j < ifc->ncls_rules && !ret; j++) {
		const struct etsn_cls_rule *r = &ifc->cls_rules[j];
		struct etsn_policy_step *st;

		if (present[r->id])
			continue;
		st = etsn_policy_record(u, ETSN_POL_CLS_ADDED, ifc->name);
		if (!st)
			return -ENOMEM;
		st->id = r->id;
		st->cls = r->stream;
		ret = etsn_cls_rule_add(ifc->name, m, r);
		if (ret)
			u->n--;
		else
			(*changes)++;
	}
	return ret;
}

static const struct etsn_policy_egress cls_egress = {
	.filter = &etsn_cls_filter,
	.attached = ETSN_POL_CLS_ATTACHED,
	.attach = etsn_cls_attach,
	.what = "classifier",
};

static int apply_cls(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
		     size_t *changes, char *err, size_t errlen)
{
	struct etsn_cls_maps m;
	size_t done = 0;
	int ifindex, ret;

	ifindex = etsn_tc_ifindex(&etsn_cls_filter, ifc->name);
	if (!ifindex) {
		snprintf(err, errlen, "%s: classifier: no such interface", ifc->name);
		return -ENODEV;
	}
	ret = etsn_cls_prepare(ifc->name, &m);
	if (ret) {
		snprintf(err, errlen, "%s: classifier: cannot load it or open its maps: %s",
			 ifc->name, strerror(-ret));
		return ret;
	}
	ret = cls_rules(ifc, &m, u, &done);
	etsn_cls_maps_close(&m);
	return etsn_policy_egress_finish(&cls_egress, ifc, ifindex, u, ret, done, changes,
					 err, errlen);
}

int etsn_policy_egress_finish(const struct etsn_policy_egress *e,
			      const struct etsn_agent_iface *ifc, int ifindex,
			      struct etsn_policy_undo *u, int ret, size_t done,
			      size_t *changes, char *err, size_t errlen)
{
	uint32_t prog;
	bool ours;

	if (!ret && !(etsn_tc_egress_prog(e->filter, ifindex, &ours) && ours)) {
		if (!etsn_policy_record(u, e->attached, ifc->name))
			return -ENOMEM;
		ret = e->attach(ifc->name, ifindex, &prog);
		if (ret)
			u->n--;
		else
			done++;
	}
	if (ret)
		snprintf(err, errlen, "%s: %s: %s", ifc->name, e->what, strerror(-ret));
	else if (done)
		etsn_log(ETSN_LOG_INFO, "%s: %s: %zu changes", ifc->name, e->what, done);
	*changes += done;
	return ret;
}

/* The interface's pin directory lock, held until etsn_policy_apply_free. */
static int lock(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u, char *err,
		size_t errlen)
{
	bool created;
	int fd = etsn_bpfpin_make_dir(ifc->name, &created);

	if (!fd)
		fd = etsn_bpfpin_lock(ifc->name);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot lock %s/%s: %s", ifc->name, ETSN_BPFPIN_ROOT,
			 ifc->name, strerror(-fd));
		return fd;
	}
	u->locks[u->nlocks++] = fd;
	return 0;
}

int etsn_policy_apply(const struct etsn_agent_config *c, struct etsn_policy_undo *u,
		      size_t *changes, char *err, size_t errlen)
{
	int ret = 0;

	for (size_t i = 0; i < c->nifaces && !ret; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		if (!ifc->has_firewall && !ifc->has_psfp && !ifc->has_classify && !ifc->has_dscp)
			continue;
		ret = lock(ifc, u, err, errlen);
		if (!ret && ifc->has_firewall)
			ret = apply_fw(ifc, u, changes, err, errlen);
		if (!ret && ifc->has_psfp)
			ret = etsn_policy_apply_psfp(ifc, u, changes, err, errlen);
		if (!ret && ifc->has_classify)
			ret = apply_cls(ifc, u, changes, err, errlen);
		if (!ret && ifc->has_dscp)
			ret = etsn_policy_apply_dscp(ifc, u, changes, err, errlen);
		if (ret == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", ifc->name);
	}
	return ret;
}

static int undo_fw(const struct etsn_policy_step *s)
{
	struct etsn_fw_config cfg;
	struct etsn_xdp_state st;
	struct etsn_fw_maps m;
	size_t size;
	int ret;

	if (s->op == ETSN_POL_FW_ATTACHED) {
		ret = etsn_xdp_query("xdp", s->dev, &st);
		if (!ret && etsn_xdp_is_fw(&st))
			ret = etsn_fw_detach("xdp", s->dev, &st);
		return ret;
	}
	ret = etsn_fw_maps_open("fw", s->dev, &m);
	if (ret)
		return ret;
	if (s->op == ETSN_POL_FW_ADDED)
		ret = bpf_map_delete_elem(m.fd[s->fw.kind], etsn_fw_rule_key(&s->fw, &size));
	else if (s->op == ETSN_POL_FW_DELETED)
		ret = etsn_fw_block_value(&m, &s->fw, s->id);
	else if (s->op == ETSN_POL_FW_POLICY)
		ret = etsn_fw_policy_write(m.fd[ETSN_FW_M_CFG],
					   &(struct etsn_fw_policy){ .unparsed = (int)s->fw_cfg.unparsed,
								     .frag = (int)s->fw_cfg.frag },
					   &cfg);
	else
		ret = etsn_fw_synlimit_write(m.fd[ETSN_FW_M_SYN_CFG], m.fd[ETSN_FW_M_SYN_SRC],
					     &s->syn);
	etsn_fw_maps_close(&m);
	return ret;
}

static int undo_cls(const struct etsn_policy_step *s)
{
	struct etsn_cls_maps m;
	uint32_t prog;
	size_t ks;
	int ret, ifindex;

	if (s->op == ETSN_POL_CLS_ATTACHED) {
		ifindex = etsn_tc_ifindex(&etsn_cls_filter, s->dev);
		return ifindex ? etsn_tc_egress_detach(&etsn_cls_filter, s->dev, ifindex, &prog) :
				 -ENODEV;
	}
	ret = etsn_cls_maps_open(s->dev, &m);
	if (ret)
		return ret;
	if (s->op == ETSN_POL_CLS_ADDED) {
		ret = etsn_cls_rule_remove(&m, s->id, &s->cls);
	} else {
		ret = bpf_map_update_elem(m.fd[ETSN_CLS_M_STREAM], &s->id, &s->cls, BPF_NOEXIST);
		if (!ret)
			ret = bpf_map_update_elem(m.fd[s->cls.key_kind == ETSN_PSFP_KEY_MAC ?
						       ETSN_CLS_M_MAC : ETSN_CLS_M_IP],
						  etsn_cls_key(&s->cls, &ks), &s->id, BPF_NOEXIST);
	}
	etsn_cls_maps_close(&m);
	return ret;
}

void etsn_policy_apply_undo(struct etsn_policy_undo *u)
{
	size_t failed = 0, done = 0;

	while (u->n) {
		const struct etsn_policy_step *s = &u->steps[--u->n];
		int ret;

		if (s->op <= ETSN_POL_FW_POLICY)
			ret = undo_fw(s);
		else if (s->op <= ETSN_POL_PSFP_UNPARSED)
			ret = etsn_policy_undo_psfp(s);
		else if (s->op <= ETSN_POL_CLS_DELETED)
			ret = undo_cls(s);
		else
			ret = etsn_policy_undo_dscp(s);
		if (ret) {
			failed++;
			etsn_log(ETSN_LOG_ERR, "%s: policy undo step %d (id %u) failed: %s", s->dev,
				 (int)s->op, s->id, strerror(-ret));
		} else {
			done++;
		}
	}
	if (done + failed)
		etsn_log(failed ? ETSN_LOG_ERR : ETSN_LOG_INFO,
			 "policy: %zu changes taken back, %zu could not be", done, failed);
}

void etsn_policy_apply_free(struct etsn_policy_undo *u)
{
	for (size_t i = 0; i < u->nlocks; i++)
		close(u->locks[i]);
	free(u->steps);
	memset(u, 0, sizeof(*u));
}

/* The config's verdicts, where still in force, back to the defaults
 * (unparsed frames dropped, fragments passed).
 */
static int revert_fw_policy(const struct etsn_agent_iface *ifc, const struct etsn_fw_maps *m)
{
	const struct etsn_fw_policy *conf = &ifc->fw_policy;
	struct etsn_fw_policy dflt = { .unparsed = -1, .frag = -1 };
	struct etsn_fw_config cfg;
	uint32_t zero = 0;

	if ((conf->unparsed < 0 && conf->frag < 0) ||
	    bpf_map_lookup_elem(m->fd[ETSN_FW_M_CFG], &zero, &cfg))
		return 0;
	if (conf->unparsed >= 0 && cfg.unparsed == (uint32_t)conf->unparsed)
		dflt.unparsed = ETSN_FW_UNPARSED_DROP;
	if (conf->frag >= 0 && cfg.frag == (uint32_t)conf->frag)
		dflt.frag = ETSN_FW_FRAG_PASS;
	if (!fw_policy_changes(&dflt, &cfg))
		return 0;
	return etsn_fw_policy_write(m->fd[ETSN_FW_M_CFG], &dflt, &cfg);
}

static int revert_fw(const struct etsn_agent_iface *ifc, size_t *removed)
{
	struct etsn_xdp_state st;
	struct etsn_fw_maps m;
	int ret, first = 0;
	size_t size;

	if (etsn_fw_maps_open("fw", ifc->name, &m) == 0) {
		for (size_t i = 0; i < ifc->nfw_rules; i++) {
			const struct etsn_fw_rule *r = &ifc->fw_rules[i];

			ret = bpf_map_delete_elem(m.fd[r->kind], etsn_fw_rule_key(r, &size));
			if (!ret)
				(*removed)++;
			else if (ret != -ENOENT && !first)
				first = ret;
		}
		if (ifc->has_syn_limit) {
			struct etsn_fw_syn_config off = { 0 };

			ret = etsn_fw_synlimit_write(m.fd[ETSN_FW_M_SYN_CFG],
						     m.fd[ETSN_FW_M_SYN_SRC], &off);
			if (ret && !first)
				first = ret;
		}
		ret = revert_fw_policy(ifc, &m);
		if (ret && !first)
			first = ret;
		etsn_fw_maps_close(&m);
	}
	ret = etsn_xdp_query("xdp", ifc->name, &st);
	if (!ret && etsn_xdp_is_fw(&st)) {
		ret = etsn_fw_detach("xdp", ifc->name, &st);
		if (!ret)
			(*removed)++;
	}
	return first ? first : ret;
}

static int revert_cls(const struct etsn_agent_iface *ifc, size_t *removed)
{
	struct etsn_cls_maps m;
	struct etsn_cls_stream s;
	uint32_t prog;
	bool ours;
	int ifindex, ret = 0;

	if (etsn_cls_maps_open(ifc->name, &m) == 0) {
		for (size_t j = 0; j < ifc->ncls_rules; j++) {
			const struct etsn_cls_rule *r = &ifc->cls_rules[j];

			if (bpf_map_lookup_elem(m.fd[ETSN_CLS_M_STREAM], &r->id, &s) ||
			    !same_cls(&s, &r->stream))
				continue;
			if (!etsn_cls_rule_remove(&m, r->id, &s))
				(*removed)++;
		}
		etsn_cls_maps_close(&m);
	}
	ifindex = etsn_tc_ifindex(&etsn_cls_filter, ifc->name);
	if (ifindex && etsn_tc_egress_prog(&etsn_cls_filter, ifindex, &ours) && ours) {
		ret = etsn_tc_egress_detach(&etsn_cls_filter, ifc->name, ifindex, &prog);
		if (!ret)
			(*removed)++;
	}
	return ret;
}

int etsn_policy_revert(const struct etsn_agent_config *c, size_t *removed, char *err,
		       size_t errlen)
{
	int first = 0;

	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];
		int fd, ret = 0;

		if (!ifc->has_firewall && !ifc->has_psfp && !ifc->has_classify && !ifc->has_dscp)
			continue;
		fd = etsn_bpfpin_lock(ifc->name);
		if (fd == -ENOENT)
			continue;	/* nothing pinned: nothing of ours */
		if (fd < 0) {
			ret = fd;
		} else {
			if (ifc->has_dscp)
				ret = etsn_policy_revert_dscp(ifc, removed);
			if (!ret && ifc->has_classify)
				ret = revert_cls(ifc, removed);
			if (!ret && ifc->has_psfp)
				ret = etsn_policy_revert_psfp(ifc, removed);
			if (!ret && ifc->has_firewall)
				ret = revert_fw(ifc, removed);
			close(fd);
		}
		if (ret && !first) {
			first = ret;
			snprintf(err, errlen, "%s: policy revert: %s", ifc->name, strerror(-ret));
		}
		if (!ret)
			etsn_log(ETSN_LOG_NOTICE, "%s: on-stop revert: firewall, PSFP and classifier parts removed",
				 ifc->name);
	}
	return first;
}
