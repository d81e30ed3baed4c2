# tools: the multi-call binary umod, also run as each tool's name: one
# file per tool over the user half's library (libtools/libtools.mk).

# sign-file is OpenSSL's CMS, built with it only (libtools/libtools.mk).
TOOLS_SRCS := $(filter-out $(if $(filter n,$(WITH_OPENSSL)),tools/signfile.c),\
	$(wildcard tools/*.c))
TOOLS_OBJS := $(TOOLS_SRCS:%.c=$(B)/%.o)
$(TOOLS_OBJS): $(B)/.libtools-with
TOOLS_NAMES := insmod rmmod lsmod modinfo modprobe depmod kerneld
TOOLS_LINKS := $(addprefix $(B)/,$(TOOLS_NAMES))
# sign-file's CMS is OpenSSL's, as the library's signature reader.
TOOLS_LDLIBS := $(LIBTOOLS_LDLIBS)

$(B)/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(LIBTOOLS_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/umod: $(TOOLS_OBJS) $(B)/libumod-tools.a
	$(CC) $(CFLAGS) -o $@ $(TOOLS_OBJS) $(B)/libumod-tools.a $(UMOD_LDLIBS) $(TOOLS_LDLIBS)

$(TOOLS_LINKS): $(B)/umod
	ln -sf umod $@

all: $(B)/umod $(TOOLS_LINKS)

# Installed, only umod is in a PATH directory, with kerneld (sbin), which
# is not kmod's: the kmod-named links would shadow the system's tools, so
# they go to a directory of umod's own, UMOD_TOOLS_DIR.  umodd runs the
# modprobe there, and umod's modprobe puts it first in the PATH of the
# modprobe.d install commands it runs.
UMOD_TOOLS_DIR = $(PREFIX)/lib/umod/bin
TOOLS_KMOD_NAMES := $(filter-out kerneld,$(TOOLS_NAMES))

.PHONY: install-tools uninstall-tools
install: install-tools
install-tools: $(B)/umod
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin \
		$(DESTDIR)$(UMOD_TOOLS_DIR)
	install -m 755 $(B)/umod $(DESTDIR)$(PREFIX)/bin/umod
	ln -sf ../bin/umod $(DESTDIR)$(PREFIX)/sbin/kerneld
	for t in $(TOOLS_KMOD_NAMES); do \
		ln -sf ../../../bin/umod $(DESTDIR)$(UMOD_TOOLS_DIR)/$$t || exit; done

uninstall: uninstall-tools
uninstall-tools:
	rm -f $(DESTDIR)$(PREFIX)/bin/umod $(DESTDIR)$(PREFIX)/sbin/kerneld \
		$(addprefix $(DESTDIR)$(UMOD_TOOLS_DIR)/,$(TOOLS_KMOD_NAMES))
	rmdir $(DESTDIR)$(UMOD_TOOLS_DIR) 2>/dev/null || :
