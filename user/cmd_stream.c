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

#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/json.h"
#include "lib/psfp.h"
#include "lib/sched.h"

static const char usage[] =
	"usage: etsnctl stream add dev DEV id N (dst MAC [vlan V] |\n"
	"           ip SRC DST proto tcp|udp sport S dport D [dscp N])\n"
	"           [max-sdu BYTES] [cir RATE cbs BYTES [eir RATE ebs BYTES] [drop-yellow]]\n"
	"           [unknown-policy pass|drop]\n"
	"       etsnctl stream del dev DEV id N\n"
	"       etsnctl stream gate dev DEV id N [base TIME] [cycle DURATION]\n"
	"           (open|closed DURATION)... | off\n"
	"       etsnctl stream policy dev DEV pass|drop\n"
	"       etsnctl [-j] stream show dev DEV\n"
	"  Per-stream filtering and policing (802.1Qci) on DEV's ingress, after the\n"
	"  XDP firewall (etsnctl xdp attach dev DEV). N is 0..1023; frames longer\n"
	"  than max-sdu are dropped; the meter is two-rate, colour-blind: green\n"
	"  within cir/cbs, yellow within eir/ebs (passed, or dropped with\n"
	"  drop-yellow), red dropped. RATE: 10mbit, 500kbit, 1gbit, 125000bps.\n"
	"  Frames of no stream are passed or dropped by the unknown policy.\n"
	"  A gate drops the stream's frames while its schedule (CLOCK_TAI, from\n"
	"  base, every cycle) has it closed; before base it is open.\n";

static const char *const map_names[] = {
	ETSN_PSFP_MAP_MAC, ETSN_PSFP_MAP_IP, ETSN_PSFP_MAP_STREAM, ETSN_PSFP_MAP_COUNT,
	ETSN_PSFP_MAP_GLOBAL, ETSN_PSFP_MAP_CONFIG, ETSN_XDP_NEXT_MAP, ETSN_PSFP_MAP_GATE,
};

enum { M_MAC, M_IP, M_STREAM, M_COUNT, M_GLOBAL, M_CONFIG, M_NEXT, M_GATE, M_N };

struct psfp_maps {
	int fd[M_N];
};

static void close_maps(struct psfp_maps *m)
{
	for (int i = 0; i < M_N; i++)
		if (m->fd[i] >= 0)
			close(m->fd[i]);
}

/* Opens DEV's pinned PSFP maps; 0, or -ENOENT (not there, quietly) or
 * another error after saying why.
 */
static int open_maps(const char *dev, struct psfp_maps *m)
{
	int err = 0;

	for (int i = 0; i < M_N; i++)
		m->fd[i] = -1;
	for (int i = 0; i < M_N && !err; i++) {
		m->fd[i] = etsn_bpfpin_open(dev, map_names[i]);
		if (m->fd[i] < 0)
			err = m->fd[i];
	}
	if (err && err != -ENOENT)
		fprintf(stderr, "etsnctl stream: cannot open the PSFP maps in %s/%s: %s\n",
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	if (err)
		close_maps(m);
	return err;
}

static int open_existing(const char *dev, struct psfp_maps *m)
{
	int err = open_maps(dev, m);

	if (err == -ENOENT)
		fprintf(stderr, "etsnctl stream: %s has no PSFP maps in %s/%s; add a stream first\n",
			dev, ETSN_BPFPIN_ROOT, dev);
	return err;
}

/* Id of the program in the firewall's PSFP slot, 0 when empty. */
static uint32_t slot_prog(const struct psfp_maps *m)
{
	uint32_t key = ETSN_XDP_NEXT_PSFP, id = 0;

	if (bpf_map_lookup_elem(m->fd[M_NEXT], &key, &id))
		return 0;
	return id;
}

/* Maps for adding a stream: the pinned ones, created by loading the PSFP
 * program when missing. *skel is the loaded program when the slot is
 * empty (the caller fills it once the stream is in), else NULL.
 */
static int prepare(const char *dev, struct psfp_maps *m, struct etsn_psfp_bpf **skel)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char dir[256];
	bool created = false;
	int err;

	*skel = NULL;
	err = open_maps(dev, m);
	if (err && err != -ENOENT)
		return err;
	if (!err && slot_prog(m))
		return 0;
	if (!err)
		close_maps(m);
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
		err = open_maps(dev, m);
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

/* Zeroes the per-CPU counters of a stream id before the stream exists. */
static int zero_counters(int fd, uint32_t id)
{
	int ncpu = libbpf_num_possible_cpus();
	struct etsn_psfp_counters *z;
	int err;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	z = calloc((size_t)ncpu, sizeof(*z));
	if (!z)
		return -ENOMEM;
	err = bpf_map_update_elem(fd, &id, z, BPF_ANY);
	free(z);
	return err;
}

static int read_counters(int fd, uint32_t id, struct etsn_psfp_counters *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct etsn_psfp_counters *v;
	int err;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	err = bpf_map_lookup_elem(fd, &id, v);
	if (!err)
		etsn_psfp_sum(v, ncpu, sum);
	free(v);
	return err;
}

static int read_global(int fd, uint64_t g[ETSN_PSFP_GLOBALS])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *v;
	int err = 0;

	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (uint32_t k = 0; !err && k < ETSN_PSFP_GLOBALS; k++) {
		err = bpf_map_lookup_elem(fd, &k, v);
		g[k] = 0;
		for (int c = 0; !err && c < ncpu; c++)
			g[k] += v[c];
	}
	free(v);
	return err;
}

static int set_policy(const struct psfp_maps *m, int policy)
{
	struct etsn_psfp_config cfg = { .unknown_policy = (uint32_t)policy };
	uint32_t key = 0;

	return bpf_map_update_elem(m->fd[M_CONFIG], &key, &cfg, BPF_ANY);
}

static void say_full(const char *dev, const char *what)
{
	fprintf(stderr, "etsnctl stream: no room for more %s on %s (at most %d)\n", what, dev,
		ETSN_PSFP_MAX_STREAMS);
}

/* Writes counters, stream, key, policy, slot; undoes what it wrote on the
 * first failure. Returns an exit code.
 */
static int add(const char *dev, const struct etsn_psfp_rule *r)
{
	char key_text[ETSN_PSFP_KEY_STRLEN];
	struct etsn_psfp_bpf *skel;
	struct psfp_maps m;
	const void *key;
	uint32_t other, slot = ETSN_XDP_NEXT_PSFP;
	size_t ksize;
	int kfd, err, ret = ETSN_EXIT_FAIL;

	if (prepare(dev, &m, &skel))
		return ETSN_EXIT_FAIL;
	etsn_psfp_format_key(&r->stream, key_text, sizeof(key_text));
	key = etsn_psfp_key(&r->stream, &ksize);
	kfd = m.fd[r->stream.key_kind == ETSN_PSFP_KEY_MAC ? M_MAC : M_IP];
	if (bpf_map_lookup_elem(kfd, key, &other) == 0) {
		fprintf(stderr, "etsnctl stream: '%s' already names stream %" PRIu32 " on %s\n",
			key_text, other, dev);
		goto out;
	}
	err = bpf_map_update_elem(m.fd[M_STREAM], &r->id, &r->stream, BPF_NOEXIST);
	if (err == -EEXIST) {
		fprintf(stderr, "etsnctl stream: stream %" PRIu32 " already exists on %s\n", r->id,
			dev);
		goto out;
	}
	/* Before the stream is visible, but after we know the id is free. */
	if (!err) {
		err = zero_counters(m.fd[M_COUNT], r->id);
		if (err)
			bpf_map_delete_elem(m.fd[M_STREAM], &r->id);
	}
	if (err) {
		if (err == -E2BIG || err == -ENOSPC)
			say_full(dev, "streams");
		else
			fprintf(stderr, "etsnctl stream: cannot add stream %" PRIu32 ": %s\n", r->id,
				strerror(-err));
		goto out;
	}
	err = bpf_map_update_elem(kfd, key, &r->id, BPF_NOEXIST);
	if (!err && r->policy >= 0)
		err = set_policy(&m, r->policy);
	if (!err && skel)
		err = bpf_map_update_elem(m.fd[M_NEXT], &slot,
					  &(int){ bpf_program__fd(skel->progs.etsn_xdp_psfp) },
					  BPF_ANY);
	if (err) {
		bpf_map_delete_elem(kfd, key);
		bpf_map_delete_elem(m.fd[M_STREAM], &r->id);
		if (err == -E2BIG || err == -ENOSPC)
			say_full(dev, "stream keys");
		else if (err == -EEXIST)
			fprintf(stderr, "etsnctl stream: '%s' was just added by someone else\n",
				key_text);
		else
			fprintf(stderr, "etsnctl stream: cannot add stream %" PRIu32 ": %s\n", r->id,
				strerror(-err));
		goto out;
	}
	printf("%s: stream %" PRIu32 " (%s) added\n", dev, r->id, key_text);
	ret = ETSN_EXIT_OK;
out:
	etsn_psfp_bpf__destroy(skel);
	close_maps(&m);
	return ret;
}

static bool any_stream(int fd)
{
	uint32_t next;

	return bpf_map_get_next_key(fd, NULL, &next) == 0;
}

static int del(const char *dev, uint32_t id)
{
	struct etsn_psfp_stream s;
	struct psfp_maps m;
	const void *key;
	uint32_t slot = ETSN_XDP_NEXT_PSFP;
	size_t ksize;
	int err;

	if (open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	if (bpf_map_lookup_elem(m.fd[M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl stream: no stream %" PRIu32 " on %s\n", id, dev);
		close_maps(&m);
		return ETSN_EXIT_FAIL;
	}
	/* Key first: from then on its frames are unknown, never half-known. */
	key = etsn_psfp_key(&s, &ksize);
	err = bpf_map_delete_elem(m.fd[s.key_kind == ETSN_PSFP_KEY_MAC ? M_MAC : M_IP], key);
	if (!err || err == -ENOENT)
		err = bpf_map_delete_elem(m.fd[M_STREAM], &id);
	if (!err)
		bpf_map_delete_elem(m.fd[M_GATE], &id);	/* none: fine */
	if (!err && !any_stream(m.fd[M_STREAM]))
		bpf_map_delete_elem(m.fd[M_NEXT], &slot);
	close_maps(&m);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot delete stream %" PRIu32 ": %s\n", id,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	printf("%s: stream %" PRIu32 " deleted\n", dev, id);
	return ETSN_EXIT_OK;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Stream ids in ascending order; *n of them. */
static int list_ids(int fd, uint32_t *ids, int *n)
{
	uint32_t key, next;
	uint32_t *prev = NULL;
	int err;

	*n = 0;
	while ((err = bpf_map_get_next_key(fd, prev, &next)) == 0 && *n < ETSN_PSFP_MAX_STREAMS) {
		ids[(*n)++] = next;
		key = next;
		prev = &key;
	}
	if (err && err != -ENOENT)
		return err;
	qsort(ids, (size_t)*n, sizeof(*ids), cmp_u32);
	return 0;
}

static void show_stream_json(struct etsn_json *j, uint32_t id, const struct etsn_psfp_stream *s,
			     const struct etsn_psfp_gate *g, const struct etsn_psfp_counters *c)
{
	char text[ETSN_PSFP_KEY_STRLEN];

	etsn_psfp_format_key(s, text, sizeof(text));
	etsn_json_open_object(j, NULL);
	etsn_json_u64(j, "id", id);
	etsn_json_string(j, "key", text);
	etsn_json_u64(j, "max_sdu", s->max_sdu);
	if (s->flags & ETSN_PSFP_F_METER) {
		etsn_json_open_object(j, "meter");
		etsn_json_u64(j, "cir_bytes_per_s", s->cir);
		etsn_json_u64(j, "cbs", s->cbs);
		etsn_json_u64(j, "eir_bytes_per_s", s->eir);
		etsn_json_u64(j, "ebs", s->ebs);
		etsn_json_bool(j, "drop_yellow", s->flags & ETSN_PSFP_F_DROP_YELLOW);
		etsn_json_u64(j, "last_ns", s->last_ns);
		etsn_json_close_object(j);
	} else {
		etsn_json_null(j, "meter");
	}
	if (g) {
		etsn_json_open_object(j, "gate");
		etsn_json_u64(j, "base_ns", g->base_ns);
		etsn_json_u64(j, "cycle_ns", g->cycle_ns);
		etsn_json_open_array(j, "entries");
		for (uint32_t i = 0; i < g->count && i < ETSN_PSFP_GATE_MAX; i++) {
			etsn_json_open_object(j, NULL);
			etsn_json_string(j, "state", g->ent[i].open ? "open" : "closed");
			etsn_json_u64(j, "interval_ns", g->ent[i].interval_ns);
			etsn_json_close_object(j);
		}
		etsn_json_close_array(j);
		etsn_json_close_object(j);
	} else {
		etsn_json_null(j, "gate");
	}
	etsn_json_open_object(j, "counters");
	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		etsn_json_u64(j, etsn_psfp_counter_name(i), etsn_psfp_counter(c, i));
	etsn_json_close_object(j);
	etsn_json_close_object(j);
}

static void show_stream_text(uint32_t id, const struct etsn_psfp_stream *s,
			     const struct etsn_psfp_gate *g, const struct etsn_psfp_counters *c)
{
	char text[ETSN_PSFP_KEY_STRLEN], cir[ETSN_PSFP_RATE_STRLEN], eir[ETSN_PSFP_RATE_STRLEN];
	char gtext[ETSN_PSFP_GATE_STRLEN];

	etsn_psfp_format_key(s, text, sizeof(text));
	printf("stream %" PRIu32 " %s", id, text);
	if (s->max_sdu)
		printf(" max-sdu %" PRIu32, s->max_sdu);
	if (s->flags & ETSN_PSFP_F_METER) {
		etsn_psfp_format_rate(s->cir, cir, sizeof(cir));
		etsn_psfp_format_rate(s->eir, eir, sizeof(eir));
		printf(" cir %s cbs %" PRIu64 " eir %s ebs %" PRIu64 "%s", cir, (uint64_t)s->cbs, eir,
		       (uint64_t)s->ebs,
		       s->flags & ETSN_PSFP_F_DROP_YELLOW ? " drop-yellow" : "");
	}
	printf("\n");
	if (g) {
		etsn_psfp_format_gate(g, gtext, sizeof(gtext));
		printf("  gate %s (ns)\n", gtext);
	}
	printf(" ");
	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		printf(" %s %" PRIu64, etsn_psfp_counter_name(i), etsn_psfp_counter(c, i));
	printf("\n");
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	static uint32_t ids[ETSN_PSFP_MAX_STREAMS];
	uint64_t global[ETSN_PSFP_GLOBALS];
	struct etsn_psfp_config cfg = { 0 };
	struct psfp_maps m;
	struct etsn_json j;
	uint32_t zero = 0, prog;
	int n, err;

	if (open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	prog = slot_prog(&m);
	err = list_ids(m.fd[M_STREAM], ids, &n);
	if (!err)
		err = read_global(m.fd[M_GLOBAL], global);
	if (!err)
		err = bpf_map_lookup_elem(m.fd[M_CONFIG], &zero, &cfg);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot read the PSFP maps of %s: %s\n", dev,
			strerror(-err));
		close_maps(&m);
		return ETSN_EXIT_FAIL;
	}
	if (ctx->json) {
		etsn_json_init(&j, stdout);
		etsn_json_open_object(&j, NULL);
		etsn_json_string(&j, "ifname", dev);
		if (prog)
			etsn_json_u64(&j, "prog_id", prog);
		else
			etsn_json_null(&j, "prog_id");
		etsn_json_string(&j, "unknown_policy",
				 cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP ? "drop" : "pass");
		etsn_json_u64(&j, "unknown_passed", global[ETSN_PSFP_UNKNOWN_PASSED]);
		etsn_json_u64(&j, "unknown_dropped", global[ETSN_PSFP_UNKNOWN_DROPPED]);
		etsn_json_open_array(&j, "streams");
	} else {
		printf("dev %s PSFP (maps in %s/%s), program %s%" PRIu32 "\n", dev, ETSN_BPFPIN_ROOT,
		       dev, prog ? "" : "none ", prog);
		printf("unknown streams: policy %s, passed %" PRIu64 ", dropped %" PRIu64 "\n",
		       cfg.unknown_policy == ETSN_PSFP_UNKNOWN_DROP ? "drop" : "pass",
		       global[ETSN_PSFP_UNKNOWN_PASSED], global[ETSN_PSFP_UNKNOWN_DROPPED]);
	}
	for (int i = 0; i < n && !err; i++) {
		struct etsn_psfp_counters c;
		struct etsn_psfp_stream s;
		struct etsn_psfp_gate g;
		bool has_gate;

		/* A stream deleted meanwhile is skipped, not an error. */
		if (bpf_map_lookup_elem(m.fd[M_STREAM], &ids[i], &s))
			continue;
		err = read_counters(m.fd[M_COUNT], ids[i], &c);
		if (err)
			break;
		has_gate = bpf_map_lookup_elem(m.fd[M_GATE], &ids[i], &g) == 0;
		if (ctx->json)
			show_stream_json(&j, ids[i], &s, has_gate ? &g : NULL, &c);
		else
			show_stream_text(ids[i], &s, has_gate ? &g : NULL, &c);
	}
	if (ctx->json) {
		etsn_json_close_array(&j);
		etsn_json_close_object(&j);
		if (!etsn_json_finish(&j) && !err)
			err = -EIO;
	}
	close_maps(&m);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot read the streams of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

static int policy(const char *dev, int p)
{
	struct psfp_maps m;
	int err;

	if (open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	err = set_policy(&m, p);
	close_maps(&m);
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot set the policy of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	printf("%s: frames of no stream are %s\n", dev,
	       p == ETSN_PSFP_UNKNOWN_DROP ? "dropped" : "passed");
	return ETSN_EXIT_OK;
}

static int bad_words(int argc, char **argv, int i, const char *why);

/* Sets (g) or removes (NULL) the gate of an existing stream. */
static int gate(const char *dev, uint32_t id, const struct etsn_psfp_gate *g)
{
	struct etsn_psfp_stream s;
	struct psfp_maps m;
	int err;

	if (open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	if (bpf_map_lookup_elem(m.fd[M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl stream: no stream %" PRIu32 " on %s\n", id, dev);
		close_maps(&m);
		return ETSN_EXIT_FAIL;
	}
	err = g ? bpf_map_update_elem(m.fd[M_GATE], &id, g, BPF_ANY) :
		  bpf_map_delete_elem(m.fd[M_GATE], &id);
	close_maps(&m);
	if (err == -ENOENT) {
		fprintf(stderr, "etsnctl stream: stream %" PRIu32 " on %s has no gate\n", id, dev);
		return ETSN_EXIT_FAIL;
	}
	if (err) {
		fprintf(stderr, "etsnctl stream: cannot set the gate of stream %" PRIu32 ": %s\n",
			id, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	printf("%s: stream %" PRIu32 " gate %s\n", dev, id, g ? "set" : "removed");
	return ETSN_EXIT_OK;
}

static int do_gate(const char *dev, int argc, char **argv, int i)
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
		return gate(dev, id, NULL);
	if (etsn_clock_now(CLOCK_TAI, &now)) {
		fprintf(stderr, "etsnctl stream: cannot read CLOCK_TAI\n");
		return ETSN_EXIT_FAIL;
	}
	if (etsn_psfp_parse_gate(argc - i, argv + i, now, &g, &why))
		return bad_words(argc, argv, i, why);
	return gate(dev, id, &g);
}

static int bad_words(int argc, char **argv, int i, const char *why)
{
	char words[256] = "";

	for (int w = i; w < argc; w++)
		snprintf(words + strlen(words), sizeof(words) - strlen(words), "%s%s",
			 w > i ? " " : "", argv[w]);
	return etsn_cli_usage_error("stream", usage, "%s (in '%s')", why, words);
}

int cmd_stream(struct etsn_ctx *ctx, int argc, char **argv)
{
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
		return del(dev, id);
	}
	if (strcmp(verb, "gate") == 0)
		return do_gate(dev, argc, argv, i);
	if (strcmp(verb, "policy") == 0) {
		if (argc - i != 1)
			return etsn_cli_usage_error("stream", usage, "policy takes pass or drop");
		if (etsn_psfp_parse_policy(argv[i], &p, &why))
			return bad_words(argc, argv, i, why);
		return policy(dev, p);
	}
	if (etsn_psfp_parse_add(argc - i, argv + i, &r, &why))
		return bad_words(argc, argv, i, why);
	if (etsn_bpfpin_check_fs()) {
		fprintf(stderr, "etsnctl stream: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
			ETSN_BPFFS, ETSN_BPFFS);
		return ETSN_EXIT_FAIL;
	}
	return add(dev, &r);
}
