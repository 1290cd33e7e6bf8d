// SPDX-License-Identifier: GPL-2.0-or-later
/* Edits of a device's egress stream classifier (cls_edit.h), as etsnctl
 * classify and edgetsnd make them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_classify.skel.h"

#include "bpfmap.h"
#include "bpfpin.h"
#include "cls_edit.h"

/* A handle and priority of its own, so it replaces only itself. */
const struct etsn_tc_filter etsn_cls_filter = {
	.cmd = "classify", .what = "classifier", .prog_name = ETSN_CLS_PROG_NAME,
	.handle = 0xe75, .priority = 0xe75,
};

static const char *const map_names[ETSN_CLS_M_N] = {
	ETSN_CLS_MAP_MAC, ETSN_CLS_MAP_IP, ETSN_CLS_MAP_STREAM, ETSN_CLS_MAP_COUNT,
	ETSN_CLS_MAP_MISS,
};

void etsn_cls_maps_close(struct etsn_cls_maps *m)
{
	etsn_bpfpin_close_set(m->fd, ETSN_CLS_M_N);
}

int etsn_cls_maps_open(const char *dev, struct etsn_cls_maps *m)
{
	int err = etsn_bpfpin_open_set(dev, map_names, ETSN_CLS_M_N, m->fd, NULL);

	if (err && err != -ENOENT)
		fprintf(stderr, "etsnctl classify: cannot open the classifier maps in %s/%s: %s\n",
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	return err;
}

int etsn_cls_maps_open_existing(const char *dev, struct etsn_cls_maps *m)
{
	int err = etsn_cls_maps_open(dev, m);

	if (err == -ENOENT)
		fprintf(stderr, "etsnctl classify: %s has no classifier maps in %s/%s; attach or add a rule first\n",
			dev, ETSN_BPFPIN_ROOT, dev);
	return err;
}

/* Loads the classifier with its maps pinned in (or taken from) DEV's pin
 * directory. *created says whether the directory is new.
 */
static struct etsn_classify_bpf *load(const char *dev, bool *created, int *errp)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_classify_bpf *skel;
	char dir[256];
	int err;

	*created = false;
	err = etsn_bpfpin_pin_root("classify", dev, dir, sizeof(dir), created);
	if (err) {
		*errp = err;
		return NULL;
	}
	oo.pin_root_path = dir;
	skel = etsn_classify_bpf__open_opts(&oo);
	err = skel ? etsn_classify_bpf__load(skel) : -errno;
	if (!err)
		return skel;
	fprintf(stderr, "etsnctl classify: cannot load the classifier: %s%s\n", strerror(-err),
		err == -EINVAL ? " (pins in " ETSN_BPFPIN_ROOT " from another version?)" : "");
	etsn_classify_bpf__destroy(skel);
	if (*created)
		etsn_bpfpin_remove_dir(dev);
	*errp = err;
	return NULL;
}

int etsn_cls_prepare(const char *dev, struct etsn_cls_maps *m)
{
	struct etsn_classify_bpf *skel;
	bool created;
	int err = etsn_cls_maps_open(dev, m);

	if (err != -ENOENT)
		return err;
	skel = load(dev, &created, &err);
	if (!skel)
		return err;
	etsn_classify_bpf__destroy(skel);
	return etsn_cls_maps_open(dev, m);
}

int etsn_cls_attach(const char *dev, int ifindex, uint32_t *prog_id)
{
	struct etsn_classify_bpf *skel;
	bool created;
	int err;

	err = etsn_tc_egress_check(&etsn_cls_filter, dev, ifindex);
	if (err)
		return err;
	skel = load(dev, &created, &err);
	if (!skel)
		return err;
	err = etsn_tc_egress_install(&etsn_cls_filter, dev, ifindex, skel->obj,
				     bpf_program__fd(skel->progs.etsn_classify), created, prog_id);
	etsn_classify_bpf__destroy(skel);
	return err;
}

static int zero_counters(int fd, uint32_t id)
{
	return etsn_percpu_zero(fd, &id, sizeof(struct etsn_cls_counters));
}

int etsn_cls_read_counters(int fd, uint32_t id, struct etsn_cls_counters *sum)
{
	struct etsn_cls_counters *v;
	int ncpu, err;

	err = etsn_percpu_lookup(fd, &id, sizeof(*v), (void **)&v, &ncpu);
	if (err)
		return err;
	etsn_cls_sum(v, ncpu, sum);
	free(v);
	return 0;
}

/* Stream (id free?), counters, key (key free?); undoes what it wrote on
 * the first failure.
 */
int etsn_cls_rule_add(const char *dev, const struct etsn_cls_maps *m,
		      const struct etsn_cls_rule *r)
{
	char text[ETSN_CLS_KEY_STRLEN];
	const void *key;
	uint32_t other;
	size_t ksize;
	int kfd, err;

	etsn_cls_format_key(&r->stream, text, sizeof(text));
	key = etsn_cls_key(&r->stream, &ksize);
	kfd = m->fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_CLS_M_MAC : ETSN_CLS_M_IP];
	if (bpf_map_lookup_elem(kfd, key, &other) == 0) {
		fprintf(stderr, "etsnctl classify: '%s' already names stream %" PRIu32 " on %s\n",
			text, other, dev);
		return -EEXIST;
	}
	err = bpf_map_update_elem(m->fd[ETSN_CLS_M_STREAM], &r->id, &r->stream, BPF_NOEXIST);
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl classify: stream %" PRIu32 " already exists on %s\n", r->id,
			dev);
		return err;
	}
	if (!err) {
		err = zero_counters(m->fd[ETSN_CLS_M_COUNT], r->id);
		if (!err)
			err = bpf_map_update_elem(kfd, key, &r->id, BPF_NOEXIST);
		if (err)
			bpf_map_delete_elem(m->fd[ETSN_CLS_M_STREAM], &r->id);
	}
	if (err == -EEXIST)
		fprintf(stderr, "etsnctl classify: '%s' was just added by someone else\n", text);
	else if (err == -E2BIG || err == -ENOSPC)
		fprintf(stderr, "etsnctl classify: no room for more streams on %s (at most %d)\n",
			dev, ETSN_CLS_MAX_STREAMS);
	else if (err)
		fprintf(stderr, "etsnctl classify: cannot add stream %" PRIu32 ": %s\n", r->id,
			strerror(-err));
	return err;
}

int etsn_cls_rule_remove(const struct etsn_cls_maps *m, uint32_t id,
			 const struct etsn_cls_stream *s)
{
	size_t ksize;
	const void *key = etsn_cls_key(s, &ksize);
	int err;

	err = bpf_map_delete_elem(m->fd[s->key_kind == ETSN_PSFP_KEY_MAC ? ETSN_CLS_M_MAC :
					ETSN_CLS_M_IP], key);
	if (!err || err == -ENOENT)
		err = bpf_map_delete_elem(m->fd[ETSN_CLS_M_STREAM], &id);
	return err;
}
