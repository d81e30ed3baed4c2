# tests/oops.t: faults in module code are oopses; umodd goes on.  The
# module is built as tests/tools' are (tools/tools.mk).

OOPS_KOS := $(B)/tests/tools/faulty.ko

$(B)/tests/tools/faulty.o: tests/oops/faulty.c
	@mkdir -p $(dir $@)
	$(CC) $(TT_CFLAGS) -DKBUILD_MODNAME='"faulty"' -c -o $@ $<

.SECONDARY: $(B)/tests/tools/faulty.mod.c $(B)/tests/tools/faulty.o $(B)/tests/tools/faulty.mod.o

.PHONY: oops-tests
oops-tests: tools-tests $(OOPS_KOS) $(B)/tests/testhost

CHECK_TESTS += tests/oops.t
check: oops-tests
