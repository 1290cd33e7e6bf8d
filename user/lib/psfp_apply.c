// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's PSFP part of a policy apply (policy_apply.h): the streams,
 * gates and verdicts (unknown, unparsed) of an interface's psfp section against the
 * pinned maps. Streams that go are deleted first (their keys become
 * free), a stream with the same frames but other settings (max SDU,
 * meter) is rewritten in place (its counters stay), then the missing
 * ones are added, then gates and the policy
 * follow; the program is chained only when there is something to do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "agent_log.h"
#include "policy_step.h"
#include "psfp_edit.h"

/* The settings of a pinned stream against the config's; the meter's
 * buckets and last_ns are state, not settings.
 */
static bool same_stream(const struct etsn_psfp_rule *a, const struct etsn_psfp_rule *b)
{
	size_t sa, sb;
	const void *ka = etsn_psfp_key(&a->stream, &sa), *kb = etsn_psfp_key(&b->stream, &sb);
	const struct etsn_psfp_meter *ma = &a->meter, *mb = &b->meter;

	return a->stream.flags == b->stream.flags && a->stream.max_sdu == b->stream.max_sdu &&
	       a->stream.key_kind == b->stream.key_kind && sa == sb && !memcmp(ka, kb, sa) &&
	       ma->flags == mb->flags && ma->cir == mb->cir && ma->cbs == mb->cbs &&
	       ma->eir == mb->eir && ma->ebs == mb->ebs;
}

static bool same_key(const struct etsn_psfp_stream *a, const struct etsn_psfp_stream *b)
{
	size_t sa, sb;
	const void *ka = etsn_psfp_key(a, &sa), *kb = etsn_psfp_key(b, &sb);

	return a->key_kind == b->key_kind && sa == sb && !memcmp(ka, kb, sa);
}

static bool same_gate(const struct etsn_psfp_gate *a, const struct etsn_psfp_gate *b)
{
	if (a->base_ns != b->base_ns || a->cycle_ns != b->cycle_ns || a->count != b->count ||
	    a->count > ETSN_PSFP_GATE_MAX)
		return false;
	for (uint32_t i = 0; i < a->count; i++)
		if (a->ent[i].open != b->ent[i].open || a->ent[i].interval_ns != b->ent[i].interval_ns)
			return false;
	return true;
}

struct psfp_run {
	const struct etsn_agent_iface *ifc;
	struct etsn_psfp_maps m;
	struct etsn_policy_undo *u;
	bool skip_cleared;
	size_t added, updated, deleted, gates, other;
};

/* Frames do every lookup before keys or gates come (psfp_skip.c). */
static int clear_skip(struct psfp_run *r)
{
	struct etsn_policy_step *s;
	int ret;

	if (r->skip_cleared)
		return 0;
	s = etsn_policy_record(r->u, ETSN_POL_PSFP_SKIP, r->ifc->name);
	if (!s)
		return -ENOMEM;
	ret = etsn_psfp_maps_skip_none(&r->m);
	if (ret)
		r->u->n--;
	r->skip_cleared = !ret;
	return ret;
}

static int drop_unwanted(struct psfp_run *r, const int32_t *want, bool *present)
{
	static uint32_t ids[ETSN_PSFP_MAX_STREAMS];
	int n = 0, ret;

	ret = etsn_psfp_maps_list_ids(&r->m, ids, &n);
	for (int k = 0; k < n && !ret; k++) {
		struct etsn_policy_step *s;
		struct etsn_psfp_rule old = { .id = ids[k] }, rule;
		int32_t j = want[ids[k]];

		if (etsn_psfp_maps_read_stream(&r->m, ids[k], &old.stream) ||
		    etsn_psfp_maps_read_meter(&r->m, ids[k], &old.meter))
			continue;	/* deleted meanwhile */
		if (j >= 0)
			etsn_agent_stream_rule(r->ifc, (size_t)j, &rule);
		if (j >= 0 && same_stream(&old, &rule)) {
			present[j] = true;
			continue;
		}
		/* Other settings, same frames: in place, counters kept. */
		if (j >= 0 && same_key(&old.stream, &rule.stream)) {
			s = etsn_policy_record(r->u, ETSN_POL_PSFP_UPDATED, r->ifc->name);
			if (!s)
				return -ENOMEM;
			s->id = ids[k];
			s->psfp = old;
			ret = etsn_psfp_stream_write(&r->m, &rule);
			if (ret) {
				r->u->n--;
			} else {
				r->updated++;
				present[j] = true;
			}
			continue;
		}
		s = etsn_policy_record(r->u, ETSN_POL_PSFP_DELETED, r->ifc->name);
		if (!s)
			return -ENOMEM;
		s->id = ids[k];
		s->psfp = old;
		s->had_gate = !bpf_map_lookup_elem(r->m.fd[ETSN_PSFP_M_GATE], &ids[k], &s->gate);
		ret = etsn_psfp_stream_remove(&r->m, ids[k], &old.stream);
		if (ret)
			r->u->n--;
		else
			r->deleted++;
	}
	return ret;
}

/* Stream j's gate as the config gives it (had: the one there now). */
static int put_gate(struct psfp_run *r, size_t j, bool had, const struct etsn_psfp_gate *old)
{
	const struct etsn_agent_iface *ifc = r->ifc;
	uint32_t id = ifc->streams[j].id;
	bool has = ifc->streams[j].has_gate;
	struct etsn_policy_step *s;
	int ret = has ? clear_skip(r) : 0;

	if (ret)
		return ret;
	s = etsn_policy_record(r->u, ETSN_POL_PSFP_GATE, ifc->name);
	if (!s)
		return -ENOMEM;
	s->id = id;
	s->had_gate = had;
	if (had)
		s->gate = *old;
	ret = has ?
	      bpf_map_update_elem(r->m.fd[ETSN_PSFP_M_GATE], &id, &ifc->gates[j], BPF_ANY) :
	      bpf_map_delete_elem(r->m.fd[ETSN_PSFP_M_GATE], &id);
	if (ret)
		r->u->n--;
	else
		r->gates++;
	return ret;
}

static int add_missing(struct psfp_run *r, const bool *present)
{
	const struct etsn_agent_iface *ifc = r->ifc;
	int ret = 0;

	for (size_t j = 0; j < ifc->nstreams && !ret; j++) {
		const struct etsn_agent_stream *st = &ifc->streams[j];
		struct etsn_policy_step *s;
		struct etsn_psfp_rule rule;
		struct etsn_psfp_gate g;
		bool has;

		if (present[j]) {
			has = !bpf_map_lookup_elem(r->m.fd[ETSN_PSFP_M_GATE], &st->id, &g);
			if (has != st->has_gate || (has && !same_gate(&g, &ifc->gates[j])))
				ret = put_gate(r, j, has, &g);
			continue;
		}
		ret = clear_skip(r);
		if (ret)
			break;
		s = etsn_policy_record(r->u, ETSN_POL_PSFP_ADDED, ifc->name);
		if (!s)
			return -ENOMEM;
		etsn_agent_stream_rule(ifc, j, &rule);
		s->id = rule.id;
		s->psfp = rule;
		ret = etsn_psfp_stream_add("stream", ifc->name, &r->m, &rule, "");
		if (ret) {
			r->u->n--;
			break;
		}
		r->added++;
		if (st->has_gate)
			ret = put_gate(r, j, false, NULL);
	}
	return ret;
}

/* The verdict on frames of no stream, or with unparsed on frames it
 * cannot read, when given and different.
 */
static int set_verdict(struct psfp_run *r, bool unparsed)
{
	int want = unparsed ? r->ifc->psfp_unparsed_policy : r->ifc->psfp_unknown_policy, ret;
	struct etsn_psfp_config cfg;
	struct etsn_policy_step *s;
	uint32_t zero = 0, now;

	if (want < 0)
		return 0;
	ret = bpf_map_lookup_elem(r->m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg);
	now = unparsed ? cfg.unparsed : cfg.unknown_policy;
	if (ret || now == (uint32_t)want)
		return ret;
	s = etsn_policy_record(r->u, unparsed ? ETSN_POL_PSFP_UNPARSED : ETSN_POL_PSFP_POLICY,
			       r->ifc->name);
	if (!s)
		return -ENOMEM;
	s->id = now;
	ret = etsn_psfp_set_policy(&r->m, unparsed ? -1 : want, unparsed ? want : -1, &cfg);
	if (ret)
		r->u->n--;
	else
		r->other++;
	return ret;
}

/* The slot filled while a stream or a drop policy needs PSFP, else empty. */
static int set_chain(struct psfp_run *r, const struct etsn_psfp_bpf *skel)
{
	struct etsn_psfp_config cfg;
	struct etsn_policy_step *s;
	uint32_t zero = 0, prog;
	bool need;
	int ret;

	ret = bpf_map_lookup_elem(r->m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg);
	if (ret)
		return ret;
	need = r->ifc->nstreams || cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP;
	prog = etsn_psfp_maps_slot_prog(&r->m);
	if (need == (prog != 0) || (need && !skel))
		return 0;
	s = etsn_policy_record(r->u, need ? ETSN_POL_PSFP_CHAINED : ETSN_POL_PSFP_UNCHAINED,
			       r->ifc->name);
	if (!s)
		return -ENOMEM;
	s->id = prog;
	if (need) {
		ret = etsn_psfp_chain("stream", &r->m, skel);
	} else {
		etsn_psfp_unchain_if_idle(&r->m, &cfg);
		ret = etsn_psfp_maps_slot_prog(&r->m) ? -EBUSY : 0;
	}
	if (ret)
		r->u->n--;
	else
		r->other++;
	return ret;
}

int etsn_policy_apply_psfp(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
			   size_t *changes, char *err, size_t errlen)
{
	struct psfp_run r = { .ifc = ifc, .u = u };
	struct etsn_psfp_bpf *skel = NULL;
	int32_t *want = NULL;
	bool *present = NULL;
	bool run = ifc->nstreams || ifc->psfp_unknown_policy == ETSN_PSFP_UNKNOWN_DROP;
	int ret;

	if (etsn_psfp_need_firewall("stream", ifc->name)) {
		snprintf(err, errlen, "%s: PSFP: no XDP firewall to run after", ifc->name);
		return -ENOENT;
	}
	/* With nothing for PSFP to run, the program is not loaded just to be
	 * thrown away again on every apply.
	 */
	if (run)
		ret = etsn_psfp_prepare("stream", ifc->name, &r.m, &skel);
	else
		ret = etsn_psfp_maps_open("stream", ifc->name, &r.m);
	if (ret == -ENOENT && !run && ifc->psfp_unparsed_policy < 0)
		return 0;	/* nothing pinned, nothing wanted */
	/* The unparsed verdict lives in PSFP's maps: they are made (the
	 * program loaded, not chained) to hold it for when PSFP runs.
	 */
	if (ret == -ENOENT && !run)
		ret = etsn_psfp_prepare("stream", ifc->name, &r.m, &skel);
	if (ret) {
		snprintf(err, errlen, "%s: PSFP: cannot load the program or open its maps: %s",
			 ifc->name, strerror(-ret));
		return ret;
	}
	want = malloc(ETSN_PSFP_MAX_STREAMS * sizeof(*want));
	present = calloc(ifc->nstreams ? ifc->nstreams : 1, sizeof(*present));
	ret = want && present ? 0 : -ENOMEM;
	if (!ret) {
		for (size_t i = 0; i < ETSN_PSFP_MAX_STREAMS; i++)
			want[i] = -1;
		for (size_t j = 0; j < ifc->nstreams; j++)
			want[ifc->streams[j].id] = (int32_t)j;
		ret = drop_unwanted(&r, want, present);
	}
	if (!ret)
		ret = add_missing(&r, present);
	if (!ret)
		ret = set_verdict(&r, false);
	if (!ret)
		ret = set_verdict(&r, true);
	if (!ret)
		ret = set_chain(&r, skel);
	if (r.added + r.updated + r.deleted + r.gates + r.other)
		etsn_psfp_skip_sync("stream", ifc->name, &r.m);
	if (ret)
		snprintf(err, errlen, "%s: PSFP: %s", ifc->name, strerror(-ret));
	else if (r.added + r.updated + r.deleted + r.gates + r.other)
		etsn_log(ETSN_LOG_INFO, "%s: PSFP: %zu streams added, %zu changed, %zu deleted, %zu gates set, %zu other changes",
			 ifc->name, r.added, r.updated, r.deleted, r.gates, r.other);
	*changes += r.added + r.updated + r.deleted + r.gates + r.other;
	free(want);
	free(present);
	etsn_psfp_unload(skel);
	etsn_psfp_maps_close(&r.m);
	return ret;
}

int etsn_policy_undo_psfp(const struct etsn_policy_step *s)
{
	struct etsn_psfp_config cfg;
	struct etsn_psfp_maps m;
	uint32_t slot = ETSN_XDP_NEXT_PSFP;
	int ret, fd;

	ret = etsn_psfp_maps_open("stream", s->dev, &m);
	if (ret)
		return ret;
	switch (s->op) {
	case ETSN_POL_PSFP_SKIP:
		etsn_psfp_skip_sync("stream", s->dev, &m);
		break;
	case ETSN_POL_PSFP_CHAINED:
		ret = bpf_map_delete_elem(m.fd[ETSN_PSFP_M_NEXT], &slot);
		break;
	case ETSN_POL_PSFP_UNCHAINED:
		fd = bpf_prog_get_fd_by_id(s->id);
		ret = fd < 0 ? -errno : bpf_map_update_elem(m.fd[ETSN_PSFP_M_NEXT], &slot, &fd, BPF_ANY);
		if (fd >= 0)
			close(fd);
		break;
	case ETSN_POL_PSFP_ADDED:
		ret = etsn_psfp_stream_remove(&m, s->id, &s->psfp.stream);
		break;
	case ETSN_POL_PSFP_UPDATED:
		ret = etsn_psfp_stream_write(&m, &s->psfp);
		break;
	case ETSN_POL_PSFP_DELETED: {
		struct etsn_psfp_ident ident = { .id = s->id, .max_sdu = s->psfp.stream.max_sdu };
		size_t ks;
		const void *key = etsn_psfp_key(&s->psfp.stream, &ks);
		int kfd = m.fd[s->psfp.stream.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC :
			       ETSN_PSFP_M_IP];

		ret = bpf_map_update_elem(m.fd[ETSN_PSFP_M_STREAM], &s->id, &s->psfp.stream,
					  BPF_NOEXIST);
		if (!ret && s->had_gate)
			ret = bpf_map_update_elem(m.fd[ETSN_PSFP_M_GATE], &s->id, &s->gate, BPF_ANY);
		if (!ret)
			ret = etsn_psfp_maps_write_meter(&m, s->id, &s->psfp.meter);
		if (!ret)
			ret = bpf_map_update_elem(kfd, key, &ident, BPF_NOEXIST);
		break;
	}
	case ETSN_POL_PSFP_GATE:
		ret = s->had_gate ?
		      bpf_map_update_elem(m.fd[ETSN_PSFP_M_GATE], &s->id, &s->gate, BPF_ANY) :
		      bpf_map_delete_elem(m.fd[ETSN_PSFP_M_GATE], &s->id);
		break;
	case ETSN_POL_PSFP_POLICY:
		ret = etsn_psfp_set_policy(&m, (int)s->id, -1, &cfg);
		break;
	case ETSN_POL_PSFP_UNPARSED:
		ret = etsn_psfp_set_policy(&m, -1, (int)s->id, &cfg);
		break;
	default:
		ret = -EINVAL;
	}
	etsn_psfp_maps_close(&m);
	return ret;
}

int etsn_policy_revert_psfp(const struct etsn_agent_iface *ifc, size_t *removed)
{
	struct etsn_psfp_config cfg;
	struct etsn_psfp_maps m;
	uint32_t zero = 0;
	int ret, first = 0;

	ret = etsn_psfp_maps_open("stream", ifc->name, &m);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	for (size_t j = 0; j < ifc->nstreams; j++) {
		uint32_t id = ifc->streams[j].id;
		struct etsn_psfp_rule s = { .id = id }, rule;

		etsn_agent_stream_rule(ifc, j, &rule);
		if (etsn_psfp_maps_read_stream(&m, id, &s.stream) ||
		    etsn_psfp_maps_read_meter(&m, id, &s.meter) || !same_stream(&s, &rule))
			continue;
		ret = etsn_psfp_stream_remove(&m, id, &s.stream);
		if (ret && !first)
			first = ret;
		if (!ret)
			(*removed)++;
	}
	if (ifc->psfp_unknown_policy == ETSN_PSFP_UNKNOWN_DROP &&
	    !bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg) &&
	    cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP) {
		ret = etsn_psfp_set_policy(&m, ETSN_PSFP_UNKNOWN_PASS, -1, &cfg);
		if (ret && !first)
			first = ret;
	}
	/* The config's unparsed verdict, where still in force, back to the default. */
	if (ifc->psfp_unparsed_policy >= 0 && ifc->psfp_unparsed_policy != ETSN_PSFP_UNPARSED_DROP &&
	    !bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg) &&
	    cfg.unparsed == (uint32_t)ifc->psfp_unparsed_policy) {
		ret = etsn_psfp_set_policy(&m, -1, ETSN_PSFP_UNPARSED_DROP, &cfg);
		if (ret && !first)
			first = ret;
	}
	if (!bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg))
		etsn_psfp_unchain_if_idle(&m, &cfg);
	etsn_psfp_skip_sync("stream", ifc->name, &m);
	etsn_psfp_maps_close(&m);
	return first;
}
