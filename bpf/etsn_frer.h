/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Map layout of IEEE 802.1CB frame replication and elimination for
 * reliability (FRER): the talker (bpf/etsn_frer_talker.bpf.c, TC egress)
 * and the listener (bpf/etsn_frer_listener.bpf.c, XDP), shared with
 * etsnctl. Streams are identified as PSFP does (etsn_stream_id.h), with
 * the same key structures, in FRER's own maps. Append, never reorder.
 */
#ifndef ETSN_FRER_H
#define ETSN_FRER_H

#include <linux/types.h>
#include <linux/bpf.h>

#include "etsn_psfp.h"

/* R-TAG (802.1CB 7.8): EtherType 0xF1C1, 16 reserved bits, 16-bit
 * sequence number, then the EtherType of what it encapsulates. It follows
 * the MAC addresses, or the VLAN tag when there is one.
 */
#define ETSN_FRER_ETH_P_RTAG	0xF1C1
#define ETSN_FRER_RTAG_LEN	6

#define ETSN_FRER_MAX_STREAMS	1024
/* frerSeqRcvyHistoryLength: bits of the vector's history. */
#define ETSN_FRER_HISTORY_MAX	64

#define ETSN_FRER_MAP_LMAC	"etsn_frer_lmac"
#define ETSN_FRER_MAP_LIP	"etsn_frer_lip"
#define ETSN_FRER_MAP_RCVY	"etsn_frer_rcvy"
#define ETSN_FRER_MAP_TMAC	"etsn_frer_tmac"
#define ETSN_FRER_MAP_TIP	"etsn_frer_tip"
#define ETSN_FRER_MAP_TALK	"etsn_frer_talk"

/**
 * enum etsn_frer_alg - frerSeqRcvyAlgorithm
 * @ETSN_FRER_ALG_VECTOR: VectorRecoveryAlgorithm (802.1CB 7.4.3.4)
 * @ETSN_FRER_ALG_MATCH: MatchRecoveryAlgorithm (802.1CB 7.4.3.5)
 */
enum etsn_frer_alg {
	ETSN_FRER_ALG_VECTOR,
	ETSN_FRER_ALG_MATCH,
};

/* frerSeqRcvyTakeNoSequence: frames without an R-TAG are passed. */
#define ETSN_FRER_F_TAKE_NO_SEQ	(1U << 0)
/* frerSeqRcvyIndividualRecovery (802.1CB 7.5, 10.4.1.10): a discarded
 * frame restarts the reset timer too, so a member stream that repeats
 * one number is never reset into passing it again. Not with LATENT.
 */
#define ETSN_FRER_F_INDIVIDUAL	(1U << 1)
/* frerSeqRcvyLatentErrorDetection (7.4.4, 10.4.1.11). */
#define ETSN_FRER_F_LATENT	(1U << 2)

/**
 * struct etsn_frer_counters - 802.1CB 10.8 frerCpsSeqRcvy* counters
 * @passed: frames passed up (PassedPackets)
 * @discarded: duplicates eliminated (DiscardedPackets)
 * @out_of_order: frames passed out of order (OutOfOrderPackets)
 * @rogue: frames outside the history window, dropped (RoguePackets)
 * @lost: sequence numbers that left the history unseen (LostPackets)
 * @tagless: frames of the stream without an R-TAG (TaglessPackets)
 * @resets: recovery resets after frerSeqRcvyResetMSec of silence
 * @latent_errors: LatentErrorTests that signalled a latent error (7.4.4.4)
 * @latent_resets: LatentErrorResets run (frerCpsSeqRcvyLatentErrorResets)
 */
struct etsn_frer_counters {
	__u64 passed;
	__u64 discarded;
	__u64 out_of_order;
	__u64 rogue;
	__u64 lost;
	__u64 tagless;
	__u64 resets;
	__u64 latent_errors;
	__u64 latent_resets;
};

/**
 * struct etsn_frer_rcvy - one stream's sequence recovery function
 * @lock: serialises the state below between CPUs and interfaces
 * @alg: enum etsn_frer_alg
 * @flags: ETSN_FRER_F_*
 * @history_len: frerSeqRcvyHistoryLength, 1..ETSN_FRER_HISTORY_MAX
 * @reset_ms: frerSeqRcvyResetMSec, > 0
 * @take_any: TakeAny: the next tagged frame is accepted whatever its number
 * @recov_seq: RecovSeqNum, the highest number accepted
 * @history: SequenceHistory, bit n: RecovSeqNum - n was seen
 * @last_ns: CLOCK_MONOTONIC of the last frame passed
 * @cnt: the counters
 * @key_kind: enum etsn_psfp_key_kind of the key below (for etsnctl)
 * @mac: the stream's MAC key if key_kind is MAC
 * @ip: the stream's IP key if key_kind is IP
 * @lat_difference: frerSeqRcvyLatentErrorDifference
 * @lat_period_ms: frerSeqRcvyLatentErrorPeriod, between LatentErrorTests
 * @lat_paths: frerSeqRcvyLatentErrorPaths, 2.. member paths
 * @lat_reset_ms: frerSeqRcvyLatentResetPeriod, between LatentErrorResets
 * @lat_error: the last LatentErrorTest signalled a latent error
 * @lat_base: CurBaseDifference, from the last LatentErrorReset
 * @lat_test_ns: CLOCK_MONOTONIC of the next LatentErrorTest, 0: none yet
 * @lat_reset_ns: CLOCK_MONOTONIC of the next LatentErrorReset, 0: none yet
 * @vid2: 0, or the VLAN ID the stream's frames carry on its second path
 *	(a MAC key: a second key, dst MAC + vid2, names the same stream)
 */
struct etsn_frer_rcvy {
	struct bpf_spin_lock lock;
	__u32 alg;
	__u32 flags;
	__u32 history_len;
	__u32 reset_ms;
	__u32 take_any;
	__u32 recov_seq;
	__u64 history;
	__u64 last_ns;
	struct etsn_frer_counters cnt;
	__u32 key_kind;
	struct etsn_psfp_mac_key mac;
	struct etsn_psfp_ip_key ip;
	__u32 lat_difference;
	__u32 lat_period_ms;
	__u32 lat_paths;
	__u32 lat_reset_ms;
	__u32 lat_error;
	__s64 lat_base;
	__u64 lat_test_ns;
	__u64 lat_reset_ns;
	__u32 vid2;
};

/**
 * struct etsn_frer_talker - one stream's sequence generation and replication
 * @lock: serialises @seq and the counters between CPUs
 * @seq: the next sequence number (low 16 bits go on the wire)
 * @ifindex2: device the replica leaves by
 * @vid1: VLAN ID set on the frame leaving by the attached device, 0: as is
 * @vid2: VLAN ID set on the replica, 0: as is
 * @sent: frames tagged and replicated
 * @untagged: GSO frames sent as they were (one number cannot tag segments)
 * @key_kind: enum etsn_psfp_key_kind of the key below (for etsnctl)
 * @mac: the stream's MAC key if key_kind is MAC
 * @ip: the stream's IP key if key_kind is IP
 */
struct etsn_frer_talker {
	struct bpf_spin_lock lock;
	__u32 seq;
	__u32 ifindex2;
	__u16 vid1;
	__u16 vid2;
	__u64 sent;
	__u64 untagged;
	__u32 key_kind;
	struct etsn_psfp_mac_key mac;
	struct etsn_psfp_ip_key ip;
};

#endif /* ETSN_FRER_H */
