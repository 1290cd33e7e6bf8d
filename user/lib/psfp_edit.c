// SPDX-License-Identifier: GPL-2.0-or-later
/* Edits of a device's PSFP plane (psfp_edit.h), as etsnctl stream and
 * edgetsnd make them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_psfp.skel.h"

#include "bpfpin.h"
#include "psfp_edit.h"
#include "xdp_state.h"

/* Maps for adding a stream: the pinned ones, created by loading the PSFP
 * program when missing. *skel is the loaded program when the slot is
 * empty (the caller fills it once the stream is in), else NULL.
 */
int etsn_psfp_prepare(const char *cmd, const char *dev, struct etsn_psfp_maps *m,
		      struct etsn_psfp_bpf **skel)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char dir[256];
	bool created = false;
	int err;

	*skel = NULL;
	err = etsn_psfp_maps_open(cmd, dev, m);
	if (err && err != -ENOENT)
		return err;
	if (!err && etsn_psfp_maps_slot_prog(m))
		return 0;
	if (!err)
		etsn_psfp_maps_close(m);
	err = etsn_bpfpin_pin_root(cmd, dev, dir, sizeof(dir), &created);
	if (err)
		return err;
	oo.pin_root_path = dir;
	*skel = etsn_psfp_bpf__open_opts(&oo);
	err = *skel ? etsn_psfp_bpf__load(*skel) : -errno;
	if (!err)
		err = etsn_psfp_maps_open(cmd, dev, m);
	if (err) {
		fprintf(stderr, "etsnctl %s: cannot load the PSFP program: %s%s\n", cmd, strerror(-err),
			err == -EINVAL ? " (pins in " ETSN_BPFPIN_ROOT " from another version?)" : "");
		etsn_psfp_bpf__destroy(*skel);
		*skel = NULL;
		if (created)
			etsn_bpfpin_remove_dir(dev);
	}
	return err;
}

/* Sets the policies named (>= 0), keeping the rest of the config; *cfg
 * is the config now in force.
 */
int etsn_psfp_set_policy(const struct etsn_psfp_maps *m, int unknown, int unparsed,
			 struct etsn_psfp_config *cfg)
{
	uint32_t key = 0;
	int err;

	err = bpf_map_lookup_elem(m->fd[ETSN_PSFP_M_CONFIG], &key, cfg);
	if (err)
		return err;
	if (unknown >= 0)
		cfg->unknown_policy = (uint32_t)unknown;
	if (unparsed >= 0)
		cfg->unparsed = (uint32_t)unparsed;
	return bpf_map_update_elem(m->fd[ETSN_PSFP_M_CONFIG], &key, cfg, BPF_ANY);
}

/* PSFP runs after the firewall, by its tail call: without the firewall
 * on DEV a stream (or a drop policy) would be a promise nothing keeps.
 */
int etsn_psfp_need_firewall(const char *cmd, const char *dev)
{
	struct etsn_xdp_state st;

	if (etsn_xdp_query(cmd, dev, &st))
		return -ENODEV;
	if (etsn_xdp_is_fw(&st))
		return 0;
	fprintf(stderr, "etsnctl %s: no XDP firewall on %s: PSFP runs after it (etsnctl xdp attach dev %s)\n", cmd,
		dev, dev);
	return -ENOENT;
}

/* Puts the loaded PSFP program in the firewall's slot. */
int etsn_psfp_chain(const char *cmd, const struct etsn_psfp_maps *m,
		    const struct etsn_psfp_bpf *skel)
{
	uint32_t slot = ETSN_XDP_NEXT_PSFP;
	int fd = bpf_program__fd(skel->progs.etsn_xdp_psfp);
	int err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_NEXT], &slot, &fd, BPF_ANY);

	if (err)
		fprintf(stderr, "etsnctl %s: cannot chain the PSFP program: %s\n", cmd, strerror(-err));
	return err;
}

static bool any_stream(int fd)
{
	uint32_t next;

	return bpf_map_get_next_key(fd, NULL, &next) == 0;
}

/* The slot stays filled while PSFP has something to do: a stream, or a
 * drop policy for frames of none. Empty, frames pass the firewall at no
 * cost.
 */
void etsn_psfp_unchain_if_idle(const struct etsn_psfp_maps *m,
			       const struct etsn_psfp_config *cfg)
{
	uint32_t slot = ETSN_XDP_NEXT_PSFP;

	if (cfg->unknown_policy != ETSN_PSFP_UNKNOWN_DROP && !any_stream(m->fd[ETSN_PSFP_M_STREAM]))
		bpf_map_delete_elem(m->fd[ETSN_PSFP_M_NEXT], &slot);
}

/* Lets frames skip the lookups of maps left empty; a failure only costs
 * speed (every lookup stays on), so it is reported, not fatal.
 */
void etsn_psfp_skip_sync(const char *cmd, const char *dev, const struct etsn_psfp_maps *m)
{
	int err = etsn_psfp_maps_skip_sync(m);

	if (err)
		fprintf(stderr, "etsnctl %s: %s: frames keep every lookup: %s\n", cmd, dev,
			strerror(-err));
}

/* Adds stream r (counters zeroed, value, then its key: frames find it
 * only once it is whole). 0, or an error already reported.
 */
int etsn_psfp_stream_add(const char *cmd, const char *dev, const struct etsn_psfp_maps *m,
			 const struct etsn_psfp_rule *r, const char *where)
{
	char key_text[ETSN_PSFP_KEY_STRLEN];
	struct etsn_psfp_ident ident = { .id = r->id, .max_sdu = r->stream.max_sdu }, other;
	const void *key;
	size_t ksize;
	int kfd, err;

	etsn_psfp_format_key(&r->stream, key_text, sizeof(key_text));
	key = etsn_psfp_key(&r->stream, &ksize);
	kfd = m->fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC : ETSN_PSFP_M_IP];
	if (bpf_map_lookup_elem(kfd, key, &other) == 0) {
		fprintf(stderr, "etsnctl %s: %s'%s' already names stream %" PRIu32 " on %s\n", cmd,
			where, key_text, other.id, dev);
		return -EEXIST;
	}
	err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_STREAM], &r->id, &r->stream, BPF_NOEXIST);
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl %s: %sstream %" PRIu32 " already exists on %s\n", cmd, where,
			r->id, dev);
		return err;
	}
	/* Before the stream is visible, but after we know the id is free. */
	if (!err) {
		err = etsn_psfp_maps_zero_counters(m, r->id);
		if (!err)
			err = etsn_psfp_maps_write_meter(m, r->id, &r->meter);
		if (!err)
			err = bpf_map_update_elem(kfd, key, &ident, BPF_NOEXIST);
		if (err)
			bpf_map_delete_elem(m->fd[ETSN_PSFP_M_STREAM], &r->id);
	}
	if (err == -E2BIG || err == -ENOSPC)
		fprintf(stderr, "etsnctl %s: %sno room for more streams on %s (at most %d)\n", cmd,
			where, dev, ETSN_PSFP_MAX_STREAMS);
	else if (err == -EEXIST)
		fprintf(stderr, "etsnctl %s: %s'%s' was just added by someone else\n", cmd, where,
			key_text);
	else if (err)
		fprintf(stderr, "etsnctl %s: %scannot add stream %" PRIu32 ": %s\n", cmd, where,
			r->id, strerror(-err));
	return err;
}

int etsn_psfp_stream_remove(const struct etsn_psfp_maps *m, uint32_t id,
			    const struct etsn_psfp_stream *s)
{
	size_t ksize;
	const void *key = etsn_psfp_key(s, &ksize);
	int kfd = m->fd[s->key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC : ETSN_PSFP_M_IP];
	int err;

	err = bpf_map_delete_elem(kfd, key);
	if (!err || err == -ENOENT)
		err = bpf_map_delete_elem(m->fd[ETSN_PSFP_M_STREAM], &id);
	if (!err) {
		const struct etsn_psfp_meter none = { 0 };

		bpf_map_delete_elem(m->fd[ETSN_PSFP_M_GATE], &id);	/* none: fine */
		etsn_psfp_maps_write_meter(m, id, &none);	/* the next add writes it anyway */
	}
	return err;
}

int etsn_psfp_stream_write(const struct etsn_psfp_maps *m, const struct etsn_psfp_rule *r)
{
	struct etsn_psfp_ident ident = { .id = r->id, .max_sdu = r->stream.max_sdu };
	size_t ksize;
	const void *key = etsn_psfp_key(&r->stream, &ksize);
	int kfd = m->fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC : ETSN_PSFP_M_IP];
	int err;

	err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_STREAM], &r->id, &r->stream, BPF_EXIST);
	if (!err)
		err = etsn_psfp_maps_write_meter(m, r->id, &r->meter);
	/* Frames read max_sdu from the key's value: written last. */
	if (!err)
		err = bpf_map_update_elem(kfd, key, &ident, BPF_EXIST);
	return err;
}

void etsn_psfp_unload(struct etsn_psfp_bpf *skel)
{
	etsn_psfp_bpf__destroy(skel);
}
