// SPDX-License-Identifier: MIT
/*
 * wait.c - wait queues, as kernel/sched/wait.c: the inline wait_event()
 * family puts an entry on the queue, sets the task's state and calls
 * schedule(); __wake_up calls each entry's function, by default waking
 * its task (sched.c).  Layouts are Linux 6.1's wait_queue_head and
 * wait_queue_entry; exclusive waiters go last and wake nr at a time.
 */
#include "kernel.h"

#define ERESTARTSYS	512

#define WQ_FLAG_EXCLUSIVE	0x01
#define WQ_FLAG_WOKEN		0x02

struct wait_queue_head {
	raw_spinlock_t lock;
	struct list_head head;
};

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *e, unsigned int mode,
				 int flags, void *key);

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
};

void __init_waitqueue_head(struct wait_queue_head *wq, const char *name,
			   void *key)
{
	wq->lock.val = 0;
	kapi_list_init(&wq->head);
}
EXPORT_SYMBOL(__init_waitqueue_head);

int default_wake_function(struct wait_queue_entry *e, unsigned int mode,
			  int sync, void *key)
{
	return try_to_wake_up(e->private, mode, sync);
}
EXPORT_SYMBOL(default_wake_function);

int autoremove_wake_function(struct wait_queue_entry *e, unsigned int mode,
			     int sync, void *key)
{
	int ret = default_wake_function(e, mode, sync, key);

	if (ret)
		kapi_list_del_init(&e->entry);
	return ret;
}
EXPORT_SYMBOL(autoremove_wake_function);

int woken_wake_function(struct wait_queue_entry *e, unsigned int mode,
			int sync, void *key)
{
	__atomic_or_fetch(&e->flags, WQ_FLAG_WOKEN, __ATOMIC_SEQ_CST);
	return default_wake_function(e, mode, sync, key);
}
EXPORT_SYMBOL(woken_wake_function);

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	_raw_spin_lock(&wq->lock);
	kapi_list_add(&e->entry, &wq->head);
	_raw_spin_unlock(&wq->lock);
}
EXPORT_SYMBOL(add_wait_queue);

void add_wait_queue_exclusive(struct wait_queue_head *wq,
			      struct wait_queue_entry *e)
{
	e->flags |= WQ_FLAG_EXCLUSIVE;
	_raw_spin_lock(&wq->lock);
	kapi_list_add_tail(&e->entry, &wq->head);
	_raw_spin_unlock(&wq->lock);
}
EXPORT_SYMBOL(add_wait_queue_exclusive);

void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	_raw_spin_lock(&wq->lock);
	kapi_list_del_init(&e->entry);
	_raw_spin_unlock(&wq->lock);
}
EXPORT_SYMBOL(remove_wait_queue);

void init_wait_entry(struct wait_queue_entry *e, int flags)
{
	e->flags = flags;
	e->private = kapi_current();
	e->func = autoremove_wake_function;
	kapi_list_init(&e->entry);
}
EXPORT_SYMBOL(init_wait_entry);

static void enqueue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	if (!kapi_list_empty(&e->entry))
		return;
	if (e->flags & WQ_FLAG_EXCLUSIVE)
		kapi_list_add_tail(&e->entry, &wq->head);
	else
		kapi_list_add(&e->entry, &wq->head);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e,
		     int state)
{
	e->flags &= ~WQ_FLAG_EXCLUSIVE;
	_raw_spin_lock(&wq->lock);
	enqueue(wq, e);
	kapi_set_current_state(state);
	_raw_spin_unlock(&wq->lock);
}
EXPORT_SYMBOL(prepare_to_wait);

bool prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *e, int state)
{
	bool was_empty;

	e->flags |= WQ_FLAG_EXCLUSIVE;
	_raw_spin_lock(&wq->lock);
	was_empty = kapi_list_empty(&wq->head);
	enqueue(wq, e);
	kapi_set_current_state(state);
	_raw_spin_unlock(&wq->lock);
	return was_empty;
}
EXPORT_SYMBOL(prepare_to_wait_exclusive);

/* -ERESTARTSYS, off the queue, when a signal ends a wait in state:
 * any in an interruptible one, a fatal one in a killable one (signal.c's). */
long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *e, int state)
{
	long ret = 0;

	_raw_spin_lock(&wq->lock);
	if (kapi_signal_pending_state(state, kapi_current())) {
		if (!kapi_list_empty(&e->entry))
			kapi_list_del_init(&e->entry);
		ret = -ERESTARTSYS;
	} else {
		enqueue(wq, e);
		kapi_set_current_state(state);
	}
	_raw_spin_unlock(&wq->lock);
	return ret;
}
EXPORT_SYMBOL(prepare_to_wait_event);

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
	kapi_set_current_state(TASK_RUNNING);
	if (!kapi_list_empty(&e->entry)) {
		_raw_spin_lock(&wq->lock);
		kapi_list_del_init(&e->entry);
		_raw_spin_unlock(&wq->lock);
	}
}
EXPORT_SYMBOL(finish_wait);

long wait_woken(struct wait_queue_entry *e, unsigned int mode, long timeout)
{
	kapi_set_current_state(mode);
	if (!(__atomic_load_n(&e->flags, __ATOMIC_SEQ_CST) & WQ_FLAG_WOKEN))
		timeout = schedule_timeout(timeout);
	kapi_set_current_state(TASK_RUNNING);
	__atomic_and_fetch(&e->flags, ~WQ_FLAG_WOKEN, __ATOMIC_SEQ_CST);
	return timeout;
}
EXPORT_SYMBOL(wait_woken);

/* The caller holds wq->lock. */
static void wake_up_common(struct wait_queue_head *wq, unsigned int mode,
			   int nr_exclusive, int wake_flags, void *key)
{
	struct list_head *p, *next;

	for (p = wq->head.next; p != &wq->head; p = next) {
		struct wait_queue_entry *e = (void *)((char *)p -
				offsetof(struct wait_queue_entry, entry));
		unsigned int flags = e->flags;
		int ret;

		next = p->next;
		ret = e->func(e, mode, wake_flags, key);
		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr, void *key)
{
	_raw_spin_lock(&wq->lock);
	wake_up_common(wq, mode, nr, 0, key);
	_raw_spin_unlock(&wq->lock);
}
EXPORT_SYMBOL(__wake_up);

void __wake_up_sync_key(struct wait_queue_head *wq, unsigned int mode, void *key)
{
	__wake_up(wq, mode, 1, key);
}
EXPORT_SYMBOL(__wake_up_sync_key);

void __wake_up_sync(struct wait_queue_head *wq, unsigned int mode)
{
	__wake_up(wq, mode, 1, NULL);
}
EXPORT_SYMBOL(__wake_up_sync);

void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr)
{
	wake_up_common(wq, mode, nr, 0, NULL);
}
EXPORT_SYMBOL(__wake_up_locked);

void __wake_up_locked_key(struct wait_queue_head *wq, unsigned int mode,
			  void *key)
{
	wake_up_common(wq, mode, 1, 0, key);
}
EXPORT_SYMBOL(__wake_up_locked_key);
