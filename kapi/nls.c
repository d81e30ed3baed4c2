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
