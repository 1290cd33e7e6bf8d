/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one way userspace talks to the edgetsn generic-netlink family: open a
 * socket, resolve the family (and its "events" group), send a request and
 * collect the reply or the dump, and hand back the kernel's extack message
 * when it says no. Nothing here prints; callers decide what the user sees.
 */
#ifndef EDGETSN_GENL_H
#define EDGETSN_GENL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

struct nl_sock;

/* Why the last operation failed, as the kernel or libnl put it. */
struct etsn_genl_error {
	int err;		/* negative errno, 0 = none */
	char msg[256];		/* extack text verbatim, or a local reason */
	int32_t offset;		/* byte offset of the offending attribute in the request, -1 */
};

struct etsn_genl {
	struct nl_sock *sk;
	int family;
	char name[16];		/* GENL_NAMSIZ */
	struct etsn_genl_error error;
};

/* Called once per reply message (once for a request, once per object of a
 * dump) with the attributes after the genl header. Return 0 to go on or a
 * negative errno to stop (that errno is then returned by the request).
 */
typedef int (*etsn_genl_reply_fn)(const struct nlmsghdr *nlh, uint8_t cmd,
				  struct nlattr *attrs, int len, void *arg);

/* Connects and resolves the family. -ENOENT with "edgetsn family not found:
 * is edgetsn.ko loaded?" when the module is absent. On failure nothing stays
 * open, but g->error tells why.
 */
int etsn_genl_open(struct etsn_genl *g);
/* The same for any generic-netlink family (tests talk to "nlctrl"). */
int etsn_genl_open_family(struct etsn_genl *g, const char *name);
/* An rtnetlink socket (qdiscs) with the same transactions and errors:
 * family is ETSN_NL_ROUTE, and a reply callback gets the whole payload
 * (family header, then attributes) as attrs/len, with cmd 0.
 */
#define ETSN_NL_ROUTE 0
int etsn_genl_open_route(struct etsn_genl *g);
void etsn_genl_close(struct etsn_genl *g);

/* A request of cmd with room for size bytes of attributes (0: a page);
 * NULL when out of memory. dump adds NLM_F_DUMP.
 */
struct nl_msg *etsn_genl_request_new(const struct etsn_genl *g, uint8_t cmd,
				     int dump, size_t size);

/* Names the device: a number is an ifindex; a name known here becomes
 * EDGETSN_A_IFINDEX, an unknown one is sent as EDGETSN_A_IFNAME so the
 * kernel's own message reports it. -EINVAL (and g->error) for a name that
 * cannot be a device name.
 */
int etsn_genl_put_dev(struct etsn_genl *g, struct nl_msg *msg, const char *dev);
/* Could dev name a device: 1 to 15 characters, no '/' or white space. */
bool etsn_genl_dev_name_valid(const char *dev);

/* Sends msg (always consumed) and waits for the reply, the end of the dump
 * or the ack; fn (may be NULL) sees each reply. Returns 0 or a negative
 * errno with g->error set (the kernel's extack message when it gave one).
 */
int etsn_genl_transact(struct etsn_genl *g, struct nl_msg *msg,
		       etsn_genl_reply_fn fn, void *arg);

/* A request of cmd naming dev and nothing else (a GET); its reply goes to
 * fn. 0 or a negative errno with g->error set.
 */
int etsn_genl_dev_get(struct etsn_genl *g, uint8_t cmd, const char *dev,
		      etsn_genl_reply_fn fn, void *arg);
/* As etsn_genl_dev_get, as a dump (NLM_F_DUMP) when dump is set. */
int etsn_genl_dev_request(struct etsn_genl *g, uint8_t cmd, bool dump, const char *dev,
			  etsn_genl_reply_fn fn, void *arg);

/* Joins the "events" multicast group; afterwards etsn_genl_fd() becomes
 * readable on events and etsn_genl_read_events() delivers them to fn.
 */
int etsn_genl_subscribe_events(struct etsn_genl *g);
/* The same for any group of the family g was opened for. */
int etsn_genl_subscribe(struct etsn_genl *g, const char *group);
int etsn_genl_fd(const struct etsn_genl *g);
/* Reads what is queued without blocking: 0, or a negative errno. */
int etsn_genl_read_events(struct etsn_genl *g, etsn_genl_reply_fn fn, void *arg);

/* From an NLMSG_ERROR message (or an NLMSG_DONE carrying an error): its
 * errno, extack message and attribute offset into *e. Returns e->err.
 */
int etsn_genl_parse_error(const struct nlmsghdr *nlh, struct etsn_genl_error *e);

/* g->error's text: the extack message or strerror. */
const char *etsn_genl_strerror(const struct etsn_genl *g);

/* Top-level attributes (enum edgetsn_a) of a reply, checked against their
 * uapi types; tb has EDGETSN_A_MAX + 1 slots. 0 or -EPROTO.
 */
int etsn_genl_parse_attrs(struct nlattr *attrs, int len, struct nlattr **tb);

/* The device a reply or event is about. */
struct etsn_dev_id {
	uint32_t ifindex;	/* 0 = not given */
	char ifname[16];	/* "" = not given and not resolvable here */
};

void etsn_dev_id_from_attrs(struct nlattr **tb, struct etsn_dev_id *id);

#endif
