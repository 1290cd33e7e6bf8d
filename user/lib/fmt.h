/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Human-readable times for text output (JSON carries plain ns). */
#ifndef EDGETSN_FMT_H
#define EDGETSN_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "250us", "1.5ms", "12.346us", "3ns": the largest unit, up to 3 decimals. */
const char *etsn_fmt_duration(uint64_t ns, char *buf, size_t len);
/* "1700000000.000000250": seconds and nanoseconds on the clock. */
const char *etsn_fmt_time(int64_t ns, char *buf, size_t len);

#endif
