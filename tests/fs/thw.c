// SPDX-License-Identifier: GPL-2.0
/*
 * thw.c - a driver of hardware the host does not have, as a genuine
 * Linux module: need=irq asks for an interrupt line, need=gpio for a
 * GPIO, need=pci registers a PCI driver whose probe no device calls,
 * need=platform probes for a platform device that is not there.  Init
 * returns what Linux's calls return on a machine without them.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/gpio.h>
#include <linux/pci.h>
#include <linux/platform_device.h>

static char *need = "irq";
module_param(need, charp, 0444);

static int probed;
module_param(probed, int, 0444);

static irqreturn_t thw_irq(int irq, void *dev)
{
	return IRQ_HANDLED;
}

static int thw_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	probed++;
	return 0;
}

static void thw_pci_remove(struct pci_dev *pdev)
{
}

static const struct pci_device_id thw_ids[] = {
	{ PCI_DEVICE(0x1234, 0xfeed) },
	{ }
};
MODULE_DEVICE_TABLE(pci, thw_ids);

static struct pci_driver thw_pci = {
	.name = "thw",
	.id_table = thw_ids,
	.probe = thw_pci_probe,
	.remove = thw_pci_remove,
};

static int thw_platform_probe(struct platform_device *pdev)
{
	probed++;
	return 0;
}

static struct platform_driver thw_platform = {
	.driver = { .name = "thw" },
};

static int __init thw_init(void)
{
	int err;

	if (!strcmp(need, "irq")) {
		err = request_irq(7, thw_irq, IRQF_SHARED, "thw", &probed);
		if (!err)
			free_irq(7, &probed);
		return err;
	}
	if (!strcmp(need, "gpio")) {
		err = gpio_request(17, "thw");
		if (!err)
			gpio_free(17);
		return err;
	}
	if (!strcmp(need, "pci"))
		return pci_register_driver(&thw_pci);
	if (!strcmp(need, "platform"))
		return platform_driver_probe(&thw_platform, thw_platform_probe);
	return -EINVAL;
}

static void __exit thw_exit(void)
{
	if (!strcmp(need, "pci"))
		pci_unregister_driver(&thw_pci);
}
module_init(thw_init);
module_exit(thw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A driver for hardware that is not there");
