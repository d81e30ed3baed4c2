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
# What a program linking it needs besides: OpenSSL's for modinfo's
# signer (zlib, liblzma, libzstd are dlopen'd: libtools/modfile_dl.c).
LIBTOOLS_LDLIBS := -lcrypto

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
