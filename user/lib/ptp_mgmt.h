/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PTP management message codec (IEEE 1588 clause 15, as linuxptp's
 * ptp4l speaks it on its UNIX socket): GET and SET requests out, RESPONSE
 * messages in, for the data sets edgetsnd supervises. Byte order and
 * layout follow linuxptp's msg.h, tlv.h and ds.h; decoding checks every
 * length and names what is wrong.
 */
#ifndef EDGETSN_PTP_MGMT_H
#define EDGETSN_PTP_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTP_MGMT_HDR_LEN	34	/* common header */
#define PTP_MGMT_BODY_LEN	14	/* targetPortIdentity .. reserved */
#define PTP_MGMT_TLV_HDR_LEN	6	/* type, length, managementId */
#define PTP_MGMT_MAX_LEN	1500	/* linuxptp's message buffer */

/* actionField (low nibble of the management flags byte) */
enum ptp_mgmt_action {
	PTP_MGMT_GET = 0,
	PTP_MGMT_SET = 1,
	PTP_MGMT_RESPONSE = 2,
	PTP_MGMT_COMMAND = 3,
	PTP_MGMT_ACKNOWLEDGE = 4,
};

/* managementId values this codec decodes */
enum ptp_mgmt_id {
	PTP_MID_TIME_PROPERTIES_DATA_SET = 0x2003,
	PTP_MID_PORT_DATA_SET = 0x2004,
	PTP_MID_TIME_STATUS_NP = 0xC000,
	PTP_MID_SUBSCRIBE_EVENTS_NP = 0xC003,
};

/* portState (IEEE 1588 8.2.15.3.1; linuxptp never reports 10 on this
 * socket: it maps GRAND_MASTER to MASTER in PORT_DATA_SET)
 */
enum ptp_port_state {
	PTP_PS_INITIALIZING = 1,
	PTP_PS_FAULTY = 2,
	PTP_PS_DISABLED = 3,
	PTP_PS_LISTENING = 4,
	PTP_PS_PRE_MASTER = 5,
	PTP_PS_MASTER = 6,
	PTP_PS_PASSIVE = 7,
	PTP_PS_UNCALIBRATED = 8,
	PTP_PS_SLAVE = 9,
	PTP_PS_GRAND_MASTER = 10,
};

/* timePropertiesDS flags */
#define PTP_TP_LEAP_61		(1 << 0)
#define PTP_TP_LEAP_59		(1 << 1)
#define PTP_TP_UTC_OFF_VALID	(1 << 2)
#define PTP_TP_PTP_TIMESCALE	(1 << 3)
#define PTP_TP_TIME_TRACEABLE	(1 << 4)
#define PTP_TP_FREQ_TRACEABLE	(1 << 5)

/* SUBSCRIBE_EVENTS_NP bitmask bits (linuxptp notification.h) */
#define PTP_NOTIFY_PORT_STATE	0
#define PTP_NOTIFY_TIME_SYNC	1	/* linuxptp >= 4.0 only */
#define PTP_EVENT_BITMASK_LEN	64

struct ptp_port_identity {
	uint8_t clock[8];
	uint16_t port;
};

/* PORT_DATA_SET, 26 bytes on the wire */
struct ptp_port_ds {
	struct ptp_port_identity id;
	uint8_t state;			/* enum ptp_port_state */
	int8_t log_min_delay_req_interval;
	int64_t peer_mean_path_delay;	/* TimeInterval: ns << 16 */
	int8_t log_announce_interval;
	uint8_t announce_receipt_timeout;
	int8_t log_sync_interval;
	uint8_t delay_mechanism;
	int8_t log_min_pdelay_req_interval;
	uint8_t version;
};

/* TIME_STATUS_NP, 50 bytes on the wire */
struct ptp_time_status {
	int64_t master_offset_ns;
	int64_t ingress_time_ns;	/* of the last Sync; 0 before any */
	int32_t cumulative_scaled_rate_offset;
	int32_t scaled_last_gm_phase_change;
	uint16_t gm_time_base_indicator;
	uint8_t last_gm_phase_change[12];	/* ScaledNs, as sent */
	int32_t gm_present;		/* 0: this clock is its own GM */
	uint8_t gm_identity[8];
};

/* TIME_PROPERTIES_DATA_SET, 4 bytes on the wire */
struct ptp_time_props {
	int16_t current_utc_offset;	/* s; meaningful with UTC_OFF_VALID */
	uint8_t flags;			/* PTP_TP_* */
	uint8_t time_source;
};

/* SUBSCRIBE_EVENTS_NP, 66 bytes on the wire */
struct ptp_subscription {
	uint16_t duration_s;
	uint8_t bitmask[PTP_EVENT_BITMASK_LEN];
};

/* What a request carries besides its TLV. */
struct ptp_mgmt_req {
	uint8_t transport_specific;	/* 0..15 */
	uint8_t domain;
	struct ptp_port_identity source;
	uint16_t seq;
	uint8_t action;			/* PTP_MGMT_GET or PTP_MGMT_SET */
	uint16_t id;
	const struct ptp_subscription *subscribe;	/* data of a SET */
};

/* A decoded RESPONSE. */
struct ptp_mgmt_msg {
	uint8_t transport_specific;
	uint8_t domain;
	uint16_t seq;
	struct ptp_port_identity source;
	struct ptp_port_identity target;
	uint16_t id;			/* managementId answered */
	bool is_error;			/* MANAGEMENT_ERROR_STATUS */
	uint16_t error;			/* its managementErrorId */
	char error_text[64];		/* its displayData, "" if none */
	union {
		struct ptp_port_ds port_ds;
		struct ptp_time_status time_status;
		struct ptp_time_props time_props;
		struct ptp_subscription subscription;
	} u;
};

/* Writes the request into buf; returns its length, -EINVAL for a request
 * this codec does not build (SET of anything but SUBSCRIBE_EVENTS_NP,
 * another action, transport_specific > 15), -ENOSPC if buf is too small.
 * A GET carries an empty TLV (length 2), as phc2sys sends it.
 */
int ptp_mgmt_encode(const struct ptp_mgmt_req *req, uint8_t *buf, size_t size);

/* Decodes one RESPONSE datagram. 0, or -EBADMSG with the reason in err
 * (always NUL-terminated): a length that does not match, a truncation,
 * another message type, action or TLV, an unknown managementId.
 */
int ptp_mgmt_decode(const uint8_t *buf, size_t len, struct ptp_mgmt_msg *out,
		    char *err, size_t errlen);

/* "SLAVE", "LISTENING", ...; "state<N>" for others (buf holds 16). */
const char *ptp_port_state_name(uint8_t state, char buf[16]);
/* "WRONG_LENGTH", ...; "error<N>" for others (buf holds 16). */
const char *ptp_mgmt_error_name(uint16_t error, char buf[16]);
/* "PORT_DATA_SET", ...; "0x<hex>" for others (buf holds 16). */
const char *ptp_mgmt_id_name(uint16_t id, char buf[16]);

#endif
