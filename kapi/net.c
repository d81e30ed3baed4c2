// SPDX-License-Identifier: MIT
/*
 * net.c - the network namespace the host has, init_net, and what modules
 * hang on it: pernet operations (register_pernet_subsys/device run init
 * on init_net, with the net_generic storage their id and size ask for,
 * and exit, pre_exit and exit_batch when unregistered), the RTNL, and the
 * netdevice notifier chain.  A host has no network device, so notifiers
 * registered are told of none, as on Linux with no device in any
 * namespace; and there is no other namespace to create or destroy.
 *
 * struct net differs between Debian's flavours before its gen pointer
 * (0xc20 in cloud-amd64's, 0xc48 in amd64's): init_net is as large as
 * the larger, and both words hold the one net_generic array, which never
 * moves.  The other flavour's field there (amd64's nft.gencursor, a byte;
 * cloud's bpf.links[0], which no module reads) sees the array's low byte:
 * the array is aligned to 256, so amd64's gencursor starts at 0, as
 * Linux's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "net.h"

struct net init_net __attribute__((aligned(64)));
/* the initial user namespace, the owner of init_net: cred.c's */
extern struct user_namespace init_user_ns;
EXPORT_SYMBOL(init_net);
struct list_head net_namespace_list;
EXPORT_SYMBOL(net_namespace_list);

/* net_generic's array: ptr[0..2] are its header (len, rcu_head), ids
 * start at MIN_PERNET_OPS_ID. */
#define MIN_PERNET_OPS_ID	3
#define MAX_PERNET_OPS_ID	1024
static void **net_gen;
static unsigned int next_id = MIN_PERNET_OPS_ID;
static unsigned int *free_ids;	/* a stack of ids given back */
static unsigned int nr_free_ids;

#define PROC_DYNAMIC_FIRST	0xf0000000u

/* net_rwsem: held for reading to walk net_namespace_list, with
 * for_each_net; a rw_semaphore at rest, its wait list empty */
struct {
	long count, owner;
	u32 osq, wait_lock;
	struct list_head wait_list;
} net_rwsem = { .wait_list = { &net_rwsem.wait_list, &net_rwsem.wait_list } };
EXPORT_SYMBOL(net_rwsem);

static struct mutex pernet_ops_mutex;
static struct list_head pernet_list;	/* subsystems, then first_device */
static struct list_head *first_device = &pernet_list;

int kapi_net_setup(void)
{
	net_gen = aligned_alloc(256, MAX_PERNET_OPS_ID * sizeof(void *));
	free_ids = malloc(MAX_PERNET_OPS_ID * sizeof(*free_ids));
	if (!net_gen || !free_ids)
		return -ENOMEM;
	memset(net_gen, 0, MAX_PERNET_OPS_ID * sizeof(void *));
	*(u32 *)net_gen = MAX_PERNET_OPS_ID;	/* ->s.len */
	init_net.passive = 1;
	init_net.ns_count = 1;
	init_net.ns_inum = PROC_DYNAMIC_FIRST;	/* the first proc hands out */
	init_net.user_ns = &init_user_ns;
	kapi_list_init(&init_net.dev_base_head);
	kapi_list_init(&init_net.rules_ops);
	kapi_list_init(&init_net.exit_list);
	kapi_list_init(&net_namespace_list);
	kapi_list_add_tail(&init_net.list, &net_namespace_list);
	init_net.gen_cloud = net_gen;
	init_net.gen_amd64 = net_gen;
	kapi_list_init(&pernet_list);
	/* /proc/net, init_net's: its data is the namespace (PDE_NET) */
	init_net.proc_net = proc_mkdir_data("net", 0, NULL, &init_net);
	return init_net.proc_net ? 0 : -ENOMEM;
}

void *kapi_net_generic(const struct net *net, unsigned int id)
{
	(void)net;
	return id < MAX_PERNET_OPS_ID ? net_gen[id] : NULL;
}

static int alloc_id(unsigned int *id)
{
	if (nr_free_ids)
		*id = free_ids[--nr_free_ids];
	else if (next_id < MAX_PERNET_OPS_ID)
		*id = next_id++;
	else
		return -ENOSPC;		/* as ida_alloc_min when full */
	return 0;
}

static void free_id(unsigned int id)
{
	free_ids[nr_free_ids++] = id;
}

/* ops_init: the storage asked for, then init. */
static int ops_init(const struct pernet_operations *ops, struct net *net)
{
	void *data = NULL;
	int err;

	if (ops->id && ops->size) {
		data = calloc(1, ops->size);
		if (!data)
			return -ENOMEM;
		__atomic_store_n(&net_gen[*ops->id], data, __ATOMIC_RELEASE);
	}
	err = ops->init ? ops->init(net) : 0;
	if (err && data) {
		net_gen[*ops->id] = NULL;
		free(data);
	}
	return err;
}

static void ops_exit(const struct pernet_operations *ops, struct net *net)
{
	struct list_head net_exit_list;

	if (ops->pre_exit)
		ops->pre_exit(net);
	synchronize_rcu();
	if (ops->exit)
		ops->exit(net);
	kapi_list_init(&net_exit_list);
	kapi_list_add_tail(&net->exit_list, &net_exit_list);
	if (ops->exit_batch_rtnl) {
		struct list_head dev_kill_list;

		kapi_list_init(&dev_kill_list);
		rtnl_lock();
		ops->exit_batch_rtnl(&net_exit_list, &dev_kill_list);
		rtnl_unlock();
	}
	if (ops->exit_batch)
		ops->exit_batch(&net_exit_list);
	kapi_list_del_init(&net->exit_list);
	if (ops->id && ops->size) {
		free(net_gen[*ops->id]);
		net_gen[*ops->id] = NULL;
	}
}

static int register_pernet(struct pernet_operations *ops,
			   struct list_head *where)
{
	int err;

	mutex_lock(&pernet_ops_mutex);
	if (ops->id) {
		err = alloc_id(ops->id);
		if (err)
			goto out;
	}
	err = ops_init(ops, &init_net);
	if (err) {
		if (ops->id)
			free_id(*ops->id);
		goto out;
	}
	kapi_list_add_tail(&ops->list, where);
out:
	mutex_unlock(&pernet_ops_mutex);
	return err;
}

static void unregister_pernet(struct pernet_operations *ops)
{
	mutex_lock(&pernet_ops_mutex);
	if (first_device == &ops->list)
		first_device = ops->list.next;
	kapi_list_del_init(&ops->list);
	ops_exit(ops, &init_net);
	if (ops->id)
		free_id(*ops->id);
	mutex_unlock(&pernet_ops_mutex);
}

int register_pernet_subsys(struct pernet_operations *ops)
{
	return register_pernet(ops, first_device);
}
EXPORT_SYMBOL(register_pernet_subsys);

void unregister_pernet_subsys(struct pernet_operations *ops)
{
	unregister_pernet(ops);
}
EXPORT_SYMBOL(unregister_pernet_subsys);

int register_pernet_device(struct pernet_operations *ops)
{
	int err = register_pernet(ops, &pernet_list);

	if (!err && first_device == &pernet_list)
		first_device = &ops->list;
	return err;
}
EXPORT_SYMBOL(register_pernet_device);

void unregister_pernet_device(struct pernet_operations *ops)
{
	unregister_pernet(ops);
}
EXPORT_SYMBOL(unregister_pernet_device);

/* The last reference to a namespace: init_net's is never dropped. */
void __put_net(struct net *net)
{
	kapi_warn("refcount_t: underflow: put_net of %s\n",
		  net == &init_net ? "init_net" : "an unknown net");
}
EXPORT_SYMBOL(__put_net);

/* ---- RTNL ---- */
static struct mutex rtnl_mutex;

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_lock);

int rtnl_lock_killable(void)
{
	return mutex_lock_killable(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_lock_killable);

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_unlock);

int rtnl_trylock(void)
{
	return mutex_trylock(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_trylock);

int rtnl_is_locked(void)
{
	return mutex_is_locked(&rtnl_mutex);
}
EXPORT_SYMBOL(rtnl_is_locked);

void synchronize_net(void)
{
	if (rtnl_is_locked())
		synchronize_rcu_expedited();
	else
		synchronize_rcu();
}
EXPORT_SYMBOL(synchronize_net);

/* net_ratelimit: 10 messages each 5 s, Linux's net.core.message_* */
static struct ratelimit_state net_ratelimit_state = {
	.interval = 5 * KAPI_HZ, .burst = 10,
};

int net_ratelimit(void)
{
	return ___ratelimit(&net_ratelimit_state, __func__);
}
EXPORT_SYMBOL(net_ratelimit);

/* ---- netdevice notifiers: a chain by priority, under the RTNL ---- */
static struct notifier_block *netdev_chain;

static int chain_register(struct notifier_block **nl, struct notifier_block *n)
{
	for (; *nl; nl = &(*nl)->next) {
		if (*nl == n) {
			kapi_warn("notifier callback %p already registered",
				  (void *)n->notifier_call);
			return -EEXIST;
		}
		if (n->priority > (*nl)->priority)
			break;
	}
	n->next = *nl;
	__atomic_store_n(nl, n, __ATOMIC_RELEASE);
	return 0;
}

static int chain_unregister(struct notifier_block **nl, struct notifier_block *n)
{
	for (; *nl; nl = &(*nl)->next)
		if (*nl == n) {
			__atomic_store_n(nl, n->next, __ATOMIC_RELEASE);
			return 0;
		}
	return -ENOENT;
}

/* No device in any namespace: nothing to replay to the new notifier. */
int register_netdevice_notifier(struct notifier_block *nb)
{
	int err;

	rtnl_lock();
	err = chain_register(&netdev_chain, nb);
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL(register_netdevice_notifier);

int unregister_netdevice_notifier(struct notifier_block *nb)
{
	int err;

	rtnl_lock();
	err = chain_unregister(&netdev_chain, nb);
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL(unregister_netdevice_notifier);

int register_netdevice_notifier_net(struct net *net, struct notifier_block *nb)
{
	(void)net;
	return register_netdevice_notifier(nb);
}
EXPORT_SYMBOL(register_netdevice_notifier_net);

int unregister_netdevice_notifier_net(struct net *net, struct notifier_block *nb)
{
	(void)net;
	return unregister_netdevice_notifier(nb);
}
EXPORT_SYMBOL(unregister_netdevice_notifier_net);

/* ---- devices: the host has none, in any namespace ---- */
struct net_device;

struct net_device *dev_get_by_index_rcu(struct net *net, int ifindex)
{
	(void)net, (void)ifindex;
	return NULL;
}
EXPORT_SYMBOL(dev_get_by_index_rcu);

struct net_device *__dev_get_by_index(struct net *net, int ifindex)
{
	(void)net, (void)ifindex;
	return NULL;
}
EXPORT_SYMBOL(__dev_get_by_index);

struct net_device *dev_get_by_index(struct net *net, int ifindex)
{
	(void)net, (void)ifindex;
	return NULL;
}
EXPORT_SYMBOL(dev_get_by_index);

struct net_device *dev_get_by_name_rcu(struct net *net, const char *name)
{
	(void)net, (void)name;
	return NULL;
}
EXPORT_SYMBOL(dev_get_by_name_rcu);

struct net_device *__dev_get_by_name(struct net *net, const char *name)
{
	(void)net, (void)name;
	return NULL;
}
EXPORT_SYMBOL(__dev_get_by_name);

struct net_device *dev_get_by_name(struct net *net, const char *name)
{
	(void)net, (void)name;
	return NULL;
}
EXPORT_SYMBOL(dev_get_by_name);
