// SPDX-License-Identifier: MIT
/*
 * seq_file.c - what show() functions print with, into Linux 6.1's struct
 * seq_file: text goes at buf + count; what does not fit marks the file
 * overflowed (count = size), so that the reader retries with a bigger
 * buffer, as fs/seq_file.c does.  The reading side (seq_read, single_open)
 * belongs to a filesystem, which a host does not have.
 */
#include <stdarg.h>
#include <string.h>

#include "kernel.h"

struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	size_t pad_until;
	long long index;
	long long read_pos;
	struct mutex lock;
	const void *op;
	int poll_event;
	const void *file;
	void *private;
};

static void overflow(struct seq_file *m)
{
	m->count = m->size;
}

void seq_vprintf(struct seq_file *m, const char *f, va_list args)
{
	int len;

	if (m->count < m->size) {
		len = umod_vsnprintf(m->buf + m->count, m->size - m->count, f, args);
		if (m->count + len < m->size) {
			m->count += len;
			return;
		}
	}
	overflow(m);
}
EXPORT_SYMBOL(seq_vprintf);

void seq_printf(struct seq_file *m, const char *f, ...)
{
	va_list args;

	va_start(args, f);
	seq_vprintf(m, f, args);
	va_end(args);
}
EXPORT_SYMBOL(seq_printf);

void seq_puts(struct seq_file *m, const char *s)
{
	size_t len = strlen(s);

	if (m->count + len >= m->size) {
		overflow(m);
		return;
	}
	memcpy(m->buf + m->count, s, len);
	m->count += len;
}
EXPORT_SYMBOL(seq_puts);

void seq_putc(struct seq_file *m, char c)
{
	if (m->count >= m->size - 1)
		return;
	m->buf[m->count++] = c;
}
EXPORT_SYMBOL(seq_putc);

int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len < m->size) {
		memcpy(m->buf + m->count, data, len);
		m->count += len;
		return 0;
	}
	overflow(m);
	return -1;
}
EXPORT_SYMBOL(seq_write);

void seq_put_decimal_ull(struct seq_file *m, const char *delimiter,
			 unsigned long long num)
{
	seq_printf(m, "%s%llu", delimiter, num);
}
EXPORT_SYMBOL(seq_put_decimal_ull);

void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num)
{
	seq_printf(m, "%s%lld", delimiter, num);
}
EXPORT_SYMBOL(seq_put_decimal_ll);

/* ---- seq_operations over a list_head list (seq_list_*) ---- */
struct list_head *seq_list_start(struct list_head *head, long long pos)
{
	struct list_head *lh;

	for (lh = head->next; lh != head; lh = lh->next)
		if (pos-- == 0)
			return lh;
	return NULL;
}
EXPORT_SYMBOL(seq_list_start);

struct list_head *seq_list_start_head(struct list_head *head, long long pos)
{
	return pos ? seq_list_start(head, pos - 1) : head;
}
EXPORT_SYMBOL(seq_list_start_head);

struct list_head *seq_list_next(void *v, struct list_head *head, long long *ppos)
{
	struct list_head *lh = ((struct list_head *)v)->next;

	++*ppos;
	return lh == head ? NULL : lh;
}
EXPORT_SYMBOL(seq_list_next);
