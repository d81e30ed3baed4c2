// SPDX-License-Identifier: GPL-2.0
/*
 * kabi_reach: in the kernel code model the module lies below 2 GiB, and
 * refers to the host's exported data as Linux's inline kmalloc does, a
 * PC-relative load from kmalloc_caches, as well as by absolute address
 * and through a pointer in its data.  Only a host whose image is within
 * 2 GiB of the module (non-PIE, low) links it.
 */
#include <stdint.h>
#include <umod/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("reads the host's exported data from below 2 GiB");

typedef unsigned int gfp_t;
#define GFP_KERNEL	0xcc0u

struct kmem_cache;
extern struct kmem_cache *kmalloc_caches[][32];
void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size);
void kfree(const void *p);

static struct kmem_cache **by_pointer = &kmalloc_caches[0][0];	/* R_X86_64_64 */

static int __init kabi_reach_init(void)
{
	uintptr_t pcrel, absolute;
	struct kmem_cache *cache;
	void *p;

	asm("leaq kmalloc_caches(%%rip), %0" : "=r"(pcrel));	/* R_X86_64_PC32 */
	asm("movq $kmalloc_caches, %0" : "=r"(absolute));	/* R_X86_64_32S */
	cache = *(struct kmem_cache *volatile *)&kmalloc_caches[0][5];
	if (pcrel != absolute || pcrel != (uintptr_t)by_pointer ||
	    cache != by_pointer[5]) {
		printk(KERN_ERR "kabi_reach: kmalloc_caches at %#lx, %#lx, %p disagree\n",
		       (unsigned long)pcrel, (unsigned long)absolute, by_pointer);
		return -EINVAL;
	}
	p = kmalloc_trace(cache, GFP_KERNEL, 32);	/* what kmalloc(32) inlines to */
	if (!p)
		return -ENOMEM;
	kfree(p);
	printk(KERN_INFO "kabi_reach: kmalloc_caches at %#lx, by PC-relative and absolute reference alike\n",
	       (unsigned long)pcrel);
	return 0;
}

static void __exit kabi_reach_exit(void)
{
}

module_init(kabi_reach_init);
module_exit(kabi_reach_exit);
