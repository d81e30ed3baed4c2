// SPDX-License-Identifier: GPL-2.0
/*
 * linuxfmt - written and built as a Linux driver is: kernel code model,
 * __fentry__ calls, return and indirect-branch thunks, __mcount_loc, init
 * data, a GPL-only export.  The host provides what the kernel would.
 */
#include <umod/module.h>
#include "testhost.h"

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

struct op {
	const char *name;
	int (*fn)(int acc, int arg);
};

static int op_add(int acc, int arg) { return acc + arg; }
static int op_mul(int acc, int arg) { return acc * arg; }
static int op_host(int acc, int arg) { return host_add(acc, arg); }

static struct op ops[] = {
	{ "add", op_add },
	{ "mul", op_mul },
	{ "host", op_host },
};

static int boot_seed __initdata = 5;
static const char banner[] __initconst = "linuxfmt: starting";
static int seed __ro_after_init;

static int factor = 3;
module_param(factor, int, 0444);
MODULE_PARM_DESC(factor, "Operand of every step");

/* ((seed + factor) * factor) + factor, through function pointers. */
int linuxfmt_value(void)
{
	int acc = seed;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		acc = READ_ONCE(ops[i].fn)(acc, factor);
	return acc;
}
EXPORT_SYMBOL_GPL(linuxfmt_value);

static int __init linuxfmt_init(void)
{
	pr_info("%s (seed %d)\n", banner, boot_seed);
	seed = boot_seed;
	return 0;
}

static void __exit linuxfmt_exit(void)
{
	pr_info("linuxfmt: done\n");
}

module_init(linuxfmt_init);
module_exit(linuxfmt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A module built with Linux's code generation flags");
