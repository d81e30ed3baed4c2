// SPDX-License-Identifier: MIT
/*
 * kthread.c - kernel threads: kthread_create_on_node starts a thread,
 * prepared as a CPU with a task of its own (umod_thread_prepare), which
 * sleeps, as Linux's new kthread does, until wake_up_process(); then it
 * runs threadfn.  kthread_stop sets the stop flag kthread_should_stop()
 * reads, wakes the thread and waits for threadfn's result.  A thread
 * stopped before it ever ran returns -EINTR without running, as on Linux.
 * The kthread hangs off its task in kapi's own slot (percpu.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "kernel.h"

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	char comm[16];
	pthread_t thread;
	struct task_struct *task;	/* set by the thread itself */
	u32 ready;			/* futex: the task is known */
	bool should_stop;
	int result;
};

static void *kthread_main(void *arg)
{
	struct kthread *k = arg;

	if (umod_thread_prepare()) {
		k->result = -ENOMEM;
		__atomic_store_n(&k->ready, 2, __ATOMIC_SEQ_CST);
		kapi_futex_wake(&k->ready, 1);
		return NULL;
	}
	k->task = kapi_current();
	kapi_task_set_comm(k->task, k->comm);
	*kapi_task_slot(k->task) = k;
	/* Asleep before anyone can wake it: wake_up_process starts it. */
	kapi_set_current_state(TASK_UNINTERRUPTIBLE);
	__atomic_store_n(&k->ready, 1, __ATOMIC_SEQ_CST);
	kapi_futex_wake(&k->ready, 1);
	schedule();
	if (!__atomic_load_n(&k->should_stop, __ATOMIC_SEQ_CST))
		k->result = k->threadfn(k->data);
	else
		k->result = -EINTR;
	return NULL;
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
					   void *data, int node,
					   const char namefmt[], ...)
{
	struct kthread *k = calloc(1, sizeof(*k));
	va_list ap;
	int err;

	if (!k)
		return (void *)(long)-ENOMEM;
	k->threadfn = threadfn;
	k->data = data;
	va_start(ap, namefmt);
	umod_vsnprintf(k->comm, sizeof(k->comm), namefmt, ap);
	va_end(ap);
	err = pthread_create(&k->thread, NULL, kthread_main, k);
	if (err) {
		free(k);
		return (void *)(long)-err;
	}
	pthread_setname_np(k->thread, k->comm);
	while (!__atomic_load_n(&k->ready, __ATOMIC_SEQ_CST))
		kapi_futex_wait(&k->ready, 0);
	if (k->ready == 2) {
		err = k->result;
		pthread_join(k->thread, NULL);
		free(k);
		return (void *)(long)err;
	}
	return k->task;
}
EXPORT_SYMBOL(kthread_create_on_node);

bool kthread_should_stop(void)
{
	struct kthread *k = *kapi_task_slot(kapi_current());

	return k && __atomic_load_n(&k->should_stop, __ATOMIC_SEQ_CST);
}
EXPORT_SYMBOL(kthread_should_stop);

int kthread_stop(struct task_struct *task)
{
	struct kthread *k = *kapi_task_slot(task);
	int ret;

	if (!k)
		return -EINVAL;
	__atomic_store_n(&k->should_stop, true, __ATOMIC_SEQ_CST);
	wake_up_process(task);
	pthread_join(k->thread, NULL);
	ret = k->result;
	free(k);
	return ret;
}
EXPORT_SYMBOL(kthread_stop);

/* One CPU: binding changes nothing. */
void kthread_bind(struct task_struct *p, unsigned int cpu)
{
}
EXPORT_SYMBOL(kthread_bind);
