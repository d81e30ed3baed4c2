// SPDX-License-Identifier: MIT
/* delay.c - delays for modules: msleep, usleep_range, and udelay's busy wait. */
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

/* What the inline usleep_range() calls; state is the task state to sleep
 * in, which only matters to signals, and none reach a task here. */
void usleep_range_state(unsigned long min, unsigned long max,
			unsigned int state)
{
	sleep_us(min);
}
EXPORT_SYMBOL(usleep_range_state);

unsigned long msleep_interruptible(unsigned int ms)
{
	sleep_us(ms * 1000ULL);
	return 0;
}
EXPORT_SYMBOL(msleep_interruptible);

/*
 * udelay(n) is __const_udelay(n * 0x10c7), ndelay(n) __const_udelay(n * 5):
 * xloops is the delay in units of 2^-32 s.  A busy wait on the clock, as
 * Linux's spins on the TSC.
 */
void __const_udelay(unsigned long xloops)
{
#ifdef __SIZEOF_INT128__
	unsigned long long ns = ((unsigned __int128)xloops * 1000000000u) >> 32;
#else	/* a 32-bit long: the product fits 64 bits */
	unsigned long long ns = ((unsigned long long)xloops * 1000000000u) >> 32;
#endif
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((unsigned long long)((t.tv_sec - t0.tv_sec) * 1000000000LL +
				    t.tv_nsec - t0.tv_nsec) < ns);
}
EXPORT_SYMBOL(__const_udelay);

void __udelay(unsigned long usecs)
{
	__const_udelay(usecs * 0x10c7);
}
EXPORT_SYMBOL(__udelay);

void __ndelay(unsigned long nsecs)
{
	__const_udelay(nsecs * 5);
}
EXPORT_SYMBOL(__ndelay);
