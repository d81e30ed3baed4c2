# Unit test of the parameter ops and parser.  Linked with libumod.a, it
# pulls in src/params.o alone; malloc and free are wrapped so the test
# can count the blocks params.c leaves allocated.
$(B)/tests/unit/test-params: tests/unit/test-params.c tests/tap.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -o $@ $< $(B)/libumod.a \
		-Wl,--wrap=malloc,--wrap=free $(UMOD_LDLIBS)

# The host's view (umod_param_get/set, umod_for_each_param) needs the
# whole library: a context, module lookup and references.
$(B)/tests/unit/test-params-host: tests/unit/test-params-host.c tests/tap.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)
