/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - what kapi's files share: Linux's types and layouts as the
 * modules compile against them (Linux 6.1, x86-64, Debian's config), and
 * each file's entry points the others use.
 */
#ifndef KAPI_KERNEL_H
#define KAPI_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <umod/export.h>
#include <umod/linux.h>

/* Linux 6.1's 64-bit layouts, which the genuine modules umod loads have;
 * 32-bit hosts (i386, arm) load none, so there is nothing to hold to. */
#if UINTPTR_MAX > 0xffffffffu
#define KAPI_LAYOUT(cond, msg)	_Static_assert(cond, msg)
#else
#define KAPI_LAYOUT(cond, msg)	_Static_assert(1, msg)
#endif

typedef unsigned int gfp_t;
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef int32_t s32;
typedef int64_t ktime_t;

struct list_head {
	struct list_head *next, *prev;
};

static inline void kapi_list_init(struct list_head *h)
{
	h->next = h->prev = h;
}

static inline bool kapi_list_empty(const struct list_head *h)
{
	return __atomic_load_n(&h->next, __ATOMIC_RELAXED) == h;
}

static inline void kapi_list_insert(struct list_head *n, struct list_head *prev,
				    struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

#define kapi_list_add(n, h)	kapi_list_insert(n, h, (h)->next)
#define kapi_list_add_tail(n, h) kapi_list_insert(n, (h)->prev, h)

static inline void kapi_list_del_init(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	kapi_list_init(e);
}

#define LIST_POISON1	((void *)0xdead000000000100ul)
#define LIST_POISON2	((void *)0xdead000000000122ul)

/* Linux's err.h: an errno in a pointer's last 4095 values. */
#define IS_ERR_VALUE(x)		((unsigned long)(x) >= -4095ul)
#define ERR_PTR(err)		((void *)(long)(err))
#define PTR_ERR(p)		((long)(p))
#define IS_ERR(p)		IS_ERR_VALUE(p)
#define IS_ERR_OR_NULL(p)	(!(p) || IS_ERR_VALUE(p))

/* raw_spinlock_t: a qspinlock, one 32-bit word; 0 is unlocked. */
typedef struct {
	u32 val;
} raw_spinlock_t;

/* struct mutex without debugging: 32 bytes, as modules embed it. */
struct mutex {
	long owner;		/* the owning task, 0 when free */
	raw_spinlock_t wait_lock;	/* ours: the futex word */
	u32 osq;
	struct list_head wait_list;
};
KAPI_LAYOUT(sizeof(struct mutex) == 32, "Linux 6.1's struct mutex");

/* percpu.c: the calling thread's task, as module code finds it at
 * %gs:current_task. */
struct task_struct;
struct task_struct *kapi_current(void);
/* kapi's own pointer in a task (kthread.c's), past Linux's fields. */
/* task.c: each thread's task, made once for a CPU area and set up
 * (kapi_task_init) on the thread that takes the area; kapi's own
 * per-task word, past the task_struct. */
struct task_struct *kapi_task_new(void);
void kapi_task_init(struct task_struct *t);
void kapi_task_set_comm(struct task_struct *t, const char *name);
void kapi_task_attached(void);
void **kapi_task_slot(struct task_struct *t);
int wake_up_process(struct task_struct *p);

/* printk's level prefix: KERN_SOH, then the digit. */
#define KERN_SOH	"\001"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_EMERG	KERN_SOH "0"

/* printk, and WARN's "cut here" form, for kapi's own words: libumod's. */
#define kapi_printk umod_printk
#define kapi_warn umod_warn_printk

/* percpu.c: the per-CPU variables, set up by umod_kapi_attach. */
void kapi_percpu_setup(void);
/* cpu.c: boot_cpu_data, from CPUID, set up by umod_kapi_attach; each
 * CPU's cpu_info (percpu.c) is a copy, its cpu_index at 0x114. */
void kapi_cpu_setup(void);
#define KAPI_CPUINFO_SIZE	0x120
#define KAPI_CPUINFO_CPU_INDEX	0x114
/* guard.c: fn(arg) under the fault guard of the module code is in;
 * -EFAULT if it oopsed. */
void kapi_guard_setup(struct umod_ctx *ctx);
int kapi_call_module(const void *code, const char *what,
		     umod_guarded_fn *fn, void *arg);
void kapi_preempt_add(int n);

/* time.c: jiffies' ticker, started by umod_kapi_attach. */
int kapi_time_setup(void);
extern volatile unsigned long jiffies;
/* As READ_ONCE(jiffies): the ticker writes it atomically. */
#define kapi_jiffies()	__atomic_load_n(&jiffies, __ATOMIC_RELAXED)

/* futex.c: wait while *word == val (at most timeout_ns, if not
 * negative); wake up to n waiters. */
void kapi_futex_wait(u32 *word, u32 val);
void kapi_futex_wait_ns(u32 *word, u32 val, s64 timeout_ns);
void kapi_futex_wake(u32 *word, int n);

/* spinlock.c */
void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);

/* sched.c: task states, Linux's; the state word is the task's __state
 * (offset 0x18 in Debian 6.1's task_struct, which set_current_state()
 * writes inline), and the futex a sleeping task waits on. */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define MAX_SCHEDULE_TIMEOUT	((long)(~0ul >> 1))
#define KAPI_TASK_STATE_OFFSET	0x18
void kapi_set_current_state(unsigned int state);
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
long schedule_timeout(long timeout);
void schedule(void);

/* TIF_SIGPENDING in the task's thread_info flags, the first word of
 * Debian 6.1's task_struct: what the inline signal_pending() reads; and
 * SIGKILL in task->pending.signal, what the inline
 * __fatal_signal_pending() reads.  The host sets them (signal.c); waits
 * read them here, not by a call there. */
#define KAPI_TIF_SIGPENDING	2
#define KAPI_TASK_PENDING_SIGNAL 3128	/* offsetof(task_struct, pending.signal) */
#define KAPI_SIGKILL_BIT	(1ul << (9 - 1))
#define TASK_WAKEKILL		0x0100
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
static inline bool kapi_signal_pending(struct task_struct *t)
{
	return __atomic_load_n((unsigned long *)t, __ATOMIC_SEQ_CST) &
	       1ul << KAPI_TIF_SIGPENDING;
}

static inline bool kapi_fatal_signal_pending(struct task_struct *t)
{
	return kapi_signal_pending(t) &&
	       __atomic_load_n((unsigned long *)((char *)t + KAPI_TASK_PENDING_SIGNAL),
			       __ATOMIC_SEQ_CST) & KAPI_SIGKILL_BIT;
}

/* Linux's signal_pending_state: whether a sleep in state ends now. */
static inline bool kapi_signal_pending_state(unsigned int state,
					     struct task_struct *t)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)) ||
	    !kapi_signal_pending(t))
		return false;
	return (state & TASK_INTERRUPTIBLE) || kapi_fatal_signal_pending(t);
}

/* memory, from slab.c */
void *__kmalloc(size_t size, gfp_t flags);
void kfree(const void *p);
#define GFP_KERNEL	0xcc0u
#define __GFP_ZERO	0x100u

/* chrdev.c: a file opened on a driver's file_operations, as
 * do_dentry_open: an inode of mode imode whose i_private is data, and
 * the driver's open; the fops' owner pinned already, and unpinned by a
 * failure or the release.  The host reads, writes and releases it as
 * a device's (<umod/chrdev.h>). */
struct file_operations;
struct umod_devfile;
int kapi_fops_open(const struct file_operations *fops, unsigned int imode,
		   void *i_private, int flags, struct umod_devfile **out);

/* crypto.c: crypto_shash_digestsize, for sha.c's finup. */
struct crypto_shash;
unsigned int kapi_shash_digestsize(struct crypto_shash *tfm);

/* timer.c and workqueue.c: their threads, started by umod_kapi_attach. */
int kapi_timer_setup(void);
int kapi_workqueue_setup(void);
int kapi_rcu_setup(void);
int kapi_slab_setup(void);

/* ratelimit.c: Linux 6.1's ratelimit_state, and its test. */
struct ratelimit_state {
	raw_spinlock_t lock;
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned long begin;
	unsigned long flags;
};
int ___ratelimit(struct ratelimit_state *rs, const char *func);

/* ida.c: Linux 6.1's IDA (the xarray's head, which ida.c points at its
 * bitmap). */
struct ida {
	raw_spinlock_t xa_lock;
	gfp_t xa_flags;
	void *xa_head;
};
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
void ida_free(struct ida *ida, unsigned int id);

/* textsearch.c: Linux 6.1's textsearch layouts, for skbuff_seq.c's
 * searches over an skb too. */
struct ts_config;
struct ts_state {
	unsigned int offset;
	char cb[48];
};
struct ts_ops {
	const char *name;
	struct ts_config *(*init)(const void *pattern, unsigned int len,
				  gfp_t gfp, int flags);
	unsigned int (*find)(struct ts_config *conf, struct ts_state *state);
	void (*destroy)(struct ts_config *conf);
	void *(*get_pattern)(struct ts_config *conf);
	unsigned int (*get_pattern_len)(struct ts_config *conf);
	struct module *owner;
	struct list_head list;
};
struct ts_config {
	struct ts_ops *ops;
	int flags;
	unsigned int (*get_next_block)(unsigned int consumed, const u8 **dst,
				       struct ts_config *conf,
				       struct ts_state *state);
	void (*finish)(struct ts_config *conf, struct ts_state *state);
};

/* string.c: libc's functions under Linux's names, exported by table. */
extern const struct umod_symbol kapi_libc_exports[];
extern const size_t kapi_num_libc_exports;

#endif /* KAPI_KERNEL_H */
