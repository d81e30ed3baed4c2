/* SPDX-License-Identifier: MIT */
/* small-host.h - what the host exports to mod-small: ten symbols. */
#ifndef UMOD_BENCH_SMALL_HOST_H
#define UMOD_BENCH_SMALL_HOST_H

#define SMALL_TABLE 16

extern int host_table[SMALL_TABLE];
extern int host_flags;
int host_register(const char *name, int (*fn)(int));
void host_unregister(const char *name);
int host_slot_get(int hint);
void host_slot_put(int slot);
void host_note(const char *what, long v);
long host_now(void);
void host_stat_add(int n);
int host_printf(const char *fmt, ...);

/* Not exported: what mod_small registered in init, for checking. */
int (*host_registered(void))(int);

#endif
