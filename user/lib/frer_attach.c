// SPDX-License-Identifier: GPL-2.0-or-later
/* FRER streams and programs onto a device (frer_attach.h). */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "etsn_frer_listener.skel.h"
#include "etsn_frer_talker.skel.h"

#include "bpfpin.h"
#include "frer_attach.h"

/* The egress filter FRER owns on a device. */
#define FRER_TC_HANDLE		0xf1c1
#define FRER_TC_PRIORITY	1

static int why(char *err, size_t len, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return code;
}

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

static int ifindex_of(const char *dev, char *err, size_t len)
{
	int ifindex = (int)if_nametoindex(dev);

	return ifindex ? ifindex : why(err, len, -ENODEV, "no device '%s'", dev);
}

static int pin_dir(const char *dev, char *dir, size_t len, bool *created, char *err,
		   size_t errlen)
{
	int ret = etsn_bpfpin_dir(dev, dir, len);

	if (!ret)
		ret = etsn_bpfpin_make_dir(dev, created);
	if (ret)
		why(err, errlen, ret, "cannot create %s/%s: %s", ETSN_BPFPIN_ROOT, dev,
		    strerror(-ret));
	return ret;
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

/* Writes the stream's key (and key2, when not NULL) -> id and its value,
 * all new, or none.
 */
static int write_stream(struct bpf_map *keys, const void *key, const void *key2, size_t ksize,
			struct bpf_map *vals, uint32_t id, const void *val, size_t vsize,
			char *err, size_t errlen)
{
	int ret;

	ret = bpf_map__update_elem(vals, &id, sizeof(id), val, vsize, BPF_NOEXIST);
	if (ret)
		return why(err, errlen, ret, "stream %" PRIu32 ": %s", id,
			   ret == -EEXIST ? "exists" : strerror(-ret));
	ret = bpf_map__update_elem(keys, key, ksize, &id, sizeof(id), BPF_NOEXIST);
	if (ret) {
		why(err, errlen, ret, "stream %" PRIu32 ": %s", id,
		    ret == -EEXIST ? "another stream has this key" : strerror(-ret));
		bpf_map__delete_elem(vals, &id, sizeof(id), 0);
		return ret;
	}
	ret = key2 ? bpf_map__update_elem(keys, key2, ksize, &id, sizeof(id), BPF_NOEXIST) : 0;
	if (ret) {
		why(err, errlen, ret, "stream %" PRIu32 ": %s", id,
		    ret == -EEXIST ? "another stream has its vlan2 key" : strerror(-ret));
		bpf_map__delete_elem(keys, key, ksize, 0);
		bpf_map__delete_elem(vals, &id, sizeof(id), 0);
	}
	return ret;
}

static int tc_attach(int ifindex, const char *dev, int prog_fd, char *err, size_t errlen)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, o, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY, .flags = BPF_TC_F_REPLACE);
	libbpf_print_fn_t print;
	int ret;

	/* No clsact yet, or no filter, is an answer, not an error to print. */
	print = libbpf_set_print(NULL);
	ret = bpf_tc_hook_create(&hook);
	if (!bpf_tc_query(&hook, &q) && q.prog_id && !prog_is(q.prog_id, "etsn_frer_talker")) {
		libbpf_set_print(print);
		return why(err, errlen, -EBUSY,
			   "filter %#x on %s egress is program %" PRIu32 ", not the FRER talker; left alone",
			   FRER_TC_HANDLE, dev, q.prog_id);
	}
	libbpf_set_print(print);
	if (ret && ret != -EEXIST)
		return why(err, errlen, ret, "no clsact on %s: %s", dev, strerror(-ret));
	o.prog_fd = prog_fd;
	ret = bpf_tc_attach(&hook, &o);
	if (ret)
		why(err, errlen, ret, "cannot attach to %s egress: %s", dev, strerror(-ret));
	return ret;
}

int etsn_frer_talker_add(const char *dev, struct etsn_frer_talker_rule *t, char *err,
			 size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_frer_talker_bpf *skel = NULL;
	struct bpf_map *keys;
	const void *key;
	bool created = false;
	char dir[256];
	size_t ksize;
	int ifindex, ifindex2, ret;

	ifindex = ifindex_of(dev, err, errlen);
	if (ifindex < 0)
		return ifindex;
	ifindex2 = ifindex_of(t->dev2, err, errlen);
	if (ifindex2 < 0)
		return ifindex2;
	t->t.ifindex2 = (uint32_t)ifindex2;
	ret = pin_dir(dev, dir, sizeof(dir), &created, err, errlen);
	if (ret)
		return ret;
	oo.pin_root_path = dir;
	skel = etsn_frer_talker_bpf__open_opts(&oo);
	ret = skel ? etsn_frer_talker_bpf__load(skel) : -errno;
	if (ret) {
		why(err, errlen, ret, "cannot load the talker: %s", strerror(-ret));
		goto out;
	}
	keys = t->t.key_kind == ETSN_PSFP_KEY_MAC ? skel->maps.etsn_frer_tmac :
						    skel->maps.etsn_frer_tip;
	key = etsn_frer_key(t->t.key_kind, &t->t.mac, &t->t.ip, &ksize);
	ret = write_stream(keys, key, NULL, ksize, skel->maps.etsn_frer_talk, t->id, &t->t,
			   sizeof(t->t), err, errlen);
	if (ret)
		goto out;
	ret = tc_attach(ifindex, dev, bpf_program__fd(skel->progs.etsn_frer_talker), err,
			errlen);
	if (ret) {
		bpf_map__delete_elem(keys, key, ksize, 0);
		bpf_map__delete_elem(skel->maps.etsn_frer_talk, &t->id, sizeof(t->id), 0);
	}
out:
	if (ret)
		undo_pins(skel ? skel->obj : NULL, dev, created);
	etsn_frer_talker_bpf__destroy(skel);
	return ret;
}

/* Does the device run edgetsn's firewall or PSFP at XDP, whose chain
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
	int fd = etsn_bpfpin_open(dev, ETSN_XDP_NEXT_MAP), ret;

	if (fd < 0)
		return fd;
	if (prog_fd < 0)
		ret = bpf_map_delete_elem(fd, &slot) ? -errno : 0;
	else
		ret = bpf_map_update_elem(fd, &slot, &prog_fd, BPF_ANY) ? -errno : 0;
	close(fd);
	return ret;
}

/* The listener on dev: in the FRER slot of the chain after the firewall
 * (or PSFP) when dev runs it, so that FRER sees only what they passed;
 * else at XDP itself, unless another program is there.
 */
static int listener_attach(const char *dev, int prog_fd, const char **where, char *err,
			   size_t errlen)
{
	int ifindex = ifindex_of(dev, err, errlen), ret;
	uint32_t old = 0;

	if (ifindex < 0)
		return ifindex;
	if (bpf_xdp_query_id(ifindex, 0, &old) == 0 && old && runs_chain(old)) {
		*where = "chain";
		ret = set_chain_slot(dev, prog_fd);
		if (ret)
			why(err, errlen, ret, "cannot chain the listener after %s's XDP program: %s",
			    dev, strerror(-ret));
		return ret;
	}
	if (old && !prog_is(old, "etsn_frer_listener"))
		return why(err, errlen, -EBUSY,
			   "%s has XDP program %" PRIu32 " (not edgetsn's firewall, PSFP or FRER listener); left alone",
			   dev, old);
	*where = "xdp";
	ret = bpf_xdp_attach(ifindex, prog_fd, 0, NULL);
	if (ret)
		why(err, errlen, ret, "cannot attach XDP to %s: %s", dev, strerror(-ret));
	return ret;
}

int etsn_frer_listener_add(const char *dev, const struct etsn_frer_listener_rule *l,
			   struct etsn_frer_where *where, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_frer_listener_bpf *skel = NULL;
	const struct etsn_psfp_mac_key *key2;
	struct etsn_psfp_mac_key k2;
	struct bpf_map *keys;
	const void *key;
	bool created = false;
	char dir[256];
	size_t ksize;
	int ret, fd;

	where->dev = where->member = NULL;
	ret = ifindex_of(dev, err, errlen);
	if (ret > 0 && l->member[0])
		ret = ifindex_of(l->member, err, errlen);
	if (ret < 0)
		return ret;
	ret = pin_dir(dev, dir, sizeof(dir), &created, err, errlen);
	if (ret)
		return ret;
	oo.pin_root_path = dir;
	skel = etsn_frer_listener_bpf__open_opts(&oo);
	ret = skel ? etsn_frer_listener_bpf__load(skel) : -errno;
	if (ret) {
		why(err, errlen, ret, "cannot load the listener: %s", strerror(-ret));
		goto out;
	}
	keys = l->r.key_kind == ETSN_PSFP_KEY_MAC ? skel->maps.etsn_frer_lmac :
						    skel->maps.etsn_frer_lip;
	key = etsn_frer_key(l->r.key_kind, &l->r.mac, &l->r.ip, &ksize);
	key2 = etsn_frer_key2(&l->r, &k2);
	ret = write_stream(keys, key, key2, ksize, skel->maps.etsn_frer_rcvy, l->id, &l->r,
			   sizeof(l->r), err, errlen);
	if (ret)
		goto out;
	fd = bpf_program__fd(skel->progs.etsn_frer_listener);
	ret = listener_attach(dev, fd, &where->dev, err, errlen);
	/* All or nothing: DEV keeps the listener of its other streams. */
	if (!ret && l->member[0])
		ret = listener_attach(l->member, fd, &where->member, err, errlen);
	if (ret) {
		bpf_map__delete_elem(keys, key, ksize, 0);
		if (key2)
			bpf_map__delete_elem(keys, key2, ksize, 0);
		bpf_map__delete_elem(skel->maps.etsn_frer_rcvy, &l->id, sizeof(l->id), 0);
	}
out:
	if (ret)
		undo_pins(skel ? skel->obj : NULL, dev, created);
	etsn_frer_listener_bpf__destroy(skel);
	return ret;
}

union frer_value {
	struct etsn_frer_talker t;
	struct etsn_frer_rcvy r;
};

int etsn_frer_stream_get(const char *dev, uint32_t id, bool talker, void *val, size_t size)
{
	union frer_value v;
	int fd, ret;

	fd = etsn_bpfpin_open(dev, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);
	if (fd < 0)
		return fd;
	ret = bpf_map_lookup_elem(fd, &id, &v) ? -errno : 0;
	close(fd);
	if (!ret)
		memcpy(val, &v, size < sizeof(v) ? size : sizeof(v));
	return ret;
}

int etsn_frer_stream_put(const char *dev, uint32_t id, bool talker, const void *val)
{
	const union frer_value *v = val;
	struct etsn_psfp_mac_key k2;
	const void *key, *key2 = talker ? NULL : etsn_frer_key2(&v->r, &k2);
	uint32_t kind = talker ? v->t.key_kind : v->r.key_kind;
	size_t ksize;
	int vfd, kfd, ret;

	key = etsn_frer_key(kind, talker ? &v->t.mac : &v->r.mac, talker ? &v->t.ip : &v->r.ip,
			    &ksize);
	vfd = etsn_bpfpin_open(dev, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);
	if (vfd < 0)
		return vfd;
	kfd = etsn_bpfpin_open(dev, etsn_frer_key_map(kind, talker));
	ret = kfd < 0 ? kfd : bpf_map_update_elem(vfd, &id, val, BPF_NOEXIST) ? -errno : 0;
	if (!ret && bpf_map_update_elem(kfd, key, &id, BPF_NOEXIST)) {
		ret = -errno;
		bpf_map_delete_elem(vfd, &id);
	}
	if (!ret && !talker && key2 && bpf_map_update_elem(kfd, key2, &id, BPF_NOEXIST)) {
		ret = -errno;
		bpf_map_delete_elem(kfd, key);
		bpf_map_delete_elem(vfd, &id);
	}
	if (kfd >= 0)
		close(kfd);
	close(vfd);
	return ret;
}

int etsn_frer_stream_del(const char *dev, uint32_t id, bool talker, char *err, size_t errlen)
{
	const char *role = talker ? "talker" : "listener";
	const struct etsn_psfp_mac_key *mac, *key2;
	const struct etsn_psfp_ip_key *ip;
	struct etsn_psfp_mac_key k2;
	union frer_value v;
	const void *key;
	uint32_t kind;
	size_t ksize;
	int vfd, kfd, ret;

	vfd = etsn_bpfpin_open(dev, talker ? ETSN_FRER_MAP_TALK : ETSN_FRER_MAP_RCVY);
	if (vfd < 0)
		return why(err, errlen, vfd, "%s has no FRER %s streams", dev, role);
	if (bpf_map_lookup_elem(vfd, &id, &v)) {
		close(vfd);
		return why(err, errlen, -ENOENT, "%s has no %s stream %" PRIu32, dev, role, id);
	}
	kind = talker ? v.t.key_kind : v.r.key_kind;
	mac = talker ? &v.t.mac : &v.r.mac;
	ip = talker ? &v.t.ip : &v.r.ip;
	key = etsn_frer_key(kind, mac, ip, &ksize);
	kfd = etsn_bpfpin_open(dev, etsn_frer_key_map(kind, talker));
	/* The key first: from then on no frame finds the stream. */
	ret = kfd < 0 ? kfd : bpf_map_delete_elem(kfd, key) ? -errno : 0;
	key2 = talker ? NULL : etsn_frer_key2(&v.r, &k2);
	if (!ret && key2 && bpf_map_delete_elem(kfd, key2) && errno != ENOENT)
		ret = -errno;
	if (!ret)
		ret = bpf_map_delete_elem(vfd, &id) ? -errno : 0;
	if (kfd >= 0)
		close(kfd);
	close(vfd);
	if (ret)
		why(err, errlen, ret, "cannot delete stream %" PRIu32 ": %s", id, strerror(-ret));
	return ret;
}

int etsn_frer_detach(const char *dev, const char *done[3], int *n, char *err, size_t errlen)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = FRER_TC_HANDLE,
			    .priority = FRER_TC_PRIORITY);
	libbpf_print_fn_t print;
	uint32_t prog = 0;
	int ifindex, ret = 0;

	*n = 0;
	ifindex = ifindex_of(dev, err, errlen);
	if (ifindex < 0)
		return ifindex;
	hook.ifindex = ifindex;
	print = libbpf_set_print(NULL);	/* no clsact or no filter: nothing to detach */
	if (!bpf_tc_query(&hook, &q) && q.prog_id && prog_is(q.prog_id, "etsn_frer_talker")) {
		q.prog_id = 0;
		q.prog_fd = 0;
		q.flags = 0;
		ret = bpf_tc_detach(&hook, &q);
		if (!ret)
			done[(*n)++] = "tc egress";
	}
	libbpf_set_print(print);
	if (!ret && !bpf_xdp_query_id(ifindex, 0, &prog) && prog) {
		if (prog_is(prog, "etsn_frer_listener")) {
			ret = bpf_xdp_detach(ifindex, 0, NULL);
			if (!ret)
				done[(*n)++] = "xdp";
		} else if (runs_chain(prog)) {
			ret = set_chain_slot(dev, -1);
			if (!ret)
				done[(*n)++] = "chain";
			else if (ret == -ENOENT)
				ret = 0;	/* an empty slot */
		}
	}
	if (ret)
		why(err, errlen, ret, "cannot detach from %s: %s", dev, strerror(-ret));
	return ret;
}
