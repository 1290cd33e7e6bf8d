/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the libFuzzer harnesses share: the input as a NUL-terminated copy
 * or a read-only FILE, and a fixed clock so that runs repeat.
 */
#ifndef EDGETSN_FUZZ_INPUT_H
#define EDGETSN_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a FILE (an empty one for no bytes); NULL only without memory. */
FILE *fuzz_open(const uint8_t *data, size_t size);

/* 2026-01-01T00:00:00 on every clock: "+OFFSET" base times repeat. */
int fuzz_clock(uint32_t clockid, int64_t *now);

#endif
