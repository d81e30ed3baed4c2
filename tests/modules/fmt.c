// SPDX-License-Identifier: MIT
/* fmt - calls libc through the host's export table. */
#include <umod/module.h>
#include "testhost.h"

int snprintf(char *buf, size_t len, const char *fmt, ...);
size_t strlen(const char *s);
void *malloc(size_t len);
void free(void *p);

static const char *prefix = "n";

/* Records "n=42 x" and returns its length. */
int fmt_value(void)
{
	char *buf = malloc(64);
	int len;

	if (!buf)
		return -1;
	snprintf(buf, 64, "%s=%d %c", prefix, host_add(40, 2), 'x');
	host_record(buf);
	len = strlen(buf);
	free(buf);
	return len;
}
EXPORT_SYMBOL(fmt_value);

static int __init fmt_init(void)
{
	return 0;
}

module_init(fmt_init);
static void __exit fmt_exit(void) { }
module_exit(fmt_exit);
MODULE_LICENSE("GPL");
