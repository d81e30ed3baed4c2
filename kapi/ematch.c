// SPDX-License-Identifier: MIT
/*
 * ematch.c - net/sched/ematch.c's registry of extended matches, which
 * the em_*.ko modules register with: one per kind, -EEXIST for a kind
 * taken, -EINVAL without a match function, as Linux 6.1's.  The packet
 * classifier that would call them is not here.
 */
#include <errno.h>
#include <pthread.h>

#include "kernel.h"

struct tcf_ematch_ops {
	int kind;
	int datalen;
	void *change, *match, *destroy, *dump;
	struct module *owner;
	struct list_head link;
};

static struct list_head ematch_ops = { &ematch_ops, &ematch_ops };
static pthread_rwlock_t ematch_lock = PTHREAD_RWLOCK_INITIALIZER;

int tcf_em_register(struct tcf_ematch_ops *ops)
{
	struct list_head *p;
	int err = 0;

	if (!ops->match)
		return -EINVAL;
	pthread_rwlock_wrlock(&ematch_lock);
	for (p = ematch_ops.next; p != &ematch_ops; p = p->next) {
		struct tcf_ematch_ops *e = (void *)((char *)p -
				offsetof(struct tcf_ematch_ops, link));

		if (e->kind == ops->kind) {
			err = -EEXIST;
			break;
		}
	}
	if (!err)
		kapi_list_add_tail(&ops->link, &ematch_ops);
	pthread_rwlock_unlock(&ematch_lock);
	return err;
}
EXPORT_SYMBOL(tcf_em_register);

void tcf_em_unregister(struct tcf_ematch_ops *ops)
{
	pthread_rwlock_wrlock(&ematch_lock);
	kapi_list_del_init(&ops->link);
	pthread_rwlock_unlock(&ematch_lock);
}
EXPORT_SYMBOL(tcf_em_unregister);
