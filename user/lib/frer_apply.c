// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's FRER apply (frer_apply.h). Per interface: first the pinned
 * streams that go (not named any more, or named with other settings) are
 * deleted, so that their keys are free, then the missing ones are added.
 * Every step is recorded with what it needs to be taken back.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_log.h"
#include "bpfmap.h"
#include "bpfpin.h"
#include "frer_apply.h"
#include "frer_attach.h"

union frer_value {
	struct etsn_frer_talker t;
	struct etsn_frer_rcvy r;
};

struct etsn_frer_undo_step {
	char dev[IF_NAMESIZE];
	uint32_t id;
	bool talker;
	bool added;		/* undo deletes the stream; else puts old back */
	union frer_value old;
};

static const char *role(bool talker)
{
	return talker ? "talker" : "listener";
}

static int record(struct etsn_frer_undo *u, const char *dev, uint32_t id, bool talker,
		  bool added, const union frer_value *old)
{
	struct etsn_frer_undo_step *s;

	if (u->n == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 16;

		s = realloc(u->steps, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		u->steps = s;
		u->cap = cap;
	}
	s = &u->steps[u->n++];
	memset(s, 0, sizeof(*s));
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	s->id = id;
	s->talker = talker;
	s->added = added;
	if (old)
		s->old = *old;
	return 0;
}

static bool same_key(uint32_t ka, const struct etsn_psfp_mac_key *ma,
		     const struct etsn_psfp_ip_key *ia, uint32_t kb,
		     const struct etsn_psfp_mac_key *mb, const struct etsn_psfp_ip_key *ib)
{
	size_t sa, sb;
	const void *a = etsn_frer_key(ka, ma, ia, &sa), *b = etsn_frer_key(kb, mb, ib, &sb);

	return ka == kb && sa == sb && !memcmp(a, b, sa);
}

/* The settings of a pinned value against the config's (state aside). */
static bool same_talker(const struct etsn_frer_talker *p, const struct etsn_frer_talker_rule *t)
{
	return p->ifindex2 == if_nametoindex(t->dev2) && p->vid1 == t->t.vid1 &&
	       p->vid2 == t->t.vid2 &&
	       same_key(p->key_kind, &p->mac, &p->ip, t->t.key_kind, &t->t.mac, &t->t.ip);
}

static bool same_listener(const struct etsn_frer_rcvy *p, const struct etsn_frer_rcvy *r)
{
	return p->alg == r->alg && p->flags == r->flags && p->history_len == r->history_len &&
	       p->reset_ms == r->reset_ms && p->lat_difference == r->lat_difference &&
	       p->lat_period_ms == r->lat_period_ms && p->lat_paths == r->lat_paths &&
	       p->lat_reset_ms == r->lat_reset_ms && p->vid2 == r->vid2 &&
	       same_key(p->key_kind, &p->mac, &p->ip, r->key_kind, &r->mac, &r->ip);
}

/* Is pinned stream id (value p) in the config with the same settings? */
static bool wanted(const struct etsn_agent_iface *ifc, uint32_t id, bool talker,
		   const union frer_value *p)
{
	if (talker) {
		for (size_t i = 0; i < ifc->nfrer_talkers; i++)
			if (ifc->frer_talkers[i].id == id)
				return same_talker(&p->t, &ifc->frer_talkers[i]);
		return false;
	}
	for (size_t i = 0; i < ifc->nfrer_listeners; i++)
		if (ifc->frer_listeners[i].id == id)
			return same_listener(&p->r, &ifc->frer_listeners[i].r);
	return false;
}

/* Deletes the pinned streams of one role that the config does not keep. */
static int drop_unwanted(const struct etsn_agent_iface *ifc, bool talker,
			 struct etsn_frer_undo *u, size_t *changes, char *err, size_t errlen)
{
	uint32_t ids[ETSN_FRER_MAX_STREAMS];
	int fd, n = 0, ret;

	fd = etsn_bpfpin_open(ifc->name, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);
	if (fd == -ENOENT)
		return 0;	/* nothing pinned yet */
	if (fd < 0)
		return fd;
	ret = etsn_bpfmap_u32_keys(fd, ids, ETSN_FRER_MAX_STREAMS, &n);
	close(fd);
	for (int i = 0; i < n && !ret; i++) {
		union frer_value old;

		if (etsn_frer_stream_get(ifc->name, ids[i], talker, &old, sizeof(old)) ||
		    wanted(ifc, ids[i], talker, &old))
			continue;
		ret = etsn_frer_stream_del(ifc->name, ids[i], talker, err, errlen);
		if (!ret)
			ret = record(u, ifc->name, ids[i], talker, false, &old);
		if (!ret) {
			(*changes)++;
			etsn_log(ETSN_LOG_INFO, "%s: FRER %s stream %u deleted", ifc->name,
				 role(talker), ids[i]);
		}
	}
	return ret;
}

/* Adds the config's streams that are not pinned (any more). */
static int add_missing(const struct etsn_agent_iface *ifc, struct etsn_frer_undo *u,
		       size_t *changes, char *err, size_t errlen)
{
	union frer_value v;
	int ret = 0;

	for (size_t i = 0; i < ifc->nfrer_talkers && !ret; i++) {
		struct etsn_frer_talker_rule t = ifc->frer_talkers[i];

		if (!etsn_frer_stream_get(ifc->name, t.id, true, &v, sizeof(v)))
			continue;
		ret = etsn_frer_talker_add(ifc->name, &t, err, errlen);
		if (!ret)
			ret = record(u, ifc->name, t.id, true, true, NULL);
		if (!ret) {
			(*changes)++;
			etsn_log(ETSN_LOG_INFO, "%s: FRER talker stream %u added, copies by %s",
				 ifc->name, t.id, t.dev2);
		}
	}
	for (size_t i = 0; i < ifc->nfrer_listeners && !ret; i++) {
		const struct etsn_frer_listener_rule *l = &ifc->frer_listeners[i];
		struct etsn_frer_where where;

		if (!etsn_frer_stream_get(ifc->name, l->id, false, &v, sizeof(v)))
			continue;
		ret = etsn_frer_listener_add(ifc->name, l, &where, err, errlen);
		if (!ret)
			ret = record(u, ifc->name, l->id, false, true, NULL);
		if (!ret) {
			(*changes)++;
			etsn_log(ETSN_LOG_INFO, "%s: FRER listener stream %u added (%s)", ifc->name,
				 l->id, where.dev);
		}
	}
	return ret;
}

int etsn_frer_apply(const struct etsn_agent_config *c, struct etsn_frer_undo *u,
		    size_t *changes, char *err, size_t errlen)
{
	int ret = 0;

	for (size_t i = 0; i < c->nifaces && !ret; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];
		char why[200] = "";

		if (!ifc->has_frer)
			continue;
		ret = drop_unwanted(ifc, true, u, changes, why, sizeof(why));
		if (!ret)
			ret = drop_unwanted(ifc, false, u, changes, why, sizeof(why));
		if (!ret)
			ret = add_missing(ifc, u, changes, why, sizeof(why));
		if (ret == -ENOMEM && !why[0])
			snprintf(why, sizeof(why), "out of memory");
		if (ret)
			snprintf(err, errlen, "%s: FRER: %s", ifc->name,
				 why[0] ? why : strerror(-ret));
	}
	return ret;
}

void etsn_frer_apply_undo(struct etsn_frer_undo *u)
{
	char err[200];

	while (u->n) {
		const struct etsn_frer_undo_step *s = &u->steps[--u->n];
		int ret;

		if (s->added)
			ret = etsn_frer_stream_del(s->dev, s->id, s->talker, err, sizeof(err));
		else
			ret = etsn_frer_stream_put(s->dev, s->id, s->talker, &s->old);
		if (ret)
			etsn_log(ETSN_LOG_ERR, "%s: FRER %s stream %u: undo failed: %s", s->dev,
				 role(s->talker), s->id, strerror(-ret));
		else
			etsn_log(ETSN_LOG_INFO, "%s: FRER %s stream %u %s", s->dev,
				 role(s->talker), s->id, s->added ? "deleted again" : "put back");
	}
}

void etsn_frer_apply_free(struct etsn_frer_undo *u)
{
	free(u->steps);
	memset(u, 0, sizeof(*u));
}
