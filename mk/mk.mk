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
else
# modpost runs where the build runs, as Kbuild's host programs do: a
# native build of it in $(B)/host.  libumod's builtins are the same list
# on every architecture.
HOSTCC ?= gcc
$(B)/modpost: FORCE
	$(MAKE) --no-print-directory ARCH= CROSS_COMPILE= CC=$(HOSTCC) AR=ar \
		LD=ld B=$(B)/host $(B)/host/modpost
	ln -sf host/modpost $@
endif

$(B)/Module.symvers: $(B)/modpost
	$(B)/modpost --builtins -o $@

all: $(B)/modpost $(B)/Module.symvers

UMOD_BUILD_DIR = $(DESTDIR)$(PREFIX)/lib/umod/build

.PHONY: install-build uninstall-build
install: install-build
install-build: $(B)/modpost $(B)/Module.symvers
	install -d $(UMOD_BUILD_DIR)/mk $(UMOD_BUILD_DIR)/include/umod
	install -m 644 include/umod/*.h $(UMOD_BUILD_DIR)/include/umod/
	install -m 644 mk/kbuild.mk $(UMOD_BUILD_DIR)/mk/
	install -m 755 $(B)/modpost $(UMOD_BUILD_DIR)/
	install -m 644 $(B)/Module.symvers $(UMOD_BUILD_DIR)/
	sed -e 's|@UMOD_RELEASE@|$(UMOD_RELEASE)|g' -e 's|@VERSION@|$(VERSION)|g' \
		mk/buildtree.mk.in > $(UMOD_BUILD_DIR)/Makefile

uninstall: uninstall-build
uninstall-build:
	rm -f $(addprefix $(UMOD_BUILD_DIR)/include/umod/,$(UMOD_HEADERS)) \
		$(addprefix $(UMOD_BUILD_DIR)/,mk/kbuild.mk modpost Module.symvers Makefile)
	rmdir $(UMOD_BUILD_DIR)/include/umod $(UMOD_BUILD_DIR)/include \
		$(UMOD_BUILD_DIR)/mk $(UMOD_BUILD_DIR) 2>/dev/null || :
