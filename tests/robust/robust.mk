# tests/robust/robust.mk - reliability: fault injection, concurrency
# stress, and the whole suite under the sanitizers (make check-sanitize).

ROBUST := $(B)/tests/robust
ROBUST_CFLAGS = $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests

$(ROBUST)/%.o: tests/robust/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ROBUST_CFLAGS) -c -o $@ $<

$(ROBUST)/test-faults: $(ROBUST)/test-faults.o $(ROBUST)/host.o $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

ROBUST_TESTS := $(ROBUST)/test-faults
CHECK_TESTS += $(ROBUST_TESTS)
check: $(ROBUST_TESTS) loader-tests

# The control channel's host side, against the real tools: hostconn.c
# linked in, and the modprobe binary.
$(ROBUST)/test-faults-ctl: $(ROBUST)/test-faults-ctl.o $(ROBUST)/host.o \
		$(B)/tools/hostconn.o $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

ROBUST_TESTS += $(ROBUST)/test-faults-ctl
CHECK_TESTS += $(ROBUST)/test-faults-ctl
check: $(ROBUST)/test-faults-ctl $(B)/modprobe $(B)/depmod

# Threads and socket clients on one host, with kerneld sweeping.
$(ROBUST)/test-stress: $(ROBUST)/test-stress.o $(ROBUST)/host.o \
		$(B)/tools/hostconn.o $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

ROBUST_TESTS += $(ROBUST)/test-stress
CHECK_TESTS += $(ROBUST)/test-stress
check: $(ROBUST)/test-stress $(B)/umod
