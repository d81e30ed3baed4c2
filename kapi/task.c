// SPDX-License-Identifier: MIT
/*
 * task.c - the task_struct each thread running module code has as
 * `current`, with the fields genuine modules read inline where their
 * kernel puts them: pid, tgid, comm, and the credentials behind
 * real_cred and cred (current_uid() and friends).
 *
 * Where those fields are is the module's kernel's business, and its BTF
 * says: umod_kapi_task_layout() reads it (a vmlinux, or the running
 * kernel's /sys/kernel/btf/vmlinux).  Without it a task is zeroed memory
 * but for what kapi itself keeps at Debian 6.1's fixed offsets: the
 * thread_info flags (signal.c) and __state (sched.c), which a layout
 * given must agree with.  A thread's pid is its thread id, tgid the
 * process's, comm the thread's name (a kthread's, once named); the
 * credentials are the process's, read once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "kernel.h"

#include <umod/kapi.h>

#include "btf.h"

/* Linux 6.1's task_struct is a little under 10 KiB with Debian's config;
 * kapi keeps its own per-task pointer in the last word, past it. */
#define TASK_SIZE	(16 * 1024)
#define TASK_COMM_LEN	16
#define CRED_SIZE	1024

/* Byte offsets; -1 for a field not laid out. */
static struct {
	long pid, tgid, comm, real_cred, cred;
	long uid[8];		/* in struct cred: cred_ids' order */
} layout = { -1, -1, -1, -1, -1, { -1, -1, -1, -1, -1, -1, -1, -1 } };
static const char *const cred_ids[8] = {
	"uid", "gid", "suid", "sgid", "euid", "egid", "fsuid", "fsgid",
};
static char *process_cred;

void **kapi_task_slot(struct task_struct *t)
{
	return (void **)((char *)t + TASK_SIZE) - 1;
}

/* Every task made, kept where a leak checker sees them: an area, and so
 * its task, lives as long as the process. */
static pthread_mutex_t tasks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct task_struct **tasks;
static size_t nr_tasks;

struct task_struct *kapi_task_new(void)
{
	struct task_struct *t = aligned_alloc(64, TASK_SIZE), **more;

	if (!t)
		return NULL;
	pthread_mutex_lock(&tasks_lock);
	more = realloc(tasks, (nr_tasks + 1) * sizeof(*tasks));
	if (more) {
		tasks = more;
		tasks[nr_tasks++] = t;
	}
	pthread_mutex_unlock(&tasks_lock);
	if (!more) {
		free(t);
		return NULL;
	}
	return t;
}

static void put_field(void *base, long off, const void *v, size_t len)
{
	if (off >= 0)
		memcpy((char *)base + off, v, len);
}

void kapi_task_set_comm(struct task_struct *t, const char *name)
{
	char comm[TASK_COMM_LEN] = "";

	memcpy(comm, name, strnlen(name, sizeof(comm) - 1));
	put_field(t, layout.comm, comm, sizeof(comm));
}

/* On the thread the task is for: it is that thread now. */
void kapi_task_init(struct task_struct *t)
{
	pid_t pid = gettid(), tgid = getpid();
	char name[TASK_COMM_LEN] = "";

	memset(t, 0, TASK_SIZE);
	put_field(t, layout.pid, &pid, sizeof(pid));
	put_field(t, layout.tgid, &tgid, sizeof(tgid));
	prctl(PR_GET_NAME, name);
	kapi_task_set_comm(t, name);
	put_field(t, layout.real_cred, &process_cred, sizeof(process_cred));
	put_field(t, layout.cred, &process_cred, sizeof(process_cred));
}

char *__get_task_comm(char *buf, size_t len, struct task_struct *t)
{
	if (layout.comm < 0)
		return memset(buf, 0, len);
	strncpy(buf, (char *)t + layout.comm, len);
	if (len)
		buf[len - 1] = '\0';
	return buf;
}
EXPORT_SYMBOL(__get_task_comm);

/* struct cred with the process's ids, kuid_t and kgid_t being u32s. */
static int make_cred(const struct kapi_btf *btf)
{
	uid_t u[3];
	gid_t g[3];
	u32 ids[8];
	long size = kapi_btf_size(btf, "cred");

	if (size < 0 || size > CRED_SIZE)
		return size < 0 ? (int)size : -E2BIG;
	getresuid(&u[0], &u[2], &u[1]);		/* real, saved, effective */
	getresgid(&g[0], &g[2], &g[1]);
	ids[0] = u[0], ids[1] = g[0], ids[2] = u[2], ids[3] = g[2];
	ids[4] = u[1], ids[5] = g[1], ids[6] = u[1], ids[7] = g[1];
	process_cred = calloc(1, CRED_SIZE);
	if (!process_cred)
		return -ENOMEM;
	for (int i = 0; i < 8; i++) {
		layout.uid[i] = kapi_btf_offset(btf, "cred", cred_ids[i]);
		if (layout.uid[i] < 0 || layout.uid[i] + 4 > size)
			return -EINVAL;
		memcpy(process_cred + layout.uid[i], &ids[i], 4);
	}
	return 0;
}

/* kapi's own fixed offsets must be the kernel's. */
static int check_fixed(const struct kapi_btf *btf)
{
	long size = kapi_btf_size(btf, "task_struct");

	if (size < 0)
		return (int)size;
	if (size > TASK_SIZE - (long)sizeof(void *))
		return -E2BIG;
	if (kapi_btf_offset(btf, "task_struct", "__state") != KAPI_TASK_STATE_OFFSET ||
	    kapi_btf_offset(btf, "task_struct", "thread_info") != 0)
		return -EINVAL;
	return 0;
}

static int read_layout(const struct kapi_btf *btf)
{
	int err = check_fixed(btf);

	if (err)
		return err;
	layout.pid = kapi_btf_offset(btf, "task_struct", "pid");
	layout.tgid = kapi_btf_offset(btf, "task_struct", "tgid");
	layout.comm = kapi_btf_offset(btf, "task_struct", "comm");
	layout.real_cred = kapi_btf_offset(btf, "task_struct", "real_cred");
	layout.cred = kapi_btf_offset(btf, "task_struct", "cred");
	if (layout.pid < 0 || layout.tgid < 0 || layout.comm < 0 ||
	    layout.real_cred < 0 || layout.cred < 0)
		return -EINVAL;
	return make_cred(btf);
}

static bool attached;

void kapi_task_attached(void)
{
	attached = true;
}

int umod_kapi_task_layout(const char *btf_path)
{
	struct kapi_btf *btf;
	int err;

	if (attached)
		return -EBUSY;
	err = kapi_btf_open(btf_path, &btf);
	if (err)
		return err;
	err = read_layout(btf);
	kapi_btf_close(btf);
	if (err) {
		memset(layout.uid, -1, sizeof(layout.uid));
		layout.pid = layout.tgid = layout.comm = -1;
		layout.real_cred = layout.cred = -1;
	}
	return err;
}
