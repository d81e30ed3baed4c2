# tests/cross/cross.mk - make check-cross: for each machine of
# CROSS_ARCHES, the Kbuild-style cross build (build-<arch>), then the
# loader's, the tools' and the unit test suites under qemu-user, with a
# TAP summary per machine (tests/cross/run.sh).  No binfmt_misc needed:
# each program runs through a script naming the emulator.

CROSS_ARCHES ?= arm64 riscv arm i386
CROSS_COMPILE_arm64 := aarch64-linux-gnu-
# Debian's arm64 libraries (libc6:arm64, the tools' libssl...) are
# multiarch, under /: the cross libc beside them may differ in version.
CROSS_QEMU_arm64 := qemu-aarch64-static -L /
CROSS_COMPILE_riscv := riscv64-linux-gnu-
CROSS_QEMU_riscv := qemu-riscv64-static -L /usr/riscv64-linux-gnu
CROSS_COMPILE_arm := arm-linux-gnueabihf-
CROSS_QEMU_arm := qemu-arm-static -L /
CROSS_COMPILE_i386 := i686-linux-gnu-
CROSS_QEMU_i386 := qemu-i386-static -L /
# Debian 12 has no riscv64 port, so no riscv64 zlib, liblzma, libzstd,
# libcrypto or libfuse3: the tools and umodd are built without them
# (libtools/libtools.mk, umodd/umodd.mk, as kmod's --without-*), and
# test so.

.PHONY: check-cross cross-build cross-check check-without
check-cross:
	@fail=0; $(foreach a,$(CROSS_ARCHES),$(MAKE) --no-print-directory ARCH=$(a) \
		CROSS_COMPILE=$(CROSS_COMPILE_$(a)) cross-check || fail=1;) \
	$(MAKE) --no-print-directory check-without || fail=1; exit $$fail

# The tools built without each library in turn (native, into
# build-without-<lib>), with the tests that read module files: the
# build variants riscv's build has all at once.
WITHOUT_LIBS := ZLIB XZ ZSTD OPENSSL
WITHOUT_TESTS := tests/modinfo.t tests/depmod.t tests/tools-without.t
check-without:
	@fail=0; for l in $(WITHOUT_LIBS); do \
		$(MAKE) --no-print-directory -j2 B=build-without-$$l WITH_$$l=n \
			build-without-$$l/umod >/dev/null || { fail=1; continue; }; \
		echo "check-without $$l:"; \
		UMOD_B=build-without-$$l prove -f $(WITHOUT_TESTS) || fail=1; \
	done; exit $$fail

# The rest runs in the per-machine make, ARCH and CROSS_COMPILE set.
# Not run emulated: what has a program of the other machine run another
# by its path (request_module's modprobe, test-kmod's depmod), which
# qemu-user cannot follow without binfmt_misc.
CROSS_NOT_RUN := $(B)/tests/unit/test-kmod
# The tools that read module files; those against umodd, and umodd
# built without libfuse3 and OpenSSL (as riscv64's umodd is).
# linux-tools.t: the machine's own Debian module tree (tests/linux/
# fetch.sh: arm64's cloud kernel, armhf's armmp, i386's 686-pae, every
# module), the emulated tools against kmod on the build machine.
CROSS_FILE_TESTS := tests/modinfo.t tests/depmod.t tests/tools-without.t
CROSS_HOST_TESTS := tests/tools.t tests/tools-dryrun.t tests/modprobe.t \
	tests/linux-crc.t tests/linux-tools.t tests/kbuild-crc.t \
	tests/umodd-without.t
CROSS_TESTS = $(LOADER_TESTS) $(CROSS_FILE_TESTS) $(CROSS_HOST_TESTS) \
	$(filter-out $(CROSS_NOT_RUN),$(filter $(B)/tests/unit/%,$(CHECK_TESTS)))

cross-build: all loader-tests tools-tests linux-tree $(B)/tests/linux/crchost \
	$(B)/tests/umodd/umodd-without

# The unit tests' list is whole only once every fragment is read.
cross-check: cross-build
	@$(MAKE) --no-print-directory $(filter $(B)/%,$(CROSS_TESTS))
	@echo "check-cross $(ARCH): not run: tests/umodd-request.t tests/demand.t" \
		"$(CROSS_NOT_RUN): programs run others by path, which needs binfmt_misc"
	tests/cross/run.sh $(ARCH) $(B) '$(CROSS_QEMU_$(ARCH))' $(CROSS_TESTS)
