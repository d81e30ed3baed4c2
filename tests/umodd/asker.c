/* asker: its init asks for another module, as a filesystem asks for fs-<type>. */
#include <umod/module.h>
MODULE_LICENSE("GPL");
static int __init asker_init(void)
{
	int ret = request_module("umod-helper");
	printk(KERN_INFO "asker: request_module returned %d\n", ret);
	/* A positive value is modprobe's exit status: a failure too. */
	return ret > 0 ? -ENOENT : ret;
}
static void __exit asker_exit(void) { }
module_init(asker_init);
module_exit(asker_exit);
