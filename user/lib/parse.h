/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsers for numbers, durations and times given on command lines
 * and in config files. All return 0 or a negative errno (-EINVAL for
 * malformed text, -ERANGE for values that do not fit) and leave *out
 * untouched on error.
 */
#ifndef EDGETSN_PARSE_H
#define EDGETSN_PARSE_H

#include <stdint.h>

int etsn_parse_u64(const char *s, uint64_t *out);
int etsn_parse_duration_ns(const char *s, uint64_t *out);
int etsn_parse_time_ns(const char *s, int64_t now, int64_t *out);
/* A rate with its unit, tc's words: bit, kbit, mbit, gbit, tbit (bits/s)
 * or bps, kbps, mbps, gbps, tbps (bytes/s); k = 1000. "1.5mbit" is fine;
 * the result, in bytes/s, must be whole ("12bit" is -EINVAL), and a bare
 * number is -EINVAL (bits or bytes? say which).
 */
int etsn_parse_rate_Bps(const char *s, uint64_t *out);

#endif
