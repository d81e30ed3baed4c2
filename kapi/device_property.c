// SPDX-License-Identifier: MIT
/*
 * device_property.c - firmware properties of a device, as
 * drivers/base/property.c reads them: through its fwnode's operations,
 * then its secondary node's.  A device of this host has no firmware
 * node (no ACPI, no device tree), and without one every read is
 * -EINVAL, as Linux's for a NULL fwnode.
 */
#include <errno.h>
#include <stdbool.h>

#include "device.h"

struct fwnode_handle;
struct fwnode_operations {
	void *get, *put, *device_is_available, *device_get_match_data;
	void *device_dma_supported, *device_get_dma_attr;
	bool (*property_present)(const struct fwnode_handle *fwnode, const char *propname);
	int (*property_read_int_array)(const struct fwnode_handle *fwnode,
				       const char *propname, unsigned int elem_size,
				       void *val, size_t nval);
};

struct fwnode_handle {
	struct fwnode_handle *secondary;
	const struct fwnode_operations *ops;
};

/* fwnode_call_int_op's answer for one node. */
static int read_int_array(const struct fwnode_handle *fwnode, const char *propname,
			  unsigned int elem_size, void *val, size_t nval)
{
	if (IS_ERR_OR_NULL(fwnode))
		return -EINVAL;
	if (!fwnode->ops || !fwnode->ops->property_read_int_array)
		return -ENXIO;
	return fwnode->ops->property_read_int_array(fwnode, propname, elem_size, val, nval);
}

static int fwnode_read_int_array(const struct fwnode_handle *fwnode, const char *propname,
				 unsigned int elem_size, void *val, size_t nval)
{
	int ret = read_int_array(fwnode, propname, elem_size, val, nval);

	if (ret == -EINVAL && !IS_ERR_OR_NULL(fwnode))
		ret = read_int_array(fwnode->secondary, propname, elem_size, val, nval);
	return ret;
}

#define READ_ARRAY(type, bytes)						\
int fwnode_property_read_##type##_array(const struct fwnode_handle *fwnode, \
					const char *propname, void *val, size_t nval) \
{									\
	return fwnode_read_int_array(fwnode, propname, bytes, val, nval); \
}									\
EXPORT_SYMBOL(fwnode_property_read_##type##_array);			\
									\
int device_property_read_##type##_array(struct device *dev, const char *propname, \
					void *val, size_t nval)		\
{									\
	return fwnode_read_int_array(dev->fwnode, propname, bytes, val, nval); \
}									\
EXPORT_SYMBOL(device_property_read_##type##_array)

READ_ARRAY(u8, 1);
READ_ARRAY(u16, 2);
READ_ARRAY(u32, 4);
READ_ARRAY(u64, 8);

static bool present(const struct fwnode_handle *fwnode, const char *propname)
{
	return !IS_ERR_OR_NULL(fwnode) && fwnode->ops && fwnode->ops->property_present &&
	       fwnode->ops->property_present(fwnode, propname);
}

bool fwnode_property_present(const struct fwnode_handle *fwnode, const char *propname)
{
	return present(fwnode, propname) ||
	       (!IS_ERR_OR_NULL(fwnode) && present(fwnode->secondary, propname));
}
EXPORT_SYMBOL(fwnode_property_present);

bool device_property_present(struct device *dev, const char *propname)
{
	return fwnode_property_present(dev->fwnode, propname);
}
EXPORT_SYMBOL(device_property_present);
