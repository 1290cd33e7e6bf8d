// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON of the XDP firewall's counters (fw_show.h). */
#include "fw_show.h"

void etsn_fw_out_counters(struct etsn_out *o, const struct etsn_fw_counters *c)
{
	etsn_out_open(o, "counters", "counters:\n");
	for (unsigned int i = 0; i < ETSN_FW_REASONS; i++)
		etsn_out_row(o, etsn_fw_reason_name(i), c->reasons[i]);
	for (unsigned int i = 0; i < ETSN_FW_SYN_COUNTERS; i++)
		etsn_out_row(o, etsn_fw_syn_counter_name(i), c->syn[i]);
	etsn_out_close(o);
	etsn_out_open(o, "protocols", "frames by protocol:\n");
	for (unsigned int i = 0; i < ETSN_FW_PROTOS; i++)
		etsn_out_row(o, etsn_fw_proto_name(i), c->protos[i]);
	etsn_out_close(o);
}
