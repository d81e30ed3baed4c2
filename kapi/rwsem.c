// SPDX-License-Identifier: MIT
/*
 * rwsem.c - read-write semaphores in Linux 6.1's struct rw_semaphore:
 * count holds the writer bit (1) and the readers (256 each), as the
 * inline rwsem_is_locked() reads it; owner the writer's task.  Sleepers
 * wait on wait_lock, used as a sequence futex that every release bumps.
 * No signals here: the _killable and _interruptible forms return 0.
 */
#include <limits.h>

#include "kernel.h"

#define RWSEM_WRITER_LOCKED	1l
#define RWSEM_READER_BIAS	256l

struct rw_semaphore {
	long count;
	long owner;
	u32 osq;
	raw_spinlock_t wait_lock;
	struct list_head wait_list;
};
KAPI_LAYOUT(sizeof(struct rw_semaphore) == 40, "Linux 6.1's rw_semaphore");

void __init_rwsem(struct rw_semaphore *sem, const char *name, void *key)
{
	sem->count = 0;
	sem->owner = 0;
	sem->osq = 0;
	sem->wait_lock.val = 0;
	kapi_list_init(&sem->wait_list);
}
EXPORT_SYMBOL(__init_rwsem);

int down_read_trylock(struct rw_semaphore *sem)
{
	long c = __atomic_load_n(&sem->count, __ATOMIC_SEQ_CST);

	while (!(c & RWSEM_WRITER_LOCKED))
		if (__atomic_compare_exchange_n(&sem->count, &c, c + RWSEM_READER_BIAS,
						false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 1;
	return 0;
}
EXPORT_SYMBOL(down_read_trylock);

int down_write_trylock(struct rw_semaphore *sem)
{
	long free = 0;

	if (!__atomic_compare_exchange_n(&sem->count, &free, RWSEM_WRITER_LOCKED,
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return 0;
	__atomic_store_n(&sem->owner, (long)kapi_current(), __ATOMIC_RELAXED);
	return 1;
}
EXPORT_SYMBOL(down_write_trylock);

static void wait_for(struct rw_semaphore *sem, int (*try)(struct rw_semaphore *))
{
	for (;;) {
		u32 seq = __atomic_load_n(&sem->wait_lock.val, __ATOMIC_SEQ_CST);

		if (try(sem))
			return;
		kapi_futex_wait(&sem->wait_lock.val, seq);
	}
}

static void released(struct rw_semaphore *sem)
{
	__atomic_add_fetch(&sem->wait_lock.val, 1, __ATOMIC_SEQ_CST);
	kapi_futex_wake(&sem->wait_lock.val, INT_MAX);
}

void down_read(struct rw_semaphore *sem)
{
	wait_for(sem, down_read_trylock);
}
EXPORT_SYMBOL(down_read);

int down_read_killable(struct rw_semaphore *sem)
{
	down_read(sem);
	return 0;
}
EXPORT_SYMBOL(down_read_killable);

int down_read_interruptible(struct rw_semaphore *sem)
{
	down_read(sem);
	return 0;
}
EXPORT_SYMBOL(down_read_interruptible);

void up_read(struct rw_semaphore *sem)
{
	__atomic_sub_fetch(&sem->count, RWSEM_READER_BIAS, __ATOMIC_SEQ_CST);
	released(sem);
}
EXPORT_SYMBOL(up_read);

void down_write(struct rw_semaphore *sem)
{
	wait_for(sem, down_write_trylock);
}
EXPORT_SYMBOL(down_write);

int down_write_killable(struct rw_semaphore *sem)
{
	down_write(sem);
	return 0;
}
EXPORT_SYMBOL(down_write_killable);

void up_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->owner, 0, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&sem->count, RWSEM_WRITER_LOCKED, __ATOMIC_SEQ_CST);
	released(sem);
}
EXPORT_SYMBOL(up_write);

/* The writer becomes a reader without letting another writer in. */
void downgrade_write(struct rw_semaphore *sem)
{
	__atomic_store_n(&sem->owner, 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sem->count, RWSEM_READER_BIAS - RWSEM_WRITER_LOCKED,
			   __ATOMIC_SEQ_CST);
	released(sem);
}
EXPORT_SYMBOL(downgrade_write);
