/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Edits of a device's egress stream classifier (bpf/etsn_classify.bpf.c
 * on clsact egress): load, attach, rules added and removed in its pinned
 * maps, as etsnctl classify and edgetsnd make them. Functions return 0 or
 * a negative errno and say why on stderr as "etsnctl classify: ...".
 */
#ifndef EDGETSN_CLS_EDIT_H
#define EDGETSN_CLS_EDIT_H

#include <stdint.h>

#include "classify.h"
#include "tc_egress.h"

/* Where the classifier sits on clsact egress (its own handle and priority). */
extern const struct etsn_tc_filter etsn_cls_filter;

enum { ETSN_CLS_M_MAC, ETSN_CLS_M_IP, ETSN_CLS_M_STREAM, ETSN_CLS_M_COUNT, ETSN_CLS_M_MISS,
       ETSN_CLS_M_N };

struct etsn_cls_maps {
	int fd[ETSN_CLS_M_N];
};

/* -ENOENT quietly when DEV has no classifier maps. */
int etsn_cls_maps_open(const char *dev, struct etsn_cls_maps *m);
/* As above, and -ENOENT says "attach or add a rule first". */
int etsn_cls_maps_open_existing(const char *dev, struct etsn_cls_maps *m);
void etsn_cls_maps_close(struct etsn_cls_maps *m);
/* The maps, pinned by loading the classifier (not attached) if missing. */
int etsn_cls_prepare(const char *dev, struct etsn_cls_maps *m);

/* Loads the classifier and attaches it in its place on ifindex's egress;
 * *prog_id is what runs there now.
 */
int etsn_cls_attach(const char *dev, int ifindex, uint32_t *prog_id);

/* Adds rule r: stream, zeroed counters, then the key (frames are
 * classified only once the rest is in place).
 */
int etsn_cls_rule_add(const char *dev, const struct etsn_cls_maps *m,
		      const struct etsn_cls_rule *r);
/* Removes stream id (value s), key first: its frames are misses from then
 * on, never half-known.
 */
int etsn_cls_rule_remove(const struct etsn_cls_maps *m, uint32_t id,
			 const struct etsn_cls_stream *s);
/* Per-CPU counters of id in fd summed. */
int etsn_cls_read_counters(int fd, uint32_t id, struct etsn_cls_counters *sum);

#endif
