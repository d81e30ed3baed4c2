// SPDX-License-Identifier: MIT
/*
 * net_sock.c - what a protocol module does to its sockets and routes
 * besides creating them: the socket lock (lock_sock_nested waits, as a
 * task, while the socket is owned; release_sock runs the backlog that
 * gathered meanwhile, the protocol's release_cb, and wakes the next
 * owner), and dst_release, dropping a route's reference (the last one
 * destroys it through its dst_ops, after a grace period).
 */
#include <stddef.h>

#include "kernel.h"
#include "skbuff.h"

/* Linux 6.1's struct sock, at the offsets used here (x86-64). */
struct wait_queue_head {
	raw_spinlock_t lock;
	struct list_head head;
};

struct socket_lock {
	raw_spinlock_t slock;
	int owned;
	struct wait_queue_head wq;
};

struct sock;
struct proto {
	char pad[0xa8];
	void (*release_cb)(struct sock *sk);
};

struct sock {
	char pad0[0x28];
	struct proto *sk_prot;
	char pad1[0x98 - 0x30];
	struct socket_lock sk_lock;
	char pad2[0xf0 - 0xb8];
	struct {
		int rmem_alloc, len;
		struct sk_buff *head, *tail;
	} sk_backlog;
	char pad3[0x2c0 - 0x108];
	int (*sk_backlog_rcv)(struct sock *sk, struct sk_buff *skb);
};
KAPI_LAYOUT(offsetof(struct sock, sk_lock) == 0x98, "sk->sk_lock");
KAPI_LAYOUT(offsetof(struct sock, sk_backlog) == 0xf0, "sk->sk_backlog");
KAPI_LAYOUT(offsetof(struct sock, sk_backlog_rcv) == 0x2c0, "sk->sk_backlog_rcv");

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	void *func;
	struct list_head entry;
};

void init_wait_entry(struct wait_queue_entry *e, int flags);
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *e, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr, void *key);
void _raw_spin_lock_bh(raw_spinlock_t *lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock);

static bool owned(struct sock *sk)
{
	return __atomic_load_n(&sk->sk_lock.owned, __ATOMIC_ACQUIRE);
}

void lock_sock_nested(struct sock *sk, int subclass)
{
	struct wait_queue_entry wait;

	(void)subclass;
	_raw_spin_lock_bh(&sk->sk_lock.slock);
	if (owned(sk)) {
		init_wait_entry(&wait, 0);
		for (;;) {
			prepare_to_wait_exclusive(&sk->sk_lock.wq, &wait,
						  TASK_UNINTERRUPTIBLE);
			_raw_spin_unlock_bh(&sk->sk_lock.slock);
			schedule();
			_raw_spin_lock_bh(&sk->sk_lock.slock);
			if (!owned(sk))
				break;
		}
		finish_wait(&sk->sk_lock.wq, &wait);
	}
	sk->sk_lock.owned = 1;
	_raw_spin_unlock_bh(&sk->sk_lock.slock);
}
EXPORT_SYMBOL(lock_sock_nested);

/* __release_sock: the packets that came while the socket was owned, to
 * the protocol's backlog_rcv, with the spinlock dropped. */
static void release_backlog(struct sock *sk)
{
	struct sk_buff *skb, *next;

	while ((skb = sk->sk_backlog.head) != NULL) {
		sk->sk_backlog.head = sk->sk_backlog.tail = NULL;
		_raw_spin_unlock_bh(&sk->sk_lock.slock);
		do {
			next = skb->next;
			skb->next = NULL;
			sk->sk_backlog_rcv(sk, skb);
			skb = next;
		} while (skb);
		_raw_spin_lock_bh(&sk->sk_lock.slock);
	}
	sk->sk_backlog.len = 0;
}

void release_sock(struct sock *sk)
{
	_raw_spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_backlog.tail)
		release_backlog(sk);
	if (sk->sk_prot && sk->sk_prot->release_cb)
		sk->sk_prot->release_cb(sk);
	__atomic_store_n(&sk->sk_lock.owned, 0, __ATOMIC_RELEASE);
	if (!kapi_list_empty(&sk->sk_lock.wq.head))
		__wake_up(&sk->sk_lock.wq, TASK_NORMAL, 1, NULL);
	_raw_spin_unlock_bh(&sk->sk_lock.slock);
}
EXPORT_SYMBOL(release_sock);

/* ---- routes ---- */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

struct dst_entry;
struct kmem_cache;
struct dst_ops {
	char pad[0x30];
	void (*destroy)(struct dst_entry *dst);
	char pad1[0x78 - 0x38];
	struct kmem_cache *kmem_cachep;
};

struct dst_entry {
	void *dev;
	struct dst_ops *ops;
	char pad[0x40 - 0x10];
	int __refcnt;		/* atomic_t */
	char pad1[0x58 - 0x44];
	struct rcu_head rcu_head;
};
KAPI_LAYOUT(offsetof(struct dst_entry, rcu_head) == 0x58, "dst->rcu_head");

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void kmem_cache_free(struct kmem_cache *s, void *p);

static void dst_destroy_rcu(struct rcu_head *head)
{
	struct dst_entry *dst = (struct dst_entry *)
		((char *)head - offsetof(struct dst_entry, rcu_head));

	if (dst->ops->destroy)
		dst->ops->destroy(dst);
	kmem_cache_free(dst->ops->kmem_cachep, dst);
}

void dst_release(struct dst_entry *dst)
{
	int n;

	if (!dst)
		return;
	n = __atomic_sub_fetch(&dst->__refcnt, 1, __ATOMIC_ACQ_REL);
	if (n < 0)
		kapi_warn("dst_release underflow");
	if (!n)
		call_rcu(&dst->rcu_head, dst_destroy_rcu);
}
EXPORT_SYMBOL(dst_release);
