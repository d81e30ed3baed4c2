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
#include <umod/host.h>

typedef unsigned int gfp_t;
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef int64_t ktime_t;

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_POISON1	((void *)0xdead000000000100ul)
#define LIST_POISON2	((void *)0xdead000000000122ul)

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
_Static_assert(sizeof(struct mutex) == 32, "Linux 6.1's struct mutex");

/* percpu.c: the calling thread's task, as module code finds it at
 * %gs:current_task. */
struct task_struct;
struct task_struct *kapi_current(void);

/* printk's level prefix: KERN_SOH, then the digit. */
#define KERN_SOH	"\001"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_EMERG	KERN_SOH "0"

/* printk.c: printk, and WARN's "cut here" form, for kapi's own words. */
int kapi_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kapi_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* percpu.c: the per-CPU variables, set up by umod_kapi_attach. */
void kapi_percpu_setup(void);
void kapi_preempt_add(int n);

/* time.c: jiffies' ticker, started by umod_kapi_attach. */
int kapi_time_setup(void);
extern volatile unsigned long jiffies;

/* futex.c: wait while *word == val; wake up to n waiters. */
void kapi_futex_wait(u32 *word, u32 val);
void kapi_futex_wake(u32 *word, int n);

/* string.c: libc's functions under Linux's names, exported by table. */
extern const struct umod_symbol kapi_libc_exports[];
extern const size_t kapi_num_libc_exports;

#endif /* KAPI_KERNEL_H */
