/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate-exempt management class: which frames belong to it (PTP event
 * and general messages, or configured priorities). When one may leave
 * without touching a protected window is the guard band's
 * (etsn_guard_protect_fits()).
 */
#ifndef _ETSN_MGMT_H
#define _ETSN_MGMT_H

#include <linux/types.h>

struct sk_buff;

/* UDP ports of PTP over IP (IEEE 1588 Annex C/D): event and general. */
#define ETSN_PTP_EVENT_PORT	319
#define ETSN_PTP_GENERAL_PORT	320

/* Windows of class 7 are protected unless configured otherwise. */
#define ETSN_MGMT_DEFAULT_PROTECT	0x80

bool etsn_mgmt_is_ptp(const struct sk_buff *skb);

#endif /* _ETSN_MGMT_H */
