# tests/kapi: genuine Linux library modules computing in a host linked
# with libumod-kapi.a (tests/linux-kapi.t), and the census of the whole
# Debian tree (tests/linux-census.t, tests/linux/census.sh).
ifeq ($(shell uname -m),x86_64)
$(B)/tests/kapi/libhost: tests/kapi/libhost.c $(B)/libumod-kapi.a $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -o $@ \
		tests/kapi/libhost.c $(KAPI_LINK) $(B)/libumod.a $(UMOD_LDLIBS)

# The services themselves, threads against threads.
$(B)/tests/kapi/test-kapi: tests/kapi/test-kapi.c tests/tap.h $(B)/libumod-kapi.a \
		$(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -iquote tests \
		-o $@ tests/kapi/test-kapi.c $(KAPI_LINK) $(B)/libumod.a $(UMOD_LDLIBS)

# The device model and rbtree, each against its own contract.
$(B)/tests/kapi/test-device $(B)/tests/kapi/test-rbtree: $(B)/tests/kapi/test-%: \
		tests/kapi/test-%.c tests/tap.h $(B)/libumod-kapi.a $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -iquote tests \
		-o $@ $< $(KAPI_LINK) $(B)/libumod.a $(UMOD_LDLIBS)
endif
