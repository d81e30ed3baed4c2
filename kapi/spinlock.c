// SPDX-License-Identifier: MIT
/*
 * spinlock.c - spinlocks and rwlocks, out of line as Debian's kernel
 * calls them (_raw_spin_lock...).  The lock word is Linux's: a spinlock's
 * locked byte is 1 (_Q_LOCKED_VAL), so the inline spin_is_locked() works.
 * There are no interrupts to disable here: the _irq and _irqsave forms
 * give flags 0 and restore nothing; a spinning waiter yields the CPU
 * now and then, as a thread cannot stop its holder being descheduled.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>

#include "kernel.h"

#define word(l)	((_Atomic u32 *)&(l)->val)

static void cpu_relax(unsigned int *spins)
{
	if (++*spins % 128 == 0)
		sched_yield();
	else
#if defined(__x86_64__)
		__builtin_ia32_pause();
#elif defined(__aarch64__)
		__asm__ volatile("yield" ::: "memory");
#else
		__asm__ volatile("" ::: "memory");
#endif
}

int _raw_spin_trylock(raw_spinlock_t *lock)
{
	u32 free = 0;

	return atomic_compare_exchange_strong(word(lock), &free, 1);
}
EXPORT_SYMBOL(_raw_spin_trylock);

void _raw_spin_lock(raw_spinlock_t *lock)
{
	unsigned int spins = 0;

	while (!_raw_spin_trylock(lock))
		while (atomic_load_explicit(word(lock), memory_order_relaxed))
			cpu_relax(&spins);
}
EXPORT_SYMBOL(_raw_spin_lock);

void _raw_spin_unlock(raw_spinlock_t *lock)
{
	atomic_store_explicit(word(lock), 0, memory_order_release);
}
EXPORT_SYMBOL(_raw_spin_unlock);

int _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	return _raw_spin_trylock(lock);
}
EXPORT_SYMBOL(_raw_spin_trylock_bh);

/*
 * rwlock_t: the queued rwlock's word as Linux reads it, readers counted
 * from bit 9 (_QR_BIAS), a writer 0xff in the low byte.
 */
typedef struct {
	u32 cnts;
	raw_spinlock_t wait_lock;
} rwlock_t;

#define QR_BIAS		(1u << 9)
#define QW_LOCKED	0xffu

void _raw_read_lock(rwlock_t *lock)
{
	_Atomic u32 *c = (_Atomic u32 *)&lock->cnts;
	unsigned int spins = 0;

	for (;;) {
		u32 v = atomic_fetch_add(c, QR_BIAS);

		if (!(v & QW_LOCKED))
			return;
		atomic_fetch_sub(c, QR_BIAS);
		while (atomic_load_explicit(c, memory_order_relaxed) & QW_LOCKED)
			cpu_relax(&spins);
	}
}
EXPORT_SYMBOL(_raw_read_lock);

void _raw_read_unlock(rwlock_t *lock)
{
	atomic_fetch_sub_explicit((_Atomic u32 *)&lock->cnts, QR_BIAS,
				  memory_order_release);
}
EXPORT_SYMBOL(_raw_read_unlock);

void _raw_write_lock(rwlock_t *lock)
{
	_Atomic u32 *c = (_Atomic u32 *)&lock->cnts;
	unsigned int spins = 0;
	u32 free = 0;

	while (!atomic_compare_exchange_weak(c, &free, QW_LOCKED)) {
		free = 0;
		cpu_relax(&spins);
	}
}
EXPORT_SYMBOL(_raw_write_lock);

void _raw_write_unlock(rwlock_t *lock)
{
	atomic_fetch_sub_explicit((_Atomic u32 *)&lock->cnts, QW_LOCKED,
				  memory_order_release);
}
EXPORT_SYMBOL(_raw_write_unlock);

/*
 * The _irq, _bh and _irqsave forms of each lock: with no interrupts or
 * softirqs to hold off, each is the plain lock; irqsave's flags are 0.
 */
#define LOCK_FORM(kind, type, suffix)					\
void _raw_##kind##_lock_##suffix(type *lock)				\
{									\
	_raw_##kind##_lock(lock);					\
}									\
EXPORT_SYMBOL(_raw_##kind##_lock_##suffix);				\
void _raw_##kind##_unlock_##suffix(type *lock)				\
{									\
	_raw_##kind##_unlock(lock);					\
}									\
EXPORT_SYMBOL(_raw_##kind##_unlock_##suffix)

#define LOCK_FORMS(kind, type)						\
LOCK_FORM(kind, type, irq);						\
LOCK_FORM(kind, type, bh);						\
unsigned long _raw_##kind##_lock_irqsave(type *lock)			\
{									\
	_raw_##kind##_lock(lock);					\
	return 0;							\
}									\
EXPORT_SYMBOL(_raw_##kind##_lock_irqsave);				\
void _raw_##kind##_unlock_irqrestore(type *lock, unsigned long flags)	\
{									\
	_raw_##kind##_unlock(lock);					\
}									\
EXPORT_SYMBOL(_raw_##kind##_unlock_irqrestore)

LOCK_FORMS(spin, raw_spinlock_t);
LOCK_FORMS(read, rwlock_t);
LOCK_FORMS(write, rwlock_t);
