// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl dscp: the egress DSCP classifier (bpf/etsn_dscp_prio.bpf.c) of
 * a device: attached on clsact egress by lib/tc_egress.c, its DSCP ->
 * priority map and hit counters pinned under /sys/fs/bpf/edgetsn/<ifname>/.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsnctl.h"
#include "etsn_dscp_prio.skel.h"
#include "../bpf/etsn_dscp_prio.h"

#include "lib/bpfmap.h"
#include "lib/bpfpin.h"
#include "lib/cli.h"
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

static const struct etsn_tc_filter filter = {
	.cmd = "dscp", .what = "DSCP classifier", .prog_name = ETSN_DSCP_PROG_NAME,
	.handle = 0xd5c, .priority = 0xd5c,
};

static const char *const map_names[] = { ETSN_DSCP_MAP_PRIO, ETSN_DSCP_MAP_HITS };

enum { M_PRIO, M_HITS, M_N };

struct dscp_entry {
	uint32_t dscp;
	uint32_t prio;
};

/* Loads the classifier with its maps pinned in (or taken from) DEV's pin
 * directory; *created says whether the directory is new.
 */
static struct etsn_dscp_prio_bpf *load(const char *dev, bool *created)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_dscp_prio_bpf *skel;
	char dir[256];
	int err;

	*created = false;
	err = etsn_bpfpin_dir(dev, dir, sizeof(dir));
	if (!err)
		err = etsn_bpfpin_make_dir(dev, created);
	if (err) {
		fprintf(stderr, "etsnctl dscp: cannot create %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-err));
		return NULL;
	}
	oo.pin_root_path = dir;
	skel = etsn_dscp_prio_bpf__open_opts(&oo);
	err = skel ? etsn_dscp_prio_bpf__load(skel) : -errno;
	if (!err)
		return skel;
	fprintf(stderr, "etsnctl dscp: cannot load the DSCP classifier: %s\n", strerror(-err));
	etsn_dscp_prio_bpf__destroy(skel);
	if (*created)
		etsn_bpfpin_remove_dir(dev);
	return NULL;
}

/* DEV's pinned maps, loading the program (not attached) when missing
 * and create is set. 0, or an error already said.
 */
static int open_maps(const char *dev, bool create, int fd[M_N])
{
	struct etsn_dscp_prio_bpf *skel;
	bool created;
	int err = etsn_bpfpin_open_set(dev, map_names, M_N, fd, NULL);

	if (err == -ENOENT && create) {
		skel = load(dev, &created);
		if (!skel)
			return -EINVAL;
		etsn_dscp_prio_bpf__destroy(skel);
		err = etsn_bpfpin_open_set(dev, map_names, M_N, fd, NULL);
	}
	if (err == -ENOENT)
		fprintf(stderr, "etsnctl dscp: %s has no DSCP map in %s/%s; attach or set first\n",
			dev, ETSN_BPFPIN_ROOT, dev);
	else if (err)
		fprintf(stderr, "etsnctl dscp: cannot open the DSCP maps in %s/%s: %s\n",
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	return err;
}

static int do_attach(bool json, const char *dev)
{
	struct etsn_dscp_prio_bpf *skel;
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
				     bpf_program__fd(skel->progs.etsn_dscp_classify), created, &prog);
	etsn_dscp_prio_bpf__destroy(skel);
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

/* Writes the n entries (n == 0 never), or with del clears them; each
 * DSCP's hit counter starts at zero when it is set. A failure part-way
 * restores the entries written so far (all or nothing).
 */
static int edit(bool json, const char *dev, const struct dscp_entry *e, int n, bool del)
{
	struct etsn_dscp_prio old[ETSN_DSCP_COUNT];
	struct etsn_out out;
	int fd[M_N], done = 0, err = 0;

	if (open_maps(dev, !del, fd))
		return ETSN_EXIT_FAIL;
	for (; done < n && !err; done++) {
		struct etsn_dscp_prio v = { .priority = e[done].prio, .valid = !del };

		err = bpf_map_lookup_elem(fd[M_PRIO], &e[done].dscp, &old[done]);
		if (!err && !del)
			err = etsn_percpu_zero(fd[M_HITS], &e[done].dscp, sizeof(uint64_t));
		if (!err)
			err = bpf_map_update_elem(fd[M_PRIO], &e[done].dscp, &v, BPF_ANY);
	}
	if (err) {
		fprintf(stderr, "etsnctl dscp: cannot write DSCP %" PRIu32 " on %s: %s\n",
			e[done - 1].dscp, dev, strerror(-err));
		while (--done > 0)
			bpf_map_update_elem(fd[M_PRIO], &e[done - 1].dscp, &old[done - 1], BPF_ANY);
	}
	etsn_bpfpin_close_set(fd, M_N);
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
	int fd[M_N], ifindex, err = 0;

	ifindex = etsn_tc_ifindex(&filter, dev);
	if (!ifindex || open_maps(dev, false, fd))
		return ETSN_EXIT_FAIL;
	prog = etsn_tc_egress_prog(&filter, ifindex, &ours);
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

		err = bpf_map_lookup_elem(fd[M_PRIO], &d, &v);
		if (!err && v.valid)
			err = etsn_percpu_sum_u64(fd[M_HITS], d, &hits);
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
	etsn_bpfpin_close_set(fd, M_N);
	if (err) {
		fprintf(stderr, "etsnctl dscp: cannot read the DSCP map of %s: %s\n", dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	return ETSN_EXIT_OK;
}

/* A number 0..max (base 10 or 0x), or with colon MAJOR:MINOR in hex. */
static int parse_u32(const char *s, uint32_t max, bool classid, uint32_t *v)
{
	unsigned long a, b;
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	errno = 0;
	if (classid && strchr(s, ':')) {
		a = strtoul(s, &end, 16);
		if (*end != ':' || end == s || a > 0xffff || errno)
			return -EINVAL;
		s = end + 1;
		b = strtoul(s, &end, 16);
		if (*end || end == s || b > 0xffff || errno)
			return -EINVAL;
		*v = (uint32_t)(a << 16 | b);
		return 0;
	}
	a = strtoul(s, &end, 0);
	if (*end || errno || a > max)
		return -EINVAL;
	*v = (uint32_t)a;
	return 0;
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

		if (parse_u32(argv[i], ETSN_DSCP_COUNT - 1, false, &x.dscp))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i,
						  "a DSCP is 0..63");
		if (seen[x.dscp])
			return etsn_cli_bad_words("dscp", usage, argc, argv, i,
						  "each DSCP at most once");
		seen[x.dscp] = true;
		if (!del && (i + 2 >= argc || strcmp(argv[i + 1], "prio")))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i,
						  "set takes DSCP prio P");
		if (!del && parse_u32(argv[i + 2], UINT32_MAX, true, &x.prio))
			return etsn_cli_bad_words("dscp", usage, argc, argv, i + 2,
						  "a priority is 0..4294967295 or MAJOR:MINOR");
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
