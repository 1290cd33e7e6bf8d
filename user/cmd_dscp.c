// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl dscp: the egress DSCP classifier (bpf/etsn_dscp_prio.bpf.c) of
 * a device: attached on clsact egress by lib/tc_egress.c, its DSCP ->
 * priority map and hit counters pinned under /sys/fs/bpf/edgetsn/<ifname>/.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsnctl.h"
#include "../bpf/etsn_dscp_prio.h"

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/dscp.h"
#include "lib/dscp_edit.h"
#include "lib/out.h"
#include "lib/tc_egress.h"

static const char usage[] =
	"usage: etsnctl dscp attach dev DEV\n"
	"       etsnctl dscp detach dev DEV\n"
	"       etsnctl dscp set dev DEV DSCP prio P [DSCP prio P]...\n"
	"       etsnctl dscp del dev DEV DSCP...\n"
	"       etsnctl [-j] dscp show dev DEV\n"
	"  Sets the skb priority of DEV's outgoing IPv4/IPv6 frames by their DSCP\n"
	"  (0..63), so the etsn qdisc puts them in the class its map gives P\n"
	"  (etsnctl class set) without the application setting SO_PRIORITY.\n"
	"  P is 0..4294967295, or MAJOR:MINOR (hex, a classful qdisc's class id).\n"
	"  DSCPs not set keep their frames' priority. The classifier runs on\n"
	"  clsact egress; the map and counters are kept in " ETSN_BPFPIN_ROOT "/DEV/\n"
	"  across detach and attach. Use it or etsnctl classify on a device: the\n"
	"  first filter's verdict ends egress classification.\n";

struct dscp_entry {
	uint32_t dscp;
	uint32_t prio;
};

static int do_attach(bool json, const char *dev)
{
	uint32_t prog;
	int ifindex;

	ifindex = etsn_tc_ifindex(&etsn_dscp_filter, dev);
	if (!ifindex || etsn_dscp_attach(dev, ifindex, &prog))
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&etsn_dscp_filter, json, dev, true, prog);
	return ETSN_EXIT_OK;
}

static int do_detach(bool json, const char *dev)
{
	uint32_t prog;
	int ifindex;

	ifindex = etsn_tc_ifindex(&etsn_dscp_filter, dev);
	if (!ifindex || etsn_tc_egress_detach(&etsn_dscp_filter, dev, ifindex, &prog))
		return ETSN_EXIT_FAIL;
	etsn_tc_egress_result(&etsn_dscp_filter, json, dev, false, prog);
	return ETSN_EXIT_OK;
}

/* Writes the n entries (n == 0 never), or with del clears them; each
 * DSCP's hit counter starts at zero when it is set. A failure part-way
 * restores the entries written so far (all or nothing). Under the pin
 * directory lock, so that neither this restore nor edgetsnd's apply
 * (which holds it too) undoes the other's writes.
 */
static int edit(bool json, const char *dev, const struct dscp_entry *e, int n, bool del)
{
	struct etsn_dscp_prio old[ETSN_DSCP_COUNT];
	struct etsn_out out;
	int fd[ETSN_DSCP_M_N], done = 0, err = 0, lock;

	if (etsn_dscp_maps_open(dev, !del, fd))
		return ETSN_EXIT_FAIL;
	lock = etsn_bpfpin_lock(dev);
	if (lock < 0) {
		fprintf(stderr, "etsnctl dscp: cannot lock %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-lock));
		etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
		return ETSN_EXIT_FAIL;
	}
	for (; done < n && !err; done++)
		err = etsn_dscp_write(fd, e[done].dscp, e[done].prio, del, &old[done]);
	if (err) {
		fprintf(stderr, "etsnctl dscp: cannot write DSCP %" PRIu32 " on %s: %s\n",
			e[done - 1].dscp, dev, strerror(-err));
		while (--done > 0)
			etsn_dscp_restore(fd, e[done - 1].dscp, &old[done - 1]);
	}
	close(lock);
	etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	if (err)
		return ETSN_EXIT_FAIL;
	etsn_out_result(&out, json, dev, del ? "deleted" : "set");
	etsn_out_open_array(&out, del ? "dscp" : "map", del ? " DSCP" : NULL);
	for (int i = 0; i < n; i++) {
		if (del) {
			etsn_out_u64(&out, ETSN_OUT_ITEM, " %" PRIu64, e[i].dscp);
			continue;
		}
		etsn_out_open(&out, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(&out, "dscp", " DSCP %" PRIu64, e[i].dscp);
		etsn_out_u64(&out, "prio", " prio %" PRIu64, e[i].prio);
		etsn_out_close(&out);
	}
	etsn_out_close_array(&out);
	etsn_out_text(&out, del ? " unmapped\n" : "\n");
	etsn_out_end(&out);
	return ETSN_EXIT_OK;
}

static int show(bool json, const char *dev)
{
	struct etsn_out out;
	bool ours = false;
	uint32_t prog;
	int fd[ETSN_DSCP_M_N], ifindex, err = 0;

	ifindex = etsn_tc_ifindex(&etsn_dscp_filter, dev);
	if (!ifindex || etsn_dscp_maps_open(dev, false, fd))
		return ETSN_EXIT_FAIL;
	prog = etsn_tc_egress_prog(&etsn_dscp_filter, ifindex, &ours);
	etsn_out_begin(&out, stdout, json);
	etsn_out_str(&out, "ifname", "dev %s DSCP classifier", dev);
	etsn_out_text(&out, " (maps in %s/%s), ", ETSN_BPFPIN_ROOT, dev);
	if (prog && ours)
		etsn_out_u64(&out, "prog_id", "program %" PRIu64 "\n", prog);
	else
		etsn_out_text(&out, "not attached\n");
	etsn_out_open_array(&out, "map", NULL);
	for (uint32_t d = 0; d < ETSN_DSCP_COUNT && !err; d++) {
		struct etsn_dscp_prio v;
		uint64_t hits;

		err = bpf_map_lookup_elem(fd[ETSN_DSCP_M_PRIO], &d, &v);
		if (!err && v.valid)
			err = etsn_percpu_sum_u64(fd[ETSN_DSCP_M_HITS], d, &hits);
		if (err || !v.valid)
			continue;
		etsn_out_open(&out, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(&out, "dscp", "dscp %" PRIu64, d);
		etsn_out_u64(&out, "prio", " prio %" PRIu64, v.priority);
		etsn_out_u64(&out, "packets", " packets %" PRIu64 "\n", hits);
		etsn_out_close(&out);
	}
	etsn_out_close_array(&out);
	if (!etsn_out_end(&out) && !err)
		err = -EIO;
	etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	if (err) {
		fprintf(stderr, "etsnctl dscp: cannot read the DSCP map of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* "DSCP prio P ..." (set) or "DSCP ..." (del) into e; each DSCP once. */
static int parse_entries(int argc, char **argv, bool del, struct dscp_entry *e, int *n)
{
	bool seen[ETSN_DSCP_COUNT] = { false };
	int step = del ? 1 : 3;

	*n = 0;
	if (argc == 0)
		return etsn_cli_usage_error("dscp", usage, "%s needs at least one DSCP",
					    del ? "del" : "set");
	for (int i = 0; i < argc; i += step) {
		struct dscp_entry x = { 0 };
		const char *why = NULL;

		if (etsn_dscp_parse_code(argv[i], &x.dscp, &why))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i, why);
		if (seen[x.dscp])
			return etsn_cli_bad_words("dscp", usage, argc, argv, i,
						  "each DSCP at most once");
		seen[x.dscp] = true;
		if (!del && (i + 2 >= argc || strcmp(argv[i + 1], "prio")))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i,
						  "set takes DSCP prio P");
		if (!del && etsn_dscp_parse_prio(argv[i + 2], &x.prio, &why))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i + 2, why);
		e[(*n)++] = x;
	}
	return 0;
}

int cmd_dscp(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct dscp_entry e[ETSN_DSCP_COUNT];
	const char *dev, *verb;
	char dir[256];
	int i = 2, n = 0, ret;
	bool del;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "attach") && strcmp(verb, "detach") && strcmp(verb, "set") &&
	    strcmp(verb, "del") && strcmp(verb, "show"))
		return etsn_cli_usage_error("dscp", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("dscp", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("dscp", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("dscp", usage, "'%s' is not a device name", dev);
	del = strcmp(verb, "del") == 0;
	if (del || strcmp(verb, "set") == 0) {
		ret = parse_entries(argc - i, argv + i, del, e, &n);
		if (ret)
			return ret;
	} else if (i != argc) {
		return etsn_cli_usage_error("dscp", usage, "%s takes only 'dev DEV'", verb);
	}
	if (etsn_bpfpin_check_fs()) {
		fprintf(stderr, "etsnctl dscp: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
			ETSN_BPFFS, ETSN_BPFFS);
		return ETSN_EXIT_FAIL;
	}
	if (strcmp(verb, "attach") == 0)
		return do_attach(ctx->json, dev);
	if (strcmp(verb, "detach") == 0)
		return do_detach(ctx->json, dev);
	if (strcmp(verb, "show") == 0)
		return show(ctx->json, dev);
	return edit(ctx->json, dev, e, n, del);
}
