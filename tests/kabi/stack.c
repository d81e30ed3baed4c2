// SPDX-License-Identifier: GPL-2.0
/*
 * kabi_stack: its init calls the host's exports as a Linux module may,
 * on a stack 8 bytes off the 16-byte alignment libc assumes, and checks
 * what each gives back: umodd's kernel API (printk, the allocator,
 * kstrto*), the libc functions it exports through wrappers (sscanf,
 * strlen...) and libumod's built-ins (memcpy, try_module_get...).
 */
#include <umod/module.h>

#include "kabi_call.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("calls every kind of host export on a misaligned stack");

typedef unsigned int gfp_t;
#define GFP_KERNEL	0xcc0u

/* The imports, as Linux declares them. */
int _printk(const char *fmt, ...);
int scnprintf(char *buf, size_t size, const char *fmt, ...);
char *kasprintf(gfp_t gfp, const char *fmt, ...);
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *krealloc(const void *p, size_t size, gfp_t flags);
void kfree(const void *p);
void kfree_sensitive(const void *p);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long strscpy(char *dest, const char *src, size_t count);
void msleep(unsigned int ms);
int sscanf(const char *buf, const char *fmt, ...);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strcasecmp(const char *a, const char *b);
char *strstr(const char *h, const char *n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

static int calls, failed;

static void check(bool ok, const char *what)
{
	calls++;
	if (!ok) {
		failed++;
		printk(KERN_ERR "kabi_stack: %s gave a wrong result\n", what);
	}
}

static void call_log_and_format(void)
{
	char buf[32];
	char *s;

	check(KCALL_INT(_printk, KERN_INFO "kabi_stack: %s %d\n",
			"_printk on a misaligned stack", 8) > 0, "_printk");
	check(KCALL_INT(printk, KERN_INFO "kabi_stack: %s %d\n",
			"printk on a misaligned stack", 8) > 0, "printk");
	check(KCALL_INT(scnprintf, buf, sizeof(buf), "%d-%s", 7, "x") == 3 &&
	      !strcmp(buf, "7-x"), "scnprintf");
	s = (char *)KCALL(kasprintf, GFP_KERNEL, "%s%d", "a", 1);
	check(s && !strcmp(s, "a1"), "kasprintf");
	KCALL(kfree, s);
}

static void call_allocator(void)
{
	unsigned char *p;

	p = (unsigned char *)KCALL(kzalloc, 64, GFP_KERNEL);
	check(p && !p[0] && !p[63], "kzalloc");
	p = (unsigned char *)KCALL(krealloc, p, 4096, GFP_KERNEL);
	check(p != NULL, "krealloc");
	KCALL(kfree_sensitive, p);
	p = (unsigned char *)KCALL(kmalloc, 100, GFP_KERNEL);
	check(p != NULL, "kmalloc");
	KCALL(kfree, p);
	KCALL(msleep, 1);
}

static void call_parsers(void)
{
	unsigned long ul = 0;
	char word[16] = "";
	int i = 0;

	check(KCALL_INT(kstrtoul, "123", 10, &ul) == 0 && ul == 123, "kstrtoul");
	check(KCALL(simple_strtoul, "0x1f", NULL, 0) == 31, "simple_strtoul");
	check(KCALL_INT(sscanf, "12 abc", "%d %15s", &i, word) == 2 &&
	      i == 12 && !strcmp(word, "abc"), "sscanf");
}

static void call_strings(void)
{
	static const char hello[] = "hello world";
	char buf[16];

	check(KCALL(strlen, hello) == 11, "strlen");
	check((const char *)KCALL(strstr, hello, "wor") == hello + 6, "strstr");
	check(KCALL_INT(strcasecmp, "ABC", "abc") == 0, "strcasecmp");
	check(KCALL(strscpy, buf, "copy", sizeof(buf)) == 4 &&
	      !strcmp(buf, "copy"), "strscpy");
	KCALL(memset, buf, 'x', 8);
	KCALL(memcpy, buf + 8, "1234567", 8);
	check(KCALL_INT(memcmp, buf, "xxxxxxxx1234567", 16) == 0, "memset, memcpy, memcmp");
}

static void call_builtins(void)
{
	check((KCALL(try_module_get, THIS_MODULE) & 0xff) != 0, "try_module_get");
	KCALL(module_put, THIS_MODULE);
	check(!strcmp((const char *)KCALL(module_name, THIS_MODULE), "kabi_stack"),
	      "module_name");
}

static int __init kabi_stack_init(void)
{
	call_log_and_format();
	call_allocator();
	call_parsers();
	call_strings();
	call_builtins();
	printk(KERN_INFO "kabi_stack: %d of %d calls on a misaligned stack gave the right result\n",
	       calls - failed, calls);
	return failed ? -EINVAL : 0;
}

static void __exit kabi_stack_exit(void)
{
}

module_init(kabi_stack_init);
module_exit(kabi_stack_exit);
