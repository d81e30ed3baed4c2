# libtools: the user half's library, $(B)/libumod-tools.a, as kmod's
# libkmod + shared/ are to its tools: the host connection, module files
# and their signatures, depmod's indexes and steps, modprobe.d, the tools'
# logger and command line.  shared/ (the wire codec, the ELF reader) is
# compiled in, so a program links this archive alone, never libumod's.
# Internal, not installed: tools/, bench/ and fuzz/ link it, and include
# libtools/umod-tools.h through LIBTOOLS_CFLAGS.

LIBTOOLS_SRCS := $(wildcard libtools/*.c) $(SHARED_SRCS)
LIBTOOLS_OBJS := $(LIBTOOLS_SRCS:%.c=$(B)/%.o)
LIBTOOLS_CFLAGS := -iquote libtools

# The libraries the tools can do without, as kmod's configure
# --without-zlib, --without-xz, --without-zstd, --without-openssl: each
# is used where the machine the build is for has it (its development
# link, where $(CC) looks), unless the command line says WITH_ZLIB=n...
# Without a decompressor, files of its format are no modules (kmod 30's
# way: not found by name, not indexed, their bytes not ELF); without
# OpenSSL, a PKCS#7 signature shows no signer, key or digest, and
# sign-file is not built.  `umod --version` names them, as kmod's.
lib_there = $(if $(findstring /,$(shell $(CC) -print-file-name=$(1))),y,n)
define with_lib
ifeq ($$(origin WITH_$(1)),undefined)
WITH_$(1) := $$(call lib_there,$(2))
endif
LIBTOOLS_CFLAGS += -DENABLE_$(1)=$$(if $$(filter y,$$(WITH_$(1))),1,0)
endef
$(eval $(call with_lib,ZLIB,libz.so))
$(eval $(call with_lib,XZ,liblzma.so))
$(eval $(call with_lib,ZSTD,libzstd.so))
$(eval $(call with_lib,OPENSSL,libcrypto.so))
# What a program linking it needs besides: OpenSSL's for modinfo's
# signer (zlib, liblzma, libzstd are dlopen'd: libtools/modfile_dl.c).
LIBTOOLS_LDLIBS := $(if $(filter y,$(WITH_OPENSSL)),-lcrypto)

# Objects remade when the choice changes.
$(B)/.libtools-with: FORCE
	@mkdir -p $(B)
	@echo '$(LIBTOOLS_CFLAGS)' | cmp -s - $@ || echo '$(LIBTOOLS_CFLAGS)' > $@
$(LIBTOOLS_OBJS): $(B)/.libtools-with

$(B)/libtools/%.o $(B)/shared/%.o: UMOD_CFLAGS += $(LIBTOOLS_CFLAGS)
$(B)/libtools/%.o: libtools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/shared/%.o: shared/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libumod-tools.a: $(LIBTOOLS_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^
