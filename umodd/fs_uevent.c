// SPDX-License-Identifier: MIT
/*
 * fs_uevent.c - the uevents modules send (kobject_uevent), in umodd's
 * log: where udev's netlink socket gets them on Linux, a line each,
 * "uevent: ACTION@DEVPATH" and the keys, as the message udev reads.
 */
#include <stdio.h>
#include <syslog.h>

#include <umod/sysfs.h>

#include "umodd.h"

static void uevent_to_log(const char *action, const char *devpath,
			  char *const *envp, int n, void *arg)
{
	char line[2560];
	size_t len;

	(void)arg;
	len = snprintf(line, sizeof(line), "uevent: %s@%s", action, devpath);
	for (int i = 0; i < n && len < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " %s", envp[i]);
	umodd_log(LOG_INFO, line);
}

void umodd_uevent_setup(void)
{
	umod_uevent_listen(uevent_to_log, NULL);
}
