// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl fw: rules and counters of the XDP firewall of a device, read and
 * written through the maps `etsnctl xdp attach` pinned. Rules apply at
 * once to the attached program; without pins there is nothing to edit.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/file.h>

#include <bpf/bpf.h>

#include "etsnctl.h"

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/fw.h"
#include "lib/fw_maps.h"
#include "lib/fw_show.h"
#include "lib/out.h"

static const char usage[] =
	"usage: etsnctl fw block dev DEV CIDR\n"
	"       etsnctl fw block dev DEV port tcp|udp N\n"
	"       etsnctl fw unblock dev DEV CIDR | port tcp|udp N\n"
	"       etsnctl fw synlimit dev DEV rate N/s burst M | off\n"
	"       etsnctl fw policy dev DEV [unparsed drop|pass] [fragments pass|drop]\n"
	"       etsnctl [-j] fw show dev DEV\n"
	"  block drops frames arriving on DEV from an IPv4/IPv6 source prefix (CIDR,\n"
	"  network address: 10.0.0.0/8, 2001:db8::/32; a bare address is one host)\n"
	"  or to a TCP/UDP destination port; synlimit lets each source address pass\n"
	"  at most M TCP SYNs at once and N/s on average (token bucket; 0/s: M in\n"
	"  all), dropping the rest; policy sets what happens to frames deeper than\n"
	"  the parser reads (> 4 VLAN tags, > 8 IPv6 extension headers; default\n"
	"  drop) and to IP fragments after the first (default pass: they carry no\n"
	"  ports); show lists rules, the SYN limit, the policy and counters.\n"
	"  Needs the firewall's maps: etsnctl xdp attach dev DEV\n";

/* An fd on one of DEV's pinned maps, or -1 after saying why. */
static int open_map(const char *dev, const char *name)
{
	int fd = etsn_bpfpin_open(dev, name);

	if (fd < 0)
		etsn_fw_maps_say_open_error("fw", dev, name, fd);
	return fd < 0 ? -1 : fd;
}

/* Frames the rule with this map value dropped (0 for a value no slot has). */
static int rule_dropped(const struct etsn_fw_maps *m, uint32_t value, uint64_t *dropped)
{
	*dropped = 0;
	if (value < 1 || value > ETSN_FW_MAX_RULES)
		return 0;
	return etsn_percpu_sum_u64(m->fd[ETSN_FW_M_RULE_CNT], value - 1, dropped);
}

/* {"type","proto","port"|"cidr","dropped"}; text "block RULE" (show adds
 * the drops in a column width wide, an edit ends the line).
 */
static void out_rule(struct etsn_out *o, const struct etsn_fw_rule *r, int width)
{
	char text[ETSN_FW_RULE_STRLEN];

	etsn_fw_format_rule(r, text, sizeof(text));
	if (r->kind == ETSN_FW_PORT) {
		etsn_out_str(o, "type", NULL, "port");
		etsn_out_str(o, "proto", NULL, etsn_fw_proto_word(r->port.proto));
		etsn_out_u64(o, "port", NULL, r->port.port);
	} else {
		etsn_out_str(o, "type", NULL, r->kind == ETSN_FW_CIDR4 ? "cidr4" : "cidr6");
		etsn_out_str(o, "cidr", NULL, text);
	}
	etsn_out_text(o, " block %-*s", width, text);
}

static int show_rule(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r, uint32_t value,
		     void *arg)
{
	struct etsn_out *o = arg;
	uint64_t dropped;
	int err = rule_dropped(m, value, &dropped);

	if (err)
		return err;
	etsn_out_open(o, ETSN_OUT_ITEM, " ");
	out_rule(o, r, 40);
	etsn_out_u64(o, "dropped", " dropped %" PRIu64 "\n", dropped);
	etsn_out_close(o);
	return 0;
}

/* "synlimit": {"rate_per_s","burst"}, absent when off. */
static void out_synlimit(struct etsn_out *o, const struct etsn_fw_syn_config *cfg)
{
	uint64_t rate, burst;

	if (!etsn_fw_syn_limit(cfg, &rate, &burst)) {
		etsn_out_text(o, " off\n");
		return;
	}
	etsn_out_open(o, "synlimit", NULL);
	etsn_out_u64(o, "rate_per_s", " rate %" PRIu64 "/s", rate);
	etsn_out_u64(o, "burst", " burst %" PRIu64 " per source\n", burst);
	etsn_out_close(o);
}

/* "policy": {"unparsed","fragments"}. */
static void out_policy(struct etsn_out *o, const struct etsn_fw_config *cfg)
{
	etsn_out_open(o, "policy", NULL);
	etsn_out_str(o, "unparsed", " unparsed %s", etsn_fw_unparsed_word(cfg));
	etsn_out_str(o, "fragments", ", fragments %s\n", etsn_fw_frag_word(cfg));
	etsn_out_close(o);
}

static void show_all(bool json, const char *dev, const struct etsn_fw_maps *m,
		     const struct etsn_fw_counters *c, int *err)
{
	struct etsn_out o;

	etsn_out_begin(&o, stdout, json);
	etsn_out_str(&o, "ifname", "dev %s XDP firewall", dev);
	etsn_out_text(&o, " (maps in %s/%s)\n", ETSN_BPFPIN_ROOT, dev);
	etsn_out_open_array(&o, "rules", "rules:\n");
	*err = etsn_fw_for_each_rule(m, show_rule, &o);
	etsn_out_close_array(&o);
	etsn_out_text(&o, "syn limit:");
	out_synlimit(&o, &c->syn_cfg);
	etsn_out_text(&o, "policy:");
	out_policy(&o, &c->cfg);
	etsn_fw_out_counters(&o, c);
	if (!etsn_out_end(&o) && !*err)
		*err = -EIO;
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	struct etsn_fw_counters c;
	struct etsn_fw_maps m;
	int err;

	if (etsn_fw_maps_open("fw", dev, &m))
		return ETSN_EXIT_FAIL;
	/* Counters first: a failure then prints nothing half-way. */
	err = etsn_fw_counters_read(&m, &c);
	if (err) {
		fprintf(stderr, "etsnctl fw: cannot read the counters of %s: %s\n", dev, strerror(-err));
		etsn_fw_maps_close(&m);
		return ETSN_EXIT_FAIL;
	}
	show_all(ctx->json, dev, &m, &c, &err);
	etsn_fw_maps_close(&m);
	if (err) {
		fprintf(stderr, "etsnctl fw: cannot list the rules of %s: %s\n", dev, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* {"ifname","action","rule":{...}}; text "DEV: block RULE: ACTION". */
static void say_edit(bool json, const char *dev, const char *action, const struct etsn_fw_rule *r)
{
	struct etsn_out o;

	etsn_out_result(&o, json, dev, action);
	etsn_out_open(&o, "rule", NULL);
	out_rule(&o, r, 0);
	etsn_out_close(&o);
	etsn_out_text(&o, " %s\n", action);
	etsn_out_end(&o);
}

/* The pin directory is locked meanwhile: two etsnctl processes picking
 * counter slots at once could otherwise pick the same one.
 */
static int block(bool json, const char *dev, const struct etsn_fw_rule *r)
{
	struct etsn_fw_maps m;
	uint32_t value;
	int dfd, err;

	if (etsn_fw_maps_open("fw", dev, &m))
		return ETSN_EXIT_FAIL;
	dfd = etsn_bpfpin_lock(dev);
	err = dfd < 0 ? dfd : etsn_fw_block(&m, r, &value);
	if (dfd >= 0)
		close(dfd);
	etsn_fw_maps_close(&m);
	if (err) {
		etsn_fw_say_edit_error("fw", dev, r, err);
		return ETSN_EXIT_FAIL;
	}
	say_edit(json, dev, "blocked", r);
	return ETSN_EXIT_OK;
}

static int unblock(bool json, const char *dev, const struct etsn_fw_rule *r)
{
	const void *key;
	size_t size;
	int fd, err;

	fd = open_map(dev, etsn_fw_map_name(r->kind));
	if (fd < 0)
		return ETSN_EXIT_FAIL;
	key = etsn_fw_rule_key(r, &size);
	err = bpf_map_delete_elem(fd, key) ? -errno : 0;
	close(fd);
	if (err) {
		etsn_fw_say_edit_error("fw", dev, r, err);
		return ETSN_EXIT_FAIL;
	}
	say_edit(json, dev, "unblocked", r);
	return ETSN_EXIT_OK;
}

/* A bucket left from before would hold tokens of the old limit: the
 * write forgets them (lib/fw_maps.c).
 */
static int synlimit(bool json, const char *dev, const struct etsn_fw_syn_config *cfg)
{
	struct etsn_out o;
	int cfd, sfd, err;

	cfd = open_map(dev, ETSN_FW_MAP_SYN_CFG);
	if (cfd < 0)
		return ETSN_EXIT_FAIL;
	sfd = open_map(dev, ETSN_FW_MAP_SYN_SRC);
	if (sfd < 0) {
		close(cfd);
		return ETSN_EXIT_FAIL;
	}
	err = etsn_fw_synlimit_write(cfd, sfd, cfg);
	close(cfd);
	close(sfd);
	if (err) {
		fprintf(stderr, "etsnctl fw: cannot set the SYN limit of %s: %s\n", dev, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&o, json, dev, "set");
	etsn_out_text(&o, " SYN limit");
	out_synlimit(&o, cfg);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

/* Sets the fields of DEV's etsn_fw_cfg that p gives; the others stay.
 * The value is read and written back whole, under the pin directory lock
 * (edgetsnd writes it under the lock too).
 */
static int policy(bool json, const char *dev, const struct etsn_fw_policy *p)
{
	struct etsn_fw_config cfg;
	struct etsn_out o;
	int fd, lock, err;

	fd = open_map(dev, ETSN_FW_MAP_CONFIG);
	if (fd < 0)
		return ETSN_EXIT_FAIL;
	lock = etsn_bpfpin_lock(dev);
	err = lock < 0 ? lock : etsn_fw_policy_write(fd, p, &cfg);
	if (lock >= 0)
		close(lock);
	close(fd);
	if (err) {
		fprintf(stderr, "etsnctl fw: cannot set the policy of %s: %s\n", dev, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	etsn_out_result(&o, json, dev, "set");
	out_policy(&o, &cfg);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

/* "w1 w2 ..." of argv[i..argc) for messages. */
static void join_words(int argc, char **argv, int i, char *words, size_t len)
{
	words[0] = '\0';
	for (int w = i; w < argc; w++)
		snprintf(words + strlen(words), len - strlen(words), "%s%s", w > i ? " " : "",
			 argv[w]);
}

int cmd_fw(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct etsn_fw_rule r;
	const char *dev, *verb, *why;
	char dir[256], words[256];
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "block") && strcmp(verb, "unblock") && strcmp(verb, "show") &&
	    strcmp(verb, "synlimit") && strcmp(verb, "policy"))
		return etsn_cli_usage_error("fw", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("fw", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("fw", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("fw", usage, "'%s' is not a device name", dev);
	if (strcmp(verb, "show") == 0) {
		if (i != argc)
			return etsn_cli_usage_error("fw", usage, "unexpected '%s'", argv[i]);
		return show(ctx, dev);
	}
	if (strcmp(verb, "synlimit") == 0) {
		struct etsn_fw_syn_config cfg;

		if (etsn_fw_parse_synlimit(argc - i, argv + i, &cfg, &why)) {
			join_words(argc, argv, i, words, sizeof(words));
			return etsn_cli_usage_error("fw", usage, "synlimit: %s (in '%s')", why, words);
		}
		return synlimit(ctx->json, dev, &cfg);
	}
	if (strcmp(verb, "policy") == 0) {
		struct etsn_fw_policy p;

		if (etsn_fw_parse_policy(argc - i, argv + i, &p, &why)) {
			join_words(argc, argv, i, words, sizeof(words));
			return etsn_cli_usage_error("fw", usage, "policy: %s (in '%s')", why, words);
		}
		return policy(ctx->json, dev, &p);
	}
	if (etsn_fw_parse_rule(argc - i, argv + i, &r, &why)) {
		join_words(argc, argv, i, words, sizeof(words));
		return etsn_cli_usage_error("fw", usage, "%s (in '%s')", why, words);
	}
	return strcmp(verb, "block") == 0 ? block(ctx->json, dev, &r) : unblock(ctx->json, dev, &r);
}
