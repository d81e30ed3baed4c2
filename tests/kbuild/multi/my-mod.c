// SPDX-License-Identifier: MIT
/* A dash in the file name: the module's name has an underscore. */
#include <umod/module.h>
MODULE_LICENSE("GPL");
