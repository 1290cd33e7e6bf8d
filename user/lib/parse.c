// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "parse.h"

#define NSEC_PER_SEC 1000000000ULL

/* Leading decimal digits of s into *v; returns how many were read, or -1 on
 * overflow. No sign, no spaces: what strtoull would forgive, we do not.
 */
static int read_digits(const char *s, uint64_t *v)
{
	int n = 0;

	*v = 0;
	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		unsigned d = (unsigned)(s[n] - '0');

		if (*v > (UINT64_MAX - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return n;
}

int etsn_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v;
	int n;

	if (!s)
		return -EINVAL;
	n = read_digits(s, &v);
	if (n < 0)
		return -ERANGE;
	if (n == 0 || s[n] != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

static const struct {
	const char *suffix;
	uint64_t ns;
} units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", NSEC_PER_SEC }, { "", 1 },
};

/*
 * "<int>[.<frac>]" at the start of s: whole, frac/scale (scale 1 without a
 * fraction, at most 9 fractional digits) and nf, the fraction's digit
 * count; *unit points past the number (at the unit suffix).
 */
static int read_decimal(const char *s, uint64_t *whole, uint64_t *frac, uint64_t *scale,
			int *nf, const char **unit)
{
	int n;

	if (!s)
		return -EINVAL;
	n = read_digits(s, whole);
	if (n < 0)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	*unit = s + n;
	*frac = 0;
	*scale = 1;
	*nf = 0;
	if (**unit == '.') {
		*nf = read_digits(*unit + 1, frac);
		if (*nf <= 0 || *nf > 9)
			return *nf < 0 ? -ERANGE : -EINVAL;
		for (int i = 0; i < *nf; i++)
			*scale *= 10;
		*unit += 1 + *nf;
	}
	return 0;
}

/* "<int>[.<frac>]<unit>"; a fraction must resolve to whole nanoseconds. */
int etsn_parse_duration_ns(const char *s, uint64_t *out)
{
	uint64_t whole, frac, scale, unit = 0, v;
	const char *p;
	int err, nf;

	err = read_decimal(s, &whole, &frac, &scale, &nf, &p);
	if (err)
		return err;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].suffix) == 0) {
			unit = units[i].ns;
			break;
		}
	}
	if (!unit || (nf && (unit * frac) % scale))
		return -EINVAL;
	if (whole > UINT64_MAX / unit)
		return -ERANGE;
	v = whole * unit;
	if (v > UINT64_MAX - unit * frac / scale)
		return -ERANGE;
	*out = v + unit * frac / scale;
	return 0;
}

/* "+<duration>" after now, or an absolute "<seconds>[.<fraction>]" on the
 * schedule's clock (TAI by default), or "<n>ns".
 */
int etsn_parse_time_ns(const char *s, int64_t now, int64_t *out)
{
	uint64_t v;
	int err;

	if (!s)
		return -EINVAL;
	if (s[0] == '+') {
		err = etsn_parse_duration_ns(s + 1, &v);
		if (err)
			return err;
		if (now < 0 || v > (uint64_t)(INT64_MAX - now))
			return -ERANGE;
		*out = now + (int64_t)v;
		return 0;
	}
	/* Absolute: a bare number is seconds here, unlike a duration. */
	size_t len = strlen(s);

	if (len == 0)
		return -EINVAL;
	if (s[len - 1] >= '0' && s[len - 1] <= '9') {
		char buf[64];

		if (len + 2 > sizeof(buf))
			return -ERANGE;
		memcpy(buf, s, len);
		memcpy(buf + len, "s", 2);
		err = etsn_parse_duration_ns(buf, &v);
	} else {
		err = etsn_parse_duration_ns(s, &v);
	}
	if (err)
		return err;
	if (v > INT64_MAX)
		return -ERANGE;
	*out = (int64_t)v;
	return 0;
}

static const struct {
	const char *suffix;
	uint64_t mult;		/* of the number ... */
	uint64_t div;		/* ... per byte/s */
} rate_units[] = {
	{ "bit", 1, 8 },
	{ "kbit", 1000ULL, 8 },
	{ "mbit", 1000000ULL, 8 },
	{ "gbit", 1000000000ULL, 8 },
	{ "tbit", 1000000000000ULL, 8 },
	{ "bps", 1, 1 },
	{ "kbps", 1000ULL, 1 },
	{ "mbps", 1000000ULL, 1 },
	{ "gbps", 1000000000ULL, 1 },
	{ "tbps", 1000000000000ULL, 1 },
};

/* "<int>[.<frac>]<unit>" in exact 128-bit arithmetic. */
int etsn_parse_rate_Bps(const char *s, uint64_t *out)
{
	uint64_t whole, frac, scale, mult = 0, div = 1;
	unsigned __int128 num, den;
	const char *p;
	int err, nf;

	err = read_decimal(s, &whole, &frac, &scale, &nf, &p);
	if (err)
		return err;
	for (size_t i = 0; i < sizeof(rate_units) / sizeof(rate_units[0]); i++) {
		if (strcmp(p, rate_units[i].suffix) == 0) {
			mult = rate_units[i].mult;
			div = rate_units[i].div;
			break;
		}
	}
	if (!mult)
		return -EINVAL;
	/* Whole part too large for any unit: also keeps num below 2^98. */
	if ((unsigned __int128)whole * mult > (unsigned __int128)UINT64_MAX * div)
		return -ERANGE;
	num = ((unsigned __int128)whole * scale + frac) * mult;
	den = (unsigned __int128)scale * div;
	if (num % den)
		return -EINVAL;
	if (num / den > UINT64_MAX)
		return -ERANGE;
	*out = (uint64_t)(num / den);
	return 0;
}
