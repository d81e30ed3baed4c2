# tests/unit: the control channel's wire format and log ring, on their own.

UNIT_CTL_TESTS := $(B)/tests/unit/test-proto $(B)/tests/unit/test-ctl-ring

$(B)/tests/unit/test-proto: tests/unit/test-proto.c tests/tap.h $(B)/pic/shared/proto.o \
		$(B)/pic/src/fault.o
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests -o $@ $< \
		$(B)/pic/shared/proto.o $(B)/pic/src/fault.o $(UMOD_LDLIBS)

$(B)/tests/unit/test-ctl-ring: tests/unit/test-ctl-ring.c tests/tap.h \
		$(B)/pic/src/ctl/ring.o $(B)/pic/shared/clock.o $(B)/pic/src/fault.o
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests -o $@ $< \
		$(B)/pic/src/ctl/ring.o $(B)/pic/shared/clock.o $(B)/pic/src/fault.o \
		$(UMOD_LDLIBS)

# umod_ctl_request against the socket's own replies.
$(B)/tests/unit/test-ctl-request: tests/unit/test-ctl-request.c tests/tap.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote tests \
		-DUMOD_TEST_MODULES='"$(abspath $(LT)/modules/gcc-O2)"' \
		-o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)
