/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How `etsnctl frer show` prints a talker or listener stream: one path for
 * text (j NULL: one line) and JSON (j: one object in the current array),
 * so that both always carry the same fields.
 */
#ifndef EDGETSN_FRER_SHOW_H
#define EDGETSN_FRER_SHOW_H

#include "frer.h"
#include "json.h"

/* dev2 is the replica's device name ("?" if it is gone). */
void etsn_frer_show_talker(struct etsn_json *j, uint32_t id, const struct etsn_frer_talker *t,
			   const char *dev2);
void etsn_frer_show_listener(struct etsn_json *j, uint32_t id, const struct etsn_frer_rcvy *r);

#endif
