/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Token-bucket arithmetic shared by edgetsn's BPF programs (the PSFP meter
 * and the firewall's SYN limit): integer only, tokens in nano-units (one
 * unit = 10^9 tokens), so a refill is rate * dt_ns with no division and
 * nothing lost to rounding however often it runs. Callers serialise access
 * to a bucket (bpf_spin_lock) and keep max below 2^63.
 */
#ifndef ETSN_TBUCKET_H
#define ETSN_TBUCKET_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* Adds rate * dt to a bucket holding *tok of at most max nano-units, in
 * 64 bits for any dt: a refill that would reach max is not multiplied out.
 * If dt <= need / rate, rate * dt <= need <= max, no overflow.
 */
static __always_inline void etsn_tb_refill(__u64 *tok, __u64 max, __u64 rate, __u64 dt)
{
	__u64 need;

	if (*tok >= max) {
		*tok = max;
		return;
	}
	need = max - *tok;
	if (!rate)
		return;
	if (dt > need / rate)
		*tok = max;
	else
		*tok += rate * dt;
}

#endif /* ETSN_TBUCKET_H */
