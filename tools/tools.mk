# tools: the multi-call binary umod, also run as each tool's name.

TOOLS_SRCS := $(wildcard tools/*.c)
TOOLS_OBJS := $(TOOLS_SRCS:%.c=$(B)/%.o)
TOOLS_LINKS := $(addprefix $(B)/,modinfo depmod)
TOOLS_LDLIBS := -lz -llzma -lzstd -lcrypto

$(B)/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/umod: $(TOOLS_OBJS) $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $(TOOLS_OBJS) $(B)/libumod.a $(UMOD_LDLIBS) $(TOOLS_LDLIBS)

$(TOOLS_LINKS): $(B)/umod
	ln -sf umod $@

all: $(B)/umod $(TOOLS_LINKS)
