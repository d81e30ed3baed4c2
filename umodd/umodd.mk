# umodd: the reference host, a standalone process that loads modules and
# serves the tools on its control socket.  Objects go to $(B)/umodd-objs,
# as $(B)/umodd is the program.

UMODD_SRCS := $(wildcard umodd/*.c)
ifeq ($(shell uname -m),x86_64)
UMODD_SRCS += umodd/thunks_x86_64.S
endif
UMODD_OBJS := $(patsubst umodd/%,$(B)/umodd-objs/%.o,$(basename $(UMODD_SRCS)))

$(B)/umodd-objs/%.o: umodd/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/umodd-objs/%.o: umodd/%.S
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/umodd: $(UMODD_OBJS) $(B)/libumod-sig.a $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS) $(SIG_LDLIBS)

all: $(B)/umodd

# What the host exports, for modpost to check modules against.
ifneq ($(wildcard mk/modpost.c),)
$(B)/umodd.symvers: $(B)/umodd $(B)/modpost
	$(B)/modpost -H $(B)/umodd -o $@

all: $(B)/umodd.symvers
endif

.PHONY: install-umodd
install: install-umodd
install-umodd: $(B)/umodd
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 $(B)/umodd $(DESTDIR)$(PREFIX)/sbin/umodd
	install -m 644 man/umodd.8 $(DESTDIR)$(PREFIX)/share/man/man8/

# request_module inside umodd, through umod's own modprobe.
CHECK_TESTS += tests/umodd-request.t
