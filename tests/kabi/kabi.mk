# tests/kabi/kabi.mk - the kernel ABI modules expect of their host
# (docs/design.md): tests/kabi.t loads modules built with Linux's x86-64
# flags into umodd; tests/linux-kabi.t runs genuine Debian modules in
# kabihost, a host linked as umodd is (non-PIE, with the kernel API of
# libumod-kapi.a).

ifeq ($(UMOD_ARCH),x86_64)
KABI := $(B)/tests/kabi

$(KABI)/kabihost: tests/kabi/kabihost.c tests/kabi/kabi_call.S \
		tests/kabi/kabi_call.h tests/tap.h $(B)/libumod-kapi.a \
		$(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -iquote tests \
		-o $@ $(filter %.c %.S,$^) $(KAPI_LINK) $(B)/libumod.a $(UMOD_LDLIBS)
endif
