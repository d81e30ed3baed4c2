# tests/robust/robust.mk - reliability: fault injection, concurrency
# stress, and the whole suite under the sanitizers (make check-sanitize);
# tests/tests.mk registers the tests.

ROBUST := $(B)/tests/robust
ROBUST_CFLAGS = $(UMOD_CFLAGS) $(LIBTOOLS_CFLAGS) $(CFLAGS) -iquote src -iquote tests

# The tests' host, and its exact heap count (tests/heapcount.c).
ROBUST_HOST = $(ROBUST)/host.o $(B)/tests/heapcount.o

$(ROBUST)/%.o: tests/robust/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ROBUST_CFLAGS) -c -o $@ $<

$(ROBUST)/test-faults: $(ROBUST)/test-faults.o $(ROBUST_HOST) $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

# The control channel's host side, against the real tools: hostconn.c
# linked in, and the modprobe binary.
$(ROBUST)/test-faults-ctl: $(ROBUST)/test-faults-ctl.o $(ROBUST_HOST) \
		$(B)/libumod-tools.a $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

# Threads and socket clients on one host, with kerneld sweeping.
$(ROBUST)/test-stress: $(ROBUST)/test-stress.o $(ROBUST_HOST) \
		$(B)/libumod-tools.a $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

# Each class of hostile input, many cases of each (docs/robustness.md).
$(ROBUST)/test-hostile: $(ROBUST)/test-hostile.o $(ROBUST_HOST) $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

# ---- make check-sanitize ----
#
# The whole suite again, host code and tools built with AddressSanitizer
# and UBSan in $(B)-asan; then the threaded tests with ThreadSanitizer in
# $(B)-tsan.  Modules are guests and stay uninstrumented: their builds
# (tests/loader.mk, Kbuild, bench) do not take CFLAGS.  Any report fails
# its test: UBSan does not recover, leaks fail at exit.

SAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
TSAN_CFLAGS := -O1 -g -fsanitize=thread
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/robust/lsan.supp) \
	UBSAN_OPTIONS=print_stacktrace=1 \
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(abspath tests/robust/tsan.supp)

# The second run is check with its list cut to TSAN_TESTS (tests/tests.mk),
# expanded there.
# Both builds test on this build's Linux module trees.
check-sanitize:
	$(SAN_ENV) $(MAKE) B=$(B)-asan CFLAGS='$(SAN_CFLAGS)' \
		LINUX_TREE=$(abspath $(LINUX_TREE)) \
		LINUX_FULL_TREE=$(abspath $(LINUX_FULL_TREE)) check
	$(SAN_ENV) $(MAKE) B=$(B)-tsan CFLAGS='$(TSAN_CFLAGS)' \
		LINUX_TREE=$(abspath $(LINUX_TREE)) LINUX_FULL_TREE=$(abspath $(LINUX_FULL_TREE)) \
		CHECK_TESTS='$$(TSAN_TESTS)' check
