// SPDX-License-Identifier: GPL-2.0-or-later
/* The harnesses' shared helpers; see input.h. */
#include <stdlib.h>

#include "input.h"

FILE *fuzz_open(const uint8_t *data, size_t size)
{
	/* fmemopen() may refuse a zero size. */
	if (!size)
		return fopen("/dev/null", "r");
	return fmemopen((void *)data, size, "r");
}

int fuzz_clock(uint32_t clockid, int64_t *now)
{
	(void)clockid;
	*now = 1767225600LL * 1000000000LL;
	return 0;
}
