// SPDX-License-Identifier: MIT
/*
 * nohw.c - what drivers of hardware meet on a host that has none: no
 * interrupt lines.
 *
 * Interrupts: no number has an irq_desc, so request_irq and its kin fail
 * as kernel/irq/manage.c's do for such a number (-EINVAL; -ENOTCONN for
 * IRQ_NOTCONNECTED), and the calls on a line do nothing, as for a
 * number without a descriptor.
 *
 * Buses without devices are driver_bus.c's.  GPIO needs nothing here:
 * Debian's kernel has no GPIOLIB, so <linux/gpio.h>'s inline stubs
 * already fail with -ENOSYS in the module.
 */
#include <errno.h>

#include "kernel.h"

#define IRQ_NOTCONNECTED	(1u << 31)
#define IRQF_SHARED		0x00000080

typedef int irq_handler_fn(int irq, void *dev_id);

static int no_irq(unsigned int irq, unsigned long flags, const void *dev_id)
{
	if (irq == IRQ_NOTCONNECTED)
		return -ENOTCONN;
	return -EINVAL;		/* shared without dev_id, or no irq_desc */
}

int request_threaded_irq(unsigned int irq, irq_handler_fn *handler,
			 irq_handler_fn *thread_fn, unsigned long flags,
			 const char *name, void *dev_id)
{
	return no_irq(irq, flags, dev_id);
}
EXPORT_SYMBOL(request_threaded_irq);

int request_any_context_irq(unsigned int irq, irq_handler_fn *handler,
			    unsigned long flags, const char *name, void *dev_id)
{
	return no_irq(irq, flags, dev_id);
}
EXPORT_SYMBOL(request_any_context_irq);

int devm_request_threaded_irq(void *dev, unsigned int irq,
			      irq_handler_fn *handler, irq_handler_fn *thread_fn,
			      unsigned long flags, const char *name, void *dev_id)
{
	return no_irq(irq, flags, dev_id);
}
EXPORT_SYMBOL(devm_request_threaded_irq);

int devm_request_any_context_irq(void *dev, unsigned int irq,
				 irq_handler_fn *handler, unsigned long flags,
				 const char *name, void *dev_id)
{
	return no_irq(irq, flags, dev_id);
}
EXPORT_SYMBOL(devm_request_any_context_irq);

/* No descriptor: free_irq returns no devname, the rest do nothing. */
const void *free_irq(unsigned int irq, void *dev_id)
{
	return NULL;
}
EXPORT_SYMBOL(free_irq);

void disable_irq(unsigned int irq)
{
}
EXPORT_SYMBOL(disable_irq);

void disable_irq_nosync(unsigned int irq)
{
}
EXPORT_SYMBOL(disable_irq_nosync);

void enable_irq(unsigned int irq)
{
}
EXPORT_SYMBOL(enable_irq);

void synchronize_irq(unsigned int irq)
{
}
EXPORT_SYMBOL(synchronize_irq);

int irq_set_irq_wake(unsigned int irq, unsigned int on)
{
	return -EINVAL;
}
EXPORT_SYMBOL(irq_set_irq_wake);
