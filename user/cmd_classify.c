// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl classify: the egress stream classifier (bpf/etsn_classify.bpf.c)
 * on a device's clsact egress hook, and its rules (stream -> skb priority)
 * in maps pinned under /sys/fs/bpf/edgetsn/<ifname>/. Pins outlive detach
 * and are reused on attach, so rules and counters survive a re-attach;
 * rules may be added before the classifier is attached.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsnctl.h"
#include "etsn_classify.skel.h"

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/classify.h"
#include "lib/cli.h"
#include "lib/out.h"
#include "lib/psfp_show.h"
#include "lib/tc_egress.h"

static const char usage[] =
	"usage: etsnctl classify attach dev DEV\n"
	"       etsnctl classify detach dev DEV\n"
	"       etsnctl classify add dev DEV id N (dst MAC [vlan V] |\n"
	"           ip SRC DST proto tcp|udp sport S dport D [dscp N]) prio P\n"
	"       etsnctl classify del dev DEV id N\n"
	"       etsnctl [-j] classify show dev DEV\n"
	"  Sets the skb priority (P, 0..15) of DEV's outgoing frames by stream, so\n"
	"  the etsn qdisc puts them in the class its map gives P (etsnctl class set)\n"
	"  without the application setting SO_PRIORITY. Streams are named as in\n"
	"  etsnctl stream (MAC + VLAN first, then 5-tuple with DSCP, then without);\n"
	"  N is 0..255; frames of no stream keep their priority. The classifier runs\n"
	"  on clsact egress; rules and counters are kept in " ETSN_BPFPIN_ROOT "/DEV/\n"
	"  across detach and attach.\n";

/* Where etsnctl puts its filter on clsact egress: a handle and priority
 * of its own, so it replaces only itself.
 */
static const struct etsn_tc_filter filter = {
	.cmd = "classify", .what = "classifier", .prog_name = ETSN_CLS_PROG_NAME,
	.handle = 0xe75, .priority = 0xe75,
};

static const char *const map_names[] = {
	ETSN_CLS_MAP_MAC, ETSN_CLS_MAP_IP, ETSN_CLS_MAP_STREAM, ETSN_CLS_MAP_COUNT,
	ETSN_CLS_MAP_MISS,
};

enum { M_MAC, M_IP, M_STREAM, M_COUNT, M_MISS, M_N };

struct cls_maps {
	int fd[M_N];
};

static void close_maps(struct cls_maps *m)
{
	etsn_bpfpin_close_set(m->fd, M_N);
}

/* Opens DEV's pinned maps; 0, or -ENOENT (quietly) or another error after
 * saying why.
 */
static int open_maps(const char *dev, struct cls_maps *m)
{
	int err = etsn_bpfpin_open_set(dev, map_names, M_N, m->fd, NULL);

	if (err && err != -ENOENT)
		fprintf(stderr, "etsnctl classify: cannot open the classifier maps in %s/%s: %s\n",
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	return err;
}

static int open_existing(const char *dev, struct cls_maps *m)
{
	int err = open_maps(dev, m);

	if (err == -ENOENT)
		fprintf(stderr, "etsnctl classify: %s has no classifier maps in %s/%s; attach or add a rule first\n",
			dev, ETSN_BPFPIN_ROOT, dev);
	return err;
}

/* Loads the classifier with its maps pinned in (or taken from) DEV's pin
 * directory. *created says whether the directory is new.
 */
static struct etsn_classify_bpf *load(const char *dev, bool *created)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_classify_bpf *skel;
	char dir[256];
	int err;

	*created = false;
	err = etsn_bpfpin_dir(dev, dir, sizeof(dir));
	if (!err)
		err = etsn_bpfpin_make_dir(dev, created);
	if (err) {
		fprintf(stderr, "etsnctl classify: cannot create %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-err));
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
	return NULL;
}

/* The maps, pinned by loading the classifier (not attached) if missing. */
static int prepare(const char *dev, struct cls_maps *m)
{
	struct etsn_classify_bpf *skel;
	bool created;
	int err = open_maps(dev, m);

	if (err != -ENOENT)
		return err;
	skel = load(dev, &created);
	if (!skel)
		return -EINVAL;
	etsn_classify_bpf__destroy(skel);
	return open_maps(dev, m);
}

static int do_attach(bool json, const char *dev)
{
	struct etsn_classify_bpf *skel;
	bool created;
	uint32_t prog;
	int ifindex, err;

	ifindex = etsn_tc_ifindex(&filter, dev);
	if (!ifindex || etsn_tc_egress_check(&filter, dev, ifindex))
		return ETSN_EXIT_FAIL;
	skel = load(dev, &created);
	if (!skel)
		return ETSN_EXIT_FAIL;
	err = etsn_tc_egress_install(&filter, dev, ifindex, skel->obj,
				     bpf_program__fd(skel->progs.etsn_classify), created, &prog);
	etsn_classify_bpf__destroy(skel);
	if (err)
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&filter, json, dev, true, prog);
	return ETSN_EXIT_OK;
}

static int do_detach(bool json, const char *dev)
{
	uint32_t prog;
	int ifindex;

	ifindex = etsn_tc_ifindex(&filter, dev);
	if (!ifindex || etsn_tc_egress_detach(&filter, dev, ifindex, &prog))
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&filter, json, dev, false, prog);
	return ETSN_EXIT_OK;
}

static int zero_counters(int fd, uint32_t id)
{
	return etsn_percpu_zero(fd, &id, sizeof(struct etsn_cls_counters));
}

static int read_counters(int fd, uint32_t id, struct etsn_cls_counters *sum)
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

static void say_add_error(const char *dev, uint32_t id, int err)
{
	if (err == -E2BIG || err == -ENOSPC)
		fprintf(stderr, "etsnctl classify: no room for more streams on %s (at most %d)\n",
			dev, ETSN_CLS_MAX_STREAMS);
	else
		fprintf(stderr, "etsnctl classify: cannot add stream %" PRIu32 ": %s\n", id,
			strerror(-err));
}

/* Stream (id free?), counters, key (key free?); undoes what it wrote on
 * the first failure. The key goes last: frames are classified only once
 * the stream and its zeroed counters are in place.
 */
static int add(bool json, const char *dev, const struct etsn_cls_rule *r)
{
	char text[ETSN_CLS_KEY_STRLEN];
	struct etsn_out out;
	struct cls_maps m;
	const void *key;
	uint32_t other;
	size_t ksize;
	int kfd, err, ret = ETSN_EXIT_FAIL;

	if (prepare(dev, &m))
		return ETSN_EXIT_FAIL;
	etsn_cls_format_key(&r->stream, text, sizeof(text));
	key = etsn_cls_key(&r->stream, &ksize);
	kfd = m.fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? M_MAC : M_IP];
	if (bpf_map_lookup_elem(kfd, key, &other) == 0) {
		fprintf(stderr, "etsnctl classify: '%s' already names stream %" PRIu32 " on %s\n",
			text, other, dev);
		goto out;
	}
	err = bpf_map_update_elem(m.fd[M_STREAM], &r->id, &r->stream, BPF_NOEXIST);
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl classify: stream %" PRIu32 " already exists on %s\n", r->id,
			dev);
		goto out;
	}
	if (!err) {
		err = zero_counters(m.fd[M_COUNT], r->id);
		if (!err)
			err = bpf_map_update_elem(kfd, key, &r->id, BPF_NOEXIST);
		if (err)
			bpf_map_delete_elem(m.fd[M_STREAM], &r->id);
	}
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl classify: '%s' was just added by someone else\n", text);
		goto out;
	}
	if (err) {
		say_add_error(dev, r->id, err);
		goto out;
	}
	etsn_out_result(&out, json, dev, "added");
	etsn_out_u64(&out, "id", " stream %" PRIu64, r->id);
	etsn_out_text(&out, " (%s)", text);
	etsn_out_u64(&out, "prio", " prio %" PRIu64 " added\n", r->stream.priority);
	etsn_out_end(&out);
	ret = ETSN_EXIT_OK;
out:
	close_maps(&m);
	return ret;
}

static int del(bool json, const char *dev, uint32_t id)
{
	struct etsn_cls_stream s;
	struct etsn_out out;
	struct cls_maps m;
	const void *key;
	size_t ksize;
	int err;

	if (open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	if (bpf_map_lookup_elem(m.fd[M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl classify: no stream %" PRIu32 " on %s\n", id, dev);
		close_maps(&m);
		return ETSN_EXIT_FAIL;
	}
	/* Key first: from then on its frames are misses, never half-known. */
	key = etsn_cls_key(&s, &ksize);
	err = bpf_map_delete_elem(m.fd[s.key_kind == ETSN_PSFP_KEY_MAC ? M_MAC : M_IP], key);
	if (!err || err == -ENOENT)
		err = bpf_map_delete_elem(m.fd[M_STREAM], &id);
	close_maps(&m);
	if (err) {
		fprintf(stderr, "etsnctl classify: cannot delete stream %" PRIu32 ": %s\n", id,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&out, json, dev, "deleted");
	etsn_out_u64(&out, "id", " stream %" PRIu64 " deleted\n", id);
	etsn_out_end(&out);
	return ETSN_EXIT_OK;
}

/* {"packets","bytes"} under key (NULL: in the object open); text
 * "[label:] packets N bytes N" and a newline.
 */
static void show_counts(struct etsn_out *o, const char *key, const char *label,
			const struct etsn_cls_counters *c)
{
	if (key)
		etsn_out_open(o, key, label);
	etsn_out_count(o, "packets", c->packets);
	etsn_out_count(o, "bytes", c->bytes);
	if (key)
		etsn_out_close(o);
	etsn_out_text(o, "\n");
}

static void show_stream(struct etsn_out *o, uint32_t id, const struct etsn_cls_stream *s,
			const struct etsn_cls_counters *c)
{
	etsn_out_open(o, ETSN_OUT_ITEM, NULL);
	etsn_out_u64(o, "id", "stream %" PRIu64 " ", id);
	etsn_psfp_out_key(o, s->key_kind, &s->mac, &s->ip);
	etsn_out_u64(o, "prio", " prio %" PRIu64 "\n ", s->priority);
	show_counts(o, NULL, NULL, c);
	etsn_out_close(o);
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	static uint32_t ids[ETSN_CLS_MAX_STREAMS];
	struct etsn_cls_counters misses, unparsed;
	struct cls_maps m;
	struct etsn_out o;
	uint32_t prog = 0;
	bool ours = false;
	int ifindex, n, err;

	ifindex = etsn_tc_ifindex(&filter, dev);
	if (!ifindex || open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	prog = etsn_tc_egress_prog(&filter, ifindex, &ours);
	if (!ours)
		prog = 0;
	err = etsn_bpfmap_u32_keys(m.fd[M_STREAM], ids, ETSN_CLS_MAX_STREAMS, &n);
	if (!err)
		err = read_counters(m.fd[M_MISS], ETSN_CLS_MISS_UNKNOWN, &misses);
	if (!err)
		err = read_counters(m.fd[M_MISS], ETSN_CLS_MISS_UNPARSED, &unparsed);
	if (err) {
		fprintf(stderr, "etsnctl classify: cannot read the classifier maps of %s: %s\n", dev,
			strerror(-err));
		close_maps(&m);
		return ETSN_EXIT_FAIL;
	}
	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_str(&o, "ifname", "dev %s classifier", dev);
	etsn_out_text(&o, " (maps in %s/%s), ", ETSN_BPFPIN_ROOT, dev);
	if (prog)
		etsn_out_u64(&o, "prog_id", "program %" PRIu64 "\n", prog);
	else
		etsn_out_text(&o, "not attached\n");
	show_counts(&o, "misses", "no stream:", &misses);
	show_counts(&o, "unparsed", "unparsed (no MAC + VLAN stream, IP headers unreadable):",
		    &unparsed);
	etsn_out_open_array(&o, "streams", NULL);
	for (int i = 0; i < n && !err; i++) {
		struct etsn_cls_counters c;
		struct etsn_cls_stream s;

		/* A stream deleted meanwhile is skipped, not an error. */
		if (bpf_map_lookup_elem(m.fd[M_STREAM], &ids[i], &s))
			continue;
		err = read_counters(m.fd[M_COUNT], ids[i], &c);
		if (!err)
			show_stream(&o, ids[i], &s, &c);
	}
	etsn_out_close_array(&o);
	if (!etsn_out_end(&o) && !err)
		err = -EIO;
	close_maps(&m);
	if (err) {
		fprintf(stderr, "etsnctl classify: cannot read the streams of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

static int bad_words(int argc, char **argv, int i, const char *why)
{
	return etsn_cli_bad_words("classify", usage, argc, argv, i, why);
}

static bool is_verb(const char *v)
{
	static const char *const verbs[] = { "attach", "detach", "add", "del", "show" };

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(v, verbs[i]) == 0)
			return true;
	return false;
}

int cmd_classify(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct etsn_cls_rule r;
	const char *dev, *verb, *why;
	char dir[256];
	uint32_t id;
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (!is_verb(verb))
		return etsn_cli_usage_error("classify", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("classify", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("classify", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("classify", usage, "'%s' is not a device name", dev);
	if (strcmp(verb, "add") == 0) {
		if (etsn_cls_parse_add(argc - i, argv + i, &r, &why))
			return bad_words(argc, argv, i, why);
	} else if (strcmp(verb, "del") == 0) {
		if (argc - i != 2 || strcmp(argv[i], "id"))
			return etsn_cli_usage_error("classify", usage, "del takes 'id N'");
		if (etsn_cls_parse_id(argv[i + 1], &id, &why))
			return bad_words(argc, argv, i, why);
	} else if (i != argc) {
		return etsn_cli_usage_error("classify", usage, "%s takes only 'dev DEV'", verb);
	}
	if (etsn_bpfpin_check_fs()) {
		fprintf(stderr, "etsnctl classify: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
			ETSN_BPFFS, ETSN_BPFFS);
		return ETSN_EXIT_FAIL;
	}
	if (strcmp(verb, "attach") == 0)
		return do_attach(ctx->json, dev);
	if (strcmp(verb, "detach") == 0)
		return do_detach(ctx->json, dev);
	if (strcmp(verb, "add") == 0)
		return add(ctx->json, dev, &r);
	if (strcmp(verb, "del") == 0)
		return del(ctx->json, dev, id);
	return show(ctx, dev);
}
