// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl stream: 802.1Qci streams of a device (identification, max SDU,
 * meter) in the maps of bpf/etsn_psfp.bpf.c, pinned under
 * /sys/fs/bpf/edgetsn/<ifname>/. The first stream loads the PSFP program
 * and puts it in the firewall's etsn_xdp_next slot; deleting the last one
 * empties the slot again (frames then pass the firewall as before).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsnctl.h"
#include "etsn_psfp.skel.h"

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/out.h"
#include "lib/psfp.h"
#include "lib/psfp_batch.h"
#include "lib/psfp_maps.h"
#include "lib/psfp_show.h"
#include "lib/sched.h"
#include "lib/xdp_state.h"

static const char usage[] =
	"usage: etsnctl stream add dev DEV id N (dst MAC [vlan V] |\n"
	"           ip SRC DST proto tcp|udp sport S dport D [dscp N])\n"
	"           [max-sdu BYTES] [cir RATE cbs BYTES [eir RATE ebs BYTES] [drop-yellow]]\n"
	"           [unknown-policy pass|drop]\n"
	"       etsnctl stream add dev DEV batch FILE|-\n"
	"       etsnctl stream del dev DEV id N\n"
	"       etsnctl stream gate dev DEV id N [base TIME] [cycle DURATION]\n"
	"           (open|closed DURATION)... | off\n"
	"       etsnctl stream policy dev DEV pass|drop\n"
	"       etsnctl stream policy dev DEV [unknown pass|drop] [unparsed pass|drop]\n"
	"       etsnctl [-j] stream show dev DEV\n"
	"  Per-stream filtering and policing (802.1Qci) on DEV's ingress, after the\n"
	"  XDP firewall (etsnctl xdp attach dev DEV). N is 0.." ETSN_PSFP_MAX_ID_TEXT "; frames longer\n"
	"  than max-sdu are dropped; the meter is two-rate, colour-blind: green\n"
	"  within cir/cbs, yellow within eir/ebs (passed, or dropped with\n"
	"  drop-yellow), red dropped. RATE: 10mbit, 500kbit, 1gbit, 125000bps.\n"
	"  Frames of no stream are passed or dropped by the unknown policy\n"
	"  (pass|drop alone sets it); frames no MAC + VLAN stream claims whose IP\n"
	"  headers cannot be read to the ports by the unparsed one (default drop).\n"
	"  A gate drops the stream's frames while its schedule (CLOCK_TAI, from\n"
	"  base, every cycle) has it closed; before base it is open.\n"
	"  batch: one stream a line (the words after 'dev DEV'; '#' comments), all\n"
	"  added or, at the first bad or conflicting line (FILE:LINE), none.\n";

/* Maps for adding a stream: the pinned ones, created by loading the PSFP
 * program when missing. *skel is the loaded program when the slot is
 * empty (the caller fills it once the stream is in), else NULL.
 */
static int prepare(const char *dev, struct etsn_psfp_maps *m, struct etsn_psfp_bpf **skel)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char dir[256];
	bool created = false;
	int err;

	*skel = NULL;
	err = etsn_psfp_maps_open("stream", dev, m);
	if (err && err != -ENOENT)
		return err;
	if (!err && etsn_psfp_maps_slot_prog(m))
		return 0;
	if (!err)
		etsn_psfp_maps_close(m);
	err = etsn_bpfpin_dir(dev, dir, sizeof(dir));
	if (!err)
		err = etsn_bpfpin_make_dir(dev, &created);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot create %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-err));
		return err;
	}
	oo.pin_root_path = dir;
	*skel = etsn_psfp_bpf__open_opts(&oo);
	err = *skel ? etsn_psfp_bpf__load(*skel) : -errno;
	if (!err)
		err = etsn_psfp_maps_open("stream", dev, m);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot load the PSFP program: %s%s\n", strerror(-err),
			err == -EINVAL ? " (pins in " ETSN_BPFPIN_ROOT " from another version?)" : "");
		etsn_psfp_bpf__destroy(*skel);
		*skel = NULL;
		if (created)
			etsn_bpfpin_remove_dir(dev);
	}
	return err;
}

static int read_global(int fd, uint64_t g[ETSN_PSFP_GLOBALS])
{
	int err = 0;

	for (uint32_t k = 0; !err && k < ETSN_PSFP_GLOBALS; k++)
		err = etsn_percpu_sum_u64(fd, k, &g[k]);
	return err;
}

/* Sets the policies named (>= 0), keeping the rest of the config; *cfg
 * is the config now in force.
 */
static int set_policy(const struct etsn_psfp_maps *m, int unknown, int unparsed,
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
static int need_firewall(const char *dev)
{
	struct etsn_xdp_state st;

	if (etsn_xdp_query("stream", dev, &st))
		return -ENODEV;
	if (etsn_xdp_is_fw(&st))
		return 0;
	fprintf(stderr, "etsnctl stream: no XDP firewall on %s: PSFP runs after it (etsnctl xdp attach dev %s)\n",
		dev, dev);
	return -ENOENT;
}

/* The pin directory lock (lib/bpfpin.h) for an edit: its fd, or < 0
 * after saying why.
 */
static int lock_pins(const char *dev)
{
	int fd = etsn_bpfpin_lock(dev);

	if (fd < 0)
		fprintf(stderr, "etsnctl stream: cannot lock %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-fd));
	return fd;
}

/* Puts the loaded PSFP program in the firewall's slot. */
static int chain(const struct etsn_psfp_maps *m, const struct etsn_psfp_bpf *skel)
{
	uint32_t slot = ETSN_XDP_NEXT_PSFP;
	int fd = bpf_program__fd(skel->progs.etsn_xdp_psfp);
	int err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_NEXT], &slot, &fd, BPF_ANY);

	if (err)
		fprintf(stderr, "etsnctl stream: cannot chain the PSFP program: %s\n", strerror(-err));
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
static void unchain_if_idle(const struct etsn_psfp_maps *m, const struct etsn_psfp_config *cfg)
{
	uint32_t slot = ETSN_XDP_NEXT_PSFP;

	if (cfg->unknown_policy != ETSN_PSFP_UNKNOWN_DROP && !any_stream(m->fd[ETSN_PSFP_M_STREAM]))
		bpf_map_delete_elem(m->fd[ETSN_PSFP_M_NEXT], &slot);
}

/* Lets frames skip the lookups of maps left empty; a failure only costs
 * speed (every lookup stays on), so it is reported, not fatal.
 */
static void skip_sync(const char *dev, const struct etsn_psfp_maps *m)
{
	int err = etsn_psfp_maps_skip_sync(m);

	if (err)
		fprintf(stderr, "etsnctl stream: %s: frames keep every lookup: %s\n", dev,
			strerror(-err));
}

/* Adds stream r (counters zeroed, value, then its key: frames find it
 * only once it is whole). 0, or an error already reported.
 */
static int add_one(const char *dev, const struct etsn_psfp_maps *m,
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
		fprintf(stderr, "etsnctl stream: %s'%s' already names stream %" PRIu32 " on %s\n",
			where, key_text, other.id, dev);
		return -EEXIST;
	}
	err = bpf_map_update_elem(m->fd[ETSN_PSFP_M_STREAM], &r->id, &r->stream, BPF_NOEXIST);
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl stream: %sstream %" PRIu32 " already exists on %s\n", where,
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
		fprintf(stderr, "etsnctl stream: %sno room for more streams on %s (at most %d)\n",
			where, dev, ETSN_PSFP_MAX_STREAMS);
	else if (err == -EEXIST)
		fprintf(stderr, "etsnctl stream: %s'%s' was just added by someone else\n", where,
			key_text);
	else if (err)
		fprintf(stderr, "etsnctl stream: %scannot add stream %" PRIu32 ": %s\n", where,
			r->id, strerror(-err));
	return err;
}

/* Takes stream r away again (key first). */
static void undo_one(const struct etsn_psfp_maps *m, const struct etsn_psfp_rule *r)
{
	size_t ksize;
	const void *key = etsn_psfp_key(&r->stream, &ksize);
	int kfd = m->fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC : ETSN_PSFP_M_IP];

	bpf_map_delete_elem(kfd, key);
	bpf_map_delete_elem(m->fd[ETSN_PSFP_M_STREAM], &r->id);
}

/* Adds every stream of the set, then the policy, then fills the slot; on
 * the first failure takes away all it added (all or nothing). Returns an
 * exit code.
 */
static int add(struct etsn_ctx *ctx, const char *dev, const struct etsn_psfp_batch *set)
{
	char key_text[ETSN_PSFP_KEY_STRLEN];
	struct etsn_psfp_config cfg;
	struct etsn_psfp_bpf *skel;
	struct etsn_psfp_maps m;
	size_t done = 0;
	int lock, err = 0;

	if (need_firewall(dev))
		return ETSN_EXIT_FAIL;
	lock = lock_pins(dev);
	if (lock < 0)
		return ETSN_EXIT_FAIL;
	if (prepare(dev, &m, &skel)) {
		close(lock);
		return ETSN_EXIT_FAIL;
	}
	err = etsn_psfp_maps_skip_none(&m);
	while (done < set->n && !err) {
		err = add_one(dev, &m, &set->r[done], set->where[done]);
		if (!err)
			done++;
	}
	if (!err && set->policy >= 0) {
		err = set_policy(&m, set->policy, -1, &cfg);
		if (err)
			fprintf(stderr, "etsnctl stream: cannot set the unknown policy: %s\n",
				strerror(-err));
	}
	if (!err && skel)
		err = chain(&m, skel);
	while (err && done > 0)
		undo_one(&m, &set->r[--done]);
	skip_sync(dev, &m);
	if (!err) {
		struct etsn_out o;

		etsn_out_result(&o, ctx->json, dev, "added");
		etsn_out_open_array(&o, "ids", NULL);
		for (size_t k = 0; k < set->n; k++)
			etsn_out_u64(&o, ETSN_OUT_ITEM, set->n == 1 ? " stream %" PRIu64 : NULL,
				     set->r[k].id);
		etsn_out_close_array(&o);
		if (set->n == 1) {
			etsn_psfp_format_key(&set->r[0].stream, key_text, sizeof(key_text));
			etsn_out_text(&o, " (%s) added\n", key_text);
		} else {
			etsn_out_text(&o, " %zu streams added\n", set->n);
		}
		etsn_out_end(&o);
	}
	etsn_psfp_bpf__destroy(skel);
	etsn_psfp_maps_close(&m);
	close(lock);
	return err ? ETSN_EXIT_FAIL : ETSN_EXIT_OK;
}

/* Reads a batch file ("-": stdin) whole (lib/psfp_batch.c). 0 or an
 * exit code: a bad line is bad usage, nothing read.
 */
static int read_batch(const char *path, struct etsn_psfp_batch *set)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char err[512];
	int ret;

	if (!f) {
		fprintf(stderr, "etsnctl stream: cannot read %s: %s\n", path, strerror(errno));
		return ETSN_EXIT_FAIL;
	}
	ret = etsn_psfp_batch_read(f, f == stdin ? "stdin" : path, set, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (ret)
		fprintf(stderr, "etsnctl stream: %s\n", err);
	return !ret ? ETSN_EXIT_OK : ret == -EINVAL ? ETSN_EXIT_USAGE : ETSN_EXIT_FAIL;
}

static int del(struct etsn_ctx *ctx, const char *dev, uint32_t id)
{
	struct etsn_psfp_config cfg = { 0 };
	struct etsn_psfp_stream s;
	struct etsn_psfp_maps m;
	struct etsn_out o;
	const void *key;
	uint32_t zero = 0;
	size_t ksize;
	int lock, err;

	if (etsn_psfp_maps_open_existing("stream", dev, &m))
		return ETSN_EXIT_FAIL;
	lock = lock_pins(dev);
	if (lock >= 0 && bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl stream: no stream %" PRIu32 " on %s\n", id, dev);
		close(lock);
		lock = -ENOENT;
	}
	if (lock < 0) {
		etsn_psfp_maps_close(&m);
		return ETSN_EXIT_FAIL;
	}
	/* Key first: from then on its frames are unknown, never half-known. */
	key = etsn_psfp_key(&s, &ksize);
	err = bpf_map_delete_elem(m.fd[s.key_kind == ETSN_PSFP_KEY_MAC ? ETSN_PSFP_M_MAC : ETSN_PSFP_M_IP], key);
	if (!err || err == -ENOENT)
		err = bpf_map_delete_elem(m.fd[ETSN_PSFP_M_STREAM], &id);
	if (!err) {
		const struct etsn_psfp_meter none = { 0 };

		bpf_map_delete_elem(m.fd[ETSN_PSFP_M_GATE], &id);	/* none: fine */
		etsn_psfp_maps_write_meter(&m, id, &none);	/* the next add writes it anyway */
	}
	if (!err && bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg) == 0)
		unchain_if_idle(&m, &cfg);
	skip_sync(dev, &m);
	etsn_psfp_maps_close(&m);
	close(lock);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot delete stream %" PRIu32 ": %s\n", id,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&o, ctx->json, dev, "deleted");
	etsn_out_u64(&o, "id", " stream %" PRIu64 " deleted\n", id);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static void show_stream(struct etsn_out *o, uint32_t id, const struct etsn_psfp_stream *s,
			const struct etsn_psfp_meter *mt, const struct etsn_psfp_gate *g,
			const struct etsn_psfp_counters *c)
{
	etsn_out_open(o, ETSN_OUT_ITEM, NULL);
	etsn_out_u64(o, "id", "stream %" PRIu64 " ", id);
	etsn_psfp_out_key(o, s->key_kind, &s->mac, &s->ip);
	if (s->max_sdu)
		etsn_out_u64(o, "max_sdu_bytes", " max-sdu %" PRIu64, s->max_sdu);
	etsn_psfp_out_meter(o, mt, false);
	etsn_out_text(o, "\n");
	if (g)
		etsn_psfp_out_gate(o, g);
	etsn_psfp_out_counters(o, c);
	etsn_out_close(o);
}

/* "unknown"/"unparsed": {"policy","passed","dropped"}; text one line. */
static void show_verdict(struct etsn_out *o, const char *key, const char *text, bool drop,
			 uint64_t passed, uint64_t dropped)
{
	etsn_out_open(o, key, text);
	etsn_out_str(o, "policy", ": policy %s", drop ? "drop" : "pass");
	etsn_out_u64(o, "passed", ", passed %" PRIu64, passed);
	etsn_out_u64(o, "dropped", ", dropped %" PRIu64 "\n", dropped);
	etsn_out_close(o);
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	static uint32_t ids[ETSN_PSFP_MAX_STREAMS];
	uint64_t global[ETSN_PSFP_GLOBALS];
	struct etsn_psfp_config cfg = { 0 };
	struct etsn_psfp_maps m;
	struct etsn_out o;
	uint32_t zero = 0, prog;
	int n, err;

	if (etsn_psfp_maps_open_existing("stream", dev, &m))
		return ETSN_EXIT_FAIL;
	prog = etsn_psfp_maps_slot_prog(&m);
	err = etsn_psfp_maps_list_ids(&m, ids, &n);
	if (!err)
		err = read_global(m.fd[ETSN_PSFP_M_GLOBAL], global);
	if (!err)
		err = bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot read the PSFP maps of %s: %s\n", dev,
			strerror(-err));
		etsn_psfp_maps_close(&m);
		return ETSN_EXIT_FAIL;
	}
	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_str(&o, "ifname", "dev %s PSFP", dev);
	etsn_out_text(&o, " (maps in %s/%s), ", ETSN_BPFPIN_ROOT, dev);
	if (prog)
		etsn_out_u64(&o, "prog_id", "program %" PRIu64 "\n", prog);
	else
		etsn_out_text(&o, "not chained (no stream since the last was deleted)\n");
	show_verdict(&o, "unknown", "unknown streams", cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP,
		     global[ETSN_PSFP_UNKNOWN_PASSED], global[ETSN_PSFP_UNKNOWN_DROPPED]);
	show_verdict(&o, "unparsed", "unparsed frames", cfg.unparsed != ETSN_PSFP_UNPARSED_PASS,
		     global[ETSN_PSFP_UNPARSED_PASSED], global[ETSN_PSFP_UNPARSED_DROPPED]);
	etsn_out_open_array(&o, "streams", NULL);
	for (int i = 0; i < n && !err; i++) {
		struct etsn_psfp_counters c;
		struct etsn_psfp_stream s;
		struct etsn_psfp_meter mt;
		struct etsn_psfp_gate g;
		bool has_gate;

		/* A stream deleted meanwhile is skipped, not an error. */
		if (bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_STREAM], &ids[i], &s))
			continue;
		err = etsn_psfp_maps_read_counters(&m, ids[i], &c);
		if (!err)
			err = etsn_psfp_maps_read_meter(&m, ids[i], &mt);
		if (err)
			break;
		has_gate = bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_GATE], &ids[i], &g) == 0;
		show_stream(&o, ids[i], &s, &mt, has_gate ? &g : NULL, &c);
	}
	etsn_out_close_array(&o);
	if (!etsn_out_end(&o) && !err)
		err = -EIO;
	etsn_psfp_maps_close(&m);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot read the streams of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* Sets the policies named (>= 0). A drop policy for frames of no stream
 * needs PSFP to run, so it chains the program when no stream did; a pass
 * policy with no stream left empties the slot.
 */
static int policy(struct etsn_ctx *ctx, const char *dev, int unknown, int unparsed)
{
	struct etsn_psfp_config cfg = { 0 };
	struct etsn_psfp_bpf *skel = NULL;
	struct etsn_psfp_maps m;
	struct etsn_out o;
	int lock, err;

	bool drop = unknown == ETSN_PSFP_UNKNOWN_DROP;

	if (drop ? need_firewall(dev) : etsn_psfp_maps_open_existing("stream", dev, &m))
		return ETSN_EXIT_FAIL;
	lock = lock_pins(dev);
	if (lock < 0 || (drop && prepare(dev, &m, &skel))) {
		if (!drop)
			etsn_psfp_maps_close(&m);
		if (lock >= 0)
			close(lock);
		return ETSN_EXIT_FAIL;
	}
	err = set_policy(&m, unknown, unparsed, &cfg);
	if (err)
		fprintf(stderr, "etsnctl stream: cannot set the policy of %s: %s\n", dev,
			strerror(-err));
	if (!err && skel)
		err = chain(&m, skel);
	if (!err)
		unchain_if_idle(&m, &cfg);
	etsn_psfp_bpf__destroy(skel);
	etsn_psfp_maps_close(&m);
	close(lock);
	if (err)
		return ETSN_EXIT_FAIL;
	etsn_out_result(&o, ctx->json, dev, "set");
	etsn_out_open(&o, "unknown", NULL);
	etsn_out_str(&o, "policy", " frames of no stream: %s",
		     cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP ? "drop" : "pass");
	etsn_out_close(&o);
	etsn_out_open(&o, "unparsed", NULL);
	etsn_out_str(&o, "policy", ", unparsed frames: %s\n",
		     cfg.unparsed == ETSN_PSFP_UNPARSED_PASS ? "pass" : "drop");
	etsn_out_close(&o);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static int bad_words(int argc, char **argv, int i, const char *why);

/* Sets (g) or removes (NULL) the gate of an existing stream. */
static int gate(struct etsn_ctx *ctx, const char *dev, uint32_t id,
		const struct etsn_psfp_gate *g)
{
	struct etsn_psfp_stream s;
	struct etsn_psfp_maps m;
	struct etsn_out o;
	int err;

	if (etsn_psfp_maps_open_existing("stream", dev, &m))
		return ETSN_EXIT_FAIL;
	if (bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl stream: no stream %" PRIu32 " on %s\n", id, dev);
		etsn_psfp_maps_close(&m);
		return ETSN_EXIT_FAIL;
	}
	err = g ? etsn_psfp_maps_skip_none(&m) : 0;
	if (!err)
		err = g ? bpf_map_update_elem(m.fd[ETSN_PSFP_M_GATE], &id, g, BPF_ANY) :
			  bpf_map_delete_elem(m.fd[ETSN_PSFP_M_GATE], &id);
	skip_sync(dev, &m);
	etsn_psfp_maps_close(&m);
	if (err == -ENOENT) {
		fprintf(stderr, "etsnctl stream: stream %" PRIu32 " on %s has no gate\n", id, dev);
		return ETSN_EXIT_FAIL;
	}
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot set the gate of stream %" PRIu32 ": %s\n",
			id, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&o, ctx->json, dev, g ? "set" : "removed");
	etsn_out_u64(&o, "id", " stream %" PRIu64, id);
	etsn_out_text(&o, " gate %s\n", g ? "set" : "removed");
	if (g)
		etsn_psfp_out_gate(&o, g);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static int do_gate(struct etsn_ctx *ctx, const char *dev, int argc, char **argv, int i)
{
	struct etsn_psfp_gate g;
	const char *why;
	int64_t now = 0;
	uint32_t id;

	if (argc - i < 3 || strcmp(argv[i], "id"))
		return etsn_cli_usage_error("stream", usage, "gate takes 'id N' and a schedule or 'off'");
	if (etsn_psfp_parse_id(argv[i + 1], &id, &why))
		return bad_words(argc, argv, i, why);
	i += 2;
	if (argc - i == 1 && strcmp(argv[i], "off") == 0)
		return gate(ctx, dev, id, NULL);
	if (etsn_clock_now(CLOCK_TAI, &now)) {
		fprintf(stderr, "etsnctl stream: cannot read CLOCK_TAI\n");
		return ETSN_EXIT_FAIL;
	}
	if (etsn_psfp_parse_gate(argc - i, argv + i, now, &g, &why))
		return bad_words(argc, argv, i, why);
	return gate(ctx, dev, id, &g);
}

static int bad_words(int argc, char **argv, int i, const char *why)
{
	return etsn_cli_bad_words("stream", usage, argc, argv, i, why);
}

int cmd_stream(struct etsn_ctx *ctx, int argc, char **argv)
{
	static char no_where[1][64];	/* one stream: no FILE:LINE */
	struct etsn_psfp_batch set = { 0 };
	struct etsn_psfp_rule r;
	const char *dev, *verb, *why;
	uint32_t id;
	char dir[256];
	int i = 2, p;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "add") && strcmp(verb, "del") && strcmp(verb, "show") &&
	    strcmp(verb, "policy") && strcmp(verb, "gate"))
		return etsn_cli_usage_error("stream", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("stream", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("stream", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("stream", usage, "'%s' is not a device name", dev);
	if (strcmp(verb, "show") == 0) {
		if (i != argc)
			return etsn_cli_usage_error("stream", usage, "unexpected '%s'", argv[i]);
		return show(ctx, dev);
	}
	if (strcmp(verb, "del") == 0) {
		if (argc - i != 2 || strcmp(argv[i], "id"))
			return etsn_cli_usage_error("stream", usage, "del takes 'id N'");
		if (etsn_psfp_parse_id(argv[i + 1], &id, &why))
			return bad_words(argc, argv, i, why);
		return del(ctx, dev, id);
	}
	if (strcmp(verb, "gate") == 0)
		return do_gate(ctx, dev, argc, argv, i);
	if (strcmp(verb, "policy") == 0) {
		int unparsed;

		if (etsn_psfp_parse_policies(argc - i, argv + i, &p, &unparsed, &why))
			return bad_words(argc, argv, i, why);
		return policy(ctx, dev, p, unparsed);
	}
	if (argc - i == 2 && strcmp(argv[i], "batch") == 0) {
		p = read_batch(argv[i + 1], &set);
	} else {
		if (etsn_psfp_parse_add(argc - i, argv + i, &r, &why))
			return bad_words(argc, argv, i, why);
		set = (struct etsn_psfp_batch){ .r = &r, .where = no_where, .n = 1, .policy = r.policy };
		p = 0;
	}
	if (!p && etsn_bpfpin_check_fs()) {
		fprintf(stderr, "etsnctl stream: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
			ETSN_BPFFS, ETSN_BPFFS);
		p = ETSN_EXIT_FAIL;
	}
	if (!p)
		p = add(ctx, dev, &set);
	if (set.r != &r)
		etsn_psfp_batch_free(&set);
	return p;
}
