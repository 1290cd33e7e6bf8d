// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl meter: the 802.1Qci flow meter of an existing PSFP stream
 * (etsnctl stream), re-configured in place. A meter is an object of its
 * own (etsn_psfp_meter[id]): the new one replaces the old under its
 * bpf_spin_lock (BPF_F_LOCK), both buckets refilled to the new burst
 * sizes; the stream's filter, key and counters are not written, so a
 * stream re-added meanwhile, by etsnctl or a bare map write, keeps what
 * it was re-added with.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "etsnctl.h"

#include "lib/cli.h"
#include "lib/out.h"
#include "lib/psfp.h"
#include "lib/psfp_maps.h"
#include "lib/psfp_show.h"

static const char usage[] =
	"usage: etsnctl meter set dev DEV id N cir RATE cbs BYTES [eir RATE ebs BYTES]\n"
	"           [drop-yellow]\n"
	"       etsnctl meter set dev DEV id N off\n"
	"       etsnctl [-j] meter show dev DEV [id N]\n"
	"  Re-configures the meter of PSFP stream N (etsnctl stream add) while it\n"
	"  runs: two-rate, colour-blind; green within cir/cbs, yellow within\n"
	"  eir/ebs (passed, or dropped with drop-yellow), red dropped; 'off' passes\n"
	"  every frame the filter and gate pass. Both buckets restart full at the\n"
	"  new sizes; the stream's counters are kept. RATE: 10mbit, 500kbit,\n"
	"  1gbit, 125000bps (at most 800gbit); BYTES: cbs 1..1000000000, ebs\n"
	"  0..1000000000.\n";

static int set(struct etsn_ctx *ctx, const char *dev, uint32_t id, int argc, char **argv)
{
	struct etsn_psfp_stream s;
	struct etsn_psfp_meter mt;
	struct etsn_psfp_maps m;
	struct etsn_out o;
	const char *why;
	int err;

	if (etsn_psfp_maps_open_existing("meter", dev, &m))
		return ETSN_EXIT_FAIL;
	err = etsn_psfp_maps_read_stream(&m, id, &s);
	/* The words were checked already. */
	if (!err && etsn_psfp_parse_meter(argc, argv, &mt, &why))
		err = -EINVAL;
	if (!err)
		err = etsn_psfp_maps_write_meter(&m, id, &mt);
	etsn_psfp_maps_close(&m);
	if (err == -ENOENT) {
		fprintf(stderr, "etsnctl meter: no stream %" PRIu32 " on %s\n", id, dev);
		return ETSN_EXIT_FAIL;
	}
	if (err) {
		fprintf(stderr, "etsnctl meter: cannot set the meter of stream %" PRIu32 ": %s\n",
			id, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&o, ctx->json, dev, "set");
	etsn_out_u64(&o, "id", " stream %" PRIu64 " meter", id);
	if (!(mt.flags & ETSN_PSFP_F_METER))
		etsn_out_text(&o, " off");
	etsn_psfp_out_meter(&o, &mt, false);
	etsn_out_text(&o, "\n");
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static void show_stream(struct etsn_out *o, uint32_t id, const struct etsn_psfp_stream *s,
			const struct etsn_psfp_meter *mt, const struct etsn_psfp_counters *c)
{
	etsn_out_open(o, ETSN_OUT_ITEM, NULL);
	etsn_out_u64(o, "id", "stream %" PRIu64 " ", id);
	etsn_psfp_out_key(o, s->key_kind, &s->mac, &s->ip);
	etsn_out_text(o, "\n  meter");
	if (!(mt->flags & ETSN_PSFP_F_METER))
		etsn_out_text(o, " off");
	etsn_psfp_out_meter(o, mt, true);
	etsn_out_text(o, "\n");
	etsn_psfp_out_counters(o, c);
	etsn_out_close(o);
}

/* All streams, or only id (one_id >= 0, which must exist). */
static int show(struct etsn_ctx *ctx, const char *dev, int64_t one_id)
{
	static uint32_t ids[ETSN_PSFP_MAX_STREAMS];
	struct etsn_psfp_maps m;
	struct etsn_out o;
	int n = 1, err = 0;

	if (etsn_psfp_maps_open_existing("meter", dev, &m))
		return ETSN_EXIT_FAIL;
	if (one_id >= 0)
		ids[0] = (uint32_t)one_id;
	else
		err = etsn_psfp_maps_list_ids(&m, ids, &n);
	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_str(&o, "ifname", NULL, dev);
	etsn_out_open_array(&o, "streams", NULL);
	for (int i = 0; i < n && !err; i++) {
		struct etsn_psfp_counters c;
		struct etsn_psfp_stream s;
		struct etsn_psfp_meter mt;

		err = etsn_psfp_maps_read_stream(&m, ids[i], &s);
		/* A stream deleted while listing is skipped; a named one must be. */
		if (err == -ENOENT && one_id < 0) {
			err = 0;
			continue;
		}
		if (!err)
			err = etsn_psfp_maps_read_counters(&m, ids[i], &c);
		if (!err)
			err = etsn_psfp_maps_read_meter(&m, ids[i], &mt);
		if (err)
			break;
		show_stream(&o, ids[i], &s, &mt, &c);
	}
	etsn_out_close_array(&o);
	if (!etsn_out_end(&o) && !err)
		err = -EIO;
	etsn_psfp_maps_close(&m);
	if (err == -ENOENT) {
		fprintf(stderr, "etsnctl meter: no stream %" PRId64 " on %s\n", one_id, dev);
		return ETSN_EXIT_FAIL;
	}
	if (err) {
		fprintf(stderr, "etsnctl meter: cannot read the streams of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* Usage error naming the words it was about. */
static int bad(const char *why, int argc, char **argv)
{
	char words[256] = "";

	for (int w = 0; w < argc; w++)
		snprintf(words + strlen(words), sizeof(words) - strlen(words), "%s%s",
			 w ? " " : "", argv[w]);
	return etsn_cli_usage_error("meter", usage, "%s (in '%s')", why, words);
}

int cmd_meter(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct etsn_psfp_meter check;
	const char *dev, *verb, *why;
	uint32_t id;
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "set") && strcmp(verb, "show"))
		return etsn_cli_usage_error("meter", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("meter", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("meter", usage, dev))
		return ETSN_EXIT_USAGE;
	if (strcmp(verb, "show") == 0 && i == argc)
		return show(ctx, dev, -1);
	if (argc - i < 2 || strcmp(argv[i], "id"))
		return etsn_cli_usage_error("meter", usage, "%s takes 'id N'%s", verb,
					    strcmp(verb, "show") ? " and a meter" : " or nothing");
	if (etsn_psfp_parse_id(argv[i + 1], &id, &why))
		return bad(why, 1, argv + i + 1);
	i += 2;
	if (strcmp(verb, "show") == 0) {
		if (i != argc)
			return etsn_cli_usage_error("meter", usage, "unexpected '%s'", argv[i]);
		return show(ctx, dev, id);
	}
	if (i == argc)
		return etsn_cli_usage_error("meter", usage, "set needs a meter or 'off'");
	if (etsn_psfp_parse_meter(argc - i, argv + i, &check, &why))
		return bad(why, argc - i, argv + i);
	return set(ctx, dev, id, argc - i, argv + i);
}
