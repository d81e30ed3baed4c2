// SPDX-License-Identifier: MIT
/*
 * seq_read.c - seq_file's reading side, fs/seq_file.c's: seq_open,
 * seq_read, seq_lseek, seq_release, single_open and seq_open_private,
 * for the files a host serves (procfs.c's).  seq_file.c fills the
 * buffer; here it is sized, filled record by record through the
 * module's seq_operations, and copied to the reader, with Linux's
 * positions: a read at another offset than the last one ended at
 * replays the records up to it (traverse).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define PAGE_SIZE	4096ul
#define FILE_MODE	68
#define FILE_POS	104
#define FILE_PRIVATE	200
#define FMODE_PWRITE	0x10u
#define SEQ_START_TOKEN	((void *)1)

typedef long long kloff_t;

struct seq_file;
struct seq_operations {
	void *(*start)(struct seq_file *m, kloff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, kloff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

/* Linux 6.1's, as seq_file.c has it. */
struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	size_t pad_until;
	kloff_t index;
	kloff_t read_pos;
	struct mutex lock;
	const struct seq_operations *op;
	int poll_event;
	const void *file;
	void *private;
};
KAPI_LAYOUT(sizeof(struct seq_file) == 120, "Linux 6.1's struct seq_file");

void __mutex_init(struct mutex *lock, const char *name, void *key);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
unsigned long _copy_to_user(void *to, const void *from, unsigned long n);

#define FIELD(p, off, type)	(*(type *)((char *)(p) + (off)))

static bool overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

/* A buffer twice the size: show() did not fit. */
static int grow(struct seq_file *m)
{
	free(m->buf);
	m->count = 0;
	m->buf = malloc(m->size <<= 1);
	return m->buf ? 0 : -ENOMEM;
}

/* Linux's traverse: the records up to offset again, the buffer left at
 * offset within the one that straddles it.  -EAGAIN after growing. */
static int traverse(struct seq_file *m, kloff_t offset)
{
	kloff_t pos = 0;
	int err = 0;
	void *p;

	m->index = 0;
	m->count = m->from = 0;
	if (!offset)
		return 0;
	if (!m->buf && !(m->buf = malloc(m->size = PAGE_SIZE)))
		return -ENOMEM;
	p = m->op->start(m, &m->index);
	while (p) {
		err = IS_ERR(p) ? (int)(long)p : 0;
		if (err)
			break;
		err = m->op->show(m, p);
		if (err < 0)
			break;
		if (err)
			err = m->count = 0;
		if (overflowed(m)) {
			m->op->stop(m, p);
			return grow(m) ? -ENOMEM : -EAGAIN;
		}
		p = m->op->next(m, p, &m->index);
		if (pos + (kloff_t)m->count > offset) {
			m->from = offset - pos;
			m->count -= m->from;
			break;
		}
		pos += m->count;
		m->count = 0;
		if (pos == offset)
			break;
	}
	m->op->stop(m, p);
	return err;
}

/* Keep the reader's position: replay up to it if it moved. */
static int reposition(struct seq_file *m, kloff_t pos)
{
	int err;

	if (pos == 0) {
		m->index = 0;
		m->count = 0;
	}
	if (pos == m->read_pos)
		return 0;
	while ((err = traverse(m, pos)) == -EAGAIN)
		;
	if (err) {
		m->read_pos = m->index = 0;
		m->count = 0;
		return err;
	}
	m->read_pos = pos;
	return 0;
}

/* The first non-empty record into the buffer, growing it as needed:
 * 1 with p its record, 0 at the end, or a negative errno. */
static int first_record(struct seq_file *m, void **pp)
{
	void *p = m->op->start(m, &m->index);
	int err;

	for (;;) {
		err = IS_ERR(p) ? (int)(long)p : 0;
		if (!p || err)
			break;
		err = m->op->show(m, p);
		if (err < 0)
			break;
		if (err)
			m->count = 0;
		if (!m->count) {
			p = m->op->next(m, p, &m->index);
			continue;
		}
		if (!overflowed(m)) {
			*pp = p;
			return 1;
		}
		m->op->stop(m, p);
		if (grow(m))
			return -ENOMEM;
		p = m->op->start(m, &m->index);
	}
	m->op->stop(m, p);
	m->count = 0;
	return err;
}

/* More records after p, while they fit and the reader wants more. */
static void more_records(struct seq_file *m, void *p, size_t want)
{
	for (;;) {
		size_t offs = m->count;
		kloff_t pos = m->index;
		int err;

		p = m->op->next(m, p, &m->index);
		if (pos == m->index)	/* a buggy next(): Linux moves on */
			m->index++;
		if (!p || IS_ERR(p) || m->count >= want)
			break;
		err = m->op->show(m, p);
		if (err > 0) {
			m->count = offs;
		} else if (err || overflowed(m)) {
			m->count = offs;
			break;
		}
	}
	m->op->stop(m, p);
}

long seq_read(void *file, char *ubuf, size_t size, kloff_t *ppos)
{
	struct seq_file *m = FIELD(file, FILE_PRIVATE, struct seq_file *);
	size_t copied = 0, n;
	void *p = NULL;
	int err = 0;

	if (!size)
		return 0;
	mutex_lock(&m->lock);
	err = reposition(m, *ppos);
	if (err)
		goto done;
	err = -ENOMEM;
	if (!m->buf && !(m->buf = malloc(m->size = PAGE_SIZE)))
		goto done;
	if (m->count) {		/* what the last read left */
		n = m->count < size ? m->count : size;
		if (_copy_to_user(ubuf, m->buf + m->from, n)) {
			err = -EFAULT;
			goto done;
		}
		m->count -= n;
		m->from += n;
		copied += n;
		if (m->count || n == size)
			goto done;
	}
	m->from = 0;
	err = first_record(m, &p);
	if (err <= 0)
		goto done;
	more_records(m, p, size - copied);
	n = m->count < size - copied ? m->count : size - copied;
	if (_copy_to_user(ubuf + copied, m->buf, n)) {
		err = -EFAULT;
		goto done;
	}
	copied += n;
	m->count -= n;
	m->from = n;
done:
	if (copied) {
		*ppos += copied;
		m->read_pos += copied;
	}
	mutex_unlock(&m->lock);
	return copied ? (long)copied : err;
}
EXPORT_SYMBOL(seq_read);

kloff_t seq_lseek(void *file, kloff_t offset, int whence)
{
	struct seq_file *m = FIELD(file, FILE_PRIVATE, struct seq_file *);
	kloff_t r = -EINVAL;

	mutex_lock(&m->lock);
	if (whence == 1)	/* SEEK_CUR */
		offset += FIELD(file, FILE_POS, kloff_t);
	if ((whence == 0 || whence == 1) && offset >= 0) {
		r = offset;
		if (offset != m->read_pos) {
			while ((r = traverse(m, offset)) == -EAGAIN)
				;
			if (r) {
				m->read_pos = 0;
				m->index = 0;
				m->count = 0;
			} else {
				m->read_pos = offset;
				r = offset;
			}
		}
		if (r >= 0)
			FIELD(file, FILE_POS, kloff_t) = offset;
	}
	mutex_unlock(&m->lock);
	return r;
}
EXPORT_SYMBOL(seq_lseek);

int seq_open(void *file, const struct seq_operations *op)
{
	struct seq_file *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	__mutex_init(&m->lock, "&m->lock", NULL);
	m->op = op;
	m->file = file;
	FIELD(file, FILE_PRIVATE, struct seq_file *) = m;
	/* No pwrite on seq files: the position is the records'. */
	FIELD(file, FILE_MODE, unsigned int) &= ~FMODE_PWRITE;
	return 0;
}
EXPORT_SYMBOL(seq_open);

int seq_release(void *inode, void *file)
{
	struct seq_file *m = FIELD(file, FILE_PRIVATE, struct seq_file *);

	(void)inode;
	free(m->buf);
	free(m);
	return 0;
}
EXPORT_SYMBOL(seq_release);

static void *single_start(struct seq_file *m, kloff_t *pos)
{
	(void)m;
	return *pos ? NULL : SEQ_START_TOKEN;
}

static void *single_next(struct seq_file *m, void *v, kloff_t *pos)
{
	(void)m, (void)v;
	++*pos;
	return NULL;
}

static void single_stop(struct seq_file *m, void *v)
{
	(void)m, (void)v;
}

int single_open(void *file, int (*show)(struct seq_file *, void *), void *data)
{
	struct seq_operations *op = malloc(sizeof(*op));
	int err;

	if (!op)
		return -ENOMEM;
	*op = (struct seq_operations){ single_start, single_stop, single_next,
				       show };
	err = seq_open(file, op);
	if (err) {
		free(op);
		return err;
	}
	FIELD(file, FILE_PRIVATE, struct seq_file *)->private = data;
	return 0;
}
EXPORT_SYMBOL(single_open);

int single_open_size(void *file, int (*show)(struct seq_file *, void *),
		     void *data, size_t size)
{
	char *buf = malloc(size);
	struct seq_file *m;
	int err;

	if (!buf)
		return -ENOMEM;
	err = single_open(file, show, data);
	if (err) {
		free(buf);
		return err;
	}
	m = FIELD(file, FILE_PRIVATE, struct seq_file *);
	m->buf = buf;
	m->size = size;
	return 0;
}
EXPORT_SYMBOL(single_open_size);

int single_release(void *inode, void *file)
{
	const struct seq_operations *op =
		FIELD(file, FILE_PRIVATE, struct seq_file *)->op;

	seq_release(inode, file);
	free((void *)op);
	return 0;
}
EXPORT_SYMBOL(single_release);

void *__seq_open_private(void *file, const struct seq_operations *ops,
			 int psize)
{
	void *private = calloc(1, psize);

	if (!private)
		return NULL;
	if (seq_open(file, ops)) {
		free(private);
		return NULL;
	}
	FIELD(file, FILE_PRIVATE, struct seq_file *)->private = private;
	return private;
}
EXPORT_SYMBOL(__seq_open_private);

int seq_open_private(void *file, const struct seq_operations *ops, int psize)
{
	return __seq_open_private(file, ops, psize) ? 0 : -ENOMEM;
}
EXPORT_SYMBOL(seq_open_private);

int seq_release_private(void *inode, void *file)
{
	free(FIELD(file, FILE_PRIVATE, struct seq_file *)->private);
	return seq_release(inode, file);
}
EXPORT_SYMBOL(seq_release_private);
