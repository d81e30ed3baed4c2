// SPDX-License-Identifier: MIT
/* delay.c - sleeping calls for modules: msleep, ssleep, usleep_range. */
#include <errno.h>
#include <time.h>

#include <umod/export.h>

static void sleep_us(unsigned long long us)
{
	struct timespec ts = { us / 1000000, us % 1000000 * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

void msleep(unsigned int ms)
{
	sleep_us(ms * 1000ULL);
}
EXPORT_SYMBOL(msleep);

void ssleep(unsigned int s)
{
	sleep_us(s * 1000000ULL);
}
EXPORT_SYMBOL(ssleep);

/* The earliest moment will do: nothing here coalesces timers. */
void usleep_range(unsigned long min, unsigned long max)
{
	sleep_us(min);
}
EXPORT_SYMBOL(usleep_range);
