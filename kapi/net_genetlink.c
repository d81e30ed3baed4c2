// SPDX-License-Identifier: MIT
/*
 * net_genetlink.c - generic netlink's family registry
 * (net/netlink/genetlink.c): a family's operations are checked, it gets
 * an id (cyclic from GENL_START_ALLOC, the reserved ids for the three
 * families that need them) and a run of multicast group ids (first fit
 * past the reserved ones), as Linux 6.1 does; a name taken is -EEXIST.
 * Messages are built as there (genlmsg_put); multicasts reach nobody, as
 * no user-space socket exists (net_af_netlink.c): -ESRCH.
 */
#include <errno.h>
#include <string.h>

#include "kernel.h"
#include "net.h"
#include "skbuff.h"

#define GENL_NAMSIZ	16
#define GENL_ID_CTRL	0x10
#define GENL_ID_VFS_DQUOT 0x11
#define GENL_ID_PMCRAID	0x12
#define GENL_START_ALLOC 0x13
#define GENL_MAX_ID	1023
#define MC_GROUPS	1024	/* group ids this registry hands out */

struct genl_ops {
	void *doit, *start, *dumpit, *done;
	const void *policy;
	unsigned int maxattr;
	u8 cmd, internal_flags, flags, validate;
};
KAPI_LAYOUT(sizeof(struct genl_ops) == 0x30, "Linux 6.1's genl_ops");

struct genl_small_ops {
	void *doit, *dumpit;
	u8 cmd, internal_flags, flags, validate;
};
KAPI_LAYOUT(sizeof(struct genl_small_ops) == 0x18, "Linux 6.1's genl_small_ops");

struct genl_multicast_group {
	char name[GENL_NAMSIZ];
	u8 flags;
};

struct genl_family {
	int id;
	unsigned int hdrsize;
	char name[GENL_NAMSIZ];
	unsigned int version, maxattr, mcgrp_offset;
	u8 netnsok_parallel;
	u8 n_ops, n_small_ops, n_mcgrps, resv_start_op;
	const void *policy;
	void *pre_doit, *post_doit;
	const struct genl_ops *ops;
	const struct genl_small_ops *small_ops;
	const struct genl_multicast_group *mcgrps;
	void *module;
};
KAPI_LAYOUT(offsetof(struct genl_family, mcgrp_offset) == 0x20, "genl_family");
KAPI_LAYOUT(offsetof(struct genl_family, ops) == 0x48, "genl_family->ops");
KAPI_LAYOUT(sizeof(struct genl_family) == 0x68, "Linux 6.1's genl_family");

static struct mutex genl_mutex;
static struct genl_family *families[GENL_MAX_ID + 1];
static int next_id = GENL_START_ALLOC;
/* ids 0 and 1 (NET_DM's) and the three reserved families' are taken */
static unsigned char mc_groups[MC_GROUPS] = {
	[0] = 1, [1] = 1, [GENL_ID_CTRL] = 1, [GENL_ID_VFS_DQUOT] = 1,
	[GENL_ID_PMCRAID] = 1,
};

/* Every operation does something, and no command appears twice. */
static int validate_ops(const struct genl_family *family)
{
	int n = family->n_ops + family->n_small_ops, i, j;
	u8 cmds[512];

	if ((family->n_ops && !family->ops) ||
	    (family->n_small_ops && !family->small_ops))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		bool small = i >= family->n_ops;
		const void *doit = small ? family->small_ops[i - family->n_ops].doit
					 : family->ops[i].doit;
		const void *dumpit = small ? family->small_ops[i - family->n_ops].dumpit
					   : family->ops[i].dumpit;

		cmds[i] = small ? family->small_ops[i - family->n_ops].cmd
				: family->ops[i].cmd;
		if (!doit && !dumpit)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (cmds[j] == cmds[i])
				return -EINVAL;
	}
	return 0;
}

static struct genl_family *find_by_name(const char *name)
{
	for (int id = 0; id <= GENL_MAX_ID; id++)
		if (families[id] && !strcmp(families[id]->name, name))
			return families[id];
	return NULL;
}

static int alloc_id(const struct genl_family *family)
{
	int start = GENL_START_ALLOC, end = GENL_MAX_ID, id;

	if (!strcmp(family->name, "pmcraid"))
		start = end = GENL_ID_PMCRAID;
	else if (!strcmp(family->name, "VFS_DQUOT"))
		start = end = GENL_ID_VFS_DQUOT;
	else if (next_id > start)
		start = next_id;
	for (id = start; id <= end; id++)
		if (!families[id])
			goto found;
	for (id = GENL_START_ALLOC; id < start && end == GENL_MAX_ID; id++)
		if (!families[id])
			goto found;
	return -ENOSPC;
found:
	if (end == GENL_MAX_ID)
		next_id = id + 1;
	return id;
}

/* NET_DM and the two reserved families reuse fixed group ids */
static bool fixed_groups(const struct genl_family *family)
{
	return !strcmp(family->name, "NET_DM") ||
	       family->id == GENL_ID_VFS_DQUOT || family->id == GENL_ID_PMCRAID;
}

/* genl_validate_assign_mc_groups: named groups, a run of free ids */
static int assign_mc_groups(struct genl_family *family)
{
	int n = family->n_mcgrps, first, i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		const char *name = family->mcgrps[i].name;

		if (!name[0] || !memchr(name, '\0', GENL_NAMSIZ)) {
			kapi_warn("genl: multicast group %d of %s unnamed\n", i,
				  family->name);
			return -EINVAL;
		}
	}
	if (fixed_groups(family)) {
		if (n != 1)
			__builtin_trap();	/* BUG_ON */
		family->mcgrp_offset = strcmp(family->name, "NET_DM") ?
				       (unsigned int)family->id : 1;
		return 0;
	}
	for (first = 0; first + n <= MC_GROUPS; first++) {
		for (i = 0; i < n && !mc_groups[first + i]; i++)
			;
		if (i == n)
			break;
	}
	if (first + n > MC_GROUPS)
		return -ENOMEM;
	memset(mc_groups + first, 1, n);
	family->mcgrp_offset = first;
	return 0;
}

static void release_mc_groups(const struct genl_family *family)
{
	if (family->n_mcgrps && !fixed_groups(family))
		memset(mc_groups + family->mcgrp_offset, 0, family->n_mcgrps);
}

int genl_register_family(struct genl_family *family)
{
	int err = validate_ops(family), id;

	if (err)
		return err;
	mutex_lock(&genl_mutex);
	if (find_by_name(family->name)) {
		err = -EEXIST;
		goto out;
	}
	id = alloc_id(family);
	if (id < 0) {
		err = id;
		goto out;
	}
	family->id = id;
	err = assign_mc_groups(family);
	if (!err)
		families[id] = family;
out:
	mutex_unlock(&genl_mutex);
	return err;
}
EXPORT_SYMBOL(genl_register_family);

int genl_unregister_family(const struct genl_family *family)
{
	int err = -ENOENT;

	mutex_lock(&genl_mutex);
	if (family->id >= 0 && family->id <= GENL_MAX_ID &&
	    families[family->id] == family) {
		release_mc_groups(family);
		families[family->id] = NULL;
		err = 0;
	}
	mutex_unlock(&genl_mutex);
	return err;
}
EXPORT_SYMBOL(genl_unregister_family);

/* ---- messages ---- */
#define NLMSG_ALIGN(len)	(((len) + 3u) & ~3u)
#define GENL_HDRLEN	4

void *__nlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, int type,
		  int len, int flags);
void consume_skb(struct sk_buff *skb);

void *genlmsg_put(struct sk_buff *skb, u32 portid, u32 seq,
		  const struct genl_family *family, int flags, u8 cmd)
{
	int payload = GENL_HDRLEN + family->hdrsize;
	u8 *hdr;

	if (skb->data_len || skb->end - skb->tail < NLMSG_ALIGN(16 + payload))
		return NULL;
	hdr = (u8 *)__nlmsg_put(skb, portid, seq, family->id, payload, flags) + 16;
	hdr[0] = cmd;
	hdr[1] = family->version;
	hdr[2] = hdr[3] = 0;
	return hdr + GENL_HDRLEN;
}
EXPORT_SYMBOL(genlmsg_put);

int genlmsg_multicast_allns(const struct genl_family *family,
			    struct sk_buff *skb, u32 portid, unsigned int group,
			    gfp_t flags)
{
	(void)portid, (void)flags;
	if (group >= family->n_mcgrps) {
		kapi_warn("genlmsg_multicast_allns: group %u of %s\n", group,
			  family->name);
		return -EINVAL;
	}
	consume_skb(skb);	/* no listener in any namespace */
	return -ESRCH;
}
EXPORT_SYMBOL(genlmsg_multicast_allns);

void genl_notify(const struct genl_family *family, struct sk_buff *skb,
		 void *info, u32 group, gfp_t flags)
{
	(void)family, (void)info, (void)group, (void)flags;
	consume_skb(skb);
}
EXPORT_SYMBOL(genl_notify);
