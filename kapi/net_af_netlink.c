// SPDX-License-Identifier: MIT
/*
 * net_af_netlink.c - netlink's kernel side (net/netlink/af_netlink.c):
 * the kernel socket a module creates for its protocol, and messages to
 * user space.  Nothing in a host opens an AF_NETLINK socket, so no port
 * but a kernel socket's (0) exists and no group has a listener: unicast
 * reaches the protocol's own input, if it has one, else fails with
 * -ECONNREFUSED; a broadcast finds nobody (-ESRCH); both consume the
 * skb, as Linux's do.
 */
#include <errno.h>
#include <stdlib.h>

#include "kernel.h"
#include "net.h"
#include "skbuff.h"

#define MAX_LINKS	32
#define SOCK_SIZE	0x800	/* past Linux 6.1's struct netlink_sock */
#define SKC_FAMILY	0x10
#define SKC_NET		0x30
#define AF_NETLINK	16

struct netlink_kernel_cfg {
	unsigned int groups;
	unsigned int flags;
	void (*input)(struct sk_buff *skb);
	struct mutex *cb_mutex;
	int (*bind)(struct net *net, int group);
	void (*unbind)(struct net *net, int group);
	void *compare;
};

/* the kernel socket of each protocol, and what receives on it */
static struct {
	void *sk;
	void (*input)(struct sk_buff *skb);
} nl_table[MAX_LINKS];
static struct mutex nl_table_mutex;

void consume_skb(struct sk_buff *skb);
void kfree_skb_reason(struct sk_buff *skb, int reason);

void *__netlink_kernel_create(struct net *net, int unit, void *module,
			      struct netlink_kernel_cfg *cfg)
{
	char *sk;

	(void)module;
	if (unit < 0 || unit >= MAX_LINKS)
		return NULL;
	sk = calloc(1, SOCK_SIZE);
	if (!sk)
		return NULL;
	*(u16 *)(sk + SKC_FAMILY) = AF_NETLINK;
	*(struct net **)(sk + SKC_NET) = net;	/* sock_net() */
	mutex_lock(&nl_table_mutex);
	if (!nl_table[unit].sk) {
		nl_table[unit].sk = sk;
		nl_table[unit].input = cfg ? cfg->input : NULL;
	}
	mutex_unlock(&nl_table_mutex);
	return sk;
}
EXPORT_SYMBOL(__netlink_kernel_create);

void netlink_kernel_release(void *sk)
{
	int unit;

	if (!sk)
		return;
	mutex_lock(&nl_table_mutex);
	for (unit = 0; unit < MAX_LINKS; unit++)
		if (nl_table[unit].sk == sk)
			nl_table[unit].sk = NULL;
	mutex_unlock(&nl_table_mutex);
	free(sk);
}
EXPORT_SYMBOL(netlink_kernel_release);

static void (*input_of(void *ssk))(struct sk_buff *)
{
	void (*input)(struct sk_buff *) = NULL;
	int unit;

	mutex_lock(&nl_table_mutex);
	for (unit = 0; unit < MAX_LINKS; unit++)
		if (nl_table[unit].sk == ssk)
			input = nl_table[unit].input;
	mutex_unlock(&nl_table_mutex);
	return input;
}

int netlink_unicast(void *ssk, struct sk_buff *skb, u32 portid, int nonblock)
{
	void (*input)(struct sk_buff *) = portid ? NULL : input_of(ssk);
	int len;

	(void)nonblock;
	if (!input) {
		kfree_skb_reason(skb, 0);
		return -ECONNREFUSED;
	}
	len = skb->len;
	input(skb);
	consume_skb(skb);
	return len;
}
EXPORT_SYMBOL(netlink_unicast);

int netlink_broadcast(void *ssk, struct sk_buff *skb, u32 portid, u32 group,
		      gfp_t allocation)
{
	(void)ssk, (void)portid, (void)group, (void)allocation;
	consume_skb(skb);
	return -ESRCH;
}
EXPORT_SYMBOL(netlink_broadcast);

int netlink_has_listeners(void *sk, unsigned int group)
{
	(void)sk, (void)group;
	return 0;
}
EXPORT_SYMBOL(netlink_has_listeners);
