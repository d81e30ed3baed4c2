// SPDX-License-Identifier: MIT
/*
 * workqueue.c - workqueues: work items run on worker threads, each
 * prepared as a CPU (umod_thread_prepare).  Layouts are Linux 6.1's
 * work_struct and delayed_work; a queued item has WORK_STRUCT_PENDING in
 * data (the inline work_pending() tests it) and, marked WORK_STRUCT_PWQ,
 * the queue's address in the bits above, so flush_work and
 * cancel_work_sync find it.  A queue has
 * up to max_active workers (4 at most; 1 for an ordered queue), started
 * when first needed.  Delayed work waits on a timer (timer.c) whose
 * function, delayed_work_timer_fn, queues it.  system_wq and its kin
 * are there from umod_kapi_attach on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define WORK_STRUCT_PENDING	1ul
#define WORK_STRUCT_PWQ		4ul	/* data holds a queue: ours, not INIT_WORK's */
#define WORK_DATA_FLAGS		0xfful	/* Linux keeps its flags below 256 */
#define WQ_UNBOUND		(1u << 1)
#define __WQ_ORDERED		(1u << 17)
#define MAX_WORKERS		4

struct work_struct {
	unsigned long data;
	struct list_head entry;
	void (*func)(struct work_struct *work);
};

struct timer_list {
	void *next, **pprev;
	unsigned long expires;
	void (*function)(struct timer_list *t);
	u32 flags;
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};
KAPI_LAYOUT(offsetof(struct delayed_work, timer) == 32 &&
	       offsetof(struct delayed_work, wq) == 72, "Linux 6.1's delayed_work");

struct workqueue_struct {
	char name[32];
	pthread_mutex_t lock;
	pthread_cond_t more;		/* work queued, or stopping */
	pthread_cond_t done;		/* an item finished */
	struct list_head items;
	struct work_struct *running[MAX_WORKERS];
	pthread_t workers[MAX_WORKERS];
	int max_workers, nr_workers, idle;
	unsigned long queued, finished;	/* for flush: items in and out */
	bool stopping;
} __attribute__((aligned(256)));

int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer(struct timer_list *t);
int del_timer_sync(struct timer_list *t);

/* The queue w was last queued on; NULL if never (INIT_WORK's data). */
static struct workqueue_struct *wq_of(struct work_struct *w)
{
	unsigned long d = __atomic_load_n(&w->data, __ATOMIC_SEQ_CST);

	return d & WORK_STRUCT_PWQ ? (void *)(d & ~WORK_DATA_FLAGS) : NULL;
}

/* Sets PENDING and the queue; false if it was pending already. */
static bool claim(struct work_struct *w, struct workqueue_struct *wq)
{
	unsigned long d = __atomic_load_n(&w->data, __ATOMIC_SEQ_CST);

	do {
		if (d & WORK_STRUCT_PENDING)
			return false;
	} while (!__atomic_compare_exchange_n(&w->data, &d,
				(unsigned long)wq | (d & WORK_DATA_FLAGS & ~WORK_STRUCT_PWQ) |
				WORK_STRUCT_PWQ | WORK_STRUCT_PENDING,
				false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return true;
}

static void unclaim(struct work_struct *w)
{
	__atomic_and_fetch(&w->data, ~WORK_STRUCT_PENDING, __ATOMIC_SEQ_CST);
}

static int worker_index(struct workqueue_struct *wq)
{
	for (int i = 0; i < wq->nr_workers; i++)
		if (pthread_equal(wq->workers[i], pthread_self()))
			return i;
	return -1;
}

static void *worker_main(void *arg)
{
	struct workqueue_struct *wq = arg;
	struct work_struct *w;
	int me;

	umod_thread_prepare();
	pthread_mutex_lock(&wq->lock);
	me = worker_index(wq);
	for (;;) {
		while (kapi_list_empty(&wq->items) && !wq->stopping) {
			wq->idle++;
			pthread_cond_wait(&wq->more, &wq->lock);
			wq->idle--;
		}
		if (kapi_list_empty(&wq->items))
			break;
		w = (void *)((char *)wq->items.next - offsetof(struct work_struct, entry));
		kapi_list_del_init(&w->entry);
		wq->running[me] = w;
		unclaim(w);	/* it may be queued again while it runs */
		pthread_mutex_unlock(&wq->lock);
		w->func(w);
		pthread_mutex_lock(&wq->lock);
		wq->running[me] = NULL;
		wq->finished++;
		pthread_cond_broadcast(&wq->done);
	}
	pthread_mutex_unlock(&wq->lock);
	return NULL;
}

/* With wq->lock held. */
static void enqueue(struct workqueue_struct *wq, struct work_struct *w)
{
	kapi_list_add_tail(&w->entry, &wq->items);
	wq->queued++;
	if (!wq->idle && wq->nr_workers < wq->max_workers &&
	    !pthread_create(&wq->workers[wq->nr_workers], NULL, worker_main, wq))
		wq->nr_workers++;
	pthread_cond_signal(&wq->more);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *w)
{
	if (!claim(w, wq))
		return false;
	pthread_mutex_lock(&wq->lock);
	enqueue(wq, w);
	pthread_mutex_unlock(&wq->lock);
	return true;
}
EXPORT_SYMBOL(queue_work_on);

void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dw = (void *)((char *)t - offsetof(struct delayed_work, timer));

	pthread_mutex_lock(&dw->wq->lock);
	enqueue(dw->wq, &dw->work);
	pthread_mutex_unlock(&dw->wq->lock);
}
EXPORT_SYMBOL(delayed_work_timer_fn);

static void start_delayed(struct workqueue_struct *wq, struct delayed_work *dw,
			  unsigned long delay)
{
	dw->wq = wq;
	if (!delay) {
		pthread_mutex_lock(&wq->lock);
		enqueue(wq, &dw->work);
		pthread_mutex_unlock(&wq->lock);
		return;
	}
	mod_timer(&dw->timer, kapi_jiffies() + delay);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dw, unsigned long delay)
{
	if (!claim(&dw->work, wq))
		return false;
	start_delayed(wq, dw, delay);
	return true;
}
EXPORT_SYMBOL(queue_delayed_work_on);

/* Takes a pending item off its queue: true if it was queued. */
static bool unqueue(struct work_struct *w)
{
	struct workqueue_struct *wq = wq_of(w);
	bool was = false;

	if (!wq)
		return false;
	pthread_mutex_lock(&wq->lock);
	if ((w->data & WORK_STRUCT_PENDING) && !kapi_list_empty(&w->entry)) {
		kapi_list_del_init(&w->entry);
		wq->finished++;		/* as far as flushes go */
		unclaim(w);
		pthread_cond_broadcast(&wq->done);
		was = true;
	}
	pthread_mutex_unlock(&wq->lock);
	return was;
}

static bool is_running(struct workqueue_struct *wq, struct work_struct *w)
{
	for (int i = 0; i < wq->nr_workers; i++)
		if (wq->running[i] == w)
			return true;
	return false;
}

/* Until w is neither queued nor running; true if it had to wait. */
bool flush_work(struct work_struct *w)
{
	struct workqueue_struct *wq = wq_of(w);
	bool waited = false;

	if (!wq)
		return false;
	pthread_mutex_lock(&wq->lock);
	while ((!kapi_list_empty(&w->entry) && (w->data & WORK_STRUCT_PENDING)) ||
	       (is_running(wq, w) && worker_index(wq) < 0)) {
		pthread_cond_wait(&wq->done, &wq->lock);
		waited = true;
	}
	pthread_mutex_unlock(&wq->lock);
	return waited;
}
EXPORT_SYMBOL(flush_work);

bool cancel_work_sync(struct work_struct *w)
{
	bool was = unqueue(w);

	flush_work(w);
	return was;
}
EXPORT_SYMBOL(cancel_work_sync);

bool cancel_work(struct work_struct *w)
{
	return unqueue(w);
}
EXPORT_SYMBOL(cancel_work);

bool cancel_delayed_work(struct delayed_work *dw)
{
	if (del_timer(&dw->timer)) {
		unclaim(&dw->work);
		return true;
	}
	return unqueue(&dw->work);
}
EXPORT_SYMBOL(cancel_delayed_work);

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was = false;

	if (del_timer_sync(&dw->timer)) {
		unclaim(&dw->work);
		was = true;
	}
	return cancel_work_sync(&dw->work) || was;
}
EXPORT_SYMBOL(cancel_delayed_work_sync);

bool flush_delayed_work(struct delayed_work *dw)
{
	if (del_timer_sync(&dw->timer)) {
		pthread_mutex_lock(&dw->wq->lock);
		enqueue(dw->wq, &dw->work);
		pthread_mutex_unlock(&dw->wq->lock);
	}
	return flush_work(&dw->work);
}
EXPORT_SYMBOL(flush_delayed_work);

/* Pending or not, it is (re)queued to run after delay; true if it was
 * pending. */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dw, unsigned long delay)
{
	bool was = cancel_delayed_work(dw);

	queue_delayed_work_on(cpu, wq, dw, delay);
	return was;
}
EXPORT_SYMBOL(mod_delayed_work_on);

/* Until everything queued before the call has run. */
void __flush_workqueue(struct workqueue_struct *wq)
{
	unsigned long target;

	pthread_mutex_lock(&wq->lock);
	target = wq->queued;
	while ((long)(wq->finished - target) < 0)
		pthread_cond_wait(&wq->done, &wq->lock);
	pthread_mutex_unlock(&wq->lock);
}
EXPORT_SYMBOL(__flush_workqueue);

void drain_workqueue(struct workqueue_struct *wq)
{
	__flush_workqueue(wq);
}
EXPORT_SYMBOL(drain_workqueue);

static struct workqueue_struct *new_wq(unsigned int flags, int max_active,
				       const char *fmt, va_list ap)
{
	struct workqueue_struct *wq = aligned_alloc(256, sizeof(*wq));

	if (!wq)
		return NULL;
	memset(wq, 0, sizeof(*wq));
	umod_vsnprintf(wq->name, sizeof(wq->name), fmt, ap);
	pthread_mutex_init(&wq->lock, NULL);
	pthread_cond_init(&wq->more, NULL);
	pthread_cond_init(&wq->done, NULL);
	kapi_list_init(&wq->items);
	wq->max_workers = (flags & __WQ_ORDERED) || max_active == 1 ? 1 :
			  max_active > 0 && max_active < MAX_WORKERS ? max_active :
			  MAX_WORKERS;
	return wq;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	struct workqueue_struct *wq;
	va_list ap;

	va_start(ap, max_active);
	wq = new_wq(flags, max_active, fmt, ap);
	va_end(ap);
	return wq;
}
EXPORT_SYMBOL(alloc_workqueue);

void destroy_workqueue(struct workqueue_struct *wq)
{
	drain_workqueue(wq);
	pthread_mutex_lock(&wq->lock);
	wq->stopping = true;
	pthread_cond_broadcast(&wq->more);
	pthread_mutex_unlock(&wq->lock);
	for (int i = 0; i < wq->nr_workers; i++)
		pthread_join(wq->workers[i], NULL);
	pthread_mutex_destroy(&wq->lock);
	pthread_cond_destroy(&wq->more);
	pthread_cond_destroy(&wq->done);
	free(wq);
}
EXPORT_SYMBOL(destroy_workqueue);

struct workqueue_struct *system_wq, *system_highpri_wq, *system_long_wq,
	*system_unbound_wq, *system_freezable_wq, *system_power_efficient_wq,
	*system_freezable_power_efficient_wq;
EXPORT_SYMBOL(system_wq);
EXPORT_SYMBOL(system_highpri_wq);
EXPORT_SYMBOL(system_long_wq);
EXPORT_SYMBOL(system_unbound_wq);
EXPORT_SYMBOL(system_freezable_wq);
EXPORT_SYMBOL(system_power_efficient_wq);
EXPORT_SYMBOL(system_freezable_power_efficient_wq);

int kapi_workqueue_setup(void)
{
	system_wq = alloc_workqueue("events", 0, 0);
	system_highpri_wq = alloc_workqueue("events_highpri", 0, 0);
	system_long_wq = alloc_workqueue("events_long", 0, 0);
	system_unbound_wq = alloc_workqueue("events_unbound", WQ_UNBOUND, 0);
	system_freezable_wq = alloc_workqueue("events_freezable", 0, 0);
	system_power_efficient_wq = alloc_workqueue("events_power_efficient", 0, 0);
	system_freezable_power_efficient_wq =
		alloc_workqueue("events_freezable_power_efficient", 0, 0);
	if (!system_wq || !system_highpri_wq || !system_long_wq ||
	    !system_unbound_wq || !system_freezable_wq ||
	    !system_power_efficient_wq || !system_freezable_power_efficient_wq)
		return -ENOMEM;
	return 0;
}
