// SPDX-License-Identifier: MIT
/*
 * firmware.c - request_firmware and its kin, as
 * drivers/base/firmware_loader/ reads firmware without a user-space
 * helper: the file NAME from the host's firmware directory (umodd
 * --firmware, Linux's firmware_class.path), else /lib/firmware/updates,
 * else /lib/firmware.  Missing is -ENOENT with Linux's warning (none
 * from request_firmware_direct and firmware_request_nowarn);
 * request_firmware_nowait calls back from a work item, with NULL when
 * the file is not there.  The directories for a kernel release
 * (/lib/firmware/updates/RELEASE...) are not searched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device.h"	/* before kapi.h: kapi keeps Linux's names */

#include <umod/kapi.h>

struct firmware {
	size_t size;
	const u8 *data;
	void *priv;
};
KAPI_LAYOUT(sizeof(struct firmware) == 0x18, "Linux 6.1's struct firmware");

static char custom_path[PATH_MAX];

void umod_kapi_firmware_path(const char *dir)
{
	snprintf(custom_path, sizeof(custom_path), "%s", dir ? dir : "");
}

/* The whole file into memory of kvmalloc's, or a negative errno. */
static int read_file(const char *path, struct firmware *fw)
{
	struct stat st;
	ssize_t got = 0, n;
	u8 *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > INT_MAX) {
		close(fd);
		return -EINVAL;
	}
	buf = __kmalloc(st.st_size ? st.st_size : 1, GFP_KERNEL);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < st.st_size && (n = read(fd, buf + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	if (got != st.st_size) {
		kfree(buf);
		return -EIO;
	}
	fw->data = buf;
	fw->size = got;
	return 0;
}

/* fw_get_filesystem_firmware's search: the first directory that has it. */
static int load(struct firmware *fw, const char *name)
{
	const char *dirs[] = { custom_path, "/lib/firmware/updates", "/lib/firmware" };
	char path[PATH_MAX];
	int err = -ENOENT;

	if (!name || !*name || strstr(name, "../"))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i][0])
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dirs[i], name) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		err = read_file(path, fw);
		if (err != -ENOENT)
			return err;
	}
	return err;
}

static int request(const struct firmware **out, const char *name,
		   struct device *dev, bool warn)
{
	struct firmware *fw;
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	fw = __kmalloc(sizeof(*fw), GFP_KERNEL | __GFP_ZERO);
	if (!fw)
		return -ENOMEM;
	err = load(fw, name);
	if (err) {
		if (warn)
			kapi_printk(KERN_WARNING "%s%s%s: Direct firmware load for %s failed with error %d\n",
				    dev ? dev_driver_string(dev) : "", dev ? " " : "",
				    dev ? dev_name(dev) : "(NULL device *)", name ? name : "", err);
		kfree(fw);
		return err;
	}
	*out = fw;
	return 0;
}

int request_firmware(const struct firmware **fw, const char *name, struct device *dev)
{
	return request(fw, name, dev, true);
}
EXPORT_SYMBOL(request_firmware);

int request_firmware_direct(const struct firmware **fw, const char *name,
			    struct device *dev)
{
	return request(fw, name, dev, false);
}
EXPORT_SYMBOL(request_firmware_direct);

int firmware_request_nowarn(const struct firmware **fw, const char *name,
			    struct device *dev)
{
	return request(fw, name, dev, false);
}
EXPORT_SYMBOL(firmware_request_nowarn);

void release_firmware(const struct firmware *fw)
{
	if (!fw)
		return;
	kfree(fw->data);
	kfree(fw);
}
EXPORT_SYMBOL(release_firmware);

/* ---- Asynchronously, from a work item ---- */

struct work_struct {
	unsigned long data;
	struct list_head entry;
	void (*func)(struct work_struct *work);
};

bool queue_work_on(int cpu, void *wq, struct work_struct *work);
char *kstrdup(const char *s, gfp_t gfp);
extern void *system_wq;

struct async_request {
	struct work_struct work;
	char *name;
	struct device *dev;
	struct module *owner;
	void *context;
	void (*cont)(const struct firmware *fw, void *context);
	bool warn;
};

static void run_async(struct work_struct *work)
{
	struct async_request *r = (struct async_request *)work;
	const struct firmware *fw;

	request(&fw, r->name, r->dev, r->warn);
	r->cont(fw, r->context);
	put_device(r->dev);
	umod_module_put(r->owner);
	kfree(r->name);
	kfree(r);
}

int request_firmware_nowait(struct module *module, bool uevent, const char *name,
			    struct device *device, gfp_t gfp, void *context,
			    void (*cont)(const struct firmware *fw, void *context))
{
	struct async_request *r = __kmalloc(sizeof(*r), gfp | __GFP_ZERO);

	if (!r)
		return -ENOMEM;
	r->name = name ? kstrdup(name, gfp) : NULL;
	if (name && !r->name) {
		kfree(r);
		return -ENOMEM;
	}
	if (!umod_try_module_get(module)) {
		kfree(r->name);
		kfree(r);
		return -EFAULT;
	}
	r->dev = get_device(device);
	r->owner = module;
	r->context = context;
	r->cont = cont;
	r->warn = uevent;
	r->work.data = 0;		/* as INIT_WORK leaves it: not pending */
	kapi_list_init(&r->work.entry);
	r->work.func = run_async;
	queue_work_on(8192, system_wq, &r->work);	/* WORK_CPU_UNBOUND */
	return 0;
}
EXPORT_SYMBOL(request_firmware_nowait);
