/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One line per edgetsn event (EDGETSN_CMD_EV_*), as text or as one JSON
 * object: what `etsnctl monitor` prints.
 */
#ifndef EDGETSN_EVENT_H
#define EDGETSN_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct nlattr;

/* "qdisc_new", ...; NULL for a command that is not an event. */
const char *etsn_event_name(uint8_t cmd);
/* 0, or -EPROTO for malformed attributes (nothing printed). Events of a
 * newer module (unknown commands) print as "event<N>".
 */
int etsn_event_print(FILE *out, bool json, uint8_t cmd, struct nlattr *attrs, int len);

#endif
