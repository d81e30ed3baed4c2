# umod - one non-recursive GNU Make build.
#
# Each directory adds its rules in its own fragment (<dir>/<dir>.mk),
# included below.  With M=<dir> this Makefile instead builds that
# directory's out-of-tree modules, the Kbuild way (mk/kbuild.mk).

VERSION := 0.1.0
UMOD_RELEASE ?= umod-1

CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
AR ?= ar
LD ?= ld
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
B := build

# Other architectures, the Kbuild way: `make ARCH=arm64
# CROSS_COMPILE=aarch64-linux-gnu-` builds everything into build-arm64,
# with the cross tools for what was not named on the command line.
ifneq ($(CROSS_COMPILE),)
ifneq ($(origin CC),command line)
CC := $(CROSS_COMPILE)gcc
endif
ifneq ($(origin AR),command line)
AR := $(CROSS_COMPILE)ar
endif
ifneq ($(origin LD),command line)
LD := $(CROSS_COMPILE)ld
endif
ifneq ($(origin STRIP),command line)
STRIP := $(CROSS_COMPILE)strip
endif
endif
ifneq ($(ARCH),)
B := build-$(ARCH)
endif
# The machine the build is for, as uname -m names it: it picks
# src/arch/$(UMOD_ARCH)*.c and the pieces only one machine has.
UMOD_ARCH := $(patsubst i%86,i386,$(firstword $(subst -, ,$(shell $(CC) -dumpmachine))))

srctree := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

ifneq ($(M),)
include $(srctree)/mk/kbuild.mk
else

# 64-bit file offsets on 32-bit machines too (libfuse3 insists).
UMOD_CFLAGS := -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -pthread -Iinclude -D_FILE_OFFSET_BITS=64 \
	-DUMOD_VERSION='"$(VERSION)"' -MMD -MP
UMOD_LDLIBS := -pthread

.PHONY: all check check-sanitize demo bench fuzz install uninstall clean FORCE
all:

# The install paths compiled into what `make install` installs: remade
# when PREFIX differs from the last build's.
$(B)/.prefix: FORCE
	@mkdir -p $(B)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@

LIB_SRCS := $(wildcard src/*.c src/arch/slots.c src/arch/$(UMOD_ARCH).c src/arch/$(UMOD_ARCH)_*.c \
	src/ctl/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/pic/%.o)

# shared/: what both halves compile in, the wire codec, the ELF reader
# and the clock (libtools/libtools.mk builds them for the tools); every
# part finds their headers with -iquote shared.
SHARED_SRCS := $(wildcard shared/*.c)
LIB_SRCS += $(SHARED_SRCS)
LIB_OBJS += $(SHARED_SRCS:%.c=$(B)/pic/%.o)
UMOD_CFLAGS += -iquote shared

# The kernel's calling convention at every boundary: Linux builds modules
# for an 8-byte-aligned stack (-mpreferred-stack-boundary=3), libc assumes
# 16.  Whatever module code may call is built to realign where it calls
# out: gcc's -mincoming-stack-boundary=3, else clang's -mstackrealign.
ifeq ($(UMOD_ARCH),x86_64)
kabi_gcc := $(shell $(CC) -mincoming-stack-boundary=3 -x c -c -o /dev/null \
	/dev/null 2>/dev/null && echo y)
UMOD_KABI_CFLAGS := $(if $(kabi_gcc),-mincoming-stack-boundary=3,-mstackrealign)
endif

$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(B)/libumod.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Exactly the symbols of src/libumod.sym, versioned UMOD_1.
$(B)/libumod.so: $(LIB_OBJS) src/libumod.sym
	$(CC) -shared -Wl,-soname,libumod.so.0 \
		-Wl,--version-script,src/libumod.sym -o $@ $(LIB_OBJS) $(UMOD_LDLIBS)

all: $(B)/libumod.a $(B)/libumod.so $(B)/umod.pc

$(B)/umod.pc: mk/umod.pc.in $(B)/.prefix
	@mkdir -p $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

# Directory fragments: tools, tests, mk, umodd, demo, bench, fuzz...
# The user half's library first: the others link it by its variables.
include libtools/libtools.mk
include $(filter-out libtools/libtools.mk,$(sort $(wildcard */*.mk */*/*.mk)))

# prove's count is the last line: make deletes intermediate files after
# every recipe, so each fragment lists its own in .SECONDARY (make 4.3
# has no .NOTINTERMEDIATE, and one .SECONDARY list disables the bare
# form); .ci/run checks it.
check: all
	prove -f $(addprefix ./,$(CHECK_TESTS))

# Each fragment's install-* target installs its part, and its
# uninstall-* removes exactly that.
# sig.h's library is built only with OpenSSL (sig/sig.mk).
UMOD_HEADERS := $(filter-out $(if $(filter y,$(WITH_OPENSSL)),,sig.h), \
	$(notdir $(wildcard include/umod/*.h)))

install: all
	install -d $(DESTDIR)$(PREFIX)/include/umod $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 $(addprefix include/umod/,$(UMOD_HEADERS)) $(DESTDIR)$(PREFIX)/include/umod/
	install -m 644 $(B)/libumod.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libumod.so $(DESTDIR)$(PREFIX)/lib/libumod.so.0
	ln -sf libumod.so.0 $(DESTDIR)$(PREFIX)/lib/libumod.so
	install -m 644 $(B)/umod.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/include/umod/,$(UMOD_HEADERS)) \
		$(addprefix $(DESTDIR)$(PREFIX)/lib/,libumod.a libumod.so.0 \
		libumod.so pkgconfig/umod.pc)
	rmdir $(DESTDIR)$(PREFIX)/include/umod $(DESTDIR)$(PREFIX)/lib/umod 2>/dev/null || :

clean:
	rm -rf $(B)

-include $(shell find $(B) -type f -name '*.d' 2>/dev/null)
endif
