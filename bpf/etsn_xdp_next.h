/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The chain after the XDP firewall: a prog array pinned by name that the
 * firewall tail-calls (slot ETSN_XDP_NEXT_PSFP) for every frame it passes.
 * An empty slot makes the tail call fall through, and the firewall passes
 * the frame as it always did. Every edgetsn XDP object declares it, so
 * whichever loads first creates the pin and the others reuse it.
 */
#ifndef ETSN_XDP_NEXT_H
#define ETSN_XDP_NEXT_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "etsn_psfp.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, ETSN_XDP_NEXT_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} etsn_xdp_next SEC(".maps");

#endif /* ETSN_XDP_NEXT_H */
