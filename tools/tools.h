/* SPDX-License-Identifier: MIT */
/*
 * tools.h - the tools in the umod multi-call binary (umod.c), one file
 * each over the user half's library (umod-tools.h).
 *
 * Each tool is `int do_<name>(int argc, char *argv[])`, called with
 * argv[0] its own name whether run as a symlink (insmod ...) or as
 * `umod insmod ...`; it returns the process's exit status.
 */
#ifndef UMOD_TOOLS_H
#define UMOD_TOOLS_H

#include "umod-tools.h"

int do_insmod(int argc, char *argv[]);
int do_rmmod(int argc, char *argv[]);
int do_lsmod(int argc, char *argv[]);
int do_modinfo(int argc, char *argv[]);
int do_modprobe(int argc, char *argv[]);
int do_depmod(int argc, char *argv[]);
int do_ksyms(int argc, char *argv[]);
int do_dmesg(int argc, char *argv[]);
int do_param(int argc, char *argv[]);
int do_kerneld(int argc, char *argv[]);
int do_sign_file(int argc, char *argv[]);

#endif /* UMOD_TOOLS_H */
