// SPDX-License-Identifier: MIT
/* printfmt.c - printk with what only Linux's vsnprintf understands. */
#include <umod/module.h>

#define ERR_PTR(err) ((void *)(long)(err))
#define ENOENT 2

static char *name;	/* NULL unless given */
module_param(name, charp, 0444);

/* Out of line, so it has an address and a symbol of its own. */
static __attribute__((noinline)) int printfmt_target(int x)
{
	return x * 2 + 1;
}

static int __init printfmt_init(void)
{
	int n = -1;

	pr_info("printfmt: %pS %ps\n", printfmt_target, printfmt_target);
	pr_info("printfmt: open: %pe\n", ERR_PTR(-ENOENT));
	pr_info("printfmt: name %s\n", name);
	pr_info("printfmt: before%n after %d\n", &n, printfmt_target(1));
	pr_info("printfmt: n is still %d\n", n);
	return 0;
}

static void __exit printfmt_exit(void)
{
	pr_info("printfmt: exit %pS\n", (char *)printfmt_target + 1);
}

module_init(printfmt_init);
module_exit(printfmt_exit);
MODULE_LICENSE("GPL");
