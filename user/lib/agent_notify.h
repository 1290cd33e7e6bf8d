/* SPDX-License-Identifier: GPL-2.0-or-later */
/* systemd's notification protocol (sd_notify(3)) for edgetsnd: its state
 * to the service manager and the watchdog interval it asks for.
 */
#ifndef EDGETSN_AGENT_NOTIFY_H
#define EDGETSN_AGENT_NOTIFY_H

#include <stdint.h>

/* One datagram of "VAR=value" lines to $NOTIFY_SOCKET. 0 when that is
 * not set (not under systemd), 1 when sent, -errno.
 */
int etsn_agent_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The watchdog interval systemd asks for (WATCHDOG_USEC, for this process
 * when WATCHDOG_PID names one): 1 and *usec, 0 when none, -EINVAL when
 * the variable is not a positive number.
 */
int etsn_agent_watchdog_usec(uint64_t *usec);

#endif
