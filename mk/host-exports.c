// SPDX-License-Identifier: MIT
/*
 * host-exports.c - a host's exports as modules built by umod's Kbuild
 * declare them: libumod's (umod/module.h), libumod-kapi's (umod/kapi.h)
 * and the libc functions hosts export by table.  Never compiled: genksyms
 * -a versions every declaration here, and modpost gives the CRCs to the
 * host's exports in Module.symvers (modpost -b, -H).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <umod/module.h>
#include <umod/kapi.h>
