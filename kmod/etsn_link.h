/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link facts for guard bands and preemption: speed and 802.3 MAC merge
 * state, read through ethtool under RTNL.
 */
#ifndef _ETSN_LINK_H
#define _ETSN_LINK_H

#include <linux/types.h>

#include "compat.h"

u32 etsn_mm_state_of(const struct etsn_mm_facts *f);
u32 etsn_speed_of(u32 ethtool_speed);

#endif /* _ETSN_LINK_H */
