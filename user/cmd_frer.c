// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl frer: 802.1CB frame replication and elimination. The streams
 * and programs go onto devices through lib/frer_attach.c (shared with
 * edgetsnd); this file reads the words and prints what was done.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "etsnctl.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/frer.h"
#include "lib/frer_attach.h"
#include "lib/frer_show.h"
#include "lib/out.h"

static const char usage[] =
	"usage: etsnctl frer talker add dev DEV id N (dst MAC [vlan V] |\n"
	"           ip SRC DST proto tcp|udp sport S dport D [dscp N])\n"
	"           dev2 DEV2 [vlan1 V] [vlan2 V]\n"
	"       etsnctl frer talker del dev DEV id N\n"
	"       etsnctl frer listener add dev DEV id N (dst MAC [vlan V] | ip ...)\n"
	"           [member DEV2] [history N] [reset-ms MS] [algorithm vector|match]\n"
	"           [take-no-sequence] [individual] [vlan2 V] [latent-difference N]\n"
	"           [latent-period MS] [latent-reset MS] [latent-paths N]\n"
	"       etsnctl frer listener del dev DEV id N\n"
	"       etsnctl [-j] frer show dev DEV\n"
	"       etsnctl [-j] frer detach dev DEV\n"
	"  802.1CB FRER. A talker stream leaving by DEV gets an R-TAG with its next\n"
	"  sequence number and a copy leaves by DEV2; vlan1/vlan2 set each path's\n"
	"  VLAN ID. A listener stream arriving on DEV or its member keeps the first\n"
	"  copy of each number (vector: within the last 'history' numbers, 2..64,\n"
	"  default 32; match: the last number only) and drops the others; after\n"
	"  reset-ms (default 2000) without a frame it takes any number again;\n"
	"  vlan2: its frames carry VLAN V on the second path.\n"
	"  individual: a member stream's own recovery (discards restart the reset\n"
	"  timer). latent-*: latent error detection (802.1CB 7.4.4; defaults:\n"
	"  difference 0, period 2000, reset 30000, paths 2). On a device running\n"
	"  the XDP firewall or PSFP the listener is chained after them; detach\n"
	"  takes DEV's FRER programs off and keeps its streams.\n"
	"  N is 0.." ETSN_FRER_MAX_ID_TEXT "; the stream is named as in etsnctl stream.\n";

/* What a command did: one line of prose, or its result object under -j. */
static void say(struct etsn_ctx *ctx, const char *dev, const char *role, uint32_t id,
		const char *action, const char *dev2, const char *where, const char *where2)
{
	bool talker = !strcmp(role, "talker");
	struct etsn_out o;

	etsn_out_result(&o, ctx->json, dev, action);
	etsn_out_str(&o, "role", " FRER %s", role);
	etsn_out_u64(&o, "id", " stream %" PRIu64, id);
	etsn_out_text(&o, " %s", action);
	if (where)
		etsn_out_str(&o, "attach", " (%s)", where);
	if (dev2[0])
		etsn_out_str(&o, talker ? "dev2" : "member", talker ? ", copies by %s" : ", member %s",
			     dev2);
	if (where2)
		etsn_out_str(&o, "member_attach", " (%s)", where2);
	etsn_out_text(&o, "\n");
	etsn_out_end(&o);
}

static int fail(const char *err)
{
	fprintf(stderr, "etsnctl frer: %s\n", err);
	return ETSN_EXIT_FAIL;
}

static int talker_add(struct etsn_ctx *ctx, const char *dev, struct etsn_frer_talker_rule *t)
{
	char err[256];

	if (etsn_frer_talker_add(dev, t, err, sizeof(err)))
		return fail(err);
	say(ctx, dev, "talker", t->id, "added", t->dev2, "tc egress", NULL);
	return ETSN_EXIT_OK;
}

static int listener_add(struct etsn_ctx *ctx, const char *dev,
			const struct etsn_frer_listener_rule *l)
{
	struct etsn_frer_where where;
	char err[256];

	if (etsn_frer_listener_add(dev, l, &where, err, sizeof(err)))
		return fail(err);
	say(ctx, dev, "listener", l->id, "added", l->member, where.dev, where.member);
	return ETSN_EXIT_OK;
}

static int del(struct etsn_ctx *ctx, const char *dev, uint32_t id, bool talker)
{
	char err[256];

	if (etsn_frer_stream_del(dev, id, talker, err, sizeof(err)))
		return fail(err);
	say(ctx, dev, talker ? "talker" : "listener", id, "deleted", "", NULL, NULL);
	return ETSN_EXIT_OK;
}

/* Every stream of one pinned value map, in id order. */
static int show_map(struct etsn_out *o, const char *dev, bool talker)
{
	union {
		struct etsn_frer_talker t;
		struct etsn_frer_rcvy r;
	} v;
	uint32_t id;
	int fd = etsn_bpfpin_open(dev, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	for (id = 0; id < ETSN_FRER_MAX_STREAMS; id++) {
		char dev2[IF_NAMESIZE];

		if (bpf_map_lookup_elem(fd, &id, &v))
			continue;
		if (!talker) {
			etsn_frer_show_listener(o, id, &v.r);
			continue;
		}
		if (!if_indextoname(v.t.ifindex2, dev2))
			strcpy(dev2, "?");
		etsn_frer_show_talker(o, id, &v.t, dev2);
	}
	close(fd);
	return 0;
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	struct etsn_out o;
	int err;

	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_str(&o, "ifname", NULL, dev);
	etsn_out_open_array(&o, "streams", NULL);
	err = show_map(&o, dev, true);
	if (!err)
		err = show_map(&o, dev, false);
	etsn_out_close_array(&o);
	if (!etsn_out_end(&o) && !err)
		err = -EIO;
	if (err) {
		fprintf(stderr, "etsnctl frer: cannot read the FRER maps of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* dev's FRER programs come off (the talker's egress filter, the listener
 * at XDP or in the firewall's chain); streams and counters stay pinned.
 */
static int detach(struct etsn_ctx *ctx, const char *dev)
{
	const char *done[3];
	struct etsn_out o;
	char err[256];
	int n;

	if (etsn_frer_detach(dev, done, &n, err, sizeof(err)))
		return fail(err);
	if (!n) {
		fprintf(stderr, "etsnctl frer: %s runs no FRER program\n", dev);
		return ETSN_EXIT_FAIL;
	}
	/* Text: a line per program, "DEV: FRER detached (WHERE)". */
	etsn_out_result(&o, ctx->json, dev, "detached");
	etsn_out_open_array(&o, "detached", NULL);
	for (int i = 0; i < n; i++) {
		if (i)
			etsn_out_text(&o, "\n%s:", dev);
		etsn_out_str(&o, ETSN_OUT_ITEM, " FRER detached (%s)", done[i]);
	}
	etsn_out_close_array(&o);
	etsn_out_text(&o, "\n");
	return etsn_out_end(&o) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
}

static int bad_words(int argc, char **argv, int i, const char *why)
{
	return etsn_cli_bad_words("frer", usage, argc, argv, i, why);
}

static int need_bpffs(void)
{
	if (!etsn_bpfpin_check_fs())
		return 0;
	fprintf(stderr, "etsnctl frer: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
		ETSN_BPFFS, ETSN_BPFFS);
	return ETSN_EXIT_FAIL;
}

/* talker|listener add|del dev DEV ... */
static int role_cmd(struct etsn_ctx *ctx, int argc, char **argv, bool talker)
{
	struct etsn_frer_listener_rule l;
	struct etsn_frer_talker_rule t;
	const char *dev, *why;
	char dir[256];
	uint32_t id;
	int i = 3;

	if (argc < 3 || (strcmp(argv[2], "add") && strcmp(argv[2], "del")))
		return etsn_cli_usage_error("frer", usage, "%s takes add or del", argv[1]);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("frer", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("frer", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("frer", usage, "'%s' is not a device name", dev);
	if (strcmp(argv[2], "del") == 0) {
		if (argc - i != 2 || strcmp(argv[i], "id"))
			return etsn_cli_usage_error("frer", usage, "del takes 'id N'");
		if (etsn_frer_parse_id(argv[i + 1], &id, &why))
			return bad_words(argc, argv, i, why);
		return need_bpffs() ?: del(ctx, dev, id, talker);
	}
	if (talker) {
		if (etsn_frer_parse_talker(argc - i, argv + i, &t, &why))
			return bad_words(argc, argv, i, why);
		return need_bpffs() ?: talker_add(ctx, dev, &t);
	}
	if (etsn_frer_parse_listener(argc - i, argv + i, &l, &why))
		return bad_words(argc, argv, i, why);
	if (!strcmp(l.member, dev))
		return etsn_cli_usage_error("frer", usage, "the member is DEV itself");
	return need_bpffs() ?: listener_add(ctx, dev, &l);
}

int cmd_frer(struct etsn_ctx *ctx, int argc, char **argv)
{
	const char *dev;
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	if (!strcmp(argv[1], "talker") || !strcmp(argv[1], "listener"))
		return role_cmd(ctx, argc, argv, !strcmp(argv[1], "talker"));
	if (strcmp(argv[1], "show") && strcmp(argv[1], "detach"))
		return etsn_cli_usage_error("frer", usage, "unknown subcommand '%s'", argv[1]);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("frer", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("frer", usage, dev))
		return ETSN_EXIT_USAGE;
	if (i != argc)
		return etsn_cli_usage_error("frer", usage, "unexpected '%s'", argv[i]);
	if (!strcmp(argv[1], "detach"))
		return detach(ctx, dev);
	return show(ctx, dev);
}
