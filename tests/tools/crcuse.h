/* SPDX-License-Identifier: MIT */
/* crcuse.h - a module calling crcexp_fn, built against CRC CRCUSE_CRC
 * (its __versions entry, as modpost writes it into .mod.c). */
#include <umod/module.h>

int crcexp_fn(int x);

#ifdef CRCUSE_CRC
static const struct {
	unsigned long crc;
	char name[64 - sizeof(unsigned long)];
} versions[] __attribute__((used, section("__versions"), aligned(8))) = {
	{ CRCUSE_CRC, "crcexp_fn" },
	{ 0x0badc0de, "greet_hello" },	/* greet.ko exports it without a CRC */
};
#endif

int greet_hello(const char *name);

static int __init crcuse_init(void)
{
	greet_hello("crcuse");
	return crcexp_fn(-1);
}
static void __exit crcuse_exit(void)
{
}
module_init(crcuse_init);
module_exit(crcuse_exit);
MODULE_LICENSE("GPL");
