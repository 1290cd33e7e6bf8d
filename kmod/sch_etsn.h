/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ETSN_SCH_ETSN_H
#define _ETSN_SCH_ETSN_H

int etsn_qdisc_register(void);
void etsn_qdisc_unregister(void);

#endif /* _ETSN_SCH_ETSN_H */
