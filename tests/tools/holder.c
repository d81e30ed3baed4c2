// SPDX-License-Identifier: MIT
/* holder.c - keeps a reference to itself until its "release" parameter
 * is written, so rmmod -w has something to wait for. */
#include <umod/module.h>

static bool held;

static int release_set(const char *val, const struct kernel_param *kp)
{
	if (held) {
		held = false;
		module_put(THIS_MODULE);
	}
	return 0;
}

static const struct kernel_param_ops release_ops = { .set = release_set };
module_param_cb(release, &release_ops, NULL, 0200);

static int __init holder_init(void)
{
	held = try_module_get(THIS_MODULE);
	return 0;
}

static void __exit holder_exit(void)
{
}

module_init(holder_init);
module_exit(holder_exit);
MODULE_LICENSE("GPL");
