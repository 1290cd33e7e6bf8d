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

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/classify.h"
#include "lib/cls_edit.h"
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

static int do_attach(bool json, const char *dev)
{
	uint32_t prog;
	int ifindex;

	ifindex = etsn_tc_ifindex(&etsn_cls_filter, dev);
	if (!ifindex || etsn_cls_attach(dev, ifindex, &prog))
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&etsn_cls_filter, json, dev, true, prog);
	return ETSN_EXIT_OK;
}

static int do_detach(bool json, const char *dev)
{
	uint32_t prog;
	int ifindex;

	ifindex = etsn_tc_ifindex(&etsn_cls_filter, dev);
	if (!ifindex || etsn_tc_egress_detach(&etsn_cls_filter, dev, ifindex, &prog))
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&etsn_cls_filter, json, dev, false, prog);
	return ETSN_EXIT_OK;
}

static int add(bool json, const char *dev, const struct etsn_cls_rule *r)
{
	char text[ETSN_CLS_KEY_STRLEN];
	struct etsn_cls_maps m;
	struct etsn_out out;
	int err;

	if (etsn_cls_prepare(dev, &m))
		return ETSN_EXIT_FAIL;
	err = etsn_cls_rule_add(dev, &m, r);
	etsn_cls_maps_close(&m);
	if (err)
		return ETSN_EXIT_FAIL;
	etsn_cls_format_key(&r->stream, text, sizeof(text));
	etsn_out_result(&out, json, dev, "added");
	etsn_out_u64(&out, "id", " stream %" PRIu64, r->id);
	etsn_out_text(&out, " (%s)", text);
	etsn_out_u64(&out, "prio", " prio %" PRIu64 " added\n", r->stream.priority);
	etsn_out_end(&out);
	return ETSN_EXIT_OK;
}

static int del(bool json, const char *dev, uint32_t id)
{
	struct etsn_cls_stream s;
	struct etsn_out out;
	struct etsn_cls_maps m;
	int err;

	if (etsn_cls_maps_open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	if (bpf_map_lookup_elem(m.fd[ETSN_CLS_M_STREAM], &id, &s)) {
		fprintf(stderr, "etsnctl classify: no stream %" PRIu32 " on %s\n", id, dev);
		etsn_cls_maps_close(&m);
		return ETSN_EXIT_FAIL;
	}
	err = etsn_cls_rule_remove(&m, id, &s);
	etsn_cls_maps_close(&m);
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
	struct etsn_cls_maps m;
	struct etsn_out o;
	uint32_t prog = 0;
	bool ours = false;
	int ifindex, n, err;

	ifindex = etsn_tc_ifindex(&etsn_cls_filter, dev);
	if (!ifindex || etsn_cls_maps_open_existing(dev, &m))
		return ETSN_EXIT_FAIL;
	prog = etsn_tc_egress_prog(&etsn_cls_filter, ifindex, &ours);
	if (!ours)
		prog = 0;
	err = etsn_bpfmap_u32_keys(m.fd[ETSN_CLS_M_STREAM], ids, ETSN_CLS_MAX_STREAMS, &n);
	if (!err)
		err = etsn_cls_read_counters(m.fd[ETSN_CLS_M_MISS], ETSN_CLS_MISS_UNKNOWN, &misses);
	if (!err)
		err = etsn_cls_read_counters(m.fd[ETSN_CLS_M_MISS], ETSN_CLS_MISS_UNPARSED, &unparsed);
	if (err) {
		fprintf(stderr, "etsnctl classify: cannot read the classifier maps of %s: %s\n", dev,
			strerror(-err));
		etsn_cls_maps_close(&m);
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
		if (bpf_map_lookup_elem(m.fd[ETSN_CLS_M_STREAM], &ids[i], &s))
			continue;
		err = etsn_cls_read_counters(m.fd[ETSN_CLS_M_COUNT], ids[i], &c);
		if (!err)
			show_stream(&o, ids[i], &s, &c);
	}
	etsn_out_close_array(&o);
	if (!etsn_out_end(&o) && !err)
		err = -EIO;
	etsn_cls_maps_close(&m);
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
