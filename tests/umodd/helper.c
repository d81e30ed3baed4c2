/* helper: found by its alias when asker requests it. */
#include <umod/module.h>
MODULE_LICENSE("GPL");
MODULE_ALIAS("umod-helper");
static int __init helper_init(void) { printk(KERN_INFO "helper: loaded on request\n"); return 0; }
static void __exit helper_exit(void) { }
module_init(helper_init);
module_exit(helper_exit);
