// SPDX-License-Identifier: MIT
/*
 * softirq.c - tasklets, as kernel/softirq.c's: a scheduled tasklet
 * (TASKLET_STATE_SCHED, set by the inline tasklet_schedule) is queued
 * here and run once by the softirq thread, "ksoftirqd/0", prepared as a
 * CPU and serving its softirq (SOFTIRQ_OFFSET in its preempt count, so
 * the module's in_softirq() and in_interrupt() hold there).  A tasklet
 * runs on one CPU at a time (TASKLET_STATE_RUN); a disabled one (count
 * not zero, the inline tasklet_disable) stays queued until enabled, as
 * Linux re-raises the softirq for it.  Each function runs under the
 * fault guard.  The thread starts with the first tasklet scheduled.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <time.h>

#include "kernel.h"

#define TASKLET_STATE_SCHED	0
#define TASKLET_STATE_RUN	1
#define SOFTIRQ_OFFSET		0x100

/* Linux 6.1's struct tasklet_struct. */
struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	int count;			/* atomic_t */
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};
KAPI_LAYOUT(sizeof(struct tasklet_struct) == 40, "Linux 6.1's tasklet_struct");

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queued = PTHREAD_COND_INITIALIZER;	/* or enabled */
static pthread_cond_t state_changed = PTHREAD_COND_INITIALIZER;
static struct tasklet_struct *head, **tail = &head;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_err;

static bool test_and_set(unsigned long *word, int bit)
{
	return __atomic_fetch_or(word, 1ul << bit, __ATOMIC_SEQ_CST) & 1ul << bit;
}

static bool test_bit(unsigned long *word, int bit)
{
	return __atomic_load_n(word, __ATOMIC_SEQ_CST) & 1ul << bit;
}

static void clear(unsigned long *word, int bit)
{
	__atomic_and_fetch(word, ~(1ul << bit), __ATOMIC_SEQ_CST);
}

/* Wakes those waiting in tasklet_kill and tasklet_unlock_wait. */
static void clear_and_wake(struct tasklet_struct *t, int bit)
{
	pthread_mutex_lock(&lock);
	clear(&t->state, bit);
	pthread_cond_broadcast(&state_changed);
	pthread_mutex_unlock(&lock);
}

static void run_one(void *arg)
{
	struct tasklet_struct *t = arg;

	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
}

/* tasklet_action_common's step: true if t ran or is gone, false if it
 * must stay queued (disabled, or running elsewhere). */
static bool run_tasklet(struct tasklet_struct *t)
{
	const void *fn = t->use_callback ? (const void *)t->callback :
					   (const void *)t->func;

	if (test_and_set(&t->state, TASKLET_STATE_RUN))
		return false;
	if (__atomic_load_n(&t->count, __ATOMIC_SEQ_CST)) {
		clear_and_wake(t, TASKLET_STATE_RUN);
		return false;
	}
	clear_and_wake(t, TASKLET_STATE_SCHED);
	kapi_call_module(fn, "tasklet", run_one, t);
	clear_and_wake(t, TASKLET_STATE_RUN);
	return true;
}

/* Takes the queue whole, as tasklet_action does; what could not run
 * goes back on it, and the thread looks again a jiffy later. */
static void *softirq_main(void *arg)
{
	struct tasklet_struct *list, *t;
	bool again = false;

	(void)arg;
	umod_thread_prepare();
	kapi_preempt_add(SOFTIRQ_OFFSET);
	pthread_mutex_lock(&lock);
	for (;;) {
		if (!head) {
			pthread_cond_wait(&queued, &lock);
			continue;
		}
		if (again) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 4000000;	/* a jiffy at HZ 250 */
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_nsec -= 1000000000;
				ts.tv_sec++;
			}
			pthread_cond_timedwait(&queued, &lock, &ts);
		}
		list = head;
		head = NULL;
		tail = &head;
		pthread_mutex_unlock(&lock);
		again = false;
		while ((t = list)) {
			list = t->next;
			if (run_tasklet(t))
				continue;
			pthread_mutex_lock(&lock);
			t->next = NULL;
			*tail = t;
			tail = &t->next;
			pthread_mutex_unlock(&lock);
			again = true;
		}
		pthread_mutex_lock(&lock);
	}
	return NULL;
}

static void start_softirqd(void)
{
	pthread_t thread;

	start_err = pthread_create(&thread, NULL, softirq_main, NULL);
	if (start_err)
		kapi_printk(KERN_ERR "softirq: cannot start ksoftirqd/0 (%d)\n",
			    start_err);
	else
		pthread_setname_np(thread, "ksoftirqd/0");
}

/* Called with TASKLET_STATE_SCHED newly set. */
void __tasklet_schedule(struct tasklet_struct *t)
{
	pthread_once(&started, start_softirqd);
	pthread_mutex_lock(&lock);
	t->next = NULL;
	*tail = t;
	tail = &t->next;
	pthread_cond_signal(&queued);
	pthread_mutex_unlock(&lock);
}
EXPORT_SYMBOL(__tasklet_schedule);

/* One softirq thread: high priority tasklets share it. */
void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule(t);
}
EXPORT_SYMBOL(__tasklet_hi_schedule);

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long),
		  unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->func = func;
	t->use_callback = false;
	t->data = data;
}
EXPORT_SYMBOL(tasklet_init);

void tasklet_setup(struct tasklet_struct *t,
		   void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}
EXPORT_SYMBOL(tasklet_setup);

static void wait_clear(struct tasklet_struct *t, int bit)
{
	pthread_mutex_lock(&lock);
	while (test_bit(&t->state, bit))
		pthread_cond_wait(&state_changed, &lock);
	pthread_mutex_unlock(&lock);
}

void tasklet_unlock(struct tasklet_struct *t)
{
	clear_and_wake(t, TASKLET_STATE_RUN);
}
EXPORT_SYMBOL(tasklet_unlock);

void tasklet_unlock_wait(struct tasklet_struct *t)
{
	wait_clear(t, TASKLET_STATE_RUN);
}
EXPORT_SYMBOL(tasklet_unlock_wait);

/* Waits for a scheduled tasklet to run, and a running one to finish;
 * from then on it is not scheduled.  A disabled, scheduled tasklet waits
 * for its enable, as on Linux. */
void tasklet_kill(struct tasklet_struct *t)
{
	while (test_and_set(&t->state, TASKLET_STATE_SCHED))
		wait_clear(t, TASKLET_STATE_SCHED);
	tasklet_unlock_wait(t);
	clear_and_wake(t, TASKLET_STATE_SCHED);
}
EXPORT_SYMBOL(tasklet_kill);
