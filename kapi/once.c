// SPDX-License-Identifier: MIT
/*
 * once.c - DO_ONCE (lib/once.c): the first caller through runs the
 * function under the lock and sets the done flag, later ones see it set.
 * Linux then disables the call site's static key from a work item, an
 * optimisation: the call sites here stay as compiled (their branch to
 * __do_once_start taken), and the flag alone keeps it once.
 */
#include "kernel.h"

static raw_spinlock_t once_lock;

bool __do_once_start(bool *done, unsigned long *flags)
{
	_raw_spin_lock(&once_lock);
	*flags = 0;
	if (*done) {
		_raw_spin_unlock(&once_lock);
		return false;
	}
	return true;
}
EXPORT_SYMBOL(__do_once_start);

void __do_once_done(bool *done, void *once_key, unsigned long *flags,
		    void *mod)
{
	(void)once_key, (void)flags, (void)mod;
	*done = true;
	_raw_spin_unlock(&once_lock);
}
EXPORT_SYMBOL(__do_once_done);

/* The sleepable variant: the function may sleep, under a mutex. */
static struct mutex once_mutex;
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

bool __do_once_sleepable_start(bool *done)
{
	mutex_lock(&once_mutex);
	if (*done) {
		mutex_unlock(&once_mutex);
		return false;
	}
	return true;
}
EXPORT_SYMBOL(__do_once_sleepable_start);

void __do_once_sleepable_done(bool *done, void *once_key, void *mod)
{
	(void)once_key, (void)mod;
	*done = true;
	mutex_unlock(&once_mutex);
}
EXPORT_SYMBOL(__do_once_sleepable_done);
