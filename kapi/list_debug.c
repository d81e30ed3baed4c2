// SPDX-License-Identifier: MIT
/*
 * list_debug.c - CONFIG_DEBUG_LIST, which Debian enables: the inline
 * list_add and list_del ask these first, and skip the change when they
 * say the list is corrupt.  The checks and their words are Linux 6.1's
 * (lib/list_debug.c), as without CONFIG_BUG_ON_DATA_CORRUPTION:
 * corruption is a warning, not a BUG.
 */
#include "kernel.h"

/* CHECK_DATA_CORRUPTION without BUG_ON_DATA_CORRUPTION: WARN(1, ...). */
#define CORRUPT(cond, ...)						\
	({								\
		bool __c = (cond);					\
		if (__c)						\
			kapi_warn(__VA_ARGS__);			\
		__c;							\
	})

bool __list_add_valid(struct list_head *new, struct list_head *prev,
		      struct list_head *next)
{
	if (CORRUPT(prev == NULL, "list_add corruption. prev is NULL.\n") ||
	    CORRUPT(next == NULL, "list_add corruption. next is NULL.\n") ||
	    CORRUPT(next->prev != prev,
		    "list_add corruption. next->prev should be prev (%px), but was %px. (next=%px).\n",
		    prev, next->prev, next) ||
	    CORRUPT(prev->next != next,
		    "list_add corruption. prev->next should be next (%px), but was %px. (prev=%px).\n",
		    next, prev->next, prev) ||
	    CORRUPT(new == prev || new == next,
		    "list_add double add: new=%px, prev=%px, next=%px.\n",
		    new, prev, next))
		return false;
	return true;
}
EXPORT_SYMBOL(__list_add_valid);

bool __list_del_entry_valid(struct list_head *entry)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	if (CORRUPT(next == NULL, "list_del corruption, %px->next is NULL\n", entry) ||
	    CORRUPT(prev == NULL, "list_del corruption, %px->prev is NULL\n", entry) ||
	    CORRUPT(next == LIST_POISON1,
		    "list_del corruption, %px->next is LIST_POISON1 (%px)\n",
		    entry, LIST_POISON1) ||
	    CORRUPT(prev == LIST_POISON2,
		    "list_del corruption, %px->prev is LIST_POISON2 (%px)\n",
		    entry, LIST_POISON2) ||
	    CORRUPT(prev->next != entry,
		    "list_del corruption. prev->next should be %px, but was %px. (prev=%px)\n",
		    entry, prev->next, prev) ||
	    CORRUPT(next->prev != entry,
		    "list_del corruption. next->prev should be %px, but was %px. (next=%px)\n",
		    entry, next->prev, next))
		return false;
	return true;
}
EXPORT_SYMBOL(__list_del_entry_valid);
