# tests/kapi/nethost: genuine networking modules on kapi's network core
# (tests/linux-net.t).
ifeq ($(shell uname -m),x86_64)
$(B)/tests/kapi/nethost: tests/kapi/nethost.c $(B)/libumod-kapi.a $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -o $@ \
		tests/kapi/nethost.c $(KAPI_LINK) $(B)/libumod.a $(UMOD_LDLIBS)

CHECK_TESTS += tests/linux-net.t
check: $(B)/tests/kapi/nethost
endif
