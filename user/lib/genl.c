// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/edgetsn.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "genl.h"
#include "parse.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static void set_error(struct etsn_genl_error *e, int err, const char *msg)
{
	e->err = err;
	e->offset = -1;
	snprintf(e->msg, sizeof(e->msg), "%s", msg ? msg : "");
}

/* libnl reports its own error codes; callers want errno values. */
static int nl_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM: return -ENOMEM;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_PERM: return -EPERM;
	case NLE_NOACCESS: return -EACCES;
	case NLE_INVAL: return -EINVAL;
	case NLE_RANGE: return -ERANGE;
	case NLE_MSGSIZE: return -EMSGSIZE;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_NODEV: return -ENODEV;
	case NLE_BUSY: return -EBUSY;
	case NLE_EXIST: return -EEXIST;
	default: return -EIO;
	}
}

static void set_nl_error(struct etsn_genl_error *e, int nlerr)
{
	set_error(e, nl_to_errno(nlerr), nl_geterror(nlerr));
}

int etsn_genl_open(struct etsn_genl *g)
{
	return etsn_genl_open_family(g, EDGETSN_GENL_NAME);
}

/* A connected socket of protocol proto in g->sk, or g->error set. */
static int sock_open(struct etsn_genl *g, int proto)
{
	int one = 1, err;

	set_error(&g->error, 0, NULL);
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		set_error(&g->error, -ENOMEM, "cannot allocate a netlink socket");
		return g->error.err;
	}
	err = nl_connect(g->sk, proto);
	if (err < 0) {
		set_nl_error(&g->error, err);
		nl_socket_free(g->sk);
		g->sk = NULL;
		return g->error.err;
	}
	/* Extack messages in errors; the request is not echoed back in full. */
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

int etsn_genl_open_family(struct etsn_genl *g, const char *name)
{
	*g = (struct etsn_genl){ .family = -1 };
	snprintf(g->name, sizeof(g->name), "%s", name);
	if (sock_open(g, NETLINK_GENERIC))
		return g->error.err;
	g->family = genl_ctrl_resolve(g->sk, name);
	if (g->family < 0) {
		if (g->family == -NLE_OBJ_NOTFOUND) {
			g->error.err = -ENOENT;
			snprintf(g->error.msg, sizeof(g->error.msg), "%s family not found%s",
				 name, strcmp(name, EDGETSN_GENL_NAME) ? ""
				 : ": is edgetsn.ko loaded?");
		} else {
			set_nl_error(&g->error, g->family);
		}
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(g->sk);
	g->sk = NULL;
	return g->error.err;
}

int etsn_genl_open_route(struct etsn_genl *g)
{
	*g = (struct etsn_genl){ .family = ETSN_NL_ROUTE, .name = "rtnetlink" };
	return sock_open(g, NETLINK_ROUTE);
}

void etsn_genl_close(struct etsn_genl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

struct nl_msg *etsn_genl_request_new(const struct etsn_genl *g, uint8_t cmd,
				     int dump, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size + NLMSG_HDRLEN + GENL_HDRLEN)
				  : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, EDGETSN_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

bool etsn_genl_dev_name_valid(const char *dev)
{
	return dev && *dev && strlen(dev) < IF_NAMESIZE && !strchr(dev, '/') &&
	       strcspn(dev, " \t\n") == strlen(dev);
}

int etsn_genl_put_dev(struct etsn_genl *g, struct nl_msg *msg, const char *dev)
{
	uint64_t num;
	unsigned idx;
	int err;

	if (!etsn_genl_dev_name_valid(dev)) {
		snprintf(g->error.msg, sizeof(g->error.msg), "'%s' is not a device name",
			 dev ? dev : "");
		g->error.err = -EINVAL;
		g->error.offset = -1;
		return -EINVAL;
	}
	idx = if_nametoindex(dev);
	if (!idx && etsn_parse_u64(dev, &num) == 0 && num > 0 && num <= INT32_MAX)
		idx = (unsigned)num;
	if (idx)
		err = nla_put_u32(msg, EDGETSN_A_IFINDEX, idx);
	else
		err = nla_put_string(msg, EDGETSN_A_IFNAME, dev);
	if (err < 0) {
		set_nl_error(&g->error, err);
		return g->error.err;
	}
	return 0;
}

int etsn_genl_parse_error(const struct nlmsghdr *nlh, struct etsn_genl_error *e)
{
	const unsigned char *p = (const unsigned char *)nlh, *end;
	size_t off;

	set_error(e, -EPROTO, "malformed netlink error message");
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return e->err;
	end = p + nlh->nlmsg_len;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *ne = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*ne))
			return e->err;
		/* The kernel sends a negative errno; 0 is an ack. */
		e->err = ne->error > 0 ? -ne->error : ne->error;
		off = NLMSG_HDRLEN + sizeof(*ne);
		/* Without NETLINK_CAP_ACK the request follows, then the TLVs. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (ne->msg.nlmsg_len < NLMSG_HDRLEN)
				return e->err;
			off += NLMSG_ALIGN(ne->msg.nlmsg_len) - NLMSG_HDRLEN;
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		int v = 0;

		if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(v))
			memcpy(&v, p + NLMSG_HDRLEN, sizeof(v));
		e->err = v > 0 ? -v : v;
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(v));
	} else {
		return e->err;
	}
	e->msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->err;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		struct nlattr a;
		size_t plen;

		memcpy(&a, p + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || p + off + a.nla_len > end)
			break;
		plen = a.nla_len - NLA_HDRLEN;
		switch (a.nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG: {
			size_t n = strnlen((const char *)p + off + NLA_HDRLEN, plen);

			if (n >= sizeof(e->msg))
				n = sizeof(e->msg) - 1;
			memcpy(e->msg, p + off + NLA_HDRLEN, n);
			e->msg[n] = '\0';
			/* One line, as the kernel meant it. */
			e->msg[strcspn(e->msg, "\n")] = '\0';
			break;
		}
		case NLMSGERR_ATTR_OFFS:
			if (plen >= sizeof(uint32_t)) {
				uint32_t o;

				memcpy(&o, p + off + NLA_HDRLEN, sizeof(o));
				e->offset = o <= INT32_MAX ? (int32_t)o : -1;
			}
			break;
		}
		off += NLA_ALIGN(a.nla_len);
	}
	return e->err;
}

const char *etsn_genl_strerror(const struct etsn_genl *g)
{
	if (g->error.msg[0])
		return g->error.msg;
	return strerror(g->error.err < 0 ? -g->error.err : g->error.err);
}

struct transaction {
	struct etsn_genl *g;
	etsn_genl_reply_fn fn;
	void *arg;
	bool done;
	int err;
};

static int deliver(struct transaction *t, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	int err;

	if (t->g->family == ETSN_NL_ROUTE) {
		/* rtnetlink: the callback reads the family header itself. */
		if (!t->fn || t->err)
			return NL_OK;
		err = t->fn(nlh, 0, nlmsg_data(nlh), nlmsg_datalen(nlh), t->arg);
		if (err < 0)
			t->err = t->g->error.err = err;
		return NL_OK;
	}
	if (nlh->nlmsg_type != t->g->family)
		return NL_SKIP;
	if (!genlmsg_valid_hdr(nlh, 0)) {
		if (!t->err) {
			t->err = -EPROTO;
			set_error(&t->g->error, -EPROTO, "malformed reply from the kernel");
		}
		return NL_SKIP;
	}
	/* After a failure, the rest of a dump is only drained. */
	if (!t->fn || t->err)
		return NL_OK;
	gh = genlmsg_hdr(nlh);
	err = t->fn(nlh, gh->cmd, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), t->arg);
	if (err < 0) {
		t->err = err;
		if (!t->g->error.msg[0])
			set_error(&t->g->error, err, "malformed reply from the kernel");
		t->g->error.err = err;
	}
	return NL_OK;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	return deliver(arg, msg);
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;
	struct etsn_genl_error e;

	/* A dump that failed half-way ends with its errno in NLMSG_DONE. */
	if (etsn_genl_parse_error(nlmsg_hdr(msg), &e) < 0 && !t->err) {
		t->err = e.err;
		t->g->error = e;
	}
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;

	(void)msg;
	t->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *ne, void *arg)
{
	struct transaction *t = arg;
	const struct nlmsghdr *nlh = (const void *)((const char *)ne - NLMSG_HDRLEN);
	struct etsn_genl_error e;

	(void)nla;
	etsn_genl_parse_error(nlh, &e);
	if (!t->err) {
		t->err = e.err ? e.err : -EPROTO;
		t->g->error = e;
		t->g->error.err = t->err;
	}
	t->done = true;
	return NL_STOP;
}

int etsn_genl_transact(struct etsn_genl *g, struct nl_msg *msg,
		       etsn_genl_reply_fn fn, void *arg)
{
	struct transaction t = { .g = g, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	set_error(&g->error, 0, NULL);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		set_error(&g->error, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	err = nl_send_auto(g->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		set_nl_error(&g->error, err);
		t.err = g->error.err;
		t.done = true;
	}
	while (!t.done) {
		err = nl_recvmsgs(g->sk, cb);
		if (err < 0 && !t.done) {
			if (!t.err) {
				set_nl_error(&g->error, err);
				t.err = g->error.err;
			}
			break;
		}
	}
	nl_cb_put(cb);
	return t.err;
}

int etsn_genl_subscribe_events(struct etsn_genl *g)
{
	return etsn_genl_subscribe(g, EDGETSN_MCGRP_EVENTS);
}

int etsn_genl_subscribe(struct etsn_genl *g, const char *group)
{
	int grp, err;

	grp = genl_ctrl_resolve_grp(g->sk, g->name, group);
	if (grp < 0) {
		set_nl_error(&g->error, grp);
		snprintf(g->error.msg, sizeof(g->error.msg),
			 "no '%s' group in the %s family: %s", group, g->name, nl_geterror(grp));
		return g->error.err;
	}
	/* Events are not answers to a request of ours. */
	nl_socket_disable_seq_check(g->sk);
	nl_socket_set_buffer_size(g->sk, 1 << 20, 0);
	err = nl_socket_add_membership(g->sk, grp);
	if (!err)
		err = nl_socket_set_nonblocking(g->sk);
	if (err < 0) {
		set_nl_error(&g->error, err);
		return g->error.err;
	}
	return 0;
}

int etsn_genl_fd(const struct etsn_genl *g)
{
	return nl_socket_get_fd(g->sk);
}

static int accept_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int etsn_genl_read_events(struct etsn_genl *g, etsn_genl_reply_fn fn, void *arg)
{
	struct transaction t = { .g = g, .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb) {
		set_error(&g->error, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	/* Events carry sequence number 0: no request of ours to match. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_seq, NULL);
	err = nl_recvmsgs(g->sk, cb);
	nl_cb_put(cb);
	if (err == -NLE_AGAIN)
		return t.err;
	if (err == -NLE_NOMEM) {
		/* ENOBUFS: the kernel dropped events we were too slow for. */
		set_error(&g->error, -ENOBUFS, "events lost: receive buffer overrun");
		return -ENOBUFS;
	}
	if (err < 0) {
		set_nl_error(&g->error, err);
		return g->error.err;
	}
	return t.err;
}

static struct nla_policy top_policy[EDGETSN_A_MAX + 1] = {
	[EDGETSN_A_IFINDEX] = { .type = NLA_U32 },
	[EDGETSN_A_IFNAME] = { .type = NLA_STRING, .maxlen = IF_NAMESIZE },
	[EDGETSN_A_SCHED_ADMIN] = { .type = NLA_NESTED },
	[EDGETSN_A_SCHED_OPER] = { .type = NLA_NESTED },
	[EDGETSN_A_STATUS] = { .type = NLA_NESTED },
	[EDGETSN_A_PRIO_MAP] = { .type = NLA_BINARY, .minlen = EDGETSN_NUM_PRIO },
	[EDGETSN_A_CLASS] = { .type = NLA_NESTED },
	[EDGETSN_A_LINK_SPEED_OVERRIDE] = { .type = NLA_U32 },
	[EDGETSN_A_OVERHEAD] = { .type = NLA_U32 },
	[EDGETSN_A_ENTRY_STATS] = { .type = NLA_NESTED },
	[EDGETSN_A_SCHED_STATS] = { .type = NLA_NESTED },
	[EDGETSN_A_DEV] = { .type = NLA_NESTED },
	[EDGETSN_A_EV_TIME] = { .type = NLA_S64 },
	[EDGETSN_A_EV_ERROR] = { .type = NLA_S32 },
	[EDGETSN_A_EV_LINK_SPEED] = { .type = NLA_U32 },
};

int etsn_genl_parse_attrs(struct nlattr *attrs, int len, struct nlattr **tb)
{
	return nla_parse(tb, EDGETSN_A_MAX, attrs, len, top_policy) < 0 ? -EPROTO : 0;
}

void etsn_dev_id_from_attrs(struct nlattr **tb, struct etsn_dev_id *id)
{
	*id = (struct etsn_dev_id){ 0 };
	if (tb[EDGETSN_A_IFINDEX])
		id->ifindex = nla_get_u32(tb[EDGETSN_A_IFINDEX]);
	if (tb[EDGETSN_A_IFNAME])
		nla_strlcpy(id->ifname, tb[EDGETSN_A_IFNAME], sizeof(id->ifname));
	else if (id->ifindex && !if_indextoname(id->ifindex, id->ifname))
		id->ifname[0] = '\0';
}

int etsn_genl_dev_get(struct etsn_genl *g, uint8_t cmd, const char *dev,
		      etsn_genl_reply_fn fn, void *arg)
{
	return etsn_genl_dev_request(g, cmd, false, dev, fn, arg);
}

int etsn_genl_dev_request(struct etsn_genl *g, uint8_t cmd, bool dump, const char *dev,
			  etsn_genl_reply_fn fn, void *arg)
{
	struct nl_msg *msg = etsn_genl_request_new(g, cmd, dump, 0);

	if (!msg) {
		g->error.err = -ENOMEM;
		snprintf(g->error.msg, sizeof(g->error.msg), "out of memory");
		return -ENOMEM;
	}
	if (etsn_genl_put_dev(g, msg, dev)) {
		nlmsg_free(msg);
		return g->error.err;
	}
	return etsn_genl_transact(g, msg, fn, arg);
}
