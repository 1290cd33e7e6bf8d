// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl frer: 802.1CB frame replication and elimination. Talker streams
 * live in the maps of bpf/etsn_frer_talker.bpf.c, attached to DEV's egress
 * (clsact); listener streams in those of bpf/etsn_frer_listener.bpf.c,
 * attached at XDP to DEV and its member device, which share one program
 * and so one recovery state per stream. Maps are pinned under
 * /sys/fs/bpf/edgetsn/DEV/.
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
#include "etsn_frer_listener.skel.h"
#include "etsn_frer_talker.skel.h"

#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/frer.h"
#include "lib/frer_show.h"
#include "lib/json.h"

static const char usage[] =
	"usage: etsnctl frer talker add dev DEV id N (dst MAC [vlan V] |\n"
	"           ip SRC DST proto tcp|udp sport S dport D [dscp N])\n"
	"           dev2 DEV2 [vlan1 V] [vlan2 V]\n"
	"       etsnctl frer talker del dev DEV id N\n"
	"       etsnctl frer listener add dev DEV id N (dst MAC [vlan V] | ip ...)\n"
	"           [member DEV2] [history N] [reset-ms MS] [algorithm vector|match]\n"
	"           [take-no-sequence] [individual] [latent-difference N]\n"
	"           [latent-period MS] [latent-reset MS] [latent-paths N]\n"
	"       etsnctl frer listener del dev DEV id N\n"
	"       etsnctl [-j] frer show dev DEV\n"
	"       etsnctl [-j] frer detach dev DEV\n"
	"  802.1CB FRER. A talker stream leaving by DEV gets an R-TAG with its next\n"
	"  sequence number and a copy leaves by DEV2; vlan1/vlan2 set each path's\n"
	"  VLAN ID. A listener stream arriving on DEV or its member keeps the first\n"
	"  copy of each number (vector: within the last 'history' numbers, 2..64,\n"
	"  default 32; match: the last number only) and drops the others; after\n"
	"  reset-ms (default 2000) without a frame it takes any number again.\n"
	"  individual: a member stream's own recovery (discards restart the reset\n"
	"  timer). latent-*: latent error detection (802.1CB 7.4.4; defaults:\n"
	"  difference 0, period 2000, reset 30000, paths 2). On a device running\n"
	"  the XDP firewall or PSFP the listener is chained after them; detach\n"
	"  takes DEV's FRER programs off and keeps its streams.\n"
	"  N is 0.." ETSN_FRER_MAX_ID_TEXT "; the stream is named as in etsnctl stream.\n";

/* The egress filter etsnctl frer owns on a device. */
#define FRER_TC_HANDLE		0xf1c1
#define FRER_TC_PRIORITY	1

/* The kernel keeps BPF_OBJ_NAME_LEN - 1 characters of a program's name. */
static bool prog_is(uint32_t id, const char *name)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	bool is = false;
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0)
		return false;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		is = strncmp(info.name, name, sizeof(info.name) - 1) == 0;
	close(fd);
	return is;
}

static int ifindex_of(const char *dev)
{
	int ifindex = (int)if_nametoindex(dev);

	if (!ifindex)
		fprintf(stderr, "etsnctl frer: no device '%s'\n", dev);
	return ifindex;
}

static int pin_dir(const char *dev, char *dir, size_t len, bool *created)
{
	int err = etsn_bpfpin_dir(dev, dir, len);

	if (!err)
		err = etsn_bpfpin_make_dir(dev, created);
	if (err)
		fprintf(stderr, "etsnctl frer: cannot create %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-err));
	return err;
}

/* After a failed add: the pins and directory it created go again. */
static void undo_pins(struct bpf_object *obj, const char *dev, bool created)
{
	if (!created)
		return;
	if (obj)
		bpf_object__unpin_maps(obj, NULL);
	etsn_bpfpin_remove_dir(dev);
}

/* Writes the stream's key (-> id) and value, both new, or neither. */
static int write_stream(struct bpf_map *keys, const void *key, size_t ksize,
			struct bpf_map *vals, uint32_t id, const void *val, size_t vsize)
{
	int err;

	err = bpf_map__update_elem(vals, &id, sizeof(id), val, vsize, BPF_NOEXIST);
	if (err) {
		fprintf(stderr, "etsnctl frer: stream %" PRIu32 ": %s\n", id,
			err == -EEXIST ? "exists" : strerror(-err));
		return err;
	}
	err = bpf_map__update_elem(keys, key, ksize, &id, sizeof(id), BPF_NOEXIST);
	if (err) {
		fprintf(stderr, "etsnctl frer: stream %" PRIu32 ": %s\n", id,
			err == -EEXIST ? "another stream has this key" : strerror(-err));
		bpf_map__delete_elem(vals, &id, sizeof(id), 0);
	}
	return err;
}

/* What a command did: prose, or one JSON object under -j. */
static void say(struct etsn_ctx *ctx, const char *dev, const char *role, uint32_t id,
		const char *action, const char *dev2, const char *where, const char *where2)
{
	struct etsn_json j;

	if (!ctx->json) {
		printf("%s: FRER %s stream %" PRIu32 " %s", dev, role, id, action);
		if (where)
			printf(" (%s)", where);
		if (dev2[0])
			printf(", %s %s", !strcmp(role, "talker") ? "copies by" : "member", dev2);
		if (where2)
			printf(" (%s)", where2);
		printf("\n");
		return;
	}
	etsn_json_init(&j, stdout);
	etsn_json_open_object(&j, NULL);
	etsn_json_string(&j, "ifname", dev);
	etsn_json_string(&j, "role", role);
	etsn_json_u64(&j, "id", id);
	etsn_json_string(&j, "action", action);
	if (where)
		etsn_json_string(&j, "attach", where);
	if (dev2[0])
		etsn_json_string(&j, !strcmp(role, "talker") ? "dev2" : "member", dev2);
	if (where2)
		etsn_json_string(&j, "member_attach", where2);
	etsn_json_close_object(&j);
	etsn_json_finish(&j);
}

static int tc_attach(int ifindex, const char *dev, int prog_fd)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, o, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY, .flags = BPF_TC_F_REPLACE);
	libbpf_print_fn_t print;
	int err;

	/* No clsact yet, or no filter, is an answer, not an error to print. */
	print = libbpf_set_print(NULL);
	err = bpf_tc_hook_create(&hook);
	if (!bpf_tc_query(&hook, &q) && q.prog_id && !prog_is(q.prog_id, "etsn_frer_talker")) {
		libbpf_set_print(print);
		fprintf(stderr, "etsnctl frer: filter %#x on %s egress is program %" PRIu32 ", not the FRER talker; left alone\n",
			FRER_TC_HANDLE, dev, q.prog_id);
		return -EBUSY;
	}
	libbpf_set_print(print);
	if (err && err != -EEXIST)
		return err;
	o.prog_fd = prog_fd;
	err = bpf_tc_attach(&hook, &o);
	if (err)
		fprintf(stderr, "etsnctl frer: cannot attach to %s egress: %s\n", dev,
			strerror(-err));
	return err;
}

static int talker_add(struct etsn_ctx *ctx, const char *dev, struct etsn_frer_talker_rule *t)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_frer_talker_bpf *skel = NULL;
	const void *key;
	bool created = false;
	char dir[256];
	size_t ksize;
	int ifindex, err;

	ifindex = ifindex_of(dev);
	t->t.ifindex2 = ifindex ? (uint32_t)ifindex_of(t->dev2) : 0;
	if (!ifindex || !t->t.ifindex2)
		return ETSN_EXIT_FAIL;
	if (pin_dir(dev, dir, sizeof(dir), &created))
		return ETSN_EXIT_FAIL;
	oo.pin_root_path = dir;
	skel = etsn_frer_talker_bpf__open_opts(&oo);
	err = skel ? etsn_frer_talker_bpf__load(skel) : -errno;
	if (err) {
		fprintf(stderr, "etsnctl frer: cannot load the talker: %s\n", strerror(-err));
		goto out;
	}
	key = etsn_frer_key(t->t.key_kind, &t->t.mac, &t->t.ip, &ksize);
	err = write_stream(t->t.key_kind == ETSN_PSFP_KEY_MAC ? skel->maps.etsn_frer_tmac :
			   skel->maps.etsn_frer_tip, key, ksize, skel->maps.etsn_frer_talk, t->id,
			   &t->t, sizeof(t->t));
	if (err)
		goto out;
	err = tc_attach(ifindex, dev, bpf_program__fd(skel->progs.etsn_frer_talker));
	if (err) {
		bpf_map__delete_elem(t->t.key_kind == ETSN_PSFP_KEY_MAC ?
				     skel->maps.etsn_frer_tmac : skel->maps.etsn_frer_tip,
				     key, ksize, 0);
		bpf_map__delete_elem(skel->maps.etsn_frer_talk, &t->id, sizeof(t->id), 0);
		goto out;
	}
	say(ctx, dev, "talker", t->id, "added", t->dev2, "tc egress", NULL);
out:
	if (err)
		undo_pins(skel ? skel->obj : NULL, dev, created);
	etsn_frer_talker_bpf__destroy(skel);
	return err ? ETSN_EXIT_FAIL : ETSN_EXIT_OK;
}

/* Does dev run edgetsn's firewall or PSFP at XDP, whose chain
 * (etsn_xdp_next) ends in the FRER slot?
 */
static bool runs_chain(uint32_t prog_id)
{
	return prog_is(prog_id, "etsn_xdp_fw") || prog_is(prog_id, ETSN_PSFP_PROG_NAME);
}

/* The FRER slot of dev's chain: prog_fd, or emptied when prog_fd < 0. */
static int set_chain_slot(const char *dev, int prog_fd)
{
	uint32_t slot = ETSN_XDP_NEXT_FRER;
	int fd = etsn_bpfpin_open(dev, ETSN_XDP_NEXT_MAP), err;

	if (fd < 0)
		return fd;
	if (prog_fd < 0)
		err = bpf_map_delete_elem(fd, &slot) ? -errno : 0;
	else
		err = bpf_map_update_elem(fd, &slot, &prog_fd, BPF_ANY) ? -errno : 0;
	close(fd);
	return err;
}

/* The listener on dev: in the FRER slot of the chain after the firewall
 * (or PSFP) when dev runs it, so that FRER sees only what they passed;
 * else at XDP itself, unless another program is there. *where says which.
 */
static int listener_attach(int ifindex, const char *dev, int prog_fd, const char **where)
{
	uint32_t old = 0;
	int err;

	if (bpf_xdp_query_id(ifindex, 0, &old) == 0 && old && runs_chain(old)) {
		*where = "chain";
		err = set_chain_slot(dev, prog_fd);
		if (err)
			fprintf(stderr, "etsnctl frer: cannot chain the listener after %s's XDP program: %s\n",
				dev, strerror(-err));
		return err;
	}
	if (old && !prog_is(old, "etsn_frer_listener")) {
		fprintf(stderr, "etsnctl frer: %s has XDP program %" PRIu32 " (not edgetsn's firewall, PSFP or FRER listener); left alone\n",
			dev, old);
		return -EBUSY;
	}
	*where = "xdp";
	err = bpf_xdp_attach(ifindex, prog_fd, 0, NULL);
	if (err)
		fprintf(stderr, "etsnctl frer: cannot attach XDP to %s: %s\n", dev, strerror(-err));
	return err;
}

static int listener_add(struct etsn_ctx *ctx, const char *dev, struct etsn_frer_listener_rule *l)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_frer_listener_bpf *skel = NULL;
	struct bpf_map *keys;
	const void *key;
	bool created = false;
	char dir[256];
	size_t ksize;
	const char *where = NULL, *where2 = NULL;
	int ifindex, member = 0, err, fd;

	ifindex = ifindex_of(dev);
	if (ifindex && l->member[0])
		member = ifindex_of(l->member);
	if (!ifindex || (l->member[0] && !member))
		return ETSN_EXIT_FAIL;
	if (pin_dir(dev, dir, sizeof(dir), &created))
		return ETSN_EXIT_FAIL;
	oo.pin_root_path = dir;
	skel = etsn_frer_listener_bpf__open_opts(&oo);
	err = skel ? etsn_frer_listener_bpf__load(skel) : -errno;
	if (err) {
		fprintf(stderr, "etsnctl frer: cannot load the listener: %s\n", strerror(-err));
		goto out;
	}
	keys = l->r.key_kind == ETSN_PSFP_KEY_MAC ? skel->maps.etsn_frer_lmac :
						    skel->maps.etsn_frer_lip;
	key = etsn_frer_key(l->r.key_kind, &l->r.mac, &l->r.ip, &ksize);
	err = write_stream(keys, key, ksize, skel->maps.etsn_frer_rcvy, l->id, &l->r, sizeof(l->r));
	if (err)
		goto out;
	fd = bpf_program__fd(skel->progs.etsn_frer_listener);
	err = listener_attach(ifindex, dev, fd, &where);
	if (!err && member) {
		err = listener_attach(member, l->member, fd, &where2);
		if (err)	/* all or nothing: DEV gets its previous program back */
			fprintf(stderr, "etsnctl frer: %s keeps the listener of its other streams\n",
				dev);
	}
	if (err) {
		bpf_map__delete_elem(keys, key, ksize, 0);
		bpf_map__delete_elem(skel->maps.etsn_frer_rcvy, &l->id, sizeof(l->id), 0);
		goto out;
	}
	say(ctx, dev, "listener", l->id, "added", l->member, where, where2);
out:
	if (err)
		undo_pins(skel ? skel->obj : NULL, dev, created);
	etsn_frer_listener_bpf__destroy(skel);
	return err ? ETSN_EXIT_FAIL : ETSN_EXIT_OK;
}

/* Deletes stream id from the pinned value map vname and its key map. */
static int del(struct etsn_ctx *ctx, const char *dev, uint32_t id, bool talker)
{
	const char *vname = talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY;
	union {
		struct etsn_frer_talker t;
		struct etsn_frer_rcvy r;
	} v;
	const struct etsn_psfp_mac_key *mac;
	const struct etsn_psfp_ip_key *ip;
	const void *key;
	uint32_t kind;
	size_t ksize;
	int vfd, kfd, err;

	vfd = etsn_bpfpin_open(dev, vname);
	if (vfd < 0) {
		fprintf(stderr, "etsnctl frer: %s has no FRER %s streams\n", dev,
			talker ? "talker" : "listener");
		return ETSN_EXIT_FAIL;
	}
	if (bpf_map_lookup_elem(vfd, &id, &v)) {
		fprintf(stderr, "etsnctl frer: %s has no %s stream %" PRIu32 "\n", dev,
			talker ? "talker" : "listener", id);
		close(vfd);
		return ETSN_EXIT_FAIL;
	}
	kind = talker ? v.t.key_kind : v.r.key_kind;
	mac = talker ? &v.t.mac : &v.r.mac;
	ip = talker ? &v.t.ip : &v.r.ip;
	key = etsn_frer_key(kind, mac, ip, &ksize);
	kfd = etsn_bpfpin_open(dev, etsn_frer_key_map(kind, talker));
	/* The key first: from then on no frame finds the stream. */
	err = kfd < 0 ? kfd : bpf_map_delete_elem(kfd, key);
	if (!err)
		err = bpf_map_delete_elem(vfd, &id) ? -errno : 0;
	if (kfd >= 0)
		close(kfd);
	close(vfd);
	if (err) {
		fprintf(stderr, "etsnctl frer: cannot delete stream %" PRIu32 ": %s\n", id,
			strerror(-err < 0 ? err : -err));
		return ETSN_EXIT_FAIL;
	}
	say(ctx, dev, talker ? "talker" : "listener", id, "deleted", "", NULL, NULL);
	return ETSN_EXIT_OK;
}

/* Every stream of one pinned value map, in id order. */
static int show_map(struct etsn_json *j, const char *dev, bool talker)
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
			etsn_frer_show_listener(j, id, &v.r);
			continue;
		}
		if (!if_indextoname(v.t.ifindex2, dev2))
			strcpy(dev2, "?");
		etsn_frer_show_talker(j, id, &v.t, dev2);
	}
	close(fd);
	return 0;
}

static int show(struct etsn_ctx *ctx, const char *dev)
{
	struct etsn_json j, *jp = NULL;
	int err;

	if (ctx->json) {
		jp = &j;
		etsn_json_init(jp, stdout);
		etsn_json_open_object(jp, NULL);
		etsn_json_string(jp, "ifname", dev);
		etsn_json_open_array(jp, "streams");
	}
	err = show_map(jp, dev, true);
	if (!err)
		err = show_map(jp, dev, false);
	if (jp) {
		etsn_json_close_array(jp);
		etsn_json_close_object(jp);
		if (!etsn_json_finish(jp) && !err)
			err = -EIO;
	}
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
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY);
	const char *done[3];
	libbpf_print_fn_t print;
	uint32_t prog = 0;
	int ifindex, n = 0, err = 0;
	struct etsn_json j;

	ifindex = ifindex_of(dev);
	if (!ifindex)
		return ETSN_EXIT_FAIL;
	hook.ifindex = ifindex;
	print = libbpf_set_print(NULL);	/* no clsact or no filter: nothing to detach */
	if (!bpf_tc_query(&hook, &q) && q.prog_id && prog_is(q.prog_id, "etsn_frer_talker")) {
		q.prog_id = 0;
		q.prog_fd = 0;
		q.flags = 0;
		err = bpf_tc_detach(&hook, &q);
		if (!err)
			done[n++] = "tc egress";
	}
	libbpf_set_print(print);
	if (!err && !bpf_xdp_query_id(ifindex, 0, &prog) && prog) {
		if (prog_is(prog, "etsn_frer_listener")) {
			err = bpf_xdp_detach(ifindex, 0, NULL);
			if (!err)
				done[n++] = "xdp";
		} else if (runs_chain(prog)) {
			err = set_chain_slot(dev, -1);
			if (!err)
				done[n++] = "chain";
			else if (err == -ENOENT)
				err = 0;	/* an empty slot */
		}
	}
	if (err) {
		fprintf(stderr, "etsnctl frer: cannot detach from %s: %s\n", dev, strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	if (!n) {
		fprintf(stderr, "etsnctl frer: %s runs no FRER program\n", dev);
		return ETSN_EXIT_FAIL;
	}
	if (!ctx->json) {
		for (int i = 0; i < n; i++)
			printf("%s: FRER detached (%s)\n", dev, done[i]);
		return ETSN_EXIT_OK;
	}
	etsn_json_init(&j, stdout);
	etsn_json_open_object(&j, NULL);
	etsn_json_string(&j, "ifname", dev);
	etsn_json_open_array(&j, "detached");
	for (int i = 0; i < n; i++)
		etsn_json_string(&j, NULL, done[i]);
	etsn_json_close_array(&j);
	etsn_json_close_object(&j);
	return etsn_json_finish(&j) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
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
