// SPDX-License-Identifier: MIT
/*
 * libfs.c - what character drivers take from fs/libfs.c and
 * fs/read_write.c: simple_read_from_buffer and simple_write_to_buffer
 * over "user" memory (copy_*_user's), and the llseek and open helpers
 * drivers put in their file_operations, on Linux 6.1's struct file.
 */
#include <errno.h>
#include <stddef.h>

#include "kernel.h"

typedef long long kloff_t;

#define FILE_INODE	32
#define FILE_MODE	68
#define FILE_POS	104
#define FMODE_LSEEK	0x4u
#define FMODE_PREAD	0x8u
#define FMODE_PWRITE	0x10u
#define FMODE_ATOMIC_POS 0x8000u
#define FMODE_STREAM	0x200000u
#define FILE_PRIVATE	200
#define INODE_SIZE_OFF	80	/* i_size */
#define INODE_PRIVATE	624
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define FIELD(p, off, type)	(*(type *)((char *)(p) + (off)))

unsigned long _copy_to_user(void *to, const void *from, unsigned long n);
unsigned long _copy_from_user(void *to, const void *from, unsigned long n);

long simple_read_from_buffer(void *to, size_t count, kloff_t *ppos,
			     const void *from, size_t available)
{
	kloff_t pos = *ppos;
	size_t ret;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	ret = _copy_to_user(to, (const char *)from + pos, count);
	if (ret == count)
		return -EFAULT;
	count -= ret;
	*ppos = pos + count;
	return count;
}
EXPORT_SYMBOL(simple_read_from_buffer);

long simple_write_to_buffer(void *to, size_t available, kloff_t *ppos,
			    const void *from, size_t count)
{
	kloff_t pos = *ppos;
	size_t res;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	res = _copy_from_user((char *)to + pos, from, count);
	if (res == count)
		return -EFAULT;
	count -= res;
	*ppos = pos + count;
	return count;
}
EXPORT_SYMBOL(simple_write_to_buffer);

/* The position stays: the driver has none to move. */
kloff_t noop_llseek(void *file, kloff_t offset, int whence)
{
	(void)offset, (void)whence;
	return FIELD(file, FILE_POS, kloff_t);
}
EXPORT_SYMBOL(noop_llseek);

kloff_t no_llseek(void *file, kloff_t offset, int whence)
{
	(void)file, (void)offset, (void)whence;
	return -ESPIPE;
}
EXPORT_SYMBOL(no_llseek);

/* vfs_setpos and generic_file_llseek_size's arithmetic: the new
 * position, or -EINVAL before 0 or past max. */
static kloff_t setpos(void *file, kloff_t offset, int whence, kloff_t max,
		      kloff_t eof)
{
	kloff_t pos = FIELD(file, FILE_POS, kloff_t);

	switch (whence) {
	case SEEK_SET: break;
	case SEEK_CUR: offset += pos; break;
	case SEEK_END: offset += eof; break;
	default: return -EINVAL;
	}
	if (offset < 0 || offset > max)
		return -EINVAL;
	FIELD(file, FILE_POS, kloff_t) = offset;
	return offset;
}

/* fs/read_write.c's, for drivers without a size: any position not
 * before 0, SEEK_END from the inode's size. */
kloff_t default_llseek(void *file, kloff_t offset, int whence)
{
	void *inode = FIELD(file, FILE_INODE, void *);

	return setpos(file, offset, whence, (kloff_t)(~0ull >> 1),
		      inode ? FIELD(inode, INODE_SIZE_OFF, kloff_t) : 0);
}
EXPORT_SYMBOL(default_llseek);

kloff_t fixed_size_llseek(void *file, kloff_t offset, int whence, kloff_t size)
{
	return setpos(file, offset, whence, size, size);
}
EXPORT_SYMBOL(fixed_size_llseek);

/* The inode's i_private as the file's private_data. */
int simple_open(void *inode, void *file)
{
	if (FIELD(inode, INODE_PRIVATE, void *))
		FIELD(file, FILE_PRIVATE, void *) = FIELD(inode, INODE_PRIVATE, void *);
	return 0;
}
EXPORT_SYMBOL(simple_open);

int nonseekable_open(void *inode, void *file)
{
	(void)inode;
	FIELD(file, FILE_MODE, unsigned int) &=
		~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}
EXPORT_SYMBOL(nonseekable_open);

int stream_open(void *inode, void *file)
{
	(void)inode;
	FIELD(file, FILE_MODE, unsigned int) &=
		~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	FIELD(file, FILE_MODE, unsigned int) |= FMODE_STREAM;
	return 0;
}
EXPORT_SYMBOL(stream_open);
