// SPDX-License-Identifier: MIT
#include <umod/module.h>
MODULE_LICENSE("GPL");
