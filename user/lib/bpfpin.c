// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "bpfpin.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

int etsn_bpfpin_dir(const char *ifname, char *buf, size_t len)
{
	int n;

	if (!ifname || !*ifname || strchr(ifname, '/') || strcmp(ifname, ".") == 0 ||
	    strcmp(ifname, "..") == 0)
		return -EINVAL;
	n = snprintf(buf, len, "%s/%s", ETSN_BPFPIN_ROOT, ifname);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int etsn_bpfpin_path(const char *ifname, const char *name, char *buf, size_t len)
{
	char dir[256];
	int n, err;

	err = etsn_bpfpin_dir(ifname, dir, sizeof(dir));
	if (err)
		return err;
	n = snprintf(buf, len, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int etsn_bpfpin_check_fs(void)
{
	struct statfs st;

	if (statfs(ETSN_BPFFS, &st) || st.f_type != BPF_FS_MAGIC)
		return -ENODEV;
	return 0;
}

static int make_one(const char *path, bool *created)
{
	*created = false;
	if (mkdir(path, 0700) == 0) {
		*created = true;
		return 0;
	}
	return errno == EEXIST ? 0 : -errno;
}

int etsn_bpfpin_make_dir(const char *ifname, bool *created)
{
	char dir[256];
	bool root_created;
	int err;

	err = etsn_bpfpin_dir(ifname, dir, sizeof(dir));
	if (err)
		return err;
	err = make_one(ETSN_BPFPIN_ROOT, &root_created);
	return err ? err : make_one(dir, created);
}

int etsn_bpfpin_pin_root(const char *cmd, const char *ifname, char *dir, size_t len,
			 bool *created)
{
	int err = etsn_bpfpin_dir(ifname, dir, len);

	if (!err)
		err = etsn_bpfpin_make_dir(ifname, created);
	if (err)
		fprintf(stderr, "etsnctl %s: cannot create %s/%s: %s\n", cmd, ETSN_BPFPIN_ROOT,
			ifname, strerror(-err));
	return err;
}

void etsn_bpfpin_remove_dir(const char *ifname)
{
	char dir[256];

	if (etsn_bpfpin_dir(ifname, dir, sizeof(dir)) == 0)
		rmdir(dir);
}

int etsn_bpfpin_open(const char *ifname, const char *name)
{
	char path[320];
	int fd, err;

	err = etsn_bpfpin_path(ifname, name, path, sizeof(path));
	if (err)
		return err;
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

void etsn_bpfpin_close_set(int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

int etsn_bpfpin_open_set(const char *ifname, const char *const *names, int n, int *fds,
			 int *failed)
{
	for (int i = 0; i < n; i++)
		fds[i] = -1;
	for (int i = 0; i < n; i++) {
		int fd = etsn_bpfpin_open(ifname, names[i]);

		if (fd < 0) {
			etsn_bpfpin_close_set(fds, n);
			if (failed)
				*failed = i;
			return fd;
		}
		fds[i] = fd;
	}
	return 0;
}

int etsn_bpfpin_lock(const char *ifname)
{
	char dir[256];
	int fd, err;

	err = etsn_bpfpin_dir(ifname, dir, sizeof(dir));
	if (err)
		return err;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}
