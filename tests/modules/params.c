// SPDX-License-Identifier: MIT
/* params - a parameter of every type, read back from the module's side. */
#include <umod/module.h>
#include "testhost.h"

int snprintf(char *buf, size_t len, const char *fmt, ...);

static unsigned char b = 1;
static short s = -2;
static unsigned short us = 3;
static int i = -4;
static unsigned int ui = 5;
static long l = -6;
static unsigned long ul = 7;
static unsigned long long ull = 8;
static unsigned int hex = 0x10;
static char *cp = "default";
static bool flag;
static bool inv;
static int bi = 1;
static char str[8] = "abc";
static int arr[4] = { 1, 2 };
static unsigned int arr_num = 2;
static int internal = 9;
static int ro = 10;
static int wo = 11;
static int hidden = 12;
static int cb_val;

module_param(b, byte, 0644);
module_param(s, short, 0644);
module_param(us, ushort, 0644);
module_param(i, int, 0644);
module_param(ui, uint, 0644);
module_param(l, long, 0644);
module_param(ul, ulong, 0644);
module_param(ull, ullong, 0644);
module_param(hex, hexint, 0644);
module_param(cp, charp, 0644);
module_param(flag, bool, 0644);
module_param(inv, invbool, 0644);
module_param(bi, bint, 0644);
module_param_string(str, str, sizeof(str), 0644);
module_param_array(arr, int, &arr_num, 0644);
module_param_named(renamed, internal, int, 0644);
module_param(ro, int, 0444);
module_param(wo, int, 0200);
module_param(hidden, int, 0);
MODULE_PARM_DESC(i, "A signed int");

/* A parameter with its own ops: the loader calls into module code to parse
 * it, so the module must be relocated before its parameters are set. */
static int cb_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_int(val, kp);

	if (!ret)
		host_record("params cb set");
	return ret;
}

static const struct kernel_param_ops cb_ops = {
	.set = cb_set,
	.get = param_get_int,
};
module_param_cb(cb, &cb_ops, &cb_val, 0644);

/* Records every value as the module sees it; returns the array count. */
int params_dump(void)
{
	char buf[512];

	snprintf(buf, sizeof(buf),
		 "b=%u s=%d us=%u i=%d ui=%u l=%ld ul=%lu ull=%llu hex=%#x "
		 "cp=%s flag=%d inv=%d bi=%d str=%s arr=%d,%d,%d,%d/%u "
		 "renamed=%d ro=%d wo=%d hidden=%d cb=%d",
		 b, s, us, i, ui, l, ul, ull, hex, cp, flag, inv, bi, str,
		 arr[0], arr[1], arr[2], arr[3], arr_num, internal, ro, wo,
		 hidden, cb_val);
	host_record(buf);
	return arr_num;
}
EXPORT_SYMBOL(params_dump);

static int __init params_init(void)
{
	return 0;
}

static void __exit params_exit(void)
{
}

module_init(params_init);
module_exit(params_exit);
MODULE_LICENSE("GPL");
