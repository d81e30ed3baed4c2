// SPDX-License-Identifier: MIT
/*
 * timer.c - timer_list, in Linux 6.1's layout: a pending timer is on an
 * hlist (entry.pprev set, which the inline timer_pending() tests), and
 * expires at a jiffy.  One timer thread, prepared as a CPU with
 * umod_thread_prepare, runs each expired function in turn, as the timer
 * softirq does; del_timer_sync waits for a running one to finish.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "kernel.h"

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct timer_list {
	struct hlist_node entry;
	unsigned long expires;
	void (*function)(struct timer_list *t);
	u32 flags;
};

static struct hlist_node *pending;	/* the pending timers, unordered */
static struct timer_list *running;	/* whose function runs now */
static pthread_t timer_thread;
static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond;	/* a timer added, or one ran */

static bool is_pending(const struct timer_list *t)
{
	return t->entry.pprev != NULL;
}

static void attach(struct timer_list *t)
{
	t->entry.next = pending;
	if (pending)
		pending->pprev = &t->entry.next;
	t->entry.pprev = &pending;
	pending = &t->entry;
}

static void detach(struct timer_list *t)
{
	*t->entry.pprev = t->entry.next;
	if (t->entry.next)
		t->entry.next->pprev = t->entry.pprev;
	t->entry.next = NULL;
	t->entry.pprev = NULL;
}

void init_timer_key(struct timer_list *t, void (*func)(struct timer_list *),
		    unsigned int flags, const char *name, void *key)
{
	t->entry.next = NULL;
	t->entry.pprev = NULL;
	t->function = func;
	t->flags = flags;
}
EXPORT_SYMBOL(init_timer_key);

static int modify(struct timer_list *t, unsigned long expires, bool only_pending)
{
	int was;

	pthread_mutex_lock(&timer_lock);
	was = is_pending(t);
	if (was)
		detach(t);
	if (was || !only_pending) {
		t->expires = expires;
		attach(t);
		pthread_cond_broadcast(&timer_cond);
	}
	pthread_mutex_unlock(&timer_lock);
	return was;
}

int mod_timer(struct timer_list *t, unsigned long expires)
{
	return modify(t, expires, false);
}
EXPORT_SYMBOL(mod_timer);

int mod_timer_pending(struct timer_list *t, unsigned long expires)
{
	return modify(t, expires, true);
}
EXPORT_SYMBOL(mod_timer_pending);

/* Only ever earlier, as Linux's. */
int timer_reduce(struct timer_list *t, unsigned long expires)
{
	if (is_pending(t) && (long)(t->expires - expires) <= 0)
		return 1;
	return modify(t, expires, false);
}
EXPORT_SYMBOL(timer_reduce);

void add_timer(struct timer_list *t)
{
	mod_timer(t, t->expires);
}
EXPORT_SYMBOL(add_timer);

void add_timer_on(struct timer_list *t, int cpu)
{
	mod_timer(t, t->expires);
}
EXPORT_SYMBOL(add_timer_on);

int del_timer(struct timer_list *t)
{
	int was;

	pthread_mutex_lock(&timer_lock);
	was = is_pending(t);
	if (was)
		detach(t);
	pthread_mutex_unlock(&timer_lock);
	return was;
}
EXPORT_SYMBOL(del_timer);

/* -1 while its function runs, as Linux's. */
int try_to_del_timer_sync(struct timer_list *t)
{
	int ret = -1;

	pthread_mutex_lock(&timer_lock);
	if (running != t) {
		ret = is_pending(t);
		if (ret)
			detach(t);
	}
	pthread_mutex_unlock(&timer_lock);
	return ret;
}
EXPORT_SYMBOL(try_to_del_timer_sync);

/* From the timer's own function it would wait for itself: Linux warns
 * and so does this, and returns. */
int del_timer_sync(struct timer_list *t)
{
	int was;

	if (pthread_equal(pthread_self(), timer_thread) && running == t) {
		kapi_warn("del_timer_sync: called from the timer's own function\n");
		return del_timer(t);
	}
	pthread_mutex_lock(&timer_lock);
	while (running == t)
		pthread_cond_wait(&timer_cond, &timer_lock);
	was = is_pending(t);
	if (was)
		detach(t);
	pthread_mutex_unlock(&timer_lock);
	return was;
}
EXPORT_SYMBOL(del_timer_sync);

/* The first expired timer, detached and marked running; or NULL, and
 * how long to wait for one. */
static struct timer_list *next_expired(struct timespec *wake)
{
	unsigned long now = kapi_jiffies(), first = now + 250;	/* look again in 1 s */
	struct hlist_node *n;

	for (n = pending; n; n = n->next) {
		struct timer_list *t = (struct timer_list *)n;

		if ((long)(t->expires - now) <= 0) {
			detach(t);
			running = t;
			return t;
		}
		if ((long)(t->expires - first) < 0)
			first = t->expires;
	}
	clock_gettime(CLOCK_MONOTONIC, wake);
	wake->tv_nsec += (first - now) * 4000000L;
	wake->tv_sec += wake->tv_nsec / 1000000000L;
	wake->tv_nsec %= 1000000000L;
	return NULL;
}

static void *timer_main(void *arg)
{
	struct timespec wake;
	struct timer_list *t;

	umod_thread_prepare();
	pthread_mutex_lock(&timer_lock);
	for (;;) {
		t = next_expired(&wake);
		if (!t) {
			pthread_cond_timedwait(&timer_cond, &timer_lock, &wake);
			continue;
		}
		pthread_mutex_unlock(&timer_lock);
		t->function(t);
		pthread_mutex_lock(&timer_lock);
		running = NULL;
		pthread_cond_broadcast(&timer_cond);
	}
	return NULL;
}

int kapi_timer_setup(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&timer_cond, &a);
	pthread_condattr_destroy(&a);
	return -pthread_create(&timer_thread, NULL, timer_main, NULL);
}
