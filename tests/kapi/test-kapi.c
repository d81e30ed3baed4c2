// SPDX-License-Identifier: MIT
/*
 * test-kapi: the kernel API's services keep Linux's contracts across
 * threads, called as module code calls them, on Linux 6.1's layouts:
 * kthreads start on wake_up_process and stop with kthread_stop's result;
 * a mutex excludes four kthreads; work runs once per queueing, flush_work
 * waits for it, delayed work waits its jiffies; timers fire and
 * del_timer_sync waits out a running one; completions and wait queues
 * wake their sleepers; synchronize_rcu waits for a reader; jiffies
 * advance at HZ=250; current differs per thread; a semaphore admits as
 * many as its count and down_timeout gives up; an IDA hands out the
 * lowest free ID in range; clear_user's out-of-line form clears.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <umod/host.h>
#include <umod/kapi.h>

#include "tap.h"

/* ---- Linux 6.1's layouts and the calls, as a module sees them ---- */

struct list_head { struct list_head *next, *prev; };
struct mutex { long owner; unsigned int wait_lock, osq; struct list_head wait_list; };
struct task_struct;
struct work_struct { unsigned long data; struct list_head entry; void (*func)(struct work_struct *); };
struct timer_list { void *next, **pprev; unsigned long expires; void (*function)(struct timer_list *); unsigned int flags; };
struct delayed_work { struct work_struct work; struct timer_list timer; void *wq; int cpu; };
struct completion { unsigned int done; struct { unsigned int lock; struct list_head task_list; } wait; };
struct wait_queue_head { unsigned int lock; struct list_head head; };
struct wait_queue_entry { unsigned int flags; void *private; void *func; struct list_head entry; };

extern volatile unsigned long jiffies;
#define jiffies __atomic_load_n(&jiffies, __ATOMIC_RELAXED)	/* READ_ONCE */
extern void *system_wq;
void __mutex_init(struct mutex *, const char *, void *);
void mutex_lock(struct mutex *);
void mutex_unlock(struct mutex *);
struct task_struct *kthread_create_on_node(int (*)(void *), void *, int, const char *, ...);
int wake_up_process(struct task_struct *);
bool kthread_should_stop(void);
int kthread_stop(struct task_struct *);
long schedule_timeout(long);
bool queue_work_on(int, void *, struct work_struct *);
bool queue_delayed_work_on(int, void *, struct delayed_work *, unsigned long);
bool flush_work(struct work_struct *);
bool cancel_delayed_work_sync(struct delayed_work *);
void delayed_work_timer_fn(struct timer_list *);
void init_timer_key(struct timer_list *, void (*)(struct timer_list *), unsigned int, const char *, void *);
int mod_timer(struct timer_list *, unsigned long);
int del_timer_sync(struct timer_list *);
void __init_swait_queue_head(void *, const char *, void *);
void complete(struct completion *);
unsigned long wait_for_completion_timeout(struct completion *, unsigned long);
void __init_waitqueue_head(struct wait_queue_head *, const char *, void *);
void init_wait_entry(struct wait_queue_entry *, int);
long prepare_to_wait_event(struct wait_queue_head *, struct wait_queue_entry *, int);
void finish_wait(struct wait_queue_head *, struct wait_queue_entry *);
void schedule(void);
void __wake_up(struct wait_queue_head *, unsigned int, int, void *);
void __rcu_read_lock(void);
void __rcu_read_unlock(void);
void synchronize_rcu(void);
struct semaphore { unsigned int lock, count; struct list_head wait_list; };
void down(struct semaphore *);
int down_timeout(struct semaphore *, long);
int down_trylock(struct semaphore *);
void up(struct semaphore *);
struct ida { unsigned int lock, flags; void *head; };
int ida_alloc_range(struct ida *, unsigned int, unsigned int, unsigned int);
void ida_free(struct ida *, unsigned int);
void ida_destroy(struct ida *);

static struct task_struct *current_task(void)
{
	struct task_struct *t;
	extern char current_task_off[] __asm__("current_task");

	__asm__("mov %%gs:(%1), %0" : "=r"(t) : "r"(current_task_off));
	return t;
}

#define INIT_LIST(l) ((l)->next = (l)->prev = (l))
static void init_work(struct work_struct *w, void (*f)(struct work_struct *))
{
	w->data = 0xfffffffe0ul;	/* WORK_STRUCT_NO_POOL's high bits */
	INIT_LIST(&w->entry);
	w->func = f;
}

/* ---- kthreads and a mutex ---- */

static struct mutex lock;
static long counter;

static int hammer(void *arg)
{
	long n = 0;

	while (!kthread_should_stop()) {
		mutex_lock(&lock);
		long c = counter;
		sched_yield();
		counter = c + 1;
		mutex_unlock(&lock);
		n++;
	}
	return (int)n;
}

static int never_run(void *arg)
{
	*(int *)arg = 1;
	return 0;
}

/* ---- work, timers ---- */

static int work_runs;
static unsigned long ran_at;
static int stamped;
static void count_work(struct work_struct *w) { usleep(20000); __atomic_add_fetch(&work_runs, 1, __ATOMIC_SEQ_CST); }
static void stamp_work(struct work_struct *w) { ran_at = jiffies; __atomic_store_n(&stamped, 1, __ATOMIC_SEQ_CST); }

static int timer_started, timer_fired;
static void slow_timer(struct timer_list *t)
{
	__atomic_store_n(&timer_started, 1, __ATOMIC_SEQ_CST);
	usleep(50000);
	__atomic_store_n(&timer_fired, 1, __ATOMIC_SEQ_CST);
}

/* Polls, for 10 s at most: no test here depends on how fast. */
static bool soon(int *flag)
{
	for (int i = 0; i < 10000 && !__atomic_load_n(flag, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- sleeping ---- */

static struct completion done;
static struct wait_queue_head wq;
static int cond;

static int completer(void *arg) { usleep(20000); complete(&done); return 0; }
static int waker(void *arg)
{
	usleep(20000);
	__atomic_store_n(&cond, 1, __ATOMIC_SEQ_CST);
	__wake_up(&wq, 3, 1, NULL);
	return 0;
}

static int reader_state;
static void *reader(void *arg)
{
	umod_thread_prepare();
	__rcu_read_lock();
	__atomic_store_n(&reader_state, 1, __ATOMIC_SEQ_CST);
	usleep(100000);
	__atomic_store_n(&reader_state, 2, __ATOMIC_SEQ_CST);
	__rcu_read_unlock();
	return NULL;
}

/* ---- a semaphore ---- */

static struct semaphore sem;
static int upper(void *arg) { usleep(20000); up(&sem); return 0; }

static struct task_struct *run(int (*fn)(void *), void *arg)
{
	struct task_struct *t = kthread_create_on_node(fn, arg, -1, "test/%d", 0);

	if ((unsigned long)t < (unsigned long)-4095)
		wake_up_process(t);
	return t;
}

int main(void)
{
	struct umod_ctx *ctx = umod_ctx_new();
	struct task_struct *t[4];
	struct work_struct w;
	struct delayed_work dw;
	struct timer_list timer;
	struct wait_queue_entry e;
	unsigned long j0, start;
	long total = 0;
	int flag = 0;
	pthread_t rt;

	long long t0, dt;

	plan(20);
	ok(ctx && !umod_kapi_attach(ctx), "umod_kapi_attach");

	/* Within a tick or two of the clock, however late the ticker ran. */
	j0 = jiffies;
	t0 = now_ms();
	usleep(200000);
	dt = (now_ms() - t0) / 4;
	ok((long)(jiffies - j0) >= dt - 25 && (long)(jiffies - j0) <= dt + 1,
	   "jiffies advance at HZ=250: %lu in %lld ms", jiffies - j0, dt * 4);

	__mutex_init(&lock, "lock", NULL);
	for (int i = 0; i < 4; i++)
		t[i] = run(hammer, NULL);
	usleep(100000);
	for (int i = 0; i < 4; i++)
		total += kthread_stop(t[i]);
	ok(total > 0 && counter == total,
	   "a mutex excludes 4 kthreads: %ld increments, counted %ld", counter, total);
	ok(t[0] != t[1] && t[0] != current_task(), "each thread has its own current");

	t[0] = kthread_create_on_node(never_run, &flag, -1, "never");
	ok(kthread_stop(t[0]) == -4 && !flag,
	   "a kthread stopped before waking returns -EINTR without running");

	init_work(&w, count_work);
	ok(queue_work_on(0, system_wq, &w), "queue_work_on system_wq takes INIT_WORK's item");
	flush_work(&w);
	ok(work_runs == 1 && !(w.data & 1),
	   "flush_work returns once it ran, once (%d), and it is not pending", work_runs);

	init_work(&dw.work, stamp_work);
	init_timer_key(&dw.timer, delayed_work_timer_fn, 0, NULL, NULL);
	start = jiffies;
	queue_delayed_work_on(0, system_wq, &dw, 25);
	flag = soon(&stamped);	/* before ok()'s arguments read ran_at */
	ok(flag && ran_at - start >= 25,
	   "delayed work runs after its 25 jiffies (%lu)", ran_at - start);
	cancel_delayed_work_sync(&dw);

	init_timer_key(&timer, slow_timer, 0, NULL, NULL);
	mod_timer(&timer, jiffies + 2);
	flag = soon(&timer_started);
	del_timer_sync(&timer);
	ok(flag && timer_fired,
	   "a timer fires, and del_timer_sync waits for its function to end");

	done.done = 0;
	__init_swait_queue_head(&done.wait, "done", NULL);
	t[0] = run(completer, NULL);
	ok(wait_for_completion_timeout(&done, 250) > 0, "complete() from a kthread ends a wait");
	ok(wait_for_completion_timeout(&done, 5) == 0, "a second wait times out");
	kthread_stop(t[0]);	/* it has ended: this reaps it */

	__init_waitqueue_head(&wq, "wq", NULL);
	t[0] = run(waker, NULL);
	init_wait_entry(&e, 0);
	for (;;) {
		prepare_to_wait_event(&wq, &e, 2);
		if (__atomic_load_n(&cond, __ATOMIC_SEQ_CST))
			break;
		schedule();
	}
	finish_wait(&wq, &e);
	ok(cond, "wait_event's loop sleeps until __wake_up");
	kthread_stop(t[0]);

	pthread_create(&rt, NULL, reader, NULL);
	while (!__atomic_load_n(&reader_state, __ATOMIC_SEQ_CST))
		usleep(1000);
	synchronize_rcu();
	ok(reader_state == 2, "synchronize_rcu waits for a reader inside rcu_read_lock");
	pthread_join(rt, NULL);

	/* sema_init(&sem, 2), as the inline function leaves it. */
	sem = (struct semaphore){ 0, 2, { &sem.wait_list, &sem.wait_list } };
	down(&sem);
	ok(!down_trylock(&sem) && down_trylock(&sem) == 1,
	   "a semaphore of 2 admits two, and down_trylock refuses a third");
	t[0] = run(upper, NULL);
	down(&sem);
	ok(sem.count == 0, "down sleeps until a kthread's up");
	kthread_stop(t[0]);
	start = jiffies;
	flag = down_timeout(&sem, 5);
	j0 = jiffies - start;
	ok(flag == -62 && j0 >= 5,
	   "down_timeout gives up with -ETIME after its 5 jiffies (%lu)", j0);

	struct ida ida = { 0 };
	int a = ida_alloc_range(&ida, 0, ~0u, 0), b = ida_alloc_range(&ida, 0, ~0u, 0);

	ida_free(&ida, a);
	ok(a == 0 && b == 1 && ida_alloc_range(&ida, 0, ~0u, 0) == 0,
	   "an IDA gives 0, 1, then 0 again once freed");
	ok(ida_alloc_range(&ida, 100, 101, 0) == 100 && ida_alloc_range(&ida, 100, 101, 0) == 101 &&
	   ida_alloc_range(&ida, 100, 101, 0) == -28,
	   "IDs in [100, 101]: both, then -ENOSPC");
	ida_free(&ida, 0), ida_free(&ida, 1), ida_free(&ida, 100), ida_free(&ida, 101);
	ok(!ida.head, "every ID freed, the IDA is empty (ida_is_empty)");
	ida_destroy(&ida);

	/* clear_user's out-of-line form, as the kernel's alternatives call
	 * it: count in %rcx, address in %rdi, %rax 0; past the red zone. */
	char buf[32];
	unsigned long left = 20;
	void *at = buf + 4;

	memset(buf, 'x', sizeof(buf));
	__asm__ volatile("sub $128, %%rsp\n\tcall clear_user_erms\n\tadd $128, %%rsp"
			 : "+c" (left), "+D" (at) : "a" (0) : "rdx", "memory", "cc");
	ok(!left && buf[3] == 'x' && buf[24] == 'x' && !memcmp(buf + 4, (char[20]){ 0 }, 20),
	   "clear_user_erms clears %%rcx bytes at %%rdi and leaves 0 in %%rcx");

	umod_ctx_free(ctx);
	return tap_failed ? 1 : 0;
}
