// SPDX-License-Identifier: GPL-2.0-or-later
/* mqtt.commands-persist: the schedule node spliced into the config text,
 * checked, and put in place by a rename (agent_persist.h).
 */
#define _XOPEN_SOURCE 700	/* realpath */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_persist.h"
#include "agent_reconcile.h"
#include "ytree.h"

/* The value of key in mapping m, and the key node in *key; NULL if none. */
static const struct etsn_ynode *lookup(const struct etsn_ynode *m, const char *name,
				       const struct etsn_ynode **key)
{
	if (!m || m->kind != ETSN_Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const struct etsn_ynode *k = m->kids[i];

		if (k->kind == ETSN_Y_SCALAR && !strcmp(k->text, name)) {
			if (key)
				*key = k;
			return m->kids[i + 1];
		}
	}
	return NULL;
}

static bool is_flow(const char *buf, const struct etsn_ynode *n)
{
	return n->kind != ETSN_Y_SCALAR && (buf[n->start] == '{' || buf[n->start] == '[');
}

/* Exact durations in the largest unit that divides them (1ms, 250us). */
static const char *duration(uint64_t ns, char *b, size_t len)
{
	static const struct {
		uint64_t div;
		const char *unit;
	} units[] = { { 1000000000ull, "s" }, { 1000000ull, "ms" }, { 1000ull, "us" } };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (ns && !(ns % units[i].div)) {
			snprintf(b, len, "%" PRIu64 "%s", ns / units[i].div, units[i].unit);
			return b;
		}
	snprintf(b, len, "%" PRIu64, ns);
	return b;
}

/* Base times as the file takes them: seconds with nine decimals. */
static const char *base_time(int64_t ns, char *b, size_t len)
{
	int64_t sec = ns / 1000000000, frac = ns % 1000000000;

	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	snprintf(b, len, "%" PRId64 ".%09" PRId64, sec, frac);
	return b;
}

/* The scalar keys of s in file order; *n of them. */
static size_t sched_keys(const struct etsn_sched *s, const char *keys[4], char vals[4][48])
{
	size_t n = 0;

	if (s->has_clockid) {
		char b[48];

		keys[n] = "clock";
		snprintf(vals[n++], 48, "%s", etsn_clock_name(s->clockid, b, sizeof(b)));
	}
	if (s->has_base_time) {
		keys[n] = "admin-base-time";
		base_time(s->base_time, vals[n++], 48);
	}
	if (s->has_cycle_time) {
		keys[n] = "admin-cycle-time";
		duration(s->cycle_time, vals[n++], 48);
	}
	if (s->has_extension) {
		keys[n] = "admin-cycle-time-extension";
		duration(s->extension, vals[n++], 48);
	}
	return n;
}

static const char *op_name(uint8_t op)
{
	return op < 3 ? etsn_agent_op_names[op] : "set-gate-states";
}

/* s as a block mapping whose keys sit at column indent (the first line
 * unindented: it goes where the old node began); keep is appended as a
 * last key, verbatim.
 */
static void render_block(FILE *f, const struct etsn_sched *s, int indent, const char *keep,
			 size_t keeplen)
{
	const char *keys[4];
	char vals[4][48], b[48];
	size_t n = sched_keys(s, keys, vals);

	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s: %s\n%*s", keys[i], vals[i], indent, "");
	fprintf(f, "admin-control-list:");
	for (uint32_t i = 0; i < s->num_entries; i++) {
		const struct etsn_sched_entry *e = &s->entries[i];

		fprintf(f, "\n%*s- index: %" PRIu32, indent + 2, "", i);
		fprintf(f, "\n%*soperation-name: %s", indent + 4, "", op_name(e->op));
		fprintf(f, "\n%*sgate-states-value: 0x%02x", indent + 4, "", e->gates);
		fprintf(f, "\n%*stime-interval-value: %s", indent + 4, "",
			duration(e->interval, b, sizeof(b)));
	}
	if (keep)
		fprintf(f, "\n%*s%.*s", indent, "", (int)keeplen, keep);
}

/* s as one flow mapping; keep appended as its last key, verbatim. */
static void render_flow(FILE *f, const struct etsn_sched *s, const char *keep, size_t keeplen)
{
	const char *keys[4];
	char vals[4][48], b[48];
	size_t n = sched_keys(s, keys, vals);

	fputc('{', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s: %s, ", keys[i], vals[i]);
	fprintf(f, "admin-control-list: [");
	for (uint32_t i = 0; i < s->num_entries; i++) {
		const struct etsn_sched_entry *e = &s->entries[i];

		fprintf(f, "%s{index: %" PRIu32 ", operation-name: %s, gate-states-value: 0x%02x, time-interval-value: %s}",
			i ? ", " : "", i, op_name(e->op), e->gates, duration(e->interval, b, sizeof(b)));
	}
	fputc(']', f);
	if (keep)
		fprintf(f, ", %.*s", (int)keeplen, keep);
	fputc('}', f);
}

/* Where ifname's mapping is, or NULL with the reason. */
static const struct etsn_ynode *find_iface(const struct etsn_ynode *root, const char *ifname,
					   char *reason, size_t rlen)
{
	const struct etsn_ynode *ifaces = lookup(root, "interfaces", NULL);
	const struct etsn_ynode *m = lookup(ifaces, ifname, NULL);

	if (!m) {
		snprintf(reason, rlen, "the file has no interfaces.%s (changed since it was read?)",
			 ifname);
		return NULL;
	}
	if (m->kind != ETSN_Y_MAP) {
		snprintf(reason, rlen, "interfaces.%s at line %u is not a mapping", ifname, m->line);
		return NULL;
	}
	if (lookup(m, "streams", NULL)) {
		snprintf(reason, rlen,
			 "interfaces.%s: its schedule is planned from streams; a written schedule would conflict",
			 ifname);
		return NULL;
	}
	return m;
}

char *etsn_persist_splice(const char *buf, size_t len, const char *ifname,
			  const struct etsn_sched *s, size_t *outlen, char *reason, size_t rlen)
{
	const struct etsn_ynode *m, *old, *qkey = NULL, *qval;
	const char *keep = NULL;
	struct etsn_ynode *root;
	size_t from, to, keeplen = 0;
	struct etsn_diag d;
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	etsn_diag_init(&d, "config");
	root = etsn_ytree_parse(buf, len, &d);
	if (etsn_diag_errors(&d)) {
		snprintf(reason, rlen, "the file does not parse: %s", d.msgs[0].text);
		etsn_diag_free(&d);
		return NULL;
	}
	etsn_diag_free(&d);
	m = find_iface(root, ifname, reason, rlen);
	if (!m)
		goto out;
	f = open_memstream(&out, &size);
	if (!f) {
		snprintf(reason, rlen, "out of memory");
		goto out;
	}
	old = lookup(m, "schedule", NULL);
	if (old && old->kind != ETSN_Y_MAP) {
		snprintf(reason, rlen, "interfaces.%s.schedule at line %u is not a mapping", ifname,
			 old->line);
		fclose(f);
		free(out);
		out = NULL;
		goto out;
	}
	qval = lookup(old, "queue-max-sdu-table", &qkey);
	if (qval) {	/* a class setting written in the schedule: kept */
		keep = buf + qkey->start;
		keeplen = qval->end - qkey->start;
	}
	if (old) {
		from = old->start;
		to = old->end;
		fwrite(buf, 1, from, f);
		if (is_flow(buf, old))
			render_flow(f, s, keep, keeplen);
		else
			render_block(f, s, (int)old->col - 1, keep, keeplen);
	} else if (is_flow(buf, m)) {	/* before the closing brace */
		from = to = m->end - 1;
		fwrite(buf, 1, from, f);
		fprintf(f, "%sschedule: ", m->nkids ? ", " : "");
		render_flow(f, s, NULL, 0);
	} else {	/* a new last key, on the line after the interface's last */
		const char *nl = memchr(buf + m->end, '\n', len - m->end);

		from = to = nl ? (size_t)(nl - buf) + 1 : len;
		fwrite(buf, 1, from, f);
		if (!nl)
			fputc('\n', f);
		fprintf(f, "%*sschedule:\n%*s", (int)m->col - 1, "", (int)m->col + 1, "");
		render_block(f, s, (int)m->col + 1, NULL, 0);
		fputc('\n', f);
	}
	fwrite(buf + to, 1, len - to, f);
	if (fclose(f)) {
		free(out);
		out = NULL;
		snprintf(reason, rlen, "out of memory");
		goto out;
	}
	*outlen = size;
out:
	etsn_ytree_free(root);
	return out;
}

/* text must read as a valid config whose ifname schedule is s. */
static int check(const char *text, size_t len, const char *path, const char *ifname,
		 const struct etsn_sched *s, const struct etsn_agent_check_opts *opts,
		 char *reason, size_t rlen)
{
	struct etsn_agent_config *c;
	const struct etsn_sched *got = NULL;
	struct etsn_diag d;
	int err = 0;

	etsn_diag_init(&d, path);
	c = etsn_agent_config_parse(text, len, opts, &d);
	if (!c) {
		etsn_diag_sort(&d);
		snprintf(reason, rlen, "the rewritten file would not be valid: %s",
			 d.count ? d.msgs[0].text : "too many errors");
		etsn_diag_free(&d);
		return -EINVAL;
	}
	etsn_diag_free(&d);
	for (size_t i = 0; i < c->nifaces; i++)
		if (!strcmp(c->ifaces[i].name, ifname))
			got = c->ifaces[i].schedule;
	if (!got || !etsn_rc_sched_same(got, s) || got->has_base_time != s->has_base_time ||
	    (s->has_base_time && got->base_time != s->base_time)) {
		snprintf(reason, rlen,
			 "the rewritten file does not read back as the schedule sent; not written");
		err = -EINVAL;
	}
	etsn_agent_config_free(c);
	return err;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The new text into a temporary file beside p->path, as the original is. */
static int write_tmp(struct etsn_persist *p, const char *text, size_t len, char *reason,
		     size_t rlen)
{
	const char *slash = strrchr(p->path, '/');
	int dirlen = slash ? (int)(slash - p->path) : 1;
	const char *base = slash ? slash + 1 : p->path;
	struct stat st;
	int fd, err;

	if (stat(p->path, &st)) {
		err = -errno;
		snprintf(reason, rlen, "%s: %s", p->path, strerror(errno));
		return err;
	}
	if ((size_t)snprintf(p->tmp, sizeof(p->tmp), "%.*s/.%s.XXXXXX", dirlen,
			     slash ? p->path : ".", base) >= sizeof(p->tmp)) {
		p->tmp[0] = '\0';
		snprintf(reason, rlen, "%s: path too long", p->path);
		return -ENAMETOOLONG;
	}
	fd = mkstemp(p->tmp);
	if (fd < 0) {
		err = -errno;
		snprintf(reason, rlen, "cannot create a file beside %s: %s", p->path,
			 strerror(errno));
		p->tmp[0] = '\0';
		return err;
	}
	err = fchmod(fd, st.st_mode & 07777) ? -errno : 0;
	if (!err && geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid))
		err = -errno;
	if (!err)
		err = write_all(fd, text, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (err) {
		snprintf(reason, rlen, "writing %s: %s", p->tmp, strerror(-err));
		etsn_persist_abort(p);
	}
	return err;
}

int etsn_persist_prepare(struct etsn_persist *p, const char *path, const char *ifname,
			 const struct etsn_sched *s, const struct etsn_agent_check_opts *opts,
			 char *reason, size_t rlen)
{
	char *buf, *text = NULL;
	size_t len, tlen = 0;
	struct etsn_diag d;
	int err;

	p->tmp[0] = '\0';
	if (!realpath(path, p->path)) {
		err = -errno;
		snprintf(reason, rlen, "%s: %s", path, strerror(errno));
		return err;
	}
	etsn_diag_init(&d, p->path);
	buf = etsn_agent_config_read(&d, &len);
	if (!buf) {
		snprintf(reason, rlen, "%s", d.count ? d.msgs[0].text : "cannot read");
		etsn_diag_free(&d);
		return -EIO;
	}
	etsn_diag_free(&d);
	text = etsn_persist_splice(buf, len, ifname, s, &tlen, reason, rlen);
	free(buf);
	if (!text)
		return -EINVAL;
	err = check(text, tlen, p->path, ifname, s, opts, reason, rlen);
	if (!err)
		err = write_tmp(p, text, tlen, reason, rlen);
	free(text);
	return err;
}

int etsn_persist_commit(struct etsn_persist *p, char *reason, size_t rlen)
{
	char dir[sizeof(p->path)];
	char *slash;
	int fd, err;

	if (rename(p->tmp, p->path)) {
		err = -errno;
		snprintf(reason, rlen, "renaming %s over %s: %s", p->tmp, p->path,
			 strerror(errno));
		etsn_persist_abort(p);
		return err;
	}
	p->tmp[0] = '\0';
	/* The rename itself survives a crash once the directory is synced. */
	snprintf(dir, sizeof(dir), "%s", p->path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd)) {
		err = -errno;
		snprintf(reason, rlen, "%s written, but syncing its directory: %s", p->path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return err;
	}
	close(fd);
	return 0;
}

void etsn_persist_abort(struct etsn_persist *p)
{
	if (p->tmp[0])
		unlink(p->tmp);
	p->tmp[0] = '\0';
}
