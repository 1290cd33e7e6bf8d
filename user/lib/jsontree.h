/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A strict JSON reader (RFC 8259) for MQTT command payloads. It builds the
 * same tree as the YAML config (ytree.h), so one set of walkers (cfgwalk.h,
 * the schedule reader) reads a value from either: strings are quoted
 * scalars; numbers, true, false and null unquoted ones, their text as
 * written. Refused: anything RFC 8259 does not allow (comments, trailing
 * commas, single quotes, leading zeros, bare words, control characters in
 * strings, invalid UTF-8 or lone surrogates), a second value after the
 * first, nesting deeper than ETSN_YTREE_MAX_DEPTH. Duplicate keys are left
 * to the walker, which names them.
 */
#ifndef EDGETSN_JSONTREE_H
#define EDGETSN_JSONTREE_H

#include <stddef.h>

#include "diag.h"
#include "ytree.h"

/* Parses len bytes; the root, or NULL after one error recorded in d at its
 * line and column (bytes, from 1). Free with etsn_ytree_free.
 */
struct etsn_ynode *etsn_jtree_parse(const char *buf, size_t len, struct etsn_diag *d);

/* Replaces each byte of s that does not start a valid UTF-8 sequence with
 * '?', so text cut to a buffer's size (or from elsewhere) can go into JSON.
 */
void etsn_utf8_scrub(char *s);

#endif
