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

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/out.h"
#include "lib/psfp.h"
#include "lib/psfp_batch.h"
#include "lib/psfp_edit.h"
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

	if (etsn_psfp_need_firewall("stream", dev))
		return ETSN_EXIT_FAIL;
	lock = lock_pins(dev);
	if (lock < 0)
		return ETSN_EXIT_FAIL;
	if (etsn_psfp_prepare("stream", dev, &m, &skel)) {
		close(lock);
		return ETSN_EXIT_FAIL;
	}
	err = etsn_psfp_maps_skip_none(&m);
	while (done < set->n && !err) {
		err = etsn_psfp_stream_add("stream", dev, &m, &set->r[done], set->where[done]);
		if (!err)
			done++;
	}
	if (!err && set->policy >= 0) {
		err = etsn_psfp_set_policy(&m, set->policy, -1, &cfg);
		if (err)
			fprintf(stderr, "etsnctl stream: cannot set the unknown policy: %s\n",
				strerror(-err));
	}
	if (!err && skel)
		err = etsn_psfp_chain("stream", &m, skel);
	while (err && done > 0) {
		done--;
		etsn_psfp_stream_remove(&m, set->r[done].id, &set->r[done].stream);
	}
	etsn_psfp_skip_sync("stream", dev, &m);
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
	etsn_psfp_unload(skel);
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
	uint32_t zero = 0;
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
	err = etsn_psfp_stream_remove(&m, id, &s);
	if (!err && bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &cfg) == 0)
		etsn_psfp_unchain_if_idle(&m, &cfg);
	etsn_psfp_skip_sync("stream", dev, &m);
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
		err = etsn_psfp_maps_read_globals(&m, global);
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
	etsn_psfp_out_policies(&o, &cfg, global);
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

	if (drop ? etsn_psfp_need_firewall("stream", dev) : etsn_psfp_maps_open_existing("stream", dev, &m))
		return ETSN_EXIT_FAIL;
	lock = lock_pins(dev);
	if (lock < 0 || (drop && etsn_psfp_prepare("stream", dev, &m, &skel))) {
		if (!drop)
			etsn_psfp_maps_close(&m);
		if (lock >= 0)
			close(lock);
		return ETSN_EXIT_FAIL;
	}
	err = etsn_psfp_set_policy(&m, unknown, unparsed, &cfg);
	if (err)
		fprintf(stderr, "etsnctl stream: cannot set the policy of %s: %s\n", dev,
			strerror(-err));
	if (!err && skel)
		err = etsn_psfp_chain("stream", &m, skel);
	if (!err)
		etsn_psfp_unchain_if_idle(&m, &cfg);
	etsn_psfp_unload(skel);
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
	etsn_psfp_skip_sync("stream", dev, &m);
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
