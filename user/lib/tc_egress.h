/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A filter etsnctl owns on a device's clsact egress (the stream and the
 * DSCP classifier): found, attached and detached by its own handle and
 * priority, and only when the program there is the one named, so another
 * filter is never replaced. Errors are said as "etsnctl CMD: ...".
 */
#ifndef EDGETSN_TC_EGRESS_H
#define EDGETSN_TC_EGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct bpf_object;

struct etsn_tc_filter {
	const char *cmd;	/* for messages: "classify" */
	const char *what;	/* "classifier" */
	const char *prog_name;	/* as the kernel keeps it (15 characters at most) */
	uint32_t handle;
	uint32_t priority;
};

/* DEV's ifindex, or 0 after saying there is no such device. */
int etsn_tc_ifindex(const struct etsn_tc_filter *f, const char *dev);
/* Id of the program in f's place on ifindex's egress (0: none); *ours
 * says whether it is f's program.
 */
uint32_t etsn_tc_egress_prog(const struct etsn_tc_filter *f, int ifindex, bool *ours);
/* 0 when f's place is free or holds f's program, else -EBUSY after
 * saying so.
 */
int etsn_tc_egress_check(const struct etsn_tc_filter *f, const char *dev, int ifindex);
/* Attaches prog_fd in f's place (clsact created when missing, f's own
 * program replaced); *prog_id is what runs now. 0 or -errno, said.
 */
int etsn_tc_egress_attach(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			  int prog_fd, uint32_t *prog_id);
/* Attaches a freshly loaded obj's prog_fd; on failure takes obj's pins
 * away again when created says this load made the pin directory.
 */
int etsn_tc_egress_install(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			   struct bpf_object *obj, int prog_fd, bool created, uint32_t *prog_id);
/* Result of attach or detach (docs/json.md): {"ifname","action","prog_id",
 * "pins"}; text "DEV: WHAT attached on egress, program N, maps in DIR" or
 * "DEV: WHAT detached; its maps kept in DIR".
 */
void etsn_tc_egress_result(const struct etsn_tc_filter *f, bool json, const char *dev,
			   bool attached, uint32_t prog_id);
/* Detaches f's program; *prog_id is the one detached. 0 or -errno, said
 * (nothing attached, or another program there: left alone).
 */
int etsn_tc_egress_detach(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			  uint32_t *prog_id);

#endif
