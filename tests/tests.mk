# tests/tests.mk - the registry: every test `make check` runs, in the order
# prove runs them, each with what it needs built (tests/README).  A test
# is a TAP program: a tests/*.t script (tests/tap.sh) or a C program
# built under $(B)/tests (tests/tap.h), its rules in the tests/ fragment
# beside its sources.  check-sanitize runs the same list (TSAN_TESTS the
# threaded ones again), check-cross its loader, tools and unit tests
# (tests/cross/cross.mk).
#
# Prerequisites are expanded as this fragment is read: the variables of
# fragments read after it (tests/unit/, tests/tools/, tools/) are not set
# yet, so their files and targets are named here.

# The loader end to end: the test host and its corpus (tests/loader.mk).
LOADER_TESTS := tests/loader.t tests/loader-errors.t tests/loader-params.t \
	tests/loader-matrix.t tests/loader-stress.t tests/loader-dryrun.t tests/loader-oops.t
CHECK_TESTS += $(LOADER_TESTS)
check: loader-tests

# libumod's parts, each on its own (tests/unit/*.mk).
CHECK_TESTS += $(B)/tests/unit/test-arena $(B)/tests/unit/test-arena-nopie \
	$(B)/tests/unit/test-symbols $(B)/tests/unit/test-kallsyms \
	$(B)/tests/unit/test-vsprintf $(B)/tests/unit/test-proto \
	$(B)/tests/unit/test-ctl-ring $(B)/tests/unit/test-ctl-request \
	$(B)/tests/unit/test-elf.sh $(B)/tests/unit/test-params \
	$(B)/tests/unit/test-params-host
check: loader-tests

# Demand loading: libumod's side, then the demo's scenario end to end.
CHECK_TESTS += $(B)/tests/unit/test-kmod tests/demand.t
check: demand-tests demo-build

# Reliability: fault injection, hostile input, stress (tests/robust).
CHECK_TESTS += $(B)/tests/robust/test-faults tests/faults-strict.t \
	$(B)/tests/robust/test-faults-ctl $(B)/tests/robust/test-stress \
	$(B)/tests/robust/test-hostile
check: loader-tests $(B)/modprobe $(B)/depmod $(B)/umod

# Every input a fuzzer once failed on, replayed (fuzz/fuzz.mk).
CHECK_TESTS += tests/regress.t
check: $(FUZZ_REPLAYS)

# The tools against a running umodd (tests/tools/tools.mk); umodd built
# without libfuse3 and OpenSSL (umodd/umodd.mk).
CHECK_TESTS += tests/tools.t tests/tools-dryrun.t tests/trust-ctl.t \
	tests/trust-sig.t tests/trust-modversions.t tests/oops.t \
	tests/umodd-request.t tests/fs.t tests/debug.t tests/umodd-without.t
check: tools-tests oops-tests $(B)/tests/umodd/umodd-without

# The shape of the code: its arrows (tests/arrows.sh), libumod.so's
# exports (src/libumod.sym), umod_errmsg's contract.
CHECK_TESTS += tests/arrows.t tests/abi.t $(B)/tests/unit/test-errmsg
check: $(B)/libumod.so $(B)/umod loader-tests

# The file-reading tools and modprobe, kmod the oracle.
CHECK_TESTS += tests/modinfo.t tests/depmod.t tests/kmod-scenarios.t \
	tests/modprobe.t tests/tools-without.t
check: $(B)/umod $(B)/umodd

# Out-of-tree modules the Kbuild way, and make install used from outside.
CHECK_TESTS += tests/kbuild.t tests/kbuild-crc.t tests/install.t
check: $(B)/tests/umodd/activate $(B)/tests/testhost
check: export UMOD_CHECK_CFLAGS := $(CFLAGS)

# Genuine Debian modules (tests/linux/linux.mk fetches the tree).
CHECK_TESTS += tests/linux-crc.t tests/linux-tools.t tests/linux-dryrun.t \
	tests/linux-load.t tests/linux-sig.t
check: linux-tree $(B)/tests/linux/crchost

# Linux's x86-64 module ABI and kernel API (tests/kabi, tests/kapi).
ifeq ($(UMOD_ARCH),x86_64)
CHECK_TESTS += tests/kabi.t tests/linux-kabi.t $(B)/tests/kapi/test-kapi \
	$(B)/tests/kapi/test-device $(B)/tests/kapi/test-rbtree \
	tests/linux-kapi.t tests/linux-census.t tests/linux-devices.t tests/linux-print.t \
	tests/linux-percpu.t tests/linux-current.t
check: $(B)/tests/kabi/kabihost $(B)/umodd.symvers $(B)/tests/kapi/libhost
endif

# Every benchmark at its smallest: the form of its tables, no timing.
CHECK_TESTS += tests/bench-smoke.t
check: $(BENCH_PROGS) $(BENCH_SMOKE_MODS)
check: export UMOD_BENCH_DIR = $(abspath $(BD))

# Tests with threads of their own or a server's, run again under
# ThreadSanitizer by check-sanitize (tests/robust/robust.mk).
TSAN_TESTS = $(B)/tests/robust/test-stress $(B)/tests/robust/test-faults-ctl \
	tests/loader-stress.t $(B)/tests/unit/test-kmod tests/demand.t \
	tests/tools.t tests/umodd-request.t tests/oops.t tests/trust-ctl.t \
	tests/debug.t tests/fs.t $(B)/tests/unit/test-kallsyms \
	$(if $(filter x86_64,$(UMOD_ARCH)),tests/kabi.t tests/linux-kabi.t \
		$(B)/tests/kapi/test-kapi)

# The compiled tests are built by check, and every test finds this build.
check: $(filter $(B)/%,$(CHECK_TESTS))
check: export UMOD_B := $(B)
