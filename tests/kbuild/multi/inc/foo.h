/* SPDX-License-Identifier: MIT */
#ifndef FOO_H
#define FOO_H
int foo_util(int x);
#endif
