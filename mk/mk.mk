# mk: modpost and the Kbuild-style module build (mk/kbuild.mk).
#
# $(B)/Module.symvers lists libumod's own exports, as the module vmlinux:
# the host symvers modules are checked against when the host has no
# exports of its own.  `make install` also installs a build tree, the
# counterpart of Linux's /lib/modules/<release>/build.

$(B)/mk/%.o: mk/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote src -c -o $@ $<

ifeq ($(CROSS_COMPILE),)
$(B)/modpost: $(B)/mk/modpost.o $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

$(B)/genksyms: $(B)/mk/genksyms.o
	$(CC) $(CFLAGS) -o $@ $^
else
# modpost runs where the build runs, as Kbuild's host programs do: a
# native build of it in $(B)/host.  libumod's builtins are the same list
# on every architecture.
HOSTCC ?= gcc
$(B)/modpost: FORCE
	$(MAKE) --no-print-directory ARCH= CROSS_COMPILE= CC=$(HOSTCC) AR=ar \
		LD=ld B=$(B)/host $(B)/host/modpost
	ln -sf host/modpost $@

$(B)/genksyms: FORCE
	$(MAKE) --no-print-directory ARCH= CROSS_COMPILE= CC=$(HOSTCC) AR=ar \
		LD=ld B=$(B)/host $(B)/host/genksyms
	ln -sf host/genksyms $@
endif

# module_layout's CRC (src/version.c): genksyms over the unit itself, which
# skips this header when preprocessed for genksyms.  Every copy of
# libumod (fuzz, sanitizers) compiles version.c against it.
UMOD_CFLAGS += -iquote $(B)/gen
$(B)/gen/module_layout_crc.h: src/version.c src/internal.h src/elf.h \
		$(wildcard include/umod/*.h) mk/genksyms.c | $(B)/genksyms
	@mkdir -p $(dir $@)
	$(CC) -E -D__GENKSYMS__ $(filter-out -MMD -MP,$(UMOD_CFLAGS)) -iquote src \
		src/version.c | $(B)/genksyms -c module_layout > $@.tmp
	mv $@.tmp $@
$(B)/pic/src/version.o $(FZ)/lf/src/version.o $(FZ)/obj/src/version.o: \
	$(B)/gen/module_layout_crc.h

# The CRCs modpost gives a host's exports: their declarations in the
# headers modules include.
$(B)/gen/host_crcs.h: mk/host-exports.c $(wildcard include/umod/*.h) \
		mk/genksyms.c | $(B)/genksyms
	@mkdir -p $(dir $@)
	$(CC) -E -D__GENKSYMS__ -Iinclude mk/host-exports.c | $(B)/genksyms -a > $@.tmp
	mv $@.tmp $@
$(B)/mk/modpost.o: $(B)/gen/host_crcs.h

# module_layout's CRC is the target's: a cross build's modpost is native,
# and struct module holds types (pthread_mutex_t) that differ by machine.
$(B)/Module.symvers: $(B)/modpost $(B)/gen/module_layout_crc.h
	$(B)/modpost --builtins -o $@.tmp
	crc=$$(sed -n 's/^#define __crc_module_layout \(0x[0-9a-f]*\)u$$/\1/p' \
		$(B)/gen/module_layout_crc.h) && [ -n "$$crc" ] && \
	sed "s/^0x[0-9a-f]*\(	\)module_layout\(	\)/$$crc\1module_layout\2/" $@.tmp > $@
	rm -f $@.tmp

all: $(B)/modpost $(B)/genksyms $(B)/Module.symvers

UMOD_BUILD_DIR = $(DESTDIR)$(PREFIX)/lib/umod/build

.PHONY: install-build uninstall-build
install: install-build
install-build: $(B)/modpost $(B)/genksyms $(B)/Module.symvers
	install -d $(UMOD_BUILD_DIR)/mk $(UMOD_BUILD_DIR)/include/umod
	install -m 644 include/umod/*.h $(UMOD_BUILD_DIR)/include/umod/
	install -m 644 mk/kbuild.mk $(UMOD_BUILD_DIR)/mk/
	install -m 755 $(B)/modpost $(B)/genksyms $(UMOD_BUILD_DIR)/
	install -m 644 $(B)/Module.symvers $(UMOD_BUILD_DIR)/
	sed -e 's|@UMOD_RELEASE@|$(UMOD_RELEASE)|g' -e 's|@VERSION@|$(VERSION)|g' \
		mk/buildtree.mk.in > $(UMOD_BUILD_DIR)/Makefile

uninstall: uninstall-build
uninstall-build:
	rm -f $(addprefix $(UMOD_BUILD_DIR)/include/umod/,$(UMOD_HEADERS)) \
		$(addprefix $(UMOD_BUILD_DIR)/,mk/kbuild.mk modpost genksyms Module.symvers Makefile)
	rmdir $(UMOD_BUILD_DIR)/include/umod $(UMOD_BUILD_DIR)/include \
		$(UMOD_BUILD_DIR)/mk $(UMOD_BUILD_DIR) 2>/dev/null || :

# The test builds modules against this tree's $(B).
CHECK_TESTS += tests/kbuild.t tests/kbuild-crc.t
check: $(B)/tests/testhost
check: export UMOD_B := $(B)
