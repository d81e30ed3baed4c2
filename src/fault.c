// SPDX-License-Identifier: MIT
/*
 * fault.c - fault injection, as Linux's fail-nth: make the n-th call to
 * an allocation, mmap, mprotect, read or socket I/O fail, for tests that
 * fail every call site of an operation in turn (tests/robust/).
 *
 * Every such call in libumod goes through a wrapper here.  It is always
 * compiled in, so the tests exercise the very library hosts link: while
 * disarmed a wrapper costs one predictable branch on a relaxed load, next
 * to a system call or malloc.  The switch is internal (hidden), reached
 * by test programs that link libumod.a.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

static atomic_uint armed;		/* sites counted, or 0 */
static atomic_ulong calls;		/* counted since arming */
static atomic_ulong target;
static atomic_bool fired;

void umod_fault_arm(unsigned int sites, unsigned long nth)
{
	atomic_store(&armed, 0);
	atomic_store(&target, nth);
	atomic_store(&calls, 0);
	atomic_store(&fired, false);
	if (sites && nth)
		atomic_store(&armed, sites);
}

unsigned long umod_fault_calls(void)
{
	return atomic_load(&calls);
}

bool umod_fault_fired(void)
{
	return atomic_load(&fired);
}

/* Counts the call; true for the one chosen to fail. */
bool umod_should_fail(unsigned int site)
{
	if (__builtin_expect(!(atomic_load_explicit(&armed, memory_order_relaxed) &
			       site), 1))
		return false;
	if (atomic_fetch_add(&calls, 1) + 1 != atomic_load(&target))
		return false;
	atomic_store(&fired, true);
	return true;
}

void *umod_malloc(size_t n)
{
	if (umod_should_fail(UMOD_FAULT_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(n);
}

void *umod_calloc(size_t n, size_t size)
{
	if (umod_should_fail(UMOD_FAULT_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return calloc(n, size);
}

void *umod_realloc(void *p, size_t n)
{
	if (umod_should_fail(UMOD_FAULT_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n);
}

char *umod_strdup(const char *s)
{
	if (umod_should_fail(UMOD_FAULT_ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return strdup(s);
}

void *umod_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (umod_should_fail(UMOD_FAULT_MMAP)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return mmap(addr, len, prot, flags, fd, off);
}

/* What fails when the kernel cannot split a mapping: ENOMEM. */
int umod_mprotect(void *addr, size_t len, int prot)
{
	if (umod_should_fail(UMOD_FAULT_MPROTECT)) {
		errno = ENOMEM;
		return -1;
	}
	return mprotect(addr, len, prot);
}

ssize_t umod_read(int fd, void *buf, size_t len)
{
	if (umod_should_fail(UMOD_FAULT_READ)) {
		errno = EIO;
		return -1;
	}
	return read(fd, buf, len);
}

ssize_t umod_pread(int fd, void *buf, size_t len, off_t off)
{
	if (umod_should_fail(UMOD_FAULT_READ)) {
		errno = EIO;
		return -1;
	}
	return pread(fd, buf, len, off);
}

/* A peer that vanished mid-message: the socket error the code must face. */
ssize_t umod_sendmsg(int fd, const struct msghdr *mh, int flags)
{
	if (umod_should_fail(UMOD_FAULT_SOCKET)) {
		errno = ECONNRESET;
		return -1;
	}
	return sendmsg(fd, mh, flags);
}

ssize_t umod_recvmsg(int fd, struct msghdr *mh, int flags)
{
	if (umod_should_fail(UMOD_FAULT_SOCKET)) {
		errno = ECONNRESET;
		return -1;
	}
	return recvmsg(fd, mh, flags);
}

ssize_t umod_recv(int fd, void *buf, size_t len, int flags)
{
	if (umod_should_fail(UMOD_FAULT_SOCKET)) {
		errno = ECONNRESET;
		return -1;
	}
	return recv(fd, buf, len, flags);
}

ssize_t umod_send(int fd, const void *buf, size_t len, int flags)
{
	if (umod_should_fail(UMOD_FAULT_SOCKET)) {
		errno = ECONNRESET;
		return -1;
	}
	return send(fd, buf, len, flags);
}
