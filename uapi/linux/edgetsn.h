/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/**
 * DOC: edgetsn userspace ABI
 *
 * Names shared by edgetsn.ko and the programs that talk to it: the
 * generic-netlink family and the qdisc kind. Commands and attributes of the
 * family are added here, and only appended to, once released.
 */
#ifndef _UAPI_LINUX_EDGETSN_H
#define _UAPI_LINUX_EDGETSN_H

/** EDGETSN_GENL_NAME - name of the edgetsn generic-netlink family */
#define EDGETSN_GENL_NAME	"edgetsn"
/** EDGETSN_GENL_VERSION - version of the family's ABI */
#define EDGETSN_GENL_VERSION	1
/** EDGETSN_QDISC_KIND - TCA_KIND of the etsn qdisc, as tc names it */
#define EDGETSN_QDISC_KIND	"etsn"

#endif /* _UAPI_LINUX_EDGETSN_H */
