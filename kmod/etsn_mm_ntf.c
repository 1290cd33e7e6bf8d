// SPDX-License-Identifier: GPL-2.0
/*
 * Prompt notice of MAC merge changes (see etsn_mm_ntf.h). ethtool sends
 * ETHTOOL_MSG_MM_NTF from within the request that changed the device,
 * before it answers, so a watcher told here acts before `ethtool
 * --set-mm` returns. The socket is opened from a work item when a
 * namespace gets its first watcher (family and group ids are looked up
 * through nlctrl, which needs process context and no RTNL) and closed
 * with the namespace; until it is open, the periodic read (etsn_link.c)
 * is all there is. Messages are read in the socket's data-ready callback,
 * which runs in the sender's context.
 */
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "compat.h"
#include "etsn_mm_ntf.h"

/**
 * etsn_mm_ntf_init() - prepare a watcher
 * @sub: the watcher
 * @changed: what to call on a change (see &struct etsn_mm_ntf_sub)
 */
void etsn_mm_ntf_init(struct etsn_mm_ntf_sub *sub,
		      void (*changed)(struct etsn_mm_ntf_sub *sub))
{
	INIT_LIST_HEAD(&sub->node);
	sub->net = NULL;
	sub->changed = changed;
}

#if ETSN_KERNEL_AT_LEAST(6, 3)

/* The nlctrl reply for ethtool lists its ops too: a few KiB. */
#define ETSN_MM_NTF_CTRL_REPLY_MAX	16384

/**
 * struct etsn_mm_ntf_net - the listener of one network namespace
 * @net: the namespace
 * @lock: guards @subs and @sock
 * @subs: the watchers (&struct etsn_mm_ntf_sub)
 * @sock: the socket on ethtool's monitor group, once open
 * @family: ethtool's generic netlink family id, once open
 * @open_work: opens @sock
 */
struct etsn_mm_ntf_net {
	struct net *net;
	spinlock_t lock;
	struct list_head subs;
	struct socket *sock;
	u16 family;
	struct work_struct open_work;
};

static unsigned int etsn_mm_ntf_net_id;

/* The device an MM notification is about; 0 if @nlh is none. */
static int etsn_mm_ntf_ifindex(u16 family, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *gh = nlmsg_data(nlh);
	const struct nlattr *hdr, *idx;

	if (nlh->nlmsg_type != family || nlmsg_len(nlh) < GENL_HDRLEN ||
	    gh->cmd != ETHTOOL_MSG_MM_NTF)
		return 0;
	hdr = nla_find((const struct nlattr *)((const u8 *)gh + GENL_HDRLEN),
		       nlmsg_len(nlh) - GENL_HDRLEN, ETHTOOL_A_MM_HEADER);
	if (!hdr)
		return 0;
	idx = nla_find_nested(hdr, ETHTOOL_A_HEADER_DEV_INDEX);
	if (!idx || nla_len(idx) < sizeof(u32))
		return 0;
	return nla_get_u32(idx);
}

static void etsn_mm_ntf_dispatch(struct etsn_mm_ntf_net *nn, struct sk_buff *skb)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(skb);
	int len = skb->len, ifindex;
	struct etsn_mm_ntf_sub *sub;

	for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		ifindex = etsn_mm_ntf_ifindex(nn->family, nlh);
		if (!ifindex)
			continue;
		spin_lock_bh(&nn->lock);
		list_for_each_entry(sub, &nn->subs, node)
			if (sub->ifindex == ifindex)
				sub->changed(sub);
		spin_unlock_bh(&nn->lock);
	}
}

static void etsn_mm_ntf_data_ready(struct sock *sk)
{
	struct etsn_mm_ntf_net *nn;
	struct sk_buff *skb;

	read_lock_bh(&sk->sk_callback_lock);
	nn = sk->sk_user_data;
	while ((skb = skb_dequeue(&sk->sk_receive_queue))) {
		if (nn)
			etsn_mm_ntf_dispatch(nn, skb);
		consume_skb(skb);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* The id of group @name in nlctrl's answer @nlh about one family. */
static int etsn_mm_ntf_group_of(const struct nlattr *attrs, int len,
				const char *name)
{
	const struct nlattr *grps, *grp, *a_name, *a_id;
	int rem;

	grps = nla_find(attrs, len, CTRL_ATTR_MCAST_GROUPS);
	if (!grps)
		return -ENOENT;
	nla_for_each_nested(grp, grps, rem) {
		a_name = nla_find_nested(grp, CTRL_ATTR_MCAST_GRP_NAME);
		a_id = nla_find_nested(grp, CTRL_ATTR_MCAST_GRP_ID);
		if (a_name && a_id && nla_len(a_id) >= sizeof(u32) &&
		    !nla_strcmp(a_name, name))
			return nla_get_u32(a_id);
	}
	return -ENOENT;
}

/* 0 if @nlh, @len bytes read, is nlctrl's whole answer; else an errno. */
static int etsn_mm_ntf_reply_check(const struct nlmsghdr *nlh, int len,
				   int msg_flags)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);

	if (msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (!nlmsg_ok(nlh, len))
		return -EPROTO;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return nlmsg_len(nlh) >= sizeof(*e) && e->error ? e->error : -EPROTO;
	if (nlh->nlmsg_type != GENL_ID_CTRL || nlmsg_len(nlh) < GENL_HDRLEN)
		return -EPROTO;
	return 0;
}

/* Asks nlctrl for ethtool's family id and monitor group id. */
static int etsn_mm_ntf_lookup(struct socket *sock, u16 *family, u32 *group)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		struct nlattr name_hdr;
		char name[NLA_ALIGN(sizeof(ETHTOOL_GENL_NAME))];
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = GENL_ID_CTRL,
			.nlmsg_flags = NLM_F_REQUEST,
			.nlmsg_seq = 1,
		},
		.gh = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 },
		.name_hdr = {
			.nla_len = NLA_HDRLEN + sizeof(ETHTOOL_GENL_NAME),
			.nla_type = CTRL_ATTR_FAMILY_NAME,
		},
		.name = ETHTOOL_GENL_NAME,
	};
	struct kvec iov = { .iov_base = &req, .iov_len = sizeof(req) };
	struct msghdr msg = {};
	const struct nlattr *attrs, *id;
	struct nlmsghdr *nlh;
	int len, attrlen, grp;
	void *buf;

	len = kernel_sendmsg(sock, &msg, &iov, 1, sizeof(req));
	if (len < 0)
		return len;
	buf = kmalloc(ETSN_MM_NTF_CTRL_REPLY_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* nlctrl answered within the send: the reply is queued already. */
	iov = (struct kvec){ .iov_base = buf, .iov_len = ETSN_MM_NTF_CTRL_REPLY_MAX };
	msg = (struct msghdr){};
	len = kernel_recvmsg(sock, &msg, &iov, 1, iov.iov_len, MSG_DONTWAIT);
	nlh = buf;
	if (len >= 0)
		len = etsn_mm_ntf_reply_check(nlh, len, msg.msg_flags);
	if (len < 0)
		goto out;
	attrs = (const struct nlattr *)((u8 *)nlmsg_data(nlh) + GENL_HDRLEN);
	attrlen = nlmsg_len(nlh) - GENL_HDRLEN;
	id = nla_find(attrs, attrlen, CTRL_ATTR_FAMILY_ID);
	grp = etsn_mm_ntf_group_of(attrs, attrlen, ETHTOOL_MCGRP_MONITOR_NAME);
	if (!id || nla_len(id) < sizeof(u16) || grp < 0) {
		len = -ENOENT;
		goto out;
	}
	*family = nla_get_u16(id);
	*group = grp;
	len = 0;
out:
	kfree(buf);
	return len;
}

static void etsn_mm_ntf_close(struct socket *sock)
{
	struct sock *sk = sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	sock_release(sock);
}

static int etsn_mm_ntf_open(struct etsn_mm_ntf_net *nn)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct socket *sock;
	u16 family;
	u32 group;
	int err;

	err = sock_create_kern(nn->net, AF_NETLINK, SOCK_RAW, NETLINK_GENERIC,
			       &sock);
	if (err)
		return err;
	/* Bound, it has a port id: broadcasts skip port 0, their sender's. */
	err = kernel_bind(sock, (struct sockaddr *)&sa, sizeof(sa));
	if (!err)
		err = etsn_mm_ntf_lookup(sock, &family, &group);
	if (err) {
		sock_release(sock);
		return err;
	}
	nn->family = family;
	write_lock_bh(&sock->sk->sk_callback_lock);
	sock->sk->sk_user_data = nn;
	sock->sk->sk_data_ready = etsn_mm_ntf_data_ready;
	write_unlock_bh(&sock->sk->sk_callback_lock);
	err = sock->ops->setsockopt(sock, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				    KERNEL_SOCKPTR(&group), sizeof(group));
	if (err) {
		etsn_mm_ntf_close(sock);
		return err;
	}
	spin_lock_bh(&nn->lock);
	nn->sock = sock;
	spin_unlock_bh(&nn->lock);
	return 0;
}

static void etsn_mm_ntf_open_work(struct work_struct *work)
{
	struct etsn_mm_ntf_net *nn = container_of(work, struct etsn_mm_ntf_net,
						  open_work);
	int err;

	if (READ_ONCE(nn->sock))
		return;
	err = etsn_mm_ntf_open(nn);
	if (err)
		pr_warn_ratelimited("edgetsn: no prompt notice of MAC merge changes (error %d), periodic reads only\n",
				    err);
}

/**
 * etsn_mm_ntf_watch() - tell @sub of MAC merge changes of @dev
 * @sub: the watcher, prepared by etsn_mm_ntf_init()
 * @dev: the device; @sub must stop watching before it leaves its namespace
 *
 * Idempotent. Process context.
 */
void etsn_mm_ntf_watch(struct etsn_mm_ntf_sub *sub, struct net_device *dev)
{
	struct etsn_mm_ntf_net *nn;

	if (sub->net)
		return;
	nn = net_generic(dev_net(dev), etsn_mm_ntf_net_id);
	spin_lock_bh(&nn->lock);
	sub->net = dev_net(dev);
	sub->ifindex = dev->ifindex;
	list_add_tail(&sub->node, &nn->subs);
	if (!nn->sock)
		schedule_work(&nn->open_work);
	spin_unlock_bh(&nn->lock);
}

/**
 * etsn_mm_ntf_unwatch() - stop telling @sub; it is not called after this
 * @sub: the watcher
 */
void etsn_mm_ntf_unwatch(struct etsn_mm_ntf_sub *sub)
{
	struct etsn_mm_ntf_net *nn;

	if (!sub->net)
		return;
	nn = net_generic(sub->net, etsn_mm_ntf_net_id);
	spin_lock_bh(&nn->lock);
	list_del_init(&sub->node);
	spin_unlock_bh(&nn->lock);
	sub->net = NULL;
}

static __net_init int etsn_mm_ntf_net_init(struct net *net)
{
	struct etsn_mm_ntf_net *nn = net_generic(net, etsn_mm_ntf_net_id);

	nn->net = net;
	spin_lock_init(&nn->lock);
	INIT_LIST_HEAD(&nn->subs);
	INIT_WORK(&nn->open_work, etsn_mm_ntf_open_work);
	return 0;
}

/* After the devices' exit: no qdisc, so no watcher, is left. */
static __net_exit void etsn_mm_ntf_net_exit(struct net *net)
{
	struct etsn_mm_ntf_net *nn = net_generic(net, etsn_mm_ntf_net_id);

	cancel_work_sync(&nn->open_work);
	WARN_ON_ONCE(!list_empty(&nn->subs));
	if (nn->sock)
		etsn_mm_ntf_close(nn->sock);
	nn->sock = NULL;
}

static struct pernet_operations etsn_mm_ntf_net_ops = {
	.init = etsn_mm_ntf_net_init,
	.exit = etsn_mm_ntf_net_exit,
	.id = &etsn_mm_ntf_net_id,
	.size = sizeof(struct etsn_mm_ntf_net),
};

int etsn_mm_ntf_register(void)
{
	/* A subsystem: its exit runs after the devices' (and qdiscs') exit. */
	return register_pernet_subsys(&etsn_mm_ntf_net_ops);
}

void etsn_mm_ntf_unregister(void)
{
	unregister_pernet_subsys(&etsn_mm_ntf_net_ops);
}

#else /* no MAC merge API before 6.3: nothing to hear of */

int etsn_mm_ntf_register(void)
{
	return 0;
}

void etsn_mm_ntf_unregister(void)
{
}

void etsn_mm_ntf_watch(struct etsn_mm_ntf_sub *sub, struct net_device *dev)
{
}

void etsn_mm_ntf_unwatch(struct etsn_mm_ntf_sub *sub)
{
}

#endif
