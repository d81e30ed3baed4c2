// SPDX-License-Identifier: MIT
/*
 * cred.c - capabilities and ids as the kernel answers them for the
 * calling task: capable() is the calling thread's effective set, as the
 * host's kernel holds it (capget), so a module's check passes exactly
 * when the host runs with that capability.  There is one user
 * namespace, the initial one, whose mapping is the identity.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel.h"

typedef u32 kuid_t;
typedef u32 kgid_t;

/* Its layout is the kernel's; no module reads into it here. */
struct user_namespace {
	char opaque[0x270];
};
struct user_namespace init_user_ns;
EXPORT_SYMBOL(init_user_ns);

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (cap < 0 || cap > CAP_LAST_CAP)
		return false;
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

bool capable(int cap)
{
	return has_cap(cap);
}
EXPORT_SYMBOL(capable);

bool ns_capable(struct user_namespace *ns, int cap)
{
	return ns == &init_user_ns && has_cap(cap);
}
EXPORT_SYMBOL(ns_capable);

bool ns_capable_noaudit(struct user_namespace *ns, int cap)
{
	return ns_capable(ns, cap);
}
EXPORT_SYMBOL(ns_capable_noaudit);

bool file_ns_capable(const void *file, struct user_namespace *ns, int cap)
{
	return ns_capable(ns, cap);
}
EXPORT_SYMBOL(file_ns_capable);

/* The identity map of the initial namespace: every id maps, but
 * (uid_t)-1, which is INVALID_UID. */
kuid_t make_kuid(struct user_namespace *ns, u32 uid)
{
	return ns == &init_user_ns ? uid : (kuid_t)-1;
}
EXPORT_SYMBOL(make_kuid);

kgid_t make_kgid(struct user_namespace *ns, u32 gid)
{
	return ns == &init_user_ns ? gid : (kgid_t)-1;
}
EXPORT_SYMBOL(make_kgid);

u32 from_kuid(struct user_namespace *ns, kuid_t kuid)
{
	return ns == &init_user_ns ? kuid : (u32)-1;
}
EXPORT_SYMBOL(from_kuid);

u32 from_kgid(struct user_namespace *ns, kgid_t kgid)
{
	return ns == &init_user_ns ? kgid : (u32)-1;
}
EXPORT_SYMBOL(from_kgid);

/* Unmapped ids read as the overflow ids, 65534. */
u32 from_kuid_munged(struct user_namespace *ns, kuid_t kuid)
{
	u32 uid = from_kuid(ns, kuid);

	return uid == (u32)-1 ? 65534 : uid;
}
EXPORT_SYMBOL(from_kuid_munged);

u32 from_kgid_munged(struct user_namespace *ns, kgid_t kgid)
{
	u32 gid = from_kgid(ns, kgid);

	return gid == (u32)-1 ? 65534 : gid;
}
EXPORT_SYMBOL(from_kgid_munged);
