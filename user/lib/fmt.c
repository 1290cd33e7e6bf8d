// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

const char *etsn_fmt_duration(uint64_t ns, char *buf, size_t len)
{
	static const struct { const char *name; uint64_t ns; } units[] = {
		{ "s", 1000000000ULL }, { "ms", 1000000ULL }, { "us", 1000ULL },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t whole = ns / units[i].ns, rem = ns % units[i].ns;
		/* Thousandths of the unit, rounded; carries into whole. */
		uint64_t milli = (rem * 1000 + units[i].ns / 2) / units[i].ns;
		char frac[24] = "";

		if (!whole)
			continue;
		if (milli == 1000) {
			whole++;
			milli = 0;
		}
		if (milli) {
			snprintf(frac, sizeof(frac), ".%03" PRIu64, milli);
			for (size_t n = strlen(frac); frac[n - 1] == '0'; n--)
				frac[n - 1] = '\0';
		}
		snprintf(buf, len, "%" PRIu64 "%s%s", whole, frac, units[i].name);
		return buf;
	}
	snprintf(buf, len, "%" PRIu64 "ns", ns);
	return buf;
}

const char *etsn_fmt_time(int64_t ns, char *buf, size_t len)
{
	/* Magnitude in unsigned arithmetic: INT64_MIN has no positive twin. */
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;

	snprintf(buf, len, "%s%" PRIu64 ".%09" PRIu64, ns < 0 ? "-" : "",
		 mag / UINT64_C(1000000000), mag % UINT64_C(1000000000));
	return buf;
}
