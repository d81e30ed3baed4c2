/* SPDX-License-Identifier: MIT */
/* dm.h - what tests/unit/test-kmod.c exports to its modules. */
#ifndef TESTS_DEMAND_DM_H
#define TESTS_DEMAND_DM_H

/* Records that module `who` saw `what` = value, for the test to check. */
void dm_note(const char *who, const char *what, int value);

#endif
