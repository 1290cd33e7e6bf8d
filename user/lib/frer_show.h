/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How `etsnctl frer show` prints a talker or listener stream: one path for
 * text (one line) and JSON (one object in the current array, its stream key
 * an object as in PSFP), so that both always carry the same fields.
 */
#ifndef EDGETSN_FRER_SHOW_H
#define EDGETSN_FRER_SHOW_H

#include "frer.h"
#include "out.h"

/* dev2 is the replica's device name ("?" if it is gone). */
void etsn_frer_show_talker(struct etsn_out *o, uint32_t id, const struct etsn_frer_talker *t,
			   const char *dev2);
void etsn_frer_show_listener(struct etsn_out *o, uint32_t id, const struct etsn_frer_rcvy *r);

#endif
