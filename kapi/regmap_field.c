// SPDX-License-Identifier: MIT
/*
 * regmap_field.c - regmap fields, as regmap.c's: a bit range (lsb to
 * msb) of a register, or of a run of registers id_offset apart, read
 * and updated through the map.
 */
#include <errno.h>

#include "regmap.h"

struct regmap_field {
	struct regmap *regmap;
	unsigned int mask, shift, reg, id_size, id_offset;
};

static void field_init(struct regmap_field *f, struct regmap *map, struct reg_field rf)
{
	f->regmap = map;
	f->reg = rf.reg;
	f->shift = rf.lsb;
	f->mask = (unsigned int)((~0ull >> (63 - rf.msb)) & (~0ull << rf.lsb));
	f->id_size = rf.id_size;
	f->id_offset = rf.id_offset;
}

struct regmap_field *regmap_field_alloc(struct regmap *regmap, struct reg_field reg_field)
{
	struct regmap_field *f = __kmalloc(sizeof(*f), GFP_KERNEL | __GFP_ZERO);

	if (!f)
		return ERR_PTR(-ENOMEM);
	field_init(f, regmap, reg_field);
	return f;
}
EXPORT_SYMBOL(regmap_field_alloc);

void regmap_field_free(struct regmap_field *field)
{
	kfree(field);
}
EXPORT_SYMBOL(regmap_field_free);

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);

struct regmap_field *devm_regmap_field_alloc(struct device *dev, struct regmap *regmap,
					     struct reg_field reg_field)
{
	struct regmap_field *f = devm_kmalloc(dev, sizeof(*f), GFP_KERNEL | __GFP_ZERO);

	if (!f)
		return ERR_PTR(-ENOMEM);
	field_init(f, regmap, reg_field);
	return f;
}
EXPORT_SYMBOL(devm_regmap_field_alloc);

void devm_regmap_field_free(struct device *dev, struct regmap_field *field)
{
	devm_kfree(dev, field);
}
EXPORT_SYMBOL(devm_regmap_field_free);

static int fields_alloc(struct device *dev, struct regmap *regmap,
			struct regmap_field **fields, const struct reg_field *reg_field,
			int num_fields)
{
	struct regmap_field *f = dev ? devm_kmalloc(dev, num_fields * sizeof(*f), GFP_KERNEL)
				     : __kmalloc(num_fields * sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	for (int i = 0; i < num_fields; i++) {
		field_init(&f[i], regmap, reg_field[i]);
		fields[i] = &f[i];
	}
	return 0;
}

int regmap_field_bulk_alloc(struct regmap *regmap, struct regmap_field **rm_field,
			    const struct reg_field *reg_field, int num_fields)
{
	return fields_alloc(NULL, regmap, rm_field, reg_field, num_fields);
}
EXPORT_SYMBOL(regmap_field_bulk_alloc);

int devm_regmap_field_bulk_alloc(struct device *dev, struct regmap *regmap,
				 struct regmap_field **field, const struct reg_field *reg_field,
				 int num_fields)
{
	return fields_alloc(dev, regmap, field, reg_field, num_fields);
}
EXPORT_SYMBOL(devm_regmap_field_bulk_alloc);

void regmap_field_bulk_free(struct regmap_field *field)
{
	kfree(field);
}
EXPORT_SYMBOL(regmap_field_bulk_free);

void devm_regmap_field_bulk_free(struct device *dev, struct regmap_field *field)
{
	devm_kfree(dev, field);
}
EXPORT_SYMBOL(devm_regmap_field_bulk_free);

int regmap_read(struct regmap *map, unsigned int reg, unsigned int *val);
int regmap_update_bits_base(struct regmap *map, unsigned int reg, unsigned int mask,
			    unsigned int val, bool *change, bool async, bool force);

static int field_read_at(struct regmap_field *field, unsigned int reg, unsigned int *val)
{
	unsigned int v;
	int ret = regmap_read(field->regmap, reg, &v);

	if (!ret)
		*val = (v & field->mask) >> field->shift;
	return ret;
}

int regmap_field_read(struct regmap_field *field, unsigned int *val)
{
	return field_read_at(field, field->reg, val);
}
EXPORT_SYMBOL(regmap_field_read);

int regmap_fields_read(struct regmap_field *field, unsigned int id, unsigned int *val)
{
	if (id >= field->id_size)
		return -EINVAL;
	return field_read_at(field, field->reg + field->id_offset * id, val);
}
EXPORT_SYMBOL(regmap_fields_read);

int regmap_field_update_bits_base(struct regmap_field *field, unsigned int mask,
				  unsigned int val, bool *change, bool async, bool force)
{
	mask = (mask << field->shift) & field->mask;
	return regmap_update_bits_base(field->regmap, field->reg, mask, val << field->shift,
				       change, async, force);
}
EXPORT_SYMBOL(regmap_field_update_bits_base);

int regmap_fields_update_bits_base(struct regmap_field *field, unsigned int id,
				   unsigned int mask, unsigned int val, bool *change,
				   bool async, bool force)
{
	if (id >= field->id_size)
		return -EINVAL;
	mask = (mask << field->shift) & field->mask;
	return regmap_update_bits_base(field->regmap, field->reg + field->id_offset * id,
				       mask, val << field->shift, change, async, force);
}
EXPORT_SYMBOL(regmap_fields_update_bits_base);
