# umodd: the reference host, a standalone process that loads modules and
# serves the tools on its control socket.  Objects go to $(B)/umodd-objs,
# as $(B)/umodd is the program.

# The libraries umodd can do without, as the tools theirs
# (libtools/libtools.mk, kmod's --without-*): libfuse3 for --fs,
# WITH_FUSE, and OpenSSL's libcrypto, through libumod-sig, for
# --keyring, WITH_OPENSSL (the tools' choice).  Each is used where the
# machine the build is for has it, unless the command line says
# WITH_FUSE=n...: Debian 12 has neither for riscv64.  Without, the
# option is refused, naming what is not built in, and every signature
# is of unsupported crypto (docs/design.md, "Signatures"); `umodd
# --version` names them.
ifeq ($(origin WITH_FUSE),undefined)
WITH_FUSE := $(call lib_there,libfuse3.so)
endif
umodd_with = -DENABLE_FUSE=$(if $(filter y,$(1)),1,0) \
	-DENABLE_OPENSSL=$(if $(filter y,$(2)),1,0)
UMODD_WITH := $(call umodd_with,$(WITH_FUSE),$(WITH_OPENSSL))

UMODD_FS_SRCS := $(wildcard umodd/fs*.c)
UMODD_SRCS := $(filter-out $(if $(filter y,$(WITH_FUSE)),,$(UMODD_FS_SRCS)),\
	$(wildcard umodd/*.c))
UMODD_OBJS := $(patsubst umodd/%,$(B)/umodd-objs/%.o,$(basename $(UMODD_SRCS)))

$(B)/umodd-objs/%.o: umodd/%.c $(B)/.umodd-with
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMODD_WITH) $(UMOD_KABI_CFLAGS) $(CFLAGS) -c -o $@ $<

# --fs: libfuse3 is umodd's alone (libumod needs libc only).
FUSE_CFLAGS := $(shell pkg-config --cflags fuse3 2>/dev/null)
FUSE_LIBS := $(shell pkg-config --libs fuse3 2>/dev/null || echo -lfuse3)
$(B)/umodd-objs/fs.o $(B)/umodd-objs/fs_call.o: UMOD_CFLAGS += $(FUSE_CFLAGS)
# --keyring: libumod-sig (sig/sig.mk).
UMODD_LIBS := $(if $(filter y,$(WITH_OPENSSL)),$(B)/libumod-sig.a)
UMODD_LDLIBS := $(if $(filter y,$(WITH_FUSE)),$(FUSE_LIBS)) $(UMOD_LDLIBS) \
	$(if $(filter y,$(WITH_OPENSSL)),$(SIG_LDLIBS))

# request_module's default modprobe: the build's when umodd runs from
# $(B), else the installed one (tools/tools.mk), as PREFIX says.
UMODD_DEFS = -DUMODD_MODPROBE='"$(UMOD_TOOLS_DIR)/modprobe"' \
	-DUMODD_BUILD_DIR='"$(abspath $(B))"'
$(B)/umodd-objs/umodd.o: UMOD_CFLAGS += $(UMODD_DEFS)
$(B)/umodd-objs/umodd.o: $(B)/.prefix
# Every object remade when the choice of libraries changes.
$(B)/.umodd-with: FORCE
	@mkdir -p $(B)
	@echo '$(UMODD_WITH)' | cmp -s - $@ || echo '$(UMODD_WITH)' > $@
# Its exports' CRCs, the target compiler's genksyms over mk/host-exports.c.
$(B)/umodd-objs/crcs.o: $(B)/gen/host_crcs.h

# Non-PIE, so the image sits low (0x400000) as Linux's sits in the top
# 2 GiB: modules in the kernel code model, which go below 2 GiB, reach
# its data with 32-bit displacements (docs/design.md, "Reach").  The
# kernel API is kapi/'s library, linked whole (kapi/kapi.mk).
$(B)/umodd: $(UMODD_OBJS) $(B)/libumod-kapi.a $(UMODD_LIBS) $(B)/libumod.a
	$(CC) $(CFLAGS) -no-pie -o $@ $(UMODD_OBJS) $(KAPI_LINK) $(UMODD_LIBS) \
		$(B)/libumod.a $(UMODD_LDLIBS)

all: $(B)/umodd

# tests/umodd-without.t's: umodd built without libfuse3 and OpenSSL
# whatever the build has, as riscv64's is; only umodd.c differs.
UMODD_WITHOUT := $(B)/tests/umodd/umodd-without
$(B)/tests/umodd/umodd-without.o: umodd/umodd.c $(B)/.prefix
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMODD_DEFS) $(call umodd_with,n,n) \
		$(UMOD_KABI_CFLAGS) $(CFLAGS) -c -o $@ $<

$(UMODD_WITHOUT): $(UMODD_WITHOUT).o \
		$(filter-out $(B)/umodd-objs/umodd.o $(B)/umodd-objs/fs%,$(UMODD_OBJS)) \
		$(B)/libumod-kapi.a $(B)/libumod.a
	$(CC) $(CFLAGS) -no-pie -o $@ $(filter %.o,$^) $(KAPI_LINK) $(B)/libumod.a \
		$(UMOD_LDLIBS)

# What the host exports, for modpost to check modules against.  modpost
# runs on the build machine and reads 64-bit images only: not for i386
# and arm.
ifeq ($(wildcard mk/modpost.c)$(filter i386 arm,$(UMOD_ARCH)),mk/modpost.c)
$(B)/umodd.symvers: $(B)/umodd $(B)/modpost
	$(B)/modpost -H $(B)/umodd -o $@

all: $(B)/umodd.symvers
endif

.PHONY: install-umodd uninstall-umodd
install: install-umodd
install-umodd: $(B)/umodd
	install -d $(DESTDIR)$(PREFIX)/sbin
	install -m 755 $(B)/umodd $(DESTDIR)$(PREFIX)/sbin/umodd

uninstall: uninstall-umodd
uninstall-umodd:
	rm -f $(DESTDIR)$(PREFIX)/sbin/umodd
