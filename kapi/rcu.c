// SPDX-License-Identifier: MIT
/*
 * rcu.c - RCU, preemptible flavour as Debian's kernel has it: readers
 * (__rcu_read_lock/__rcu_read_unlock) count their nesting per thread;
 * synchronize_rcu waits until every thread that was inside a read-side
 * section when it was called has left it (or its outermost section has
 * ended since).  call_rcu and kfree_rcu callbacks run on one RCU thread
 * after a grace period, in order; rcu_barrier waits for those queued so
 * far.  Sections made only of preempt_disable() or a spinlock, which
 * Linux also counts as readers, are not seen here.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "kernel.h"

struct reader {
	unsigned long nesting;
	unsigned long exits;		/* outermost sections ended */
	struct reader *next;
	bool gone;
};

static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct reader *readers;
static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;
static __thread struct reader *me;

/* A thread's record outlives it (it may be in a snapshot): marked gone,
 * it is reused by the next thread. */
static void reader_exit(void *arg)
{
	struct reader *r = arg;

	__atomic_store_n(&r->gone, true, __ATOMIC_SEQ_CST);
}

static void reader_setup(void)
{
	pthread_key_create(&reader_key, reader_exit);
}

static struct reader *this_reader(void)
{
	struct reader *r;

	if (me)
		return me;
	pthread_once(&reader_once, reader_setup);
	pthread_mutex_lock(&readers_lock);
	for (r = readers; r && !r->gone; r = r->next)
		;
	if (r) {
		r->gone = false;
	} else if ((r = calloc(1, sizeof(*r)))) {
		r->next = readers;
		readers = r;
	}
	pthread_mutex_unlock(&readers_lock);
	if (!r)
		abort();	/* no memory for a reader: nothing safe to do */
	pthread_setspecific(reader_key, r);
	return me = r;
}

void __rcu_read_lock(void)
{
	struct reader *r = this_reader();

	__atomic_store_n(&r->nesting, r->nesting + 1, __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(__rcu_read_lock);

void __rcu_read_unlock(void)
{
	struct reader *r = this_reader();

	if (r->nesting == 1)
		__atomic_add_fetch(&r->exits, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&r->nesting, r->nesting - 1, __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(__rcu_read_unlock);

void synchronize_rcu(void)
{
	struct reader *r;

	pthread_mutex_lock(&readers_lock);
	for (r = readers; r; r = r->next) {
		unsigned long exits = __atomic_load_n(&r->exits, __ATOMIC_SEQ_CST);

		if (r == me)
			continue;	/* Linux forbids it inside a section */
		while (__atomic_load_n(&r->nesting, __ATOMIC_SEQ_CST) &&
		       __atomic_load_n(&r->exits, __ATOMIC_SEQ_CST) == exits &&
		       !__atomic_load_n(&r->gone, __ATOMIC_SEQ_CST))
			sched_yield();
	}
	pthread_mutex_unlock(&readers_lock);
}
EXPORT_SYMBOL(synchronize_rcu);

void synchronize_rcu_expedited(void)
{
	synchronize_rcu();
}
EXPORT_SYMBOL(synchronize_rcu_expedited);

/* ---- Callbacks ---- */

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
};

static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_more = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cb_done = PTHREAD_COND_INITIALIZER;
static struct callback_head *cb_first, **cb_last = &cb_first;
static unsigned long cb_queued, cb_invoked;

void kvfree(const void *p);

static void invoke(struct callback_head *h)
{
	unsigned long offset = (unsigned long)h->func;

	if (offset < 4096)	/* kfree_rcu: the head's offset in the object */
		kvfree((char *)h - offset);
	else
		h->func(h);
}

static void *rcu_main(void *arg)
{
	struct callback_head *batch, *next;
	unsigned long n;

	umod_thread_prepare();
	pthread_mutex_lock(&cb_lock);
	for (;;) {
		while (!cb_first)
			pthread_cond_wait(&cb_more, &cb_lock);
		batch = cb_first;
		cb_first = NULL;
		cb_last = &cb_first;
		pthread_mutex_unlock(&cb_lock);
		synchronize_rcu();
		for (n = 0; batch; batch = next, n++) {
			next = batch->next;
			invoke(batch);
		}
		pthread_mutex_lock(&cb_lock);
		cb_invoked += n;
		pthread_cond_broadcast(&cb_done);
	}
	return NULL;
}

void call_rcu(struct callback_head *head, void (*func)(struct callback_head *))
{
	head->func = func;
	head->next = NULL;
	pthread_mutex_lock(&cb_lock);
	*cb_last = head;
	cb_last = &head->next;
	cb_queued++;
	pthread_cond_signal(&cb_more);
	pthread_mutex_unlock(&cb_lock);
}
EXPORT_SYMBOL(call_rcu);

/* kfree_rcu(p, field) passes the field's offset as func; kvfree_rcu(p)
 * with no head, the pointer itself. */
void kvfree_call_rcu(struct callback_head *head,
		     void (*func)(struct callback_head *))
{
	if (head) {
		call_rcu(head, func);
		return;
	}
	synchronize_rcu();
	kvfree((void *)func);
}
EXPORT_SYMBOL(kvfree_call_rcu);

void rcu_barrier(void)
{
	unsigned long target;

	pthread_mutex_lock(&cb_lock);
	target = cb_queued;
	while ((long)(cb_invoked - target) < 0)
		pthread_cond_wait(&cb_done, &cb_lock);
	pthread_mutex_unlock(&cb_lock);
}
EXPORT_SYMBOL(rcu_barrier);

int kapi_rcu_setup(void)
{
	pthread_attr_t a;
	pthread_t t;
	int err;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&t, &a, rcu_main, NULL);
	pthread_attr_destroy(&a);
	return -err;
}
