/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mqtt.commands-persist: a set-schedule command's schedule written back
 * into edgetsnd's config file as the interface's desired schedule. Only
 * that schedule's node is rewritten (libyaml's marks give where it starts
 * and ends); every other byte, comments included, stays. The new file is
 * checked with the config parser and written to a temporary file beside
 * the original, fsynced, and renamed over it only when committed, so on
 * any failure the file is as it was.
 */
#ifndef EDGETSN_AGENT_PERSIST_H
#define EDGETSN_AGENT_PERSIST_H

#include <stddef.h>

#include "agent_config.h"
#include "sched.h"

/* buf (len bytes) with ifname's schedule replaced by s, or inserted when
 * the interface has none, in the style (block or flow) of what it
 * replaces; a queue-max-sdu-table in the old schedule is kept as written.
 * Returns the new text (malloc'ed, NUL-terminated, *outlen bytes), or
 * NULL with the reason.
 */
char *etsn_persist_splice(const char *buf, size_t len, const char *ifname,
			  const struct etsn_sched *s, size_t *outlen, char *reason, size_t rlen);

struct etsn_persist {
	char path[4096];	/* the file renamed over (symlinks resolved) */
	char tmp[4096];		/* "" when nothing is pending */
};

/* Reads path, splices s in for ifname, checks the result with the config
 * parser (opts) and that it reads back as s, and writes it to a temporary
 * file in the same directory (the original's mode and owner), fsynced.
 * 0, or a negative errno with the reason; nothing is left behind then.
 */
int etsn_persist_prepare(struct etsn_persist *p, const char *path, const char *ifname,
			 const struct etsn_sched *s, const struct etsn_agent_check_opts *opts,
			 char *reason, size_t rlen);
/* Renames the prepared file over the original and syncs the directory. */
int etsn_persist_commit(struct etsn_persist *p, char *reason, size_t rlen);
/* Removes a prepared file that is not wanted after all. */
void etsn_persist_abort(struct etsn_persist *p);

#endif
