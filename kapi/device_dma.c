// SPDX-License-Identifier: MIT
/*
 * device_dma.c - the DMA API on a host without DMA: no device of this
 * host can reach memory, so coherent allocations fail as Linux's do for
 * a device without a coherent mask (NULL; the driver's -ENOMEM path),
 * and there is never anything to free.  compat_ptr_ioctl, the 32-bit
 * ioctl that passes its pointer argument to the native handler, as
 * fs/ioctl.c's.
 */
#include <errno.h>

#include "device.h"

void *dma_alloc_attrs(struct device *dev, size_t size, u64 *dma_handle,
		      gfp_t gfp, unsigned long attrs)
{
	if (dev && !dev->coherent_dma_mask)
		kapi_warn("dma_alloc_attrs: %s has no coherent DMA mask\n", dev_name(dev));
	return NULL;
}
EXPORT_SYMBOL(dma_alloc_attrs);

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    u64 dma_handle, unsigned long attrs)
{
	if (cpu_addr)
		kapi_warn("dma_free_attrs: %p was never allocated\n", cpu_addr);
}
EXPORT_SYMBOL(dma_free_attrs);

#define ENOIOCTLCMD	515
#define FILE_F_OP	0x28
#define FOPS_UNLOCKED_IOCTL	0x50

typedef long ioctl_fn(void *file, unsigned int cmd, unsigned long arg);

/* On x86-64, compat_ptr is the zero-extended 32-bit value. */
long compat_ptr_ioctl(void *file, unsigned int cmd, unsigned long arg)
{
	const char *fops = *(const char **)((char *)file + FILE_F_OP);
	ioctl_fn *ioctl = *(ioctl_fn **)(fops + FOPS_UNLOCKED_IOCTL);

	if (!ioctl)
		return -ENOIOCTLCMD;
	return ioctl(file, cmd, (unsigned long)(u32)arg);
}
EXPORT_SYMBOL(compat_ptr_ioctl);
