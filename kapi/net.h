/* SPDX-License-Identifier: MIT */
/*
 * net.h - Linux 6.1's networking layouts that kapi's net*.c, skbuff.c
 * and netlink.c share (x86-64, Debian's configs), and their entry points
 * to each other.
 */
#ifndef KAPI_NET_H
#define KAPI_NET_H

#include "kernel.h"

#define KAPI_HZ	250	/* Debian's */

/* struct net: the fields kapi sets up; the rest stays zero.  gen sits
 * at a flavour's own offset (net.c). */
struct net {
	int passive;			/* refcount_t: to the memory */
	char pad0[0x20 - 4];
	struct list_head list;		/* on net_namespace_list */
	struct list_head exit_list;	/* on an exit_batch list */
	char pad1[0x58 - 0x40];
	void *user_ns;			/* the owning user namespace */
	char pad1b[0x80 - 0x60];
	long ns_stashed;		/* struct ns_common */
	const void *ns_ops;
	unsigned int ns_inum;
	int ns_count;			/* refcount_t: get_net/put_net */
	struct list_head dev_base_head;
	void *proc_net;
	char pad3[0x158 - 0xb0];
	struct list_head rules_ops;
	char pad4[0xc20 - 0x168];
	void **gen_cloud;		/* 6.1 cloud-amd64's net->gen */
	char pad5[0xc48 - 0xc28];
	void **gen_amd64;		/* 6.1 amd64's net->gen */
	char pad6[0x1180 - 0xc50];
};
KAPI_LAYOUT(offsetof(struct net, user_ns) == 0x58, "net->user_ns");
KAPI_LAYOUT(offsetof(struct net, ns_count) == 0x94, "net->ns.count");
KAPI_LAYOUT(offsetof(struct net, dev_base_head) == 0x98, "net->dev_base_head");
KAPI_LAYOUT(offsetof(struct net, proc_net) == 0xa8, "net->proc_net");
KAPI_LAYOUT(offsetof(struct net, rules_ops) == 0x158, "net->rules_ops");
KAPI_LAYOUT(sizeof(struct net) == 0x1180, "amd64's struct net, the larger");

extern struct net init_net;

struct pernet_operations {
	struct list_head list;
	int (*init)(struct net *net);
	void (*pre_exit)(struct net *net);
	void (*exit)(struct net *net);
	void (*exit_batch)(struct list_head *net_exit_list);
	void (*exit_batch_rtnl)(struct list_head *net_exit_list,
				struct list_head *dev_kill_list);
	unsigned int *id;
	size_t size;
};
KAPI_LAYOUT(offsetof(struct pernet_operations, size) == 0x40, "pernet_operations");

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action,
			     void *data);
	struct notifier_block *next;
	int priority;
};


/* the calls of other kapi files these use */
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
int mutex_trylock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
int mutex_lock_killable(struct mutex *m);
void synchronize_rcu(void);
void synchronize_rcu_expedited(void);

struct proc_dir_entry;
struct proc_dir_entry *proc_mkdir_data(const char *name, unsigned short mode,
				       struct proc_dir_entry *parent, void *data);

/* net.c */
int kapi_net_setup(void);
void rtnl_lock(void);
void rtnl_unlock(void);
void synchronize_net(void);

#endif /* KAPI_NET_H */
