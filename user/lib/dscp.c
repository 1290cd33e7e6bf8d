// SPDX-License-Identifier: GPL-2.0-or-later
/* The words of etsnctl dscp (dscp.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dscp.h"

/* A number 0..max (base 10 or 0x), or with classid MAJOR:MINOR in hex. */
static int parse_u32(const char *s, uint32_t max, bool classid, uint32_t *v)
{
	unsigned long a, b;
	char *end;

	if (!s || !s[0] || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	errno = 0;
	if (classid && strchr(s, ':')) {
		a = strtoul(s, &end, 16);
		if (*end != ':' || end == s || a > 0xffff || errno)
			return -EINVAL;
		s = end + 1;
		b = strtoul(s, &end, 16);
		if (*end || end == s || b > 0xffff || errno)
			return -EINVAL;
		*v = (uint32_t)(a << 16 | b);
		return 0;
	}
	a = strtoul(s, &end, 0);
	if (*end || errno || a > max)
		return -EINVAL;
	*v = (uint32_t)a;
	return 0;
}

int etsn_dscp_parse_code(const char *s, uint32_t *dscp, const char **why)
{
	if (!parse_u32(s, ETSN_DSCP_COUNT - 1, false, dscp))
		return 0;
	*why = "a DSCP is 0..63";
	return -EINVAL;
}

int etsn_dscp_parse_prio(const char *s, uint32_t *prio, const char **why)
{
	if (!parse_u32(s, UINT32_MAX, true, prio))
		return 0;
	*why = "a priority is 0..4294967295 or MAJOR:MINOR";
	return -EINVAL;
}
