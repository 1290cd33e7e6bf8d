/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The edgetsn generic-netlink family: registration. While registered, the
 * family is the sink of the qdiscs' events (etsn_event.h) and multicasts
 * them on its "events" group.
 */
#ifndef _ETSN_GENL_H
#define _ETSN_GENL_H

int etsn_genl_register(void);
void etsn_genl_unregister(void);

#endif /* _ETSN_GENL_H */
