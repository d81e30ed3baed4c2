# tests/cross/cross.mk - make check-cross: for each machine of
# CROSS_ARCHES, the Kbuild-style cross build (build-<arch>), then the
# loader's, the tools' and the unit test suites under qemu-user, with a
# TAP summary per machine (tests/cross/run.sh).  No binfmt_misc needed:
# each program runs through a script naming the emulator.

CROSS_ARCHES ?= arm64
CROSS_COMPILE_arm64 := aarch64-linux-gnu-
# Debian's arm64 libraries (libc6:arm64, the tools' libssl...) are
# multiarch, under /: the cross libc beside them may differ in version.
CROSS_QEMU_arm64 := qemu-aarch64-static -L /


.PHONY: check-cross cross-build cross-check
check-cross:
	@fail=0; $(foreach a,$(CROSS_ARCHES),$(MAKE) --no-print-directory ARCH=$(a) \
		CROSS_COMPILE=$(CROSS_COMPILE_$(a)) cross-check || fail=1;) exit $$fail

# The rest runs in the per-machine make, ARCH and CROSS_COMPILE set.
# Not run emulated: what has a program of the other machine run another
# by its path (request_module's modprobe, test-kmod's depmod), which
# qemu-user cannot follow without binfmt_misc.
CROSS_NOT_RUN := $(B)/tests/unit/test-kmod
CROSS_TESTS = $(LOADER_TESTS) tests/tools.t tests/tools-dryrun.t \
	tests/modinfo.t tests/depmod.t tests/modprobe.t tests/linux-crc.t \
	$(filter-out $(CROSS_NOT_RUN),$(filter $(B)/tests/unit/%,$(CHECK_TESTS)))

cross-build: all loader-tests tools-tests linux-tree $(B)/tests/linux/crchost

# The unit tests' list is whole only once every fragment is read.
cross-check: cross-build
	@$(MAKE) --no-print-directory $(filter $(B)/%,$(CROSS_TESTS))
	@echo "check-cross $(ARCH): not run: tests/umodd-request.t tests/demand.t" \
		"$(CROSS_NOT_RUN): programs run others by path, which needs binfmt_misc"
	tests/cross/run.sh $(ARCH) $(B) '$(CROSS_QEMU_$(ARCH))' $(CROSS_TESTS)
