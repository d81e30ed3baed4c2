# Tests on genuine Linux modules, in $(B)/linux.  make check fetches the
# tree there itself, once (fetch.sh's stamp); where it cannot be had (no
# apt, no network) it says so, and the tests skip.  A build elsewhere
# (check-sanitize's B=build-asan) is given the same tree: LINUX_TREE.
LINUX_TREE ?= $(B)/linux
# Debian's full tree (4023 modules on amd64), for linux-census.t alone.
LINUX_FULL_TREE ?= $(B)/linux-full
# Debian's name for the machine the build is for.
LINUX_DEB_ARCH := $(or $(patsubst x86_64,amd64,$(filter x86_64,$(UMOD_ARCH))),\
	$(patsubst aarch64,arm64,$(filter aarch64,$(UMOD_ARCH))),\
	$(patsubst arm,armhf,$(filter arm,$(UMOD_ARCH))),$(UMOD_ARCH))

.PHONY: linux-tree
linux-tree:
	@tests/linux/fetch.sh $(LINUX_TREE) $(LINUX_DEB_ARCH) || \
		echo "make check: no Linux module tree in $(LINUX_TREE):" \
			"the tests on genuine Linux modules will skip"
	$(if $(filter-out $(abspath $(B)/linux),$(abspath $(LINUX_TREE))), \
		@mkdir -p $(B) && ln -sfn $(abspath $(LINUX_TREE)) $(B)/linux)
ifeq ($(LINUX_DEB_ARCH),amd64)
	@tests/linux/fetch.sh -f $(LINUX_FULL_TREE) $(LINUX_DEB_ARCH) || \
		echo "make check: no full Linux module tree in $(LINUX_FULL_TREE):" \
			"the census over it will skip"
	$(if $(filter-out $(abspath $(B)/linux-full),$(abspath $(LINUX_FULL_TREE))), \
		@mkdir -p $(B) && ln -sfn $(abspath $(LINUX_FULL_TREE)) $(B)/linux-full)
endif

$(B)/tests/linux/crchost: tests/linux/crchost.c tests/tap.h $(B)/libumod.a \
		$(B)/kapi-objs/thunks.o \
		$(if $(filter x86_64,$(UMOD_ARCH)),$(B)/kapi-objs/thunks_x86_64.o)
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -no-pie -iquote tests -o $@ $(filter-out %.h,$^) $(UMOD_LDLIBS)
