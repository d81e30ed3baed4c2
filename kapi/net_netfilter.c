// SPDX-License-Identifier: MIT
/*
 * net_netfilter.c - netfilter's registries (net/netfilter/core.c,
 * nf_sockopt.c): hooks per namespace, family and hook number, kept in
 * priority order, and socket option ranges per family.  As Linux 6.1:
 * NFPROTO_INET hooks go to IPv4 and IPv6 both; an unknown family or hook
 * number is -EINVAL, so is a netdev or inet ingress hook (it needs a
 * device, and there is none); unregistering an unknown hook warns;
 * overlapping sockopt ranges are -EBUSY.  No packet passes through a
 * host, so the hooks are never called.  Packet loggers register per
 * family and type (-EEXIST when taken) and are bound per family.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel.h"
#include "net.h"

enum { NFPROTO_INET = 1, NFPROTO_IPV4 = 2, NFPROTO_ARP = 3,
       NFPROTO_NETDEV = 5, NFPROTO_BRIDGE = 7, NFPROTO_IPV6 = 10 };
#define NF_INET_NUMHOOKS	5
#define NF_INET_INGRESS		5
#define NF_ARP_NUMHOOKS		3
#define NF_BR_NUMHOOKS		6

struct nf_hook_ops {
	struct list_head list;
	void *hook;
	void *dev;
	void *priv;
	u8 pf;
	u8 hook_ops_type;
	unsigned int hooknum;
	int priority;
};
KAPI_LAYOUT(offsetof(struct nf_hook_ops, priority) == 0x30, "nf_hook_ops");

/* one registration: ops in a (net, family, hook) chain */
struct nf_hook_entry {
	struct nf_hook_entry *next;
	const struct nf_hook_ops *ops;
	const struct net *net;
	u8 pf;
};

static struct mutex nf_hook_mutex;
static struct nf_hook_entry *hooks;	/* by (pf, hooknum), then priority */

static bool hook_exists(u8 pf, unsigned int hooknum)
{
	switch (pf) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
		return hooknum < NF_INET_NUMHOOKS;
	case NFPROTO_ARP:
		return hooknum < NF_ARP_NUMHOOKS;
	case NFPROTO_BRIDGE:
		return hooknum < NF_BR_NUMHOOKS;
	default:
		return false;	/* netdev and inet ingress: no device */
	}
}

static int add_hook(struct net *net, u8 pf, const struct nf_hook_ops *reg)
{
	struct nf_hook_entry *e, **pp;

	if (!hook_exists(pf, reg->hooknum))
		return -EINVAL;
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	*e = (struct nf_hook_entry){ .ops = reg, .net = net, .pf = pf };
	for (pp = &hooks; *pp; pp = &(*pp)->next) {
		const struct nf_hook_ops *o = (*pp)->ops;

		if ((*pp)->pf > pf || ((*pp)->pf == pf &&
		    (o->hooknum > reg->hooknum || (o->hooknum == reg->hooknum &&
		     o->priority > reg->priority))))
			break;
	}
	e->next = *pp;
	*pp = e;
	return 0;
}

static void del_hook(struct net *net, u8 pf, const struct nf_hook_ops *reg)
{
	struct nf_hook_entry **pp, *e;

	for (pp = &hooks; (e = *pp); pp = &e->next)
		if (e->ops == reg && e->pf == pf && e->net == net) {
			*pp = e->next;
			free(e);
			return;
		}
	kapi_warn("hook not found, pf %d num %d", pf, reg->hooknum);
}

int nf_register_net_hook(struct net *net, const struct nf_hook_ops *reg)
{
	int err;

	mutex_lock(&nf_hook_mutex);
	if (reg->pf == NFPROTO_INET && reg->hooknum != NF_INET_INGRESS) {
		err = add_hook(net, NFPROTO_IPV4, reg);
		if (!err && (err = add_hook(net, NFPROTO_IPV6, reg)))
			del_hook(net, NFPROTO_IPV4, reg);
	} else {
		err = add_hook(net, reg->pf, reg);
	}
	mutex_unlock(&nf_hook_mutex);
	return err;
}
EXPORT_SYMBOL(nf_register_net_hook);

void nf_unregister_net_hook(struct net *net, const struct nf_hook_ops *reg)
{
	mutex_lock(&nf_hook_mutex);
	if (reg->pf == NFPROTO_INET && reg->hooknum != NF_INET_INGRESS) {
		del_hook(net, NFPROTO_IPV4, reg);
		del_hook(net, NFPROTO_IPV6, reg);
	} else {
		del_hook(net, reg->pf, reg);
	}
	mutex_unlock(&nf_hook_mutex);
	synchronize_net();
}
EXPORT_SYMBOL(nf_unregister_net_hook);

int nf_register_net_hooks(struct net *net, const struct nf_hook_ops *reg,
			  unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = nf_register_net_hook(net, &reg[i]);
	if (err)
		for (i--; i-- > 0;)
			nf_unregister_net_hook(net, &reg[i]);
	return err;
}
EXPORT_SYMBOL(nf_register_net_hooks);

void nf_unregister_net_hooks(struct net *net, const struct nf_hook_ops *reg,
			     unsigned int n)
{
	while (n-- > 0)
		nf_unregister_net_hook(net, &reg[n]);
}
EXPORT_SYMBOL(nf_unregister_net_hooks);

/* ---- socket options ---- */
struct nf_sockopt_ops {
	struct list_head list;
	u8 pf;
	int set_optmin, set_optmax;
	void *set;
	int get_optmin, get_optmax;
	void *get;
	void *owner;
};
KAPI_LAYOUT(offsetof(struct nf_sockopt_ops, get_optmax) == 0x2c, "nf_sockopt_ops");

static struct mutex nf_sockopt_mutex;
static struct list_head nf_sockopts = { &nf_sockopts, &nf_sockopts };

static bool overlap(int min1, int max1, int min2, int max2)
{
	return max1 > min2 && min1 < max2;
}

int nf_register_sockopt(struct nf_sockopt_ops *reg)
{
	struct list_head *p;
	int err = 0;

	mutex_lock(&nf_sockopt_mutex);
	for (p = nf_sockopts.next; p != &nf_sockopts; p = p->next) {
		struct nf_sockopt_ops *ops = (struct nf_sockopt_ops *)p;

		if (ops->pf == reg->pf &&
		    (overlap(ops->set_optmin, ops->set_optmax,
			     reg->set_optmin, reg->set_optmax) ||
		     overlap(ops->get_optmin, ops->get_optmax,
			     reg->get_optmin, reg->get_optmax))) {
			err = -EBUSY;
			break;
		}
	}
	if (!err)
		kapi_list_add(&reg->list, &nf_sockopts);
	mutex_unlock(&nf_sockopt_mutex);
	return err;
}
EXPORT_SYMBOL(nf_register_sockopt);

void nf_unregister_sockopt(struct nf_sockopt_ops *reg)
{
	mutex_lock(&nf_sockopt_mutex);
	kapi_list_del_init(&reg->list);
	mutex_unlock(&nf_sockopt_mutex);
}
EXPORT_SYMBOL(nf_unregister_sockopt);

/* ---- packet loggers (nf_log.c): one per family and type, and the one
 * each family of init_net is bound to ---- */
#define NFPROTO_NUMPROTO	13
#define NF_LOG_TYPE_MAX		2

struct nf_logger {
	char *name;
	int type;
	void (*logfn)(struct net *net, u8 pf, unsigned int hooknum,
		      const void *skb, const void *in, const void *out,
		      const void *loginfo, const char *prefix);
	void *me;
};

static struct mutex nf_log_mutex;
static struct nf_logger *loggers[NFPROTO_NUMPROTO][NF_LOG_TYPE_MAX];
static struct nf_logger *bound[NFPROTO_NUMPROTO];	/* init_net's */

int nf_log_register(u8 pf, struct nf_logger *logger)
{
	int i, err = 0;

	if (pf >= NFPROTO_NUMPROTO || (unsigned int)logger->type >= NF_LOG_TYPE_MAX)
		return -EINVAL;
	mutex_lock(&nf_log_mutex);
	for (i = pf ? pf : 0; i < (pf ? pf + 1 : NFPROTO_NUMPROTO); i++)
		if (loggers[i][logger->type])
			err = -EEXIST;
	for (i = pf ? pf : 0; !err && i < (pf ? pf + 1 : NFPROTO_NUMPROTO); i++)
		__atomic_store_n(&loggers[i][logger->type], logger, __ATOMIC_RELEASE);
	mutex_unlock(&nf_log_mutex);
	return err;
}
EXPORT_SYMBOL(nf_log_register);

void nf_log_unregister(struct nf_logger *logger)
{
	mutex_lock(&nf_log_mutex);
	for (int i = 0; i < NFPROTO_NUMPROTO; i++) {
		if (loggers[i][logger->type] == logger)
			loggers[i][logger->type] = NULL;
		if (bound[i] == logger)
			bound[i] = NULL;
	}
	mutex_unlock(&nf_log_mutex);
	synchronize_rcu();
}
EXPORT_SYMBOL(nf_log_unregister);

int nf_log_bind_pf(struct net *net, u8 pf, const struct nf_logger *logger)
{
	int err = 0;

	if (pf >= NFPROTO_NUMPROTO)
		return -EINVAL;
	mutex_lock(&nf_log_mutex);
	if (loggers[pf][logger->type] != logger)
		err = -ENOENT;
	else if (net == &init_net)
		bound[pf] = (struct nf_logger *)logger;
	mutex_unlock(&nf_log_mutex);
	return err;
}
EXPORT_SYMBOL(nf_log_bind_pf);

void nf_log_unbind_pf(struct net *net, u8 pf)
{
	if (pf >= NFPROTO_NUMPROTO || net != &init_net)
		return;
	mutex_lock(&nf_log_mutex);
	bound[pf] = NULL;
	mutex_unlock(&nf_log_mutex);
}
EXPORT_SYMBOL(nf_log_unbind_pf);

/* A packet to the logger its loginfo names, else the one the family is
 * bound to, with the prefix formatted; none may be there. */
struct nf_loginfo {
	u8 type;
};

void nf_log_packet(struct net *net, u8 pf, unsigned int hooknum,
		   const void *skb, const void *in, const void *out,
		   const struct nf_loginfo *loginfo, const char *fmt, ...)
{
	const struct nf_logger *logger = NULL;
	char prefix[128];	/* NF_LOG_PREFIXLEN */
	va_list args;

	if (pf >= NFPROTO_NUMPROTO)
		return;
	if (loginfo && loginfo->type < NF_LOG_TYPE_MAX)
		logger = __atomic_load_n(&loggers[pf][loginfo->type], __ATOMIC_ACQUIRE);
	else if (!loginfo && net == &init_net)
		logger = __atomic_load_n(&bound[pf], __ATOMIC_ACQUIRE);
	if (!logger)
		return;
	va_start(args, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, args);
	va_end(args);
	logger->logfn(net, pf, hooknum, skb, in, out, loginfo, prefix);
}
EXPORT_SYMBOL(nf_log_packet);

/* Whether a process listens to conntrack events (ctnetlink): none can. */
u8 nf_ctnetlink_has_listener;
EXPORT_SYMBOL(nf_ctnetlink_has_listener);

/* net.netfilter.nf_log_all_netns: 0, loggers log init_net's packets only */
int sysctl_nf_log_all_netns;
EXPORT_SYMBOL(sysctl_nf_log_all_netns);
