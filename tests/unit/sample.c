/* A small module-shaped object for the ELF reader's tests. */
#include <umod/module.h>
MODULE_LICENSE("GPL");
MODULE_INFO(name, "sample");
MODULE_ALIAS("sample-alias");
extern int imported(int);
int sample_value = 7;
int sample_fn(int x) { return imported(x) + sample_value; }
EXPORT_SYMBOL(sample_fn);
