// SPDX-License-Identifier: MIT
/*
 * mutex.c - Linux's sleeping lock, in the 32 bytes modules embed.
 *
 * The futex word is the wait_lock field (0 free, 1 held, 2 held with
 * waiters, as Drepper's "Futexes are tricky"); owner holds the task, so
 * the inline mutex_is_locked() and mutex_get_owner() read what they do on
 * Linux.  A zeroed mutex, as DEFINE_MUTEX and kzalloc give, is free.  As
 * on Linux, a task that takes a mutex it holds deadlocks; only the holder
 * may unlock.
 */
#include <errno.h>
#include <stdatomic.h>

#include "kernel.h"

#define futex_word(m)	((_Atomic u32 *)&(m)->wait_lock.val)

void __mutex_init(struct mutex *lock, const char *name, void *key)
{
	lock->owner = 0;
	atomic_store(futex_word(lock), 0);
	lock->osq = 0;
	lock->wait_list.next = lock->wait_list.prev = &lock->wait_list;
}
EXPORT_SYMBOL(__mutex_init);

static void set_owner(struct mutex *lock)
{
	__atomic_store_n(&lock->owner, (long)kapi_current(), __ATOMIC_RELAXED);
}

int mutex_trylock(struct mutex *lock)
{
	u32 free = 0;

	if (!atomic_compare_exchange_strong(futex_word(lock), &free, 1))
		return 0;
	set_owner(lock);
	return 1;
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_unlock(struct mutex *lock)
{
	__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
	if (atomic_exchange(futex_word(lock), 0) == 2)
		kapi_futex_wake(&lock->wait_lock.val, 1);
}
EXPORT_SYMBOL(mutex_unlock);

/* __mutex_lock_common's -EINTR when a signal ends the wait in state.
 * The signal reaches a waiter in the futex as the host's interrupt
 * signal on its thread (umodd's fs_call.c), which ends the futex wait;
 * the check after it sees what the handler set. */
static int lock_signalled(struct mutex *lock, unsigned int state)
{
	u32 c = 0;

	if (!atomic_compare_exchange_strong(futex_word(lock), &c, 1)) {
		if (c != 2)
			c = atomic_exchange(futex_word(lock), 2);
		while (c) {
			if (state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL) &&
			    kapi_signal_pending_state(state, kapi_current()))
				return -EINTR;
			kapi_futex_wait(&lock->wait_lock.val, 2);
			c = atomic_exchange(futex_word(lock), 2);
		}
	}
	set_owner(lock);
	return 0;
}

void mutex_lock(struct mutex *lock)
{
	lock_signalled(lock, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(mutex_lock);

int mutex_lock_interruptible(struct mutex *lock)
{
	return lock_signalled(lock, TASK_INTERRUPTIBLE);
}
EXPORT_SYMBOL(mutex_lock_interruptible);

int mutex_lock_killable(struct mutex *lock)
{
	return lock_signalled(lock, TASK_KILLABLE);
}
EXPORT_SYMBOL(mutex_lock_killable);

void mutex_lock_io(struct mutex *lock)
{
	mutex_lock(lock);
}
EXPORT_SYMBOL(mutex_lock_io);

bool mutex_is_locked(struct mutex *lock)
{
	return atomic_load(futex_word(lock)) != 0;
}
EXPORT_SYMBOL(mutex_is_locked);

/* Takes the lock only when the count drops to 0, which it returns true
 * for, holding it. */
int atomic_dec_and_mutex_lock(int *cnt, struct mutex *lock)
{
	int old = __atomic_load_n(cnt, __ATOMIC_RELAXED);

	while (old != 1)	/* the fast path: not the last */
		if (__atomic_compare_exchange_n(cnt, &old, old - 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return 0;
	mutex_lock(lock);
	if (__atomic_sub_fetch(cnt, 1, __ATOMIC_SEQ_CST)) {
		mutex_unlock(lock);
		return 0;
	}
	return 1;
}
EXPORT_SYMBOL(atomic_dec_and_mutex_lock);
