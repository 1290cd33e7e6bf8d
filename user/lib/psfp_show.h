/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How `etsnctl stream` and `etsnctl meter` print a PSFP stream's meter and
 * counters, in text and JSON: one place, so the two commands agree.
 */
#ifndef EDGETSN_PSFP_SHOW_H
#define EDGETSN_PSFP_SHOW_H

#include "json.h"
#include "psfp.h"

/* " cir R cbs N eir R ebs N[ drop-yellow]" (nothing when there is no meter). */
void etsn_psfp_print_meter(const struct etsn_psfp_stream *s);
/* "  passed N yellow N ..." and a newline. */
void etsn_psfp_print_counters(const struct etsn_psfp_counters *c);
/* "meter": {...} or null; with tokens, the bucket levels in bytes too. */
void etsn_psfp_json_meter(struct etsn_json *j, const struct etsn_psfp_stream *s, bool tokens);
/* "counters": {...}. */
void etsn_psfp_json_counters(struct etsn_json *j, const struct etsn_psfp_counters *c);

#endif
