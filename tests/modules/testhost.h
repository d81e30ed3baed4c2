/* SPDX-License-Identifier: MIT */
/* testhost.h - what the test host (tests/host/testhost.c) exports to modules. */
#ifndef TESTS_MODULES_TESTHOST_H
#define TESTS_MODULES_TESTHOST_H

extern int host_counter;
int host_add(int a, int b);
void host_record(const char *msg);	/* prints "record: <msg>" */
int host_gpl_only(void);		/* EXPORT_SYMBOL_GPL */
void *host_percpu_area(void);		/* this thread's per-CPU area */
void *host_current(void);		/* and its current task */

#endif
