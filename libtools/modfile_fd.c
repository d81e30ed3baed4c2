// SPDX-License-Identifier: MIT
/*
 * modfile_fd.c - a module file as finit_module takes it: an open file,
 * the module's ELF image from offset 0.  A compressed module is inflated
 * into a memfd first, as kmod does where the kernel cannot decompress.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "umod-tools.h"

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

/* The inflated module in a memory file the host can read like any. */
static int inflate_to_memfd(const char *path, char *why, size_t whylen)
{
	struct modfile mf;
	int fd, err;

	err = modfile_open(&mf, path, why, whylen);
	if (err == -EINVAL && !why[0]) {
		snprintf(why, whylen, "%s: damaged compressed data", path);
		err = -ENOEXEC;
	}
	if (err)
		return err;
	fd = memfd_create("module", MFD_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write_all(fd, mf.data, mf.size);
	/* The host reads from the file position, as read(2) would. */
	if (!err && lseek(fd, 0, SEEK_SET) < 0)
		err = -errno;
	if (err)
		close(fd);
out:
	modfile_close(&mf);
	return err ? err : fd;
}

int modfile_fd(const char *path, char *why, size_t whylen)
{
	struct stat st;
	int fd, err;

	if (whylen)
		why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	else
		err = 0;
	if (err) {
		close(fd);
		return err;
	}
	if (!modfile_is_compressed(fd))
		return fd;
	close(fd);
	return inflate_to_memfd(path, why, whylen);
}
