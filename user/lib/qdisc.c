// SPDX-License-Identifier: GPL-2.0-or-later
/* Root qdisc show/add/delete over rtnetlink. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "qdisc.h"

struct root_query {
	int ifindex;
	char *kind;
	size_t len;
};

static int on_qdisc(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	const struct tcmsg *tcm = (const void *)attrs;
	struct root_query *q = arg;
	struct nlattr *kind;

	(void)cmd;
	if (nlh->nlmsg_type != RTM_NEWQDISC || len < (int)NLMSG_ALIGN(sizeof(*tcm)))
		return 0;
	if (tcm->tcm_ifindex != q->ifindex || tcm->tcm_parent != TC_H_ROOT)
		return 0;
	kind = nla_find((struct nlattr *)((char *)attrs + NLMSG_ALIGN(sizeof(*tcm))),
			len - NLMSG_ALIGN(sizeof(*tcm)), TCA_KIND);
	if (kind)
		snprintf(q->kind, q->len, "%.*s", nla_len(kind), (const char *)nla_data(kind));
	return 0;
}

/* A request about ifindex's root qdisc; NULL when out of memory. */
static struct nl_msg *root_msg(int type, int flags, int ifindex)
{
	struct tcmsg tcm = {
		.tcm_family = AF_UNSPEC,
		.tcm_ifindex = ifindex,
		.tcm_parent = TC_H_ROOT,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags | NLM_F_REQUEST | NLM_F_ACK);

	if (msg && nlmsg_append(msg, &tcm, sizeof(tcm), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static int no_memory(struct etsn_genl *g)
{
	g->error.err = -ENOMEM;
	snprintf(g->error.msg, sizeof(g->error.msg), "out of memory");
	return -ENOMEM;
}

int etsn_qdisc_root_kind(struct etsn_genl *g, int ifindex, char *kind, size_t len)
{
	struct root_query q = { .ifindex = ifindex, .kind = kind, .len = len };
	struct nl_msg *msg = root_msg(RTM_GETQDISC, NLM_F_DUMP, ifindex);

	kind[0] = '\0';
	if (!msg)
		return no_memory(g);
	return etsn_genl_transact(g, msg, on_qdisc, &q);
}

int etsn_qdisc_root_add(struct etsn_genl *g, int ifindex, const char *kind)
{
	struct nl_msg *msg = root_msg(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, ifindex);

	if (!msg)
		return no_memory(g);
	if (nla_put_string(msg, TCA_KIND, kind) < 0) {
		nlmsg_free(msg);
		return no_memory(g);
	}
	return etsn_genl_transact(g, msg, NULL, NULL);
}

int etsn_qdisc_root_del(struct etsn_genl *g, int ifindex)
{
	struct nl_msg *msg = root_msg(RTM_DELQDISC, 0, ifindex);

	if (!msg)
		return no_memory(g);
	return etsn_genl_transact(g, msg, NULL, NULL);
}
