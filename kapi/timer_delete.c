// SPDX-License-Identifier: MIT
/*
 * timer_delete.c - del_timer and del_timer_sync under their names from
 * 6.2 on, which Debian's 6.1 carries too.  A file of its own, as libc's
 * <time.h> has a timer_delete of another type.
 */
#include "kernel.h"

__asm__(".globl timer_delete\n.set timer_delete, del_timer\n"
	".globl timer_delete_sync\n.set timer_delete_sync, del_timer_sync");
extern char timer_delete[], timer_delete_sync[];
EXPORT_SYMBOL(timer_delete);
EXPORT_SYMBOL(timer_delete_sync);
