/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The payload tsn_tx puts in every UDP datagram and tsn_rx reads back.
 * Both ends run on the same machine (one VM), so native byte order is fine.
 */
#ifndef TSN_FRAME_H
#define TSN_FRAME_H

#include <stdint.h>

#define TSN_FRAME_MAGIC 0x7453464eu /* "tSFN" */

struct tsn_frame {
	uint32_t magic;
	uint32_t seq;
	uint32_t prio;		/* SO_PRIORITY the frame was sent with */
	uint32_t reserved;
	uint64_t tx_ns;		/* CLOCK_REALTIME just before sendto() */
};

#endif
