# tools: the multi-call binary umod, also run as each tool's name.

TOOLS_SRCS := $(wildcard tools/*.c)
TOOLS_OBJS := $(TOOLS_SRCS:%.c=$(B)/%.o)
TOOLS_NAMES := insmod rmmod lsmod modinfo modprobe depmod
TOOLS_LINKS := $(addprefix $(B)/,$(TOOLS_NAMES))
TOOLS_LDLIBS := -lz -llzma -lzstd -lcrypto
TOOLS_MAN8 := $(wildcard $(addprefix man/,$(addsuffix .8,umod $(TOOLS_NAMES))))

$(B)/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/umod: $(TOOLS_OBJS) $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $(TOOLS_OBJS) $(B)/libumod.a $(UMOD_LDLIBS) $(TOOLS_LDLIBS)

$(TOOLS_LINKS): $(B)/umod
	ln -sf umod $@

all: $(B)/umod $(TOOLS_LINKS)

.PHONY: install-tools
install: install-tools
install-tools: $(B)/umod
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 $(B)/umod $(DESTDIR)$(PREFIX)/bin/umod
	for t in $(TOOLS_NAMES); do ln -sf umod $(DESTDIR)$(PREFIX)/bin/$$t; done
	$(if $(TOOLS_MAN8),install -m 644 $(TOOLS_MAN8) $(DESTDIR)$(PREFIX)/share/man/man8/)
