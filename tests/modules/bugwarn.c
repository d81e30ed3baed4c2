// SPDX-License-Identifier: MIT
/*
 * bugwarn - its init does what its parameter says, as Linux builds it on
 * the machine (<umod/module.h>): what=bug (BUG(): an oops, the load
 * fails), warn (WARN_ON: a warning, then on), warnonce (WARN_ON_ONCE
 * three times: one warning), warnmsg (WARN with a message), null (a
 * write through NULL: the machine's page fault oops), stack (dump_stack:
 * the task and the trace, then on).
 */
#include <umod/module.h>
#include "testhost.h"

static char *what = "none";
module_param(what, charp, 0444);

static int *volatile nullp;
static volatile int zero;

static bool is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int __init bugwarn_init(void)
{
	if (is(what, "bug"))
		BUG();
	if (is(what, "null"))
		*nullp = 1;
	if (is(what, "warn") && WARN_ON(zero == 0))
		host_record("bugwarn: went on after WARN_ON");
	if (is(what, "warnmsg") && WARN(zero == 0, "bugwarn: zero is %d\n", zero))
		host_record("bugwarn: went on after WARN");
	if (is(what, "stack")) {
		dump_stack();
		host_record("bugwarn: went on after dump_stack");
	}
	for (int i = 0; is(what, "warnonce") && i < 3; i++)
		if (WARN_ON_ONCE(zero == 0))
			host_record("bugwarn: went on after WARN_ON_ONCE");
	return 0;
}
module_init(bugwarn_init);
MODULE_LICENSE("GPL");
