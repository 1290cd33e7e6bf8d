// SPDX-License-Identifier: GPL-2.0-or-later
/* PTP management messages: encode requests, decode responses strictly. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/ptp_mgmt.h"

#define PTP_MSGTYPE_MANAGEMENT	0xD
#define PTP_VERSION		2
#define PTP_CTL_MANAGEMENT	4
#define TLV_MANAGEMENT		0x0001
#define TLV_MANAGEMENT_ERROR_STATUS 0x0002
#define ERROR_STATUS_FIXED	8	/* error, id, reserved[4] */

#define PORT_DS_LEN		26
#define TIME_STATUS_LEN		50
#define TIME_PROPS_LEN		4
#define SUBSCRIPTION_LEN	(2 + PTP_EVENT_BITMASK_LEN)

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static void put_port_identity(uint8_t *p, const struct ptp_port_identity *id)
{
	memcpy(p, id->clock, sizeof(id->clock));
	put16(p + 8, id->port);
}

static void get_port_identity(const uint8_t *p, struct ptp_port_identity *id)
{
	memcpy(id->clock, p, sizeof(id->clock));
	id->port = get16(p + 8);
}

int ptp_mgmt_encode(const struct ptp_mgmt_req *req, uint8_t *buf, size_t size)
{
	size_t data_len = 0, len;
	uint8_t *p;

	if (req->transport_specific > 15)
		return -EINVAL;
	if (req->action == PTP_MGMT_SET) {
		/* The only SET the agent sends; it must carry its data. */
		if (req->id != PTP_MID_SUBSCRIBE_EVENTS_NP || !req->subscribe)
			return -EINVAL;
		data_len = SUBSCRIPTION_LEN;
	} else if (req->action != PTP_MGMT_GET) {
		return -EINVAL;
	}
	len = PTP_MGMT_HDR_LEN + PTP_MGMT_BODY_LEN + PTP_MGMT_TLV_HDR_LEN + data_len;
	if (size < len)
		return -ENOSPC;
	memset(buf, 0, len);

	buf[0] = (uint8_t)(req->transport_specific << 4 | PTP_MSGTYPE_MANAGEMENT);
	buf[1] = PTP_VERSION;
	put16(buf + 2, (uint16_t)len);
	buf[4] = req->domain;
	put_port_identity(buf + 20, &req->source);
	put16(buf + 30, req->seq);
	buf[32] = PTP_CTL_MANAGEMENT;
	buf[33] = 0x7f;		/* logMessageInterval of management */

	p = buf + PTP_MGMT_HDR_LEN;
	memset(p, 0xff, 10);	/* targetPortIdentity: every clock and port */
	/* boundaryHops 0: the local ptp4l answers, nothing is forwarded. */
	p[12] = req->action;

	p += PTP_MGMT_BODY_LEN;
	put16(p, TLV_MANAGEMENT);
	put16(p + 2, (uint16_t)(2 + data_len));
	put16(p + 4, req->id);
	if (data_len) {
		put16(p + 6, req->subscribe->duration_s);
		memcpy(p + 8, req->subscribe->bitmask, PTP_EVENT_BITMASK_LEN);
	}
	return (int)len;
}

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* The data length each managementId must have in a RESPONSE. */
static int data_len_of(uint16_t id)
{
	switch (id) {
	case PTP_MID_PORT_DATA_SET:
		return PORT_DS_LEN;
	case PTP_MID_TIME_STATUS_NP:
		return TIME_STATUS_LEN;
	case PTP_MID_TIME_PROPERTIES_DATA_SET:
		return TIME_PROPS_LEN;
	case PTP_MID_SUBSCRIBE_EVENTS_NP:
		return SUBSCRIPTION_LEN;
	}
	return -1;
}

static void decode_data(uint16_t id, const uint8_t *d, struct ptp_mgmt_msg *m)
{
	struct ptp_time_status *ts = &m->u.time_status;
	struct ptp_port_ds *pds = &m->u.port_ds;

	switch (id) {
	case PTP_MID_PORT_DATA_SET:
		get_port_identity(d, &pds->id);
		pds->state = d[10];
		pds->log_min_delay_req_interval = (int8_t)d[11];
		pds->peer_mean_path_delay = (int64_t)get64(d + 12);
		pds->log_announce_interval = (int8_t)d[20];
		pds->announce_receipt_timeout = d[21];
		pds->log_sync_interval = (int8_t)d[22];
		pds->delay_mechanism = d[23];
		pds->log_min_pdelay_req_interval = (int8_t)d[24];
		pds->version = d[25];
		break;
	case PTP_MID_TIME_STATUS_NP:
		ts->master_offset_ns = (int64_t)get64(d);
		ts->ingress_time_ns = (int64_t)get64(d + 8);
		ts->cumulative_scaled_rate_offset = (int32_t)get32(d + 16);
		ts->scaled_last_gm_phase_change = (int32_t)get32(d + 20);
		ts->gm_time_base_indicator = get16(d + 24);
		memcpy(ts->last_gm_phase_change, d + 26, sizeof(ts->last_gm_phase_change));
		ts->gm_present = (int32_t)get32(d + 38);
		memcpy(ts->gm_identity, d + 42, sizeof(ts->gm_identity));
		break;
	case PTP_MID_TIME_PROPERTIES_DATA_SET:
		m->u.time_props.current_utc_offset = (int16_t)get16(d);
		m->u.time_props.flags = d[2];
		m->u.time_props.time_source = d[3];
		break;
	case PTP_MID_SUBSCRIBE_EVENTS_NP:
		m->u.subscription.duration_s = get16(d);
		memcpy(m->u.subscription.bitmask, d + 2, PTP_EVENT_BITMASK_LEN);
		break;
	}
}

/* The body of a MANAGEMENT TLV: managementId and exactly its data. */
static int decode_management(const uint8_t *v, size_t vlen, struct ptp_mgmt_msg *m,
			     char *err, size_t errlen)
{
	char name[16];
	int want;

	if (vlen < 2)
		return bad(err, errlen, "MANAGEMENT TLV length %zu, less than its 2-byte managementId",
			   vlen);
	m->id = get16(v);
	want = data_len_of(m->id);
	if (want < 0)
		return bad(err, errlen, "managementId 0x%04x not supported", m->id);
	if (vlen - 2 != (size_t)want)
		return bad(err, errlen, "%s data is %zu bytes, expected %d",
			   ptp_mgmt_id_name(m->id, name), vlen - 2, want);
	decode_data(m->id, v + 2, m);
	return 0;
}

/* MANAGEMENT_ERROR_STATUS: error, id, reserved[4], optional displayData
 * (a PTPText: length byte and text, padded to an even TLV length).
 */
static int decode_error_status(const uint8_t *v, size_t vlen, struct ptp_mgmt_msg *m,
			       char *err, size_t errlen)
{
	size_t text_len, n;

	if (vlen < ERROR_STATUS_FIXED)
		return bad(err, errlen, "MANAGEMENT_ERROR_STATUS length %zu, expected at least %d",
			   vlen, ERROR_STATUS_FIXED);
	m->is_error = true;
	m->error = get16(v);
	m->id = get16(v + 2);
	if (vlen == ERROR_STATUS_FIXED)
		return 0;
	text_len = v[ERROR_STATUS_FIXED];
	n = ERROR_STATUS_FIXED + 1 + text_len;
	if (n + (n & 1) != vlen)
		return bad(err, errlen,
			   "MANAGEMENT_ERROR_STATUS displayData of %zu bytes does not fill its length %zu",
			   text_len, vlen);
	n = text_len < sizeof(m->error_text) ? text_len : sizeof(m->error_text) - 1;
	memcpy(m->error_text, v + ERROR_STATUS_FIXED + 1, n);
	m->error_text[n] = '\0';
	return 0;
}

int ptp_mgmt_decode(const uint8_t *buf, size_t len, struct ptp_mgmt_msg *out,
		    char *err, size_t errlen)
{
	const size_t tlv_at = PTP_MGMT_HDR_LEN + PTP_MGMT_BODY_LEN;
	size_t tlv_len, msg_len;
	uint16_t tlv_type;
	uint8_t action;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (len < PTP_MGMT_HDR_LEN)
		return bad(err, errlen, "message of %zu bytes, shorter than the %d-byte header",
			   len, PTP_MGMT_HDR_LEN);
	if ((buf[0] & 0x0f) != PTP_MSGTYPE_MANAGEMENT)
		return bad(err, errlen, "message type %u, not MANAGEMENT (13)", buf[0] & 0x0f);
	if ((buf[1] & 0x0f) != PTP_VERSION)
		return bad(err, errlen, "PTP version %u, expected 2", buf[1] & 0x0f);
	msg_len = get16(buf + 2);
	if (msg_len != len)
		return bad(err, errlen, "messageLength %zu, but the datagram has %zu bytes",
			   msg_len, len);
	if (len < tlv_at)
		return bad(err, errlen, "management body truncated: %zu of %zu bytes",
			   len - PTP_MGMT_HDR_LEN, (size_t)PTP_MGMT_BODY_LEN);
	action = buf[PTP_MGMT_HDR_LEN + 12] & 0x0f;
	if (action != PTP_MGMT_RESPONSE)
		return bad(err, errlen, "action %u, expected RESPONSE (2)", action);
	if (len < tlv_at + 4)
		return bad(err, errlen, "TLV header truncated: %zu of 4 bytes", len - tlv_at);

	out->transport_specific = buf[0] >> 4;
	out->domain = buf[4];
	get_port_identity(buf + 20, &out->source);
	out->seq = get16(buf + 30);
	get_port_identity(buf + PTP_MGMT_HDR_LEN, &out->target);

	tlv_type = get16(buf + tlv_at);
	tlv_len = get16(buf + tlv_at + 2);
	if (tlv_len > len - tlv_at - 4)
		return bad(err, errlen, "TLV length %zu exceeds the %zu bytes left", tlv_len,
			   len - tlv_at - 4);
	if (tlv_len < len - tlv_at - 4)
		return bad(err, errlen, "%zu bytes after the TLV", len - tlv_at - 4 - tlv_len);

	switch (tlv_type) {
	case TLV_MANAGEMENT:
		return decode_management(buf + tlv_at + 4, tlv_len, out, err, errlen);
	case TLV_MANAGEMENT_ERROR_STATUS:
		return decode_error_status(buf + tlv_at + 4, tlv_len, out, err, errlen);
	}
	return bad(err, errlen, "TLV type 0x%04x, not MANAGEMENT or MANAGEMENT_ERROR_STATUS",
		   tlv_type);
}

const char *ptp_port_state_name(uint8_t state, char buf[16])
{
	static const char *const names[] = {
		[PTP_PS_INITIALIZING] = "INITIALIZING", [PTP_PS_FAULTY] = "FAULTY",
		[PTP_PS_DISABLED] = "DISABLED", [PTP_PS_LISTENING] = "LISTENING",
		[PTP_PS_PRE_MASTER] = "PRE_MASTER", [PTP_PS_MASTER] = "MASTER",
		[PTP_PS_PASSIVE] = "PASSIVE", [PTP_PS_UNCALIBRATED] = "UNCALIBRATED",
		[PTP_PS_SLAVE] = "SLAVE", [PTP_PS_GRAND_MASTER] = "GRAND_MASTER",
	};

	if (state < sizeof(names) / sizeof(names[0]) && names[state])
		return names[state];
	snprintf(buf, 16, "state%u", state);
	return buf;
}

const char *ptp_mgmt_error_name(uint16_t error, char buf[16])
{
	switch (error) {
	case 0x0001: return "RESPONSE_TOO_BIG";
	case 0x0002: return "NO_SUCH_ID";
	case 0x0003: return "WRONG_LENGTH";
	case 0x0004: return "WRONG_VALUE";
	case 0x0005: return "NOT_SETABLE";
	case 0x0006: return "NOT_SUPPORTED";
	case 0xFFFE: return "GENERAL_ERROR";
	}
	snprintf(buf, 16, "error%u", error);
	return buf;
}

const char *ptp_mgmt_id_name(uint16_t id, char buf[16])
{
	switch (id) {
	case PTP_MID_TIME_PROPERTIES_DATA_SET: return "TIME_PROPERTIES_DATA_SET";
	case PTP_MID_PORT_DATA_SET: return "PORT_DATA_SET";
	case PTP_MID_TIME_STATUS_NP: return "TIME_STATUS_NP";
	case PTP_MID_SUBSCRIBE_EVENTS_NP: return "SUBSCRIBE_EVENTS_NP";
	}
	snprintf(buf, 16, "0x%04x", id);
	return buf;
}
