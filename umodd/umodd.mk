# umodd: the reference host, a standalone process that loads modules and
# serves the tools on its control socket.  Objects go to $(B)/umodd-objs,
# as $(B)/umodd is the program.

UMODD_SRCS := $(wildcard umodd/*.c)
UMODD_OBJS := $(patsubst umodd/%,$(B)/umodd-objs/%.o,$(basename $(UMODD_SRCS)))

$(B)/umodd-objs/%.o: umodd/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -c -o $@ $<

# --fs: libfuse3 is umodd's alone (libumod needs libc only).
FUSE_CFLAGS := $(shell pkg-config --cflags fuse3 2>/dev/null)
FUSE_LIBS := $(shell pkg-config --libs fuse3 2>/dev/null || echo -lfuse3)
$(B)/umodd-objs/fs.o $(B)/umodd-objs/fs_call.o: UMOD_CFLAGS += $(FUSE_CFLAGS)

# request_module's default modprobe: the build's when umodd runs from
# $(B), else the installed one (tools/tools.mk), as PREFIX says.
$(B)/umodd-objs/umodd.o: UMOD_CFLAGS += \
	-DUMODD_MODPROBE='"$(UMOD_TOOLS_DIR)/modprobe"' \
	-DUMODD_BUILD_DIR='"$(abspath $(B))"'
$(B)/umodd-objs/umodd.o: $(B)/.prefix
# Its exports' CRCs, the target compiler's genksyms over mk/host-exports.c.
$(B)/umodd-objs/crcs.o: $(B)/gen/host_crcs.h

# Non-PIE, so the image sits low (0x400000) as Linux's sits in the top
# 2 GiB: modules in the kernel code model, which go below 2 GiB, reach
# its data with 32-bit displacements (docs/design.md, "Reach").  The
# kernel API is kapi/'s library, linked whole (kapi/kapi.mk).
$(B)/umodd: $(UMODD_OBJS) $(B)/libumod-kapi.a $(B)/libumod-sig.a $(B)/libumod.a
	$(CC) $(CFLAGS) -no-pie -o $@ $(UMODD_OBJS) $(KAPI_LINK) $(B)/libumod-sig.a \
		$(B)/libumod.a $(FUSE_LIBS) $(UMOD_LDLIBS) $(SIG_LDLIBS)

all: $(B)/umodd

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
