# demo/demo.mk - `make demo`: filesystems loaded on demand.
#
# demo/vfshost is a host with a small VFS; demo/fs holds its filesystems,
# built the Kbuild way against the host's exports and installed, with
# depmod, under $(B)/demo/root/lib/modules/<release>; the disk images are
# made at build time by mkfs.fat, mcopy and xorriso (demo/mkimages.sh).
# demo/demo.sh then runs the scenario in demo/demo.vfs with kerneld.

DEMO := $(B)/demo
DEMO_FS := $(DEMO)/fs
DEMO_ROOT := $(DEMO)/root
DEMO_FS_FILES := $(addprefix $(DEMO_FS)/,$(notdir $(wildcard demo/fs/*.c \
	demo/fs/*.h)) Kbuild)
DEMO_KBUILD = $(MAKE) --no-print-directory -C $(CURDIR) B=$(B) \
	M=$(abspath $(DEMO_FS)) UMOD_SYMVERS=$(abspath $(DEMO)/vfshost.symvers)

# Linked as a host for genuine modules is (docs/design.md, "Reach").
$(DEMO)/vfshost: demo/vfshost.c demo/fs/vfs.h $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -no-pie -o $@ $< \
		$(B)/libumod.a $(UMOD_LDLIBS)

# What modules may link against: the host's exports and libumod's.
$(DEMO)/vfshost.symvers: $(DEMO)/vfshost $(B)/modpost
	$(B)/modpost -H $< -o $@

# Kbuild builds beside the sources: a copy in $(B) keeps the tree clean.
$(DEMO_FS_FILES): $(DEMO_FS)/%: demo/fs/%
	@mkdir -p $(dir $@)
	cp $< $@

$(DEMO_FS)/.built: $(DEMO_FS_FILES) $(DEMO)/vfshost.symvers $(B)/modpost
	+$(DEMO_KBUILD) modules
	@touch $@

# As Linux's modules_install: the modules, modules.order and (empty)
# modules.builtin lists, then depmod.
DEMO_MODDIR = $(DEMO_ROOT)/lib/modules/$(UMOD_RELEASE)

$(DEMO_ROOT)/.installed: $(DEMO_FS)/.built $(B)/umod $(B)/depmod
	rm -rf $(DEMO_ROOT)
	+$(DEMO_KBUILD) INSTALL_MOD_PATH=$(abspath $(DEMO_ROOT)) \
		INSTALL_MOD_DIR=kernel/fs modules_install
	sed 's|.*/|kernel/fs/|; s|\.o$$|.ko|' $(DEMO_FS)/modules.order \
		> $(DEMO_MODDIR)/modules.order
	: > $(DEMO_MODDIR)/modules.builtin
	: > $(DEMO_MODDIR)/modules.builtin.modinfo
	$(B)/depmod -b $(DEMO_ROOT) $(UMOD_RELEASE)
	@touch $@

$(DEMO)/.images: demo/mkimages.sh
	demo/mkimages.sh $(DEMO)
	@touch $@

$(DEMO)/demo.vfs: demo/demo.vfs
	@mkdir -p $(dir $@)
	cp $< $@

.PHONY: demo demo-build
demo-build: $(DEMO)/vfshost $(DEMO_ROOT)/.installed $(DEMO)/.images \
	$(DEMO)/demo.vfs $(B)/umod $(B)/modprobe $(B)/lsmod

# Act two: genuine char-device and /proc modules through umodd --fs.
demo: demo-build $(B)/umodd
	@demo/demo.sh $(B)
	@demo/demo-fs.sh $(B)
