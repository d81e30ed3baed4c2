// SPDX-License-Identifier: MIT
/*
 * nls.c - fs/nls/nls_base.c's registry of code pages: nls_*.ko register
 * their tables, filesystems look them up by charset or alias with
 * load_nls, which holds the owner and asks for nls_<name> when no table
 * is registered, as Linux's does.  Lookup, registration and removal are
 * Linux 6.1's, under one lock.
 */
#include <errno.h>
#include <pthread.h>
#include <strings.h>

#include "kernel.h"

typedef u16 wchar_t16;

struct nls_table {
	const char *charset;
	const char *alias;
	int (*uni2char)(wchar_t16 uni, unsigned char *out, int boundlen);
	int (*char2uni)(const unsigned char *rawstring, int boundlen,
			wchar_t16 *uni);
	const unsigned char *charset2lower;
	const unsigned char *charset2upper;
	struct module *owner;
	struct nls_table *next;
};

static struct nls_table *tables;
static pthread_mutex_t nls_lock = PTHREAD_MUTEX_INITIALIZER;

int __register_nls(struct nls_table *nls, struct module *owner)
{
	struct nls_table **tmp = &tables;

	if (nls->next)
		return -EBUSY;
	nls->owner = owner;
	pthread_mutex_lock(&nls_lock);
	for (; *tmp; tmp = &(*tmp)->next) {
		if (nls == *tmp) {
			pthread_mutex_unlock(&nls_lock);
			return -EBUSY;
		}
	}
	nls->next = tables;
	tables = nls;
	pthread_mutex_unlock(&nls_lock);
	return 0;
}
EXPORT_SYMBOL(__register_nls);

int unregister_nls(struct nls_table *nls)
{
	struct nls_table **tmp = &tables;

	pthread_mutex_lock(&nls_lock);
	for (; *tmp; tmp = &(*tmp)->next) {
		if (nls == *tmp) {
			*tmp = nls->next;
			nls->next = NULL;
			pthread_mutex_unlock(&nls_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&nls_lock);
	return -EINVAL;
}
EXPORT_SYMBOL(unregister_nls);

static struct nls_table *find_nls(const char *charset)
{
	struct nls_table *nls;

	pthread_mutex_lock(&nls_lock);
	for (nls = tables; nls; nls = nls->next) {
		if (!strcasecmp(nls->charset, charset))
			break;
		if (nls->alias && !strcasecmp(nls->alias, charset))
			break;
	}
	if (nls && !try_module_get(nls->owner))
		nls = NULL;
	pthread_mutex_unlock(&nls_lock);
	return nls;
}

struct nls_table *load_nls(const char *charset)
{
	struct nls_table *nls = find_nls(charset);

	if (nls)
		return nls;
	if (request_module("nls_%s", charset))
		return NULL;
	return find_nls(charset);
}
EXPORT_SYMBOL(load_nls);

void unload_nls(struct nls_table *nls)
{
	if (nls)
		module_put(nls->owner);
}
EXPORT_SYMBOL(unload_nls);

/*
 * UTF-8 and UTF-32, as fs/nls/nls_base.c converts them: at most 6 bytes
 * a character, no overlong forms, surrogates refused; -1 on bad input.
 */
typedef u32 unicode_t;

static const struct utf8_table {
	int cmask, cval, shift;
	long lmask, lval;
} utf8_table[] = {
	{ 0x80, 0x00, 0 * 6, 0x7F, 0 },
	{ 0xE0, 0xC0, 1 * 6, 0x7FF, 0x80 },
	{ 0xF0, 0xE0, 2 * 6, 0xFFFF, 0x800 },
	{ 0xF8, 0xF0, 3 * 6, 0x1FFFFF, 0x10000 },
	{ 0xFC, 0xF8, 4 * 6, 0x3FFFFFF, 0x200000 },
	{ 0xFE, 0xFC, 5 * 6, 0x7FFFFFFF, 0x4000000 },
	{ 0 },
};

#define UNICODE_MAX		0x0010ffff
#define PLANE_SIZE		0x00010000
#define SURROGATE_MASK		0xfffff800
#define SURROGATE_PAIR		0x0000d800

int utf8_to_utf32(const u8 *s, int inlen, unicode_t *pu)
{
	unsigned long l;
	int c0, c, nc = 0;
	const struct utf8_table *t;

	c0 = *s;
	l = c0;
	for (t = utf8_table; t->cmask; t++) {
		nc++;
		if ((c0 & t->cmask) == t->cval) {
			l &= t->lmask;
			if (l < (unsigned long)t->lval || l > UNICODE_MAX ||
			    (l & SURROGATE_MASK) == SURROGATE_PAIR)
				return -1;
			*pu = (unicode_t)l;
			return nc;
		}
		if (inlen <= nc)
			return -1;
		s++;
		c = (*s ^ 0x80) & 0xFF;
		if (c & 0xC0)
			return -1;
		l = (l << 6) | c;
	}
	return -1;
}
EXPORT_SYMBOL(utf8_to_utf32);

int utf32_to_utf8(unicode_t u, u8 *s, int maxout)
{
	unsigned long l = u;
	const struct utf8_table *t;
	int c, nc = 0;

	if (l > UNICODE_MAX || (l & SURROGATE_MASK) == SURROGATE_PAIR)
		return -1;
	for (t = utf8_table; t->cmask && maxout; t++, maxout--) {
		nc++;
		if (l <= (unsigned long)t->lmask) {
			c = t->shift;
			*s = (u8)(t->cval | (l >> c));
			while (c > 0) {
				c -= 6;
				s++;
				*s = (u8)(0x80 | ((l >> c) & 0x3F));
			}
			return nc;
		}
	}
	return -1;
}
EXPORT_SYMBOL(utf32_to_utf8);
